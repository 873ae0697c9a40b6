"""The user's private cache folder, and the only way this project reads and writes cache files.

A cache only saves time, so nothing in it is trusted, and nothing in it is code: entries are
JSON data (today only the roll-up's records, `assessment_records`), never pickles or compiled
templates. The folder is `$XDG_CACHE_HOME/ops-maturity` (`~/.cache/ops-maturity` by default),
created 0700 as Jinja2's own cache folder is. It is used only while it is a real folder (not a
symlink) that belongs to this user and that no group or other user can write; otherwise every
cache is off for the run, with one debug line. Each entry must pass the same test (read through
`read_bytes_bounded(private=True)`, so a symlink, a FIFO or /dev/zero is refused and the size
is capped) and is written atomically with mode 0o600. A missing, foreign, damaged or oversized
entry is a miss: the caller reads the real files again. Plain Python: no Textual, no Rich.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from ops_maturity.core.files.atomic_file import write_bytes_atomically
from ops_maturity.core.files.bounded_read import (
    UnreadableFileError,
    private_file_problem,
    read_bytes_bounded,
)

CACHE_FOLDER_NAME = "ops-maturity"
_log = logging.getLogger(__name__)


def cache_folder_path() -> Path:
    """Where the cache folder is: `$XDG_CACHE_HOME/ops-maturity`, else `~/.cache/ops-maturity`.

    A relative `$XDG_CACHE_HOME` is ignored, as the XDG specification asks.
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = str(Path.home() / ".cache")
    return Path(base) / CACHE_FOLDER_NAME


def folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot hold a private cache (a symlink, not a folder, another user's, or
    writable by others), or None when it can."""
    try:
        status = os.lstat(folder)
    except OSError as error:
        return f"cannot examine it ({error.strerror or error})"
    if stat.S_ISLNK(status.st_mode):
        return "it is a symlink"
    if not stat.S_ISDIR(status.st_mode):
        return "it is not a folder"
    return private_file_problem(status)


def private_cache_folder() -> Path | None:
    """The cache folder, created 0700 if missing, or None when it is not safe to use."""
    try:
        folder = cache_folder_path()
    except (OSError, RuntimeError):  # no home folder to put it in
        return None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as error:
        _log.debug("no cache this run: cannot create %s (%s)", folder, error.strerror or error)
        return None
    problem = folder_problem(folder)
    if problem is not None:
        _log.debug("no cache this run: %s is not private: %s", folder, problem)
        return None
    return folder


def read_cache_entry(path: Path, limit: int) -> bytes | None:
    """The bytes of the cache entry at `path`, or None (a miss) when it is missing, larger than
    `limit`, not a regular file, or not private to this user, or when its folder is not."""
    if folder_problem(path.parent) is not None:
        return None
    try:
        return read_bytes_bounded(path, limit, private=True)
    except UnreadableFileError as error:
        if os.path.lexists(path):
            _log.debug("cache entry %s ignored: %s", path, error.reason)
        return None


def write_cache_entry(path: Path, data: bytes) -> bool:
    """Store `data` at `path` atomically, mode 0o600; False when it was not stored.

    Nothing is written into a folder that is not private, or through an entry that is a symlink
    or not a regular file: a cache that cannot be written only costs the next run some time. An
    entry that others could write is replaced by this private one.
    """
    if folder_problem(path.parent) is not None:
        return False
    try:
        existing = os.lstat(path)
    except FileNotFoundError:
        existing = None
    except OSError:
        return False
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _log.debug("cache entry %s left alone: %s", path, "not a regular file")
        return False
    try:
        write_bytes_atomically(path, data, private=True)
    except OSError as error:
        _log.debug("cache entry %s not written: %s", path, error.strerror or error)
        return False
    return True
