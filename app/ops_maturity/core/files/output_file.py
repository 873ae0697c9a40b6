"""Write a rendered report where the user asked: a file, a device, a FIFO, or standard output.

A regular file (or a new one) is written atomically through `ops_maturity.core.files.atomic_file`, keeping its
mode, after clearing temp files that killed saves left in its folder. A character device (such as /dev/null or a terminal) or a FIFO is opened and written
directly: it is never replaced by a regular file, with or without `--force`. Anything else (a
folder, a block device, a socket) is refused with `NotARegularFileError`. `-` and /dev/stdout
mean standard output; the CLI handles those before it gets here.
"""

from __future__ import annotations

import os
import stat
from enum import Enum
from pathlib import Path

from ops_maturity.core.files.atomic_file import (
    NotARegularFileError,
    remove_stale_temp_files,
    write_bytes_atomically,
)

STANDARD_OUTPUT_NAMES = frozenset({"-", "/dev/stdout"})
"""Output names that mean the process's standard output."""


class OutputKind(Enum):
    """What an output path names, which decides how it is written."""

    NEW_FILE = "new"
    EXISTING_FILE = "file"
    STREAM = "stream"
    """A character device or a FIFO: written directly, never replaced."""


def output_kind(path: Path) -> OutputKind:
    """What `path` names now. Raises NotARegularFileError for a folder, block device or socket,
    and OSError when it cannot be examined."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return OutputKind.NEW_FILE
    if stat.S_ISREG(status.st_mode):
        return OutputKind.EXISTING_FILE
    if stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode):
        return OutputKind.STREAM
    raise NotARegularFileError(path, status.st_mode)


def _write_stream(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def write_output_file(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path`: atomically for a file, directly for a device or FIFO.

    Raises OSError when it cannot (NotARegularFileError for a folder, block device or socket).
    """
    data = text.encode("utf-8")
    if output_kind(path) is OutputKind.STREAM:
        _write_stream(path, data)
    else:
        remove_stale_temp_files(path)
        write_bytes_atomically(path, data)
