"""Killing the app at any instant loses nothing that was acknowledged, and leaves no temp file.

The real command runs in a subprocess under a pseudo-terminal, again and again on one assessment.
Each run answers questions, edits notes and saves the report (keys chosen at random), and is sent
SIGKILL at a random instant. While it runs, the test polls the file: whatever it has seen there
was acknowledged (the app saves before it acknowledges on screen). After every kill the file
must parse and hold every acknowledged answer and note; once the next run has opened the file
(taking over the dead run's lock), no temporary file may be left in the folder.

Nothing here sleeps for a fixed time: every wait polls for the state it needs. The default run
kills a few times; `OPS_MATURITY_LONG_TESTS=1` kills 100 times. `OPS_MATURITY_KILL_SEED=N`
replays one sequence of keys and instants.
"""

from __future__ import annotations

import fcntl
import os
import pty
import random
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
from ops_maturity.core.files.lock import read_lock_holder
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.core.storage.file_names import default_assessment_path

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "examples" / "minimal-questionnaire.toml"
LONG = os.environ.get("OPS_MATURITY_LONG_TESTS") == "1"
KILLS = 100 if LONG else 3
TEAM, LABEL = "Kill Test", "2026-Q4"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

Acknowledged = dict[str, tuple[object, str]]
"""Question id -> (answer value, notes) as last seen in the file."""

ESCAPE, ENTER, CTRL_S = b"\x1b", b"\r", b"\x13"
# Letters no screen binds, so a note typed before its dialog opens triggers nothing.
NOTE_LETTERS = "xkzjw"


def _read_acknowledged(path: Path) -> Acknowledged | None:
    """The answers and notes in the file now (None if it is missing or mid-replace)."""
    try:
        assessment = load_assessment(path)
    except InvalidFileError:
        return None
    return {qid: (a.value, a.notes) for qid, a in assessment.answers.items()}


class RunningApp:
    """One `ops-maturity run` under a pseudo-terminal whose output is always drained."""

    def __init__(self, folder: Path) -> None:
        self.main_fd, child_fd = pty.openpty()
        fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
        environment.pop("TEXTUAL", None)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ops_maturity",
                "run",
                "--team",
                TEAM,
                "--label",
                LABEL,
                "--questionnaire",
                str(MINIMAL),
                "--dir",
                str(folder),
            ],
            stdin=child_fd,
            stdout=child_fd,
            stderr=child_fd,
            env=environment,
            cwd=folder,
            start_new_session=True,
        )
        os.close(child_fd)

    def drain(self, seconds: float = 0.0) -> None:
        """Read (and discard) the app's output for up to `seconds`, so it never blocks."""
        deadline = time.monotonic() + seconds
        while True:
            ready, _, _ = select.select([self.main_fd], [], [], 0.01)
            if ready:
                try:
                    os.read(self.main_fd, 65536)
                except OSError:
                    return
            elif time.monotonic() >= deadline:
                return

    def wait_until(self, condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            if self.process.poll() is not None:
                raise AssertionError(f"the app exited ({self.process.returncode}) before {what}")
            self.drain(0.02)

    def send(self, keys: bytes) -> None:
        os.write(self.main_fd, keys)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self.main_fd)


def _actions(rng: random.Random) -> list[tuple[bytes, float, float]]:
    """A random mix of answering, notes and saving the report: key strokes, each with the
    shortest and longest pause after it (the actual pause is random in between)."""
    choice = rng.random()
    if choice < 0.5:
        return [(str(rng.randint(1, 4)).encode(), 0.0, 0.08)]
    if choice < 0.75:
        note = "".join(rng.choice(NOTE_LETTERS) for _ in range(rng.randint(1, 12)))
        return [(b"e", 0.02, 0.05), (note.encode(), 0.0, 0.05), (CTRL_S, 0.0, 0.08)]
    # Results, the report (rendered in a worker), save it beside the assessment, replacing the
    # previous one, then back to Assess.
    return [
        (b"r", 0.1, 0.2),
        (b"m", 0.6, 1.0),
        (b"s", 0.1, 0.2),
        (ENTER, 0.05, 0.1),
        (b"y", 0.0, 0.1),
        (ESCAPE, 0.05, 0.05),
        (ESCAPE, 0.05, 0.05),
        (ESCAPE, 0.05, 0.05),
    ]


