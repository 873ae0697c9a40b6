"""Compact records of many assessment files, read in parallel and cached, for the roll-up.

A roll-up needs from each file only who, when, which questionnaire, and the answer values. Worker
processes parse the files (TOML parsing is pure Python, so threads would not help) and send back
these small records rather than whole assessments, which would cost more to pickle than to
parse. Records are cached in a JSON file keyed by each file's size, modification time and inode,
so running the roll-up again over a folder that barely changed reads only the changed files. The
cache file lives in the private cache folder (`private_cache`), names the folder it describes, and
is read bounded and checked field by field: a damaged, foreign or oversized cache is only a slower
run.
A corrupt, foreign or unreadable file becomes a warning naming it; questionnaire files kept next
to the assessments are skipped quietly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ops_maturity.core.files.private_cache import (
    private_cache_folder,
    read_cache_entry,
    write_cache_entry,
)
from ops_maturity.core.model.assessment import plain_value
from ops_maturity.core.storage.folder import (
    PARALLEL_THRESHOLD as PARALLEL_THRESHOLD,  # tests lower it
)
from ops_maturity.core.storage.folder import ScanWarning, assessment_files, load_one
from ops_maturity.core.text import clean_single_line

CACHE_FORMAT = 2
"""Version 2 names the folder the cache describes."""
MAX_CACHE_BYTES = 32 * 1024 * 1024
"""A cache larger than this is neither read nor written (about 10,000 assessments of 64 answers)."""
CHUNK_SIZE = 64


@dataclass(frozen=True)
class AssessmentRecord:
    """What the roll-up needs from one assessment file."""

    path: Path
    team: str
    label: str
    date: dt.date
    status: str
    questionnaire_id: str
    questionnaire_path: str
    values: dict[str, int | str | list[int]]
    """Question id -> the answer's value (a scale integer, the integers picked on a
    multi-select scale, or a special answer's string)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "label": self.label,
            "date": self.date.isoformat(),
            "status": self.status,
            "questionnaire_id": self.questionnaire_id,
            "questionnaire_path": self.questionnaire_path,
            "values": self.values,
        }

    @classmethod
    def from_json(cls, path: Path, data: dict[str, Any]) -> AssessmentRecord:
        """A record from the cache. Raises KeyError, TypeError or ValueError when damaged."""
        values = data["values"]
        if not isinstance(values, dict) or not all(_is_plain_value(v) for v in values.values()):
            raise TypeError("damaged answer values")
        texts = [data[key] for key in ("team", "label", "status", "questionnaire_id")]
        if not all(isinstance(text, str) for text in [*texts, data["questionnaire_path"]]):
            raise TypeError("damaged text")
        return cls(
            path,
            clean_single_line(data["team"]),
            clean_single_line(data["label"]),
            dt.date.fromisoformat(data["date"]),
            data["status"],
            data["questionnaire_id"],
            data["questionnaire_path"],
            values,
        )


Outcome = AssessmentRecord | ScanWarning | None


def _is_plain_value(value: object) -> bool:
    """A scale integer, a special answer's string, or a list of integers (multi-select)."""
    if isinstance(value, list):
        return len(value) <= 100 and all(_is_plain_value(v) and isinstance(v, int) for v in value)
    return isinstance(value, int | str) and not isinstance(value, bool)


def _record(path: Path) -> Outcome:
    loaded = load_one(path)
    if loaded is None or isinstance(loaded, ScanWarning):
        return loaded
    assessment = loaded.assessment
    values: dict[str, int | str | list[int]] = {}
    for question_id, answer in assessment.answers.items():
        value = answer.value
        if value is not None:
            values[question_id] = plain_value(value)
    return AssessmentRecord(
        path,
        assessment.team,
        assessment.label,
        assessment.date,
        assessment.status.value,
        assessment.questionnaire_id,
        assessment.questionnaire_path,
        values,
    )


def _records(paths: list[Path]) -> list[Outcome]:
    return [_record(path) for path in paths]


