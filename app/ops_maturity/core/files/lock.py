"""One writer per assessment file: a lock file beside it, naming who holds it.

A session that opens an assessment for writing creates `.NAME.lock` beside the file (beside the
target, for a symlink) with O_EXCL, holding the process id, host name, start time and a random
token as one line of JSON. A second session is refused with an `AssessmentLockedError` naming
that holder, and may open the file read-only instead. The lock is released (removed, if it is
still ours) when the session ends.

A lock whose holder was killed is stale: it is on this host and its process is gone, or it is
unreadable and older than a few seconds. A stale lock is broken under a short-lived `.break` guard
so that two sessions breaking the same stale lock cannot both win. A lock held from another host
is never broken automatically: the message says which file to delete if that session is gone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.files.atomic_file import resolve_target
from ops_maturity.core.files.processes import process_is_running

STALE_LOCK_SECONDS = 5.0
"""An unreadable lock (its writer killed between creating and filling it) older than this is stale."""
_MAX_LOCK_BYTES = 4096
_NAME_LIMIT_BYTES = 255


@dataclass(frozen=True)
class LockHolder:
    """Who holds an assessment: a process on a host, since a time (UTC, ISO 8601)."""

    pid: int
    host: str
    since: str
    token: str = ""

    def describe(self) -> str:
        return f"process {self.pid} on {self.host}, since {self.since}"

    def to_json(self) -> str:
        return json.dumps(
            {"tool": "ops-maturity", "pid": self.pid, "host": self.host, "since": self.since}
            | {"token": self.token}
        )


class AssessmentLockedError(OpsMaturityError):
    """Another session holds the assessment. `holder` is None when its lock cannot be read."""

    def __init__(self, path: Path, lock_path: Path, holder: LockHolder | None) -> None:
        self.path = path
        self.lock_path = lock_path
        self.holder = holder
        who = holder.describe() if holder else "a session whose lock file cannot be read"
        super().__init__(
            f"{path} is open in another ops-maturity session ({who}). "
            f"If that session is gone, delete {lock_path} and open the file again."
        )


def lock_path_for(path: Path) -> Path:
    """`.NAME.lock` beside the file (beside a symlink's target), or a hashed name if too long."""
    target = resolve_target(path)
    name = f".{target.name}.lock"
    if len(f"{name}.break".encode("utf-8", "surrogateescape")) > _NAME_LIMIT_BYTES:
        digest = hashlib.sha256(target.name.encode("utf-8", "surrogateescape")).hexdigest()
        name = f".om-{digest[:16]}.lock"
    return target.parent / name


def _read_raw(lock_path: Path) -> bytes | None:
    """The lock file's bytes, or None if it is gone. Bounded; never follows a FIFO."""
    try:
        descriptor = os.open(
            lock_path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        )
    except FileNotFoundError:
        return None
    except OSError:
        return b""
    try:
        return os.read(descriptor, _MAX_LOCK_BYTES)
    except OSError:
        return b""
    finally:
        os.close(descriptor)


def _parse_holder(raw: bytes) -> LockHolder | None:
    try:
        data = json.loads(raw.decode("utf-8"))
        return LockHolder(
            int(data["pid"]), str(data["host"]), str(data["since"]), str(data["token"])
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


def read_lock_holder(path: Path) -> LockHolder | None:
    """Who holds the assessment at `path` now (None when nobody does or the lock is unreadable)."""
    raw = _read_raw(lock_path_for(path))
    return _parse_holder(raw) if raw else None


def _is_stale(lock_path: Path, holder: LockHolder | None) -> bool:
    if holder is None:
        try:
            age = time.time() - lock_path.lstat().st_mtime
        except FileNotFoundError:
            return True
        except OSError:
            return False
        return age > STALE_LOCK_SECONDS
    return holder.host == socket.gethostname() and not process_is_running(holder.pid)


def _break_stale(lock_path: Path, stale_raw: bytes) -> None:
    """Remove the lock if it still holds `stale_raw`, under a guard only one breaker can take."""
    guard = lock_path.with_name(lock_path.name + ".break")
    try:
        os.close(os.open(guard, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        with contextlib.suppress(OSError):
            if time.time() - guard.lstat().st_mtime > STALE_LOCK_SECONDS:
                guard.unlink()  # a breaker was killed; the next attempt may take the guard
        return
    try:
        if _read_raw(lock_path) == stale_raw:
            with contextlib.suppress(FileNotFoundError):
                lock_path.unlink()
    finally:
        with contextlib.suppress(OSError):
            guard.unlink()


class AssessmentLock:
    """This session's hold on one assessment file. Release it when the session ends."""

    def __init__(self, path: Path, lock_path: Path, holder: LockHolder) -> None:
        self.path = path
        self.lock_path = lock_path
        self.holder = holder
        self.released = False

    @classmethod
    def acquire(cls, path: Path) -> AssessmentLock:
        """Take the lock on `path` (which need not exist yet), breaking a stale one.

        Raises AssessmentLockedError naming the holder when another session has it, and OSError
        when the folder refuses the lock file (a read-only folder, a full disk).
        """
        lock_path = lock_path_for(path)
        holder = LockHolder(
            os.getpid(),
            socket.gethostname(),
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            secrets.token_hex(8),
        )
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        for _ in range(5):
            try:
                descriptor = os.open(lock_path, flags, 0o644)
            except FileExistsError:
                raw = _read_raw(lock_path)
                if raw is None:
                    continue  # released meanwhile: try again
                other = _parse_holder(raw)
                if not _is_stale(lock_path, other):
                    raise AssessmentLockedError(path, lock_path, other) from None
                _break_stale(lock_path, raw)
                continue
            try:
                os.write(descriptor, (holder.to_json() + "\n").encode())
            except OSError:
                os.close(descriptor)
                with contextlib.suppress(OSError):
                    lock_path.unlink()
                raise
            os.close(descriptor)
            return cls(path, lock_path, holder)
        raise AssessmentLockedError(path, lock_path, read_lock_holder(path))

    def is_held(self) -> bool:
        """True while the lock file on disk is still this session's."""
        raw = _read_raw(self.lock_path)
        return bool(raw) and _parse_holder(raw or b"") == self.holder

    def release(self) -> None:
        """Remove the lock file if it is still ours. Safe to call more than once."""
        if self.released:
            return
        self.released = True
        if self.is_held():
            with contextlib.suppress(OSError):
                self.lock_path.unlink()
