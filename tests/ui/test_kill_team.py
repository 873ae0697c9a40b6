"""Team mode under SIGKILL: every acknowledged vote and the reveal survive a kill."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.votes import votes_for
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.core.storage.file_names import default_assessment_path

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "examples" / "minimal-questionnaire.toml"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def _drain(fd: int, seconds: float) -> None:
    """Read (and discard) the app's output so it never blocks on a full terminal."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def _answered(path: Path) -> int:
    try:
        assessment = load_assessment(path)
    except InvalidFileError:
        return -1
    return sum(1 for answer in assessment.answers.values() if answer.is_answered)


def _wait_for_answers(fd: int, path: Path, count: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _drain(fd, 0.1)
        if path.exists() and _answered(path) >= count:
            return
    raise AssertionError(f"{count} answers did not reach {path} within {timeout}s")


def _wait_for(fd: int, path: Path, check: Callable[[Assessment], bool], what: str) -> None:
    deadline = time.monotonic() + 20.0
    while time.monotonic() < deadline:
        _drain(fd, 0.1)
        try:
            if path.exists() and check(load_assessment(path)):
                return
        except InvalidFileError:
            pass
    raise AssertionError(f"{what} did not reach {path} within 20s")


def test_sigkill_keeps_every_acknowledged_vote_and_the_reveal(tmp_path: Path) -> None:
    """Team mode: two votes and the reveal, then SIGKILL: the file holds both and the reveal."""
    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    environment.pop("TEXTUAL", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ops_maturity",
            "run",
            "--team",
            "Kill Test",
            "--label",
            "2026-Q4",
            "--participants",
            "Ana, Bo, Chen",
            "--questionnaire",
            str(MINIMAL),
            "--dir",
            str(tmp_path),
        ],
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        env=environment,
        cwd=tmp_path,
        start_new_session=True,
    )
    os.close(child_fd)
    path = default_assessment_path(tmp_path, "Kill Test", "2026-Q4")
    first = load_questionnaire(MINIMAL).questions[0].id
    try:
        _drain(main_fd, 3.0)
        os.write(main_fd, b"3")
        _wait_for(main_fd, path, lambda a: len(votes_for(a, first).votes) == 1, "one vote")
        os.write(main_fd, b"1")
        _wait_for(main_fd, path, lambda a: len(votes_for(a, first).votes) == 2, "two votes")
        os.write(main_fd, b"v")
        _wait_for(main_fd, path, lambda a: votes_for(a, first).revealed, "the reveal")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main_fd)

    assessment = load_assessment(path)
    votes = votes_for(assessment, first)
    assert votes.votes == {"Ana": 2, "Bo": 0} and votes.revealed
    assert assessment.answer_for(first).value == 0, "the lower middle of two votes"
