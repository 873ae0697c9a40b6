"""`report -o` onto things that are not regular files: devices and FIFOs are written, never
replaced; `-` and /dev/stdout are standard output; a folder is refused."""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from ops_maturity.cli import main

ROOT = Path(__file__).resolve().parents[2]
Q4 = ROOT / "examples" / "payments-platform-2026-q4.toml"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ops_maturity", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX devices and FIFOs")


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_device_is_written_not_replaced(tmp_path: Path, force: list[str]) -> None:
    """As root, `-o /dev/null --force` once replaced /dev/null with a regular file. The device
    is reached through a link in tmp_path, so that this test cannot harm /dev/null even on code
    that would replace its target: the link must stay a link to the device."""
    link = tmp_path / "out.md"
    link.symlink_to("/dev/null")
    result = run_cli("report", str(Q4), "-o", str(link), *force)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_write_to_standard_output(name: str) -> None:
    result = run_cli("report", str(Q4), "-o", name)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Operational maturity roadmap")


def _release_a_waiting_reader(fifo: Path) -> None:
    """Open the FIFO's write end without blocking, which frees a reader still waiting in open().
    With no reader left, the open fails at once (ENXIO) instead of waiting for one forever: a
    blocking open here once hung a whole run for 56 minutes when the reader had just finished."""
    with contextlib.suppress(OSError):
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


@pytest.mark.timeout(60)
def test_a_fifo_is_written_directly(tmp_path: Path) -> None:
    """A reader on a FIFO receives the report, and the FIFO stays a FIFO."""
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        status = main(["report", str(Q4), "-o", str(fifo)])
    finally:
        _release_a_waiting_reader(fifo)
    reader.join(timeout=30)
    assert not reader.is_alive()
    assert status == 0
    assert received and received[0].startswith(b"# Operational maturity roadmap")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_folder_is_refused_plainly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(Q4), "-o", str(tmp_path), "--force"]) == 1
    assert "not a regular file (a folder)" in capsys.readouterr().err
    assert tmp_path.is_dir()


def test_a_report_keeps_the_existing_files_mode(tmp_path: Path) -> None:
    """--force replaces the content and keeps the file's permission bits."""
    out = tmp_path / "report.md"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert main(["report", str(Q4), "-o", str(out), "--force"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_hard_linked_output_is_refused_and_both_names_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o HARDLINK --force` once replaced one name and left the other with the old report:
    now it is refused with the reason, and the two names stay one file."""
    target, other = tmp_path / "report.md", tmp_path / "wiki-copy.md"
    target.write_text("old report\n", encoding="utf-8")
    os.link(target, other)
    assert main(["report", str(Q4), "-o", str(target), "--force"]) == 1
    assert "2 names (hard links)" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == other.read_text(encoding="utf-8")
    assert target.stat().st_ino == other.stat().st_ino


def test_a_read_only_output_is_refused_even_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--force` replaces a file that exists, never one its owner marked read-only."""
    target = tmp_path / "report.md"
    target.write_text("kept\n", encoding="utf-8")
    target.chmod(0o444)
    assert main(["report", str(Q4), "-o", str(target), "--force"]) == 1
    assert "read-only" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "kept\n"