def _opened_by(path: Path, pid: int) -> Callable[[], bool]:
    """True once the process `pid` holds the assessment's lock, which it takes on opening it."""

    def opened() -> bool:
        holder = read_lock_holder(path)
        return holder is not None and holder.pid == pid

    return opened


def _answered(acknowledged: Acknowledged) -> int:
    return sum(1 for value, _ in acknowledged.values() if value is not None)


def _more_answered_than(path: Path, count: int) -> Callable[[], bool]:
    return lambda: _answered(_read_acknowledged(path) or {}) > count


def _temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _check_after_kill(path: Path, acknowledged: Acknowledged, context: str) -> None:
    after = _read_acknowledged(path)
    assert after is not None, f"{context}: the file does not parse after the kill"
    for question_id, (value, notes) in acknowledged.items():
        assert question_id in after, f"{context}: acknowledged {question_id} was lost"
        if value is not None:
            assert after[question_id][0] is not None, f"{context}: {question_id} lost its answer"
        if notes:
            assert after[question_id][1], f"{context}: {question_id} lost its notes"


def test_sigkill_at_random_instants_loses_nothing_acknowledged(tmp_path: Path) -> None:
    """SIGKILL over answering, notes and report saving: the file always parses, keeps every
    acknowledged answer and note, and no temp file outlives the next start."""
    seed = int(os.environ.get("OPS_MATURITY_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    path = default_assessment_path(tmp_path, TEAM, LABEL)
    acknowledged: Acknowledged = {}
    report_stamp = 0
    questionnaire = load_questionnaire(MINIMAL)
    kills = versions_seen = report_writes = temps_left_by_kills = 0
    report = path.with_suffix(".md")
    for run in range(KILLS + 1):
        context = f"seed {seed}, run {run}"
        temps_left_by_kills += len(_temp_files(tmp_path))
        app = RunningApp(tmp_path)
        try:
            app.wait_until(
                _opened_by(path, app.process.pid), f"{context}: the app to open {path.name}"
            )
            app.wait_until(
                lambda: not [n for n in _temp_files(tmp_path) if n.startswith(".om-")],
                f"{context}: the temp files of the killed run to be removed",
                timeout=10,
            )
            if run == KILLS:
                break
            answered_before = _answered(acknowledged)
            if answered_before < len(questionnaire.questions):
                # One answer acknowledged per run first, so every run makes progress.
                app.send(str(rng.randint(1, 4)).encode())
                app.wait_until(
                    _more_answered_than(path, answered_before),
                    f"{context}: the first answer to be saved",
                )
                acknowledged = _read_acknowledged(path) or acknowledged
                versions_seen += 1
            kill_at = time.monotonic() + rng.uniform(0.05, 3.0)
            while time.monotonic() < kill_at:
                for keys, shortest_pause, longest_pause in _actions(rng):
                    app.send(keys)
                    app.drain(rng.uniform(shortest_pause, longest_pause))
                    seen = _read_acknowledged(path)
                    if seen is not None and seen != acknowledged:
                        acknowledged = seen
                        versions_seen += 1
                    if report.exists() and report.stat().st_mtime_ns != report_stamp:
                        report_stamp = report.stat().st_mtime_ns
                        report_writes += 1
                    if time.monotonic() >= kill_at:
                        break
            app.kill()
            kills += 1
        finally:
            if app.process.poll() is None:
                app.kill()
        _check_after_kill(path, acknowledged, context)
    answered = _answered(acknowledged)
    print(
        f"kill test: {kills} kills (seed {seed}); {versions_seen} saved changes seen, "
        f"{answered} questions answered, {report_writes} report saves, "
        f"{temps_left_by_kills} temp files left by kills and removed on the next start"
    )
    assert kills == KILLS
    assert answered >= min(KILLS, len(questionnaire.questions)), "runs made no progress"
    assert len(acknowledged) <= len(questionnaire.questions)
    assert _temp_files(tmp_path) == [], f"seed {seed}: temp files were left behind"
