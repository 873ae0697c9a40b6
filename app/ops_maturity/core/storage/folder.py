"""Every assessment file in a folder (optionally below it too), read without ever aborting.

The one scanner: `history`, `rollup` (through `records`), the app's look back at a team's
earlier assessments (`team_assessments`) and the Start screen's resume list all list files with
`assessment_files` and read each with `read_assessment_file`. Hidden files are left out, and
questionnaire files kept next to the assessments that use them are skipped quietly. A corrupt,
foreign (not an assessment) or unreadable file becomes a `ScanWarning` naming the file and the
reason. Large folders are read in parallel worker processes (TOML parsing is pure Python, so
threads would not help); the results are the same, in the same order, whichever way they were
read.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ops_maturity.core.model.assessment import Assessment, Status
from ops_maturity.core.parsing.validation import InvalidFileError, read_toml_document
from ops_maturity.core.storage.assessment_toml import assessment_from_document
from ops_maturity.core.text import clean_single_line

PARALLEL_THRESHOLD = 200
"""Below this many files, starting worker processes costs more than it saves (measured)."""
CHUNK_SIZE = 32
_MISSING_ASSESSMENT = "missing required key 'assessment' in the file"


@dataclass(frozen=True)
class FoundAssessment:
    """An assessment file that loaded."""

    path: Path
    assessment: Assessment


@dataclass(frozen=True)
class ScanWarning:
    """A file that was skipped, and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        """'PATH: skipped: REASON', with control characters (in odd file names) removed."""
        return clean_single_line(f"{self.path}: skipped: {self.reason}")


@dataclass(frozen=True)
class FolderScan:
    found: tuple[FoundAssessment, ...]
    warnings: tuple[ScanWarning, ...]


def assessment_files(folder: Path, *, recursive: bool) -> list[Path]:
    """The `*.toml` files in `folder` (and below it when `recursive`), in a stable order."""
    pattern = "**/*.toml" if recursive else "*.toml"
    return sorted(path for path in folder.glob(pattern) if not _hidden(path, folder))


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def _is_questionnaire(data: dict[str, object]) -> bool:
    """A questionnaire file kept next to the assessments that use it: not a bad file."""
    return "assessment" not in data and "areas" in data and "levels" in data


def read_assessment_file(path: Path) -> Assessment | None:
    """The assessment in the file at `path`, or None for a questionnaire file kept beside the
    assessments. Raises InvalidFileError listing every problem."""
    document = read_toml_document(path)
    if _is_questionnaire(document.data):
        return None
    return assessment_from_document(document)


def load_one(path: Path) -> FoundAssessment | ScanWarning | None:
    """The assessment at `path`, a warning saying why it cannot be used, or None for a
    questionnaire file (skipped without a warning)."""
    try:
        assessment = read_assessment_file(path)
    except InvalidFileError as error:
        if any(p.message == _MISSING_ASSESSMENT for p in error.problems):
            return ScanWarning(path, "not an assessment file (no [assessment] table)")
        first = error.problems[0] if error.problems else None
        reason = first.message if first else str(error)
        if first is not None and first.line is not None:
            reason = f"line {first.line}: {reason}"
        more = len(error.problems) - 1
        if more > 0:
            reason += f" (and {more} more problem{'s' if more > 1 else ''})"
        return ScanWarning(path, reason)
    return None if assessment is None else FoundAssessment(path, assessment)


def _load_chunk(paths: list[Path]) -> list[FoundAssessment | ScanWarning | None]:
    return [load_one(path) for path in paths]


def _chunks(paths: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


MAX_WORKERS = 8


def default_workers() -> int:
    """Worker processes worth starting: the cores not already busy, at most MAX_WORKERS.

    Measured on a 2-core machine shared with other work (load average 3 to 4), two workers
    read 1,000 files 20 to 40 % slower than one: the processes only compete for the same
    cores. So busy cores (the 1-minute load average) are not counted.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        busy = 0.0
    return max(1, min(round((cores or 1) - busy), MAX_WORKERS))


def load_files(
    paths: list[Path], *, workers: int | None = None
) -> Iterable[FoundAssessment | ScanWarning | None]:
    """Load each path, in order: in worker processes when there are many and cores to use."""
    count = workers if workers is not None else default_workers()
    if count <= 1 or len(paths) < PARALLEL_THRESHOLD:
        return [load_one(path) for path in paths]
    from concurrent.futures import ProcessPoolExecutor  # only when it pays: a slow import

    with ProcessPoolExecutor(max_workers=count) as pool:
        return [
            outcome
            for chunk in pool.map(_load_chunk, _chunks(paths, CHUNK_SIZE))
            for outcome in chunk
        ]


def scan_folder(folder: Path, *, recursive: bool, workers: int | None = None) -> FolderScan:
    """Every assessment under `folder`, and a warning for each file that could not be used."""
    found: list[FoundAssessment] = []
    warnings: list[ScanWarning] = []
    for outcome in load_files(assessment_files(folder, recursive=recursive), workers=workers):
        if isinstance(outcome, ScanWarning):
            warnings.append(outcome)
        elif outcome is not None:
            found.append(outcome)
    return FolderScan(tuple(found), tuple(warnings))


@dataclass(frozen=True)
class AssessmentSummary:
    """One assessment file found in a folder, for the Start screen's resume list."""

    path: Path
    team: str
    label: str
    date: dt.date
    status: Status
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def find_assessments(folder: Path) -> tuple[list[AssessmentSummary], list[InvalidFileError]]:
    """Every assessment in `folder` (not below it), newest first, and the files that failed with
    all their problems (for the Start screen to show). Questionnaire files are skipped quietly."""
    summaries: list[AssessmentSummary] = []
    failures: list[InvalidFileError] = []
    if not folder.is_dir():
        return summaries, failures
    for path in assessment_files(folder, recursive=False):
        try:
            assessment = read_assessment_file(path)
        except InvalidFileError as error:
            failures.append(error)
            continue
        if assessment is None:
            continue
        # Count against the questions the file was written for, when it names them.
        counted = set(assessment.question_ids or assessment.answers)
        answered = sum(
            1 for qid, a in assessment.answers.items() if a.is_answered and qid in counted
        )
        total = len(assessment.question_ids) or answered
        summaries.append(
            AssessmentSummary(
                path,
                assessment.team,
                assessment.label,
                assessment.date,
                assessment.status,
                answered,
                total,
            )
        )
    summaries.sort(key=lambda s: (s.date, s.path.stat().st_mtime), reverse=True)
    return summaries, failures
