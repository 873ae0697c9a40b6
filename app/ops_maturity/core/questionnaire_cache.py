"""A disk cache of parsed bundled questionnaires, so start-up skips parsing and validating them.

The key is a SHA-256 of the file's bytes, its display path and the package version, so an edited
file or a new release never reads a stale entry. Entries live in `$XDG_CACHE_HOME/ops-maturity`
(`~/.cache/ops-maturity` by default), are written atomically, and are read with an unpickler
that only builds this package's questionnaire classes. A missing, unreadable or corrupt entry is
ignored: the file is parsed as usual and the entry rewritten. Failing to write one is not an
error. Only bundled questionnaires go through here; a user's own file is always parsed afresh.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path

from .. import __version__
from .atomic_file import write_bytes_atomically
from .bounded_read import read_bytes_bounded
from .questionnaire import Questionnaire
from .questionnaire_loader import parse_questionnaire

CACHE_FOLDER_NAME = "ops-maturity"
MAX_ENTRY_BYTES = 8 * 1024 * 1024
_ALLOWED_MODULES = {Questionnaire.__module__, "builtins", "collections", "enum"}
"""The only modules an entry may name: anything else marks it as corrupt (or planted)."""


def cache_folder() -> Path:
    """`$XDG_CACHE_HOME/ops-maturity`, or `~/.cache/ops-maturity` when that is unset."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / CACHE_FOLDER_NAME


def _entry_path(raw: bytes, display_path: str) -> Path:
    digest = hashlib.sha256()
    for part in (__version__.encode(), display_path.encode("utf-8"), raw):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return cache_folder() / f"questionnaire-{digest.hexdigest()}.pickle"


class _QuestionnaireUnpickler(pickle.Unpickler):
    """Builds only the questionnaire's own classes and plain built-in values."""

    def find_class(self, module: str, name: str) -> object:
        if module not in _ALLOWED_MODULES:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


def _read_entry(path: Path) -> Questionnaire | None:
    try:
        data = read_bytes_bounded(path, MAX_ENTRY_BYTES)
        loaded = _QuestionnaireUnpickler(io.BytesIO(data)).load()
    except Exception:  # a missing or corrupt entry of any kind is simply a cache miss
        return None
    return loaded if isinstance(loaded, Questionnaire) else None


def parse_questionnaire_cached(raw: bytes, display_path: str) -> Questionnaire:
    """`parse_questionnaire(raw, display_path)`, answered from the disk cache when possible.

    Raises InvalidFileError like `parse_questionnaire`; invalid files are never cached.
    """
    entry = _entry_path(raw, display_path)
    cached = _read_entry(entry)
    if cached is not None:
        return cached
    questionnaire = parse_questionnaire(raw, display_path)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(entry, pickle.dumps(questionnaire, pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only or full cache folder only costs the next start-up a parse
    return questionnaire
