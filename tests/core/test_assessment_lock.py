"""One writer per assessment: the lock file, who holds it, and stale locks of killed sessions."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from ops_maturity.core.files.lock import (
    AssessmentLock,
    AssessmentLockedError,
    lock_path_for,
    read_lock_holder,
)


def _dead_pid() -> int:
    """The pid of a process that has exited."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _write_lock(path: Path, pid: int, host: str) -> Path:
    lock_path = lock_path_for(path)
    record = {"pid": pid, "host": host, "since": "2026-11-27T10:00:00+00:00", "token": "x"}
    lock_path.write_text(json.dumps(record), encoding="utf-8")
    return lock_path


def test_second_session_is_told_who_holds_the_file(tmp_path: Path) -> None:
    """The second acquire fails, naming process, host and since when."""
    path = tmp_path / "payments-2026-q4.toml"
    first = AssessmentLock.acquire(path)
    with pytest.raises(AssessmentLockedError) as raised:
        AssessmentLock.acquire(path)
    message = str(raised.value)
    assert f"process {os.getpid()} on {socket.gethostname()}" in message
    assert first.holder.since in message
    assert str(lock_path_for(path)) in message
    first.release()


def test_release_lets_the_next_session_in(tmp_path: Path) -> None:
    """After release the lock file is gone and another session can take the file."""
    path = tmp_path / "a.toml"
    lock = AssessmentLock.acquire(path)
    assert lock.lock_path.exists()
    lock.release()
    assert not lock.lock_path.exists()
    AssessmentLock.acquire(path).release()


def test_lock_file_names_the_holder(tmp_path: Path) -> None:
    """The lock holds pid, host and start time, readable by anyone."""
    path = tmp_path / "a.toml"
    lock = AssessmentLock.acquire(path)
    holder = read_lock_holder(path)
    assert holder is not None
    assert (holder.pid, holder.host) == (os.getpid(), socket.gethostname())
    lock.release()


def test_stale_lock_of_a_dead_process_on_this_host_is_broken(tmp_path: Path) -> None:
    """A lock left by a killed session (same host, pid gone) does not block the next one."""
    path = tmp_path / "a.toml"
    _write_lock(path, _dead_pid(), socket.gethostname())
    lock = AssessmentLock.acquire(path)
    assert lock.is_held()
    lock.release()


@pytest.mark.parametrize("pid", [2**31, 99_999_999_999])
def test_a_lock_naming_an_impossible_pid_on_this_host_is_broken(tmp_path: Path, pid: int) -> None:
    """A lock from this host whose pid no process can have is stale, not an OverflowError."""
    path = tmp_path / "a.toml"
    _write_lock(path, pid, socket.gethostname())
    lock = AssessmentLock.acquire(path)
    assert lock.is_held()
    lock.release()


def test_lock_of_a_live_process_is_respected(tmp_path: Path) -> None:
    """A lock whose process still runs is not stale."""
    path = tmp_path / "a.toml"
    _write_lock(path, os.getppid(), socket.gethostname())
    with pytest.raises(AssessmentLockedError):
        AssessmentLock.acquire(path)


def test_lock_from_another_host_is_never_broken(tmp_path: Path) -> None:
    """A pid means nothing on another host: that lock stands, and says which host."""
    path = tmp_path / "a.toml"
    _write_lock(path, _dead_pid(), "another-host.example")
    with pytest.raises(AssessmentLockedError, match=r"on another-host\.example"):
        AssessmentLock.acquire(path)


def test_release_never_removes_someone_elses_lock(tmp_path: Path) -> None:
    """If the lock was broken and retaken meanwhile, releasing ours leaves theirs."""
    path = tmp_path / "a.toml"
    ours = AssessmentLock.acquire(path)
    lock_path = _write_lock(path, os.getppid(), socket.gethostname())
    ours.release()
    assert lock_path.exists()


def test_symlinks_to_one_file_share_one_lock(tmp_path: Path) -> None:
    """Two names for the same file are one file to lock."""
    target = tmp_path / "real.toml"
    target.write_text("", encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    lock = AssessmentLock.acquire(target)
    with pytest.raises(AssessmentLockedError):
        AssessmentLock.acquire(link)
    lock.release()


def test_a_long_file_name_gets_a_short_lock_name(tmp_path: Path) -> None:
    """A 250-byte assessment name still has a lock beside it."""
    path = tmp_path / ("a" * 245 + ".toml")
    lock = AssessmentLock.acquire(path)
    assert len(lock.lock_path.name) < 64
    lock.release()


def test_a_killed_holder_in_another_process_is_taken_over(tmp_path: Path) -> None:
    """Another process holds the file: refused, naming its pid; once it is SIGKILLed (no chance
    to release), the next session takes the file over."""
    path = tmp_path / "a.toml"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pathlib\n"
            "from ops_maturity.core.files.lock import AssessmentLock\n"
            "AssessmentLock.acquire(pathlib.Path(sys.argv[1]))\n"
            "print('held', flush=True)\n"
            "sys.stdin.read()\n",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(AssessmentLockedError, match=f"process {holder.pid} on "):
            AssessmentLock.acquire(path)
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert lock_path_for(path).exists(), "a SIGKILLed holder cannot release its lock"
    lock = AssessmentLock.acquire(path)
    assert lock.is_held()
    lock.release()
