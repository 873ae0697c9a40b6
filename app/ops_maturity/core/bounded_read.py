"""Read a file without trusting it: bounded in size, regular files only, never blocking.

Every file the tool reads (questionnaires, assessments, templates, includes) comes through here, so
`/dev/zero` cannot grow memory without bound and a FIFO cannot hang a read. The file is opened
non-blocking, checked with fstat on the open descriptor (no race with a swap after a stat), and at
most `limit + 1` bytes are read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import OpsMaturityError
from .text import describe_os_error

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


def read_bytes_bounded(path: Path | str, limit: int = DEFAULT_READ_LIMIT) -> bytes:
    """The whole content of the regular file at `path`, which must be at most `limit` bytes.

    Raises UnreadableFileError for anything else: a missing file, a folder, a device, a FIFO, a
    socket, a file over the limit, or an OS refusal. Symlinks are followed to their target,
    which must itself be a regular file.
    """
    shown = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except (OSError, ValueError) as error:
        reason = describe_os_error(error) if isinstance(error, OSError) else "invalid file name"
        raise UnreadableFileError(shown, f"cannot read file: {reason}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFileError(shown, f"not a regular file ({file_kind(status.st_mode)})")
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
