"""Read a file without trusting it: bounded in size, regular files only, never blocking.

Every file the tool reads (questionnaires, assessments, templates, includes) comes through here, so
`/dev/zero` cannot grow memory without bound and a FIFO cannot hang a read. The file is opened
non-blocking, checked with fstat on the open descriptor (no race with a swap after a stat), and at
most `limit + 1` bytes are read. Cache entries are read with `private=True`: the file itself must
not be a symlink, must belong to this user and must not be writable by group or others, so nobody
else can have put it there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.text import describe_os_error

DEFAULT_READ_LIMIT = 1_000_000
"""Bytes. No questionnaire, assessment or template needs a megabyte."""


class UnreadableFileError(OpsMaturityError):
    """A file could not be read: missing, not a regular file, too large, or refused by the OS.

    `reason` is the plain explanation without the path, such as "not a regular file (a FIFO)".
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


_KIND_NAMES = {
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
}


def file_kind(mode: int) -> str:
    """'a FIFO', 'a folder', ... for an st_mode that is not a regular file."""
    return _KIND_NAMES.get(stat.S_IFMT(mode), "not a regular file")


def private_file_problem(status: os.stat_result) -> str | None:
    """Why a file (or folder) with this status may have been written by someone else, or None
    when only this user can have written it: it belongs to this user and is not writable by group
    or others. Where the platform has no user ids (Windows) nothing is refused."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return None
    if status.st_uid != geteuid():
        return f"owned by user id {status.st_uid}, not by you"
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "writable by other users"
    return None


def read_bytes_bounded(
    path: Path | str, limit: int = DEFAULT_READ_LIMIT, *, private: bool = False
) -> bytes:
    """The whole content of the regular file at `path`, which must be at most `limit` bytes.

    Raises UnreadableFileError for anything else: a missing file, a folder, a device, a FIFO, a
    socket, a file over the limit, or an OS refusal. Symlinks are followed to their target,
    which must itself be a regular file, except with `private`: then a symlink is refused, and so
    is a file that another user owns or could have written (`private_file_problem`).
    """
    shown = str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    if private:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except (OSError, ValueError) as error:
        reason = describe_os_error(error) if isinstance(error, OSError) else "invalid file name"
        raise UnreadableFileError(shown, f"cannot read file: {reason}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFileError(shown, f"not a regular file ({file_kind(status.st_mode)})")
        if private and (problem := private_file_problem(status)):
            raise UnreadableFileError(shown, problem)
        if status.st_size > limit:
            raise UnreadableFileError(
                shown, f"file is {status.st_size:,} bytes; the limit is {limit:,}"
            )
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
    except OSError as error:
        raise UnreadableFileError(shown, f"cannot read file: {describe_os_error(error)}") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise UnreadableFileError(shown, f"file is over the limit of {limit:,} bytes")
    return data