def _chunks(paths: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


def _read_all(paths: list[Path], workers: int) -> list[Outcome]:
    if workers <= 1 or len(paths) < PARALLEL_THRESHOLD:
        return _records(paths)
    from concurrent.futures import ProcessPoolExecutor  # only when it pays: a slow import

    size = max(8, min(CHUNK_SIZE, len(paths) // (workers * 4) or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [outcome for chunk in pool.map(_records, _chunks(paths, size)) for outcome in chunk]


def _cache_key(folder: Path) -> str:
    """What a cache file is for: the folder's resolved path."""
    return str(folder.resolve())


def default_cache_file(folder: Path) -> Path | None:
    """`rollup-<hash of the folder's path>.json` in the private cache folder (`private_cache`),
    or None when there is no safe cache folder this run."""
    cache_folder = private_cache_folder()
    if cache_folder is None:
        return None
    key = _cache_key(folder).encode("utf-8", "surrogateescape")
    return cache_folder / f"rollup-{hashlib.sha256(key).hexdigest()[:16]}.json"


def _stamp(path: Path) -> list[int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns, status.st_ino]


_STALE: Any = object()
"""Marks a cache entry that is missing, out of date or unreadable: the file is read again."""


def _cached_outcome(path: Path, entry: object, stamp: list[int] | None) -> Any:
    """The outcome the cache holds for `path`, or _STALE."""
    if not isinstance(entry, dict) or stamp is None or entry.get("stamp") != stamp:
        return _STALE
    try:
        if "warning" in entry:
            return ScanWarning(path, str(entry["warning"]))
        if "record" in entry:
            return AssessmentRecord.from_json(path, entry["record"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return _STALE
    return None


def _load_cache(cache_file: Path, folder: Path) -> dict[str, Any]:
    """The cached entries for `folder`, or {} when the cache is missing, damaged or another's."""
    raw = read_cache_entry(cache_file, MAX_CACHE_BYTES)
    if raw is None:
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    if data.get("folder") != _cache_key(folder):
        return {}  # stored for another folder (a hash collision, or a file copied here)
    files = data.get("files")
    return files if isinstance(files, dict) else {}


@dataclass(frozen=True)
class RecordScan:
    records: tuple[AssessmentRecord, ...]
    warnings: tuple[ScanWarning, ...]
    read: int
    """Files parsed this time (the rest came from the cache)."""


def scan_records(
    folder: Path,
    *,
    recursive: bool = True,
    workers: int = 1,
    cache_file: Path | None = None,
) -> RecordScan:
    """Records of every assessment under `folder`, in path order, and warnings for bad files.

    With `cache_file`, unchanged files come from the cache and the cache is rewritten (a cache
    that cannot be read or written is ignored: it only ever saves time).
    """
    paths = assessment_files(folder, recursive=recursive)
    cached = _load_cache(cache_file, folder) if cache_file else {}
    stamps = {str(path): _stamp(path) for path in paths}
    outcomes: dict[str, Outcome] = {}
    stale: list[Path] = []
    for path in paths:
        entry = cached.get(str(path))
        cached_outcome = _cached_outcome(path, entry, stamps[str(path)])
        if cached_outcome is _STALE:
            stale.append(path)
        else:
            outcomes[str(path)] = cached_outcome
    for path, outcome in zip(stale, _read_all(stale, workers), strict=True):
        outcomes[str(path)] = outcome
    if cache_file is not None and (stale or len(cached) != len(paths)):
        _save_cache(cache_file, folder, outcomes, stamps)
    records = tuple(o for o in outcomes.values() if isinstance(o, AssessmentRecord))
    warnings = tuple(o for o in outcomes.values() if isinstance(o, ScanWarning))
    return RecordScan(records, warnings, len(stale))


def _save_cache(
    cache_file: Path,
    folder: Path,
    outcomes: dict[str, Outcome],
    stamps: dict[str, list[int] | None],
) -> None:
    files: dict[str, Any] = {}
    for key, outcome in outcomes.items():
        if stamps[key] is None:
            continue
        entry: dict[str, Any] = {"stamp": stamps[key]}
        if isinstance(outcome, ScanWarning):
            entry["warning"] = outcome.reason
        elif isinstance(outcome, AssessmentRecord):
            entry["record"] = outcome.to_json()
        files[key] = entry
    document = {"format": CACHE_FORMAT, "folder": _cache_key(folder), "files": files}
    data = json.dumps(document, separators=(",", ":")).encode("utf-8")
    if len(data) <= MAX_CACHE_BYTES:  # a cache too large to be read back is not written
        write_cache_entry(cache_file, data)  # the cache only saves time: failing is fine
