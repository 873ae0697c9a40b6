"""The one way this project writes files: atomically, keeping the file's identity.

Write to a temporary file in the target's folder, flush, fsync, `os.replace` over the target, then
fsync the folder. A crash or kill at any instant leaves either the old file or the new one, never
a torn one. A failed write removes its temporary file; one left by a killed process is removed by
`remove_stale_temp_files`, which a session calls when it opens the file.

The file keeps what makes it the user's file: an existing file's permission bits (and owner, when
run as root); a new file gets `0o666 & ~umask`, like any program's. A symlink is written through:
the temporary file goes beside the link's target and replaces the target, so the link stays a
link. Only regular files are replaced; devices and FIFOs are written directly by
`ops_maturity.core.files.output_file`, never here.

Two kinds of file are never replaced, because replacing them would quietly undo a choice the user
made (`replace_refusal` says why, for a session to open the file read-only): a file whose
permissions do not let this user write it (`chmod 444`; root included, who could), and a file
with other names (hard links), which would keep the old content under those names.

Temporary names are short and recognisable, `.om-<tag>-<pid>-<random>.tmp`: `<tag>` is a hash of
the target's name (so stale ones can be matched to their target), `<pid>` the writer.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from ops_maturity.core.files.bounded_read import file_kind
from ops_maturity.core.files.processes import process_is_running

TEMP_PREFIX = ".om-"
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 5.0
"""A temporary file older than this is abandoned: a save takes milliseconds."""


@dataclass(frozen=True)
class FileStamp:
    """What identifies one version of a file: device, inode, size and modification time."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, status: os.stat_result) -> FileStamp:
        return cls(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def file_stamp(path: Path) -> FileStamp | None:
    """The stamp of the file at `path` (symlinks followed), or None when there is none."""
    try:
        return FileStamp.of(os.stat(path))
    except FileNotFoundError:
        return None


class NotARegularFileError(OSError):
    """The target exists and is not a regular file (a folder, a device, a FIFO, a socket)."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(errno.EINVAL, f"not a regular file ({file_kind(mode)})", str(path))


class ReadOnlyFileError(OSError):
    """The target's permissions do not let this user write it, so it is not replaced."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            errno.EACCES,
            "the file is read-only (its permissions do not let you write it); "
            "make it writable (chmod u+w) to change it",
            str(path),
        )


class HardLinkedFileError(OSError):
    """The target has other names (hard links), which a replace would leave behind."""

    def __init__(self, path: Path, links: int) -> None:
        self.links = links
        super().__init__(
            errno.EMLINK,
            f"the file has {links} names (hard links), and replacing it would leave the other "
            "names with the old content; use a copy, or remove the other names",
            str(path),
        )


def _refusal(target: Path, existing: os.stat_result) -> OSError | None:
    """Why the existing regular file `target` must not be replaced, or None."""
    if existing.st_nlink > 1:
        return HardLinkedFileError(target, existing.st_nlink)
    effective = os.access in os.supports_effective_ids
    if not existing.st_mode & 0o222 or not os.access(target, os.W_OK, effective_ids=effective):
        return ReadOnlyFileError(target)
    return None


def replace_refusal(path: Path) -> OSError | None:
    """Why a save would refuse to replace the file at `path` (read-only, or hard-linked), or
    None when it may (or when there is no such file yet)."""
    target = resolve_target(path)
    try:
        existing = os.stat(target)
    except OSError:
        return None  # missing, or unreachable: the save itself will say
    return _refusal(target, existing) if stat.S_ISREG(existing.st_mode) else None


def resolve_target(path: Path) -> Path:
    """The file a save really writes: `path`, or the end of its chain of symlinks."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def current_umask() -> int:
    """This process's umask, read without changing it where the platform allows."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def temp_tag(target: Path) -> str:
    """The part of a temp file's name that says which target it is for."""
    return hashlib.sha256(target.name.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def _create_temp(folder: Path, target: Path) -> tuple[int, Path]:
    tag, pid = temp_tag(target), os.getpid()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temp = folder / f"{TEMP_PREFIX}{tag}-{pid}-{secrets.token_hex(4)}{TEMP_SUFFIX}"
        try:
            return os.open(temp, flags, 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _keep_mode_and_owner(descriptor: int, mode: int, existing: os.stat_result | None) -> None:
    """Give the temp file the target's mode, and its owner when root rewrites a user's file."""
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, mode)
    if existing is not None and hasattr(os, "fchown") and os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.fchown(descriptor, existing.st_uid, existing.st_gid)


def write_bytes_atomically(path: Path, data: bytes, *, private: bool = False) -> os.stat_result:
    """Replace the file at `path` with `data` atomically; returns the new file's stat.

    The file keeps its mode and owner (a new one follows the umask), except with `private`, as
    for a cache entry: then it is this user's, mode 0o600, whoever had it before. Raises OSError
    if it cannot be written: NotARegularFileError when `path` is not a file, ReadOnlyFileError or
    HardLinkedFileError when it must not be replaced.
    """
    target = resolve_target(path)
    folder = target.parent
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None:
        if not stat.S_ISREG(existing.st_mode):
            raise NotARegularFileError(target, existing.st_mode)
        if refusal := _refusal(target, existing):
            raise refusal
    if private:
        mode = 0o600
    else:
        mode = stat.S_IMODE(existing.st_mode) if existing else 0o666 & ~current_umask()
    descriptor, temp = _create_temp(folder, target)
    try:
        try:
            _write_all(descriptor, data)
            _keep_mode_and_owner(descriptor, mode, None if private else existing)
            os.fsync(descriptor)
            written = os.fstat(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(folder)
    return written


def _temp_writer_pid(name: str) -> int | None:
    parts = name[len(TEMP_PREFIX) : -len(TEMP_SUFFIX)].split("-")
    try:
        return int(parts[1])
    except (IndexError, ValueError):
        return None


def remove_stale_temp_files(path: Path, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove temporary files killed saves left in `path`'s folder; returns those removed.

    Only this tool's files are touched: `.om-*.tmp` (of any target in that folder, such as the
    assessment and its report) older than `older_than` seconds or whose writer is no longer
    running, and the `.NAME.*.tmp` names earlier versions used for this target.
    """
    target = resolve_target(path)
    folder = target.parent
    now = time.time()
    removed: list[Path] = []
    try:
        candidates = [
            *folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"),
            *folder.glob(f".{glob.escape(target.name)}.*{TEMP_SUFFIX}"),
        ]
    except OSError:
        return removed
    for candidate in candidates:
        try:
            age = now - candidate.lstat().st_mtime
        except OSError:
            continue
        pid = _temp_writer_pid(candidate.name) if candidate.name.startswith(TEMP_PREFIX) else None
        writer_gone = pid is not None and pid != os.getpid() and not process_is_running(pid)
        if age > older_than or writer_gone:
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable. Some platforms cannot open folders; that is not fatal."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
