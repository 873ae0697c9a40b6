"""This team's assessments: which files in a folder are one team's, and in which order they come.

One rule for every place that looks back in time: the Report screen ("what changed since"), the
Results screen's trends, the Assess screen's "Last time", `history` and `rollup`. The rule
(also in docs/assessment-format.md, "A team's assessments"):

- **Identity**: the team name inside each file, never the file name, compared by its
  `identity_key` (Unicode NFC, case-folded, spaces collapsed; the key file names are made of).
  'Payments Platform' and 'payments  platform' are one team.
- **Questionnaire**: only assessments of the same questionnaire (by id) are compared.
- **Order**: by label, then date. Labels such as '2026-Q4' sort as text, so the quarter a team
  chose says where an assessment belongs even when its date is out of order (a quarter filled in
  late); the date orders two assessments with the same label. (The path breaks a tie, only so
  that the order is always the same.)
- **Earlier**: a label before, or the same label on an earlier date. A file is never its own
  earlier assessment, nor is another file with the same label and date.

Reads folders through `folder.scan_folder` (no subfolders); plain Python, no Textual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.storage.file_names import identity_key
from ops_maturity.core.storage.folder import FoundAssessment, scan_folder


class Dated(Protocol):
    """An assessment or a record of one: whose it is and when (see the module's rule)."""

    @property
    def team(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def date(self) -> dt.date: ...


def team_key(team: str) -> str:
    """What makes two team names one team: their `identity_key` (see the module's rule)."""
    return identity_key(team)


def same_team(team: str, other: str) -> bool:
    """True when two team names are one team."""
    return team_key(team) == team_key(other)


def chronological_key(assessment: Dated) -> tuple[str, dt.date]:
    """When an assessment comes in its team's history: label first, then date."""
    return (assessment.label, assessment.date)


def history_order(assessment: Dated, path: Path) -> tuple[tuple[str, dt.date], str]:
    """The order of a team's files: `chronological_key`, then the path to break a tie."""
    return (chronological_key(assessment), str(path))


def team_assessments(
    found: Iterable[FoundAssessment], team: str, questionnaire_id: str | None = None
) -> list[FoundAssessment]:
    """The team's assessments, oldest first; of one questionnaire (the latest one's by default)."""
    mine = sorted(
        (item for item in found if same_team(item.assessment.team, team)),
        key=lambda item: history_order(item.assessment, item.path),
    )
    if not mine:
        return []
    wanted = questionnaire_id or mine[-1].assessment.questionnaire_id
    return [item for item in mine if item.assessment.questionnaire_id == wanted]


def team_names(found: Iterable[FoundAssessment]) -> list[str]:
    """Each team once (spelled as in its latest file), sorted."""
    latest: dict[str, Assessment] = {}
    for item in found:
        key = team_key(item.assessment.team)
        if key not in latest or chronological_key(item.assessment) > chronological_key(latest[key]):
            latest[key] = item.assessment
    return sorted((assessment.team for assessment in latest.values()), key=str.casefold)


def earlier_assessments(assessment: Assessment, path: Path) -> tuple[FoundAssessment, ...]:
    """The same team's earlier assessments of the same questionnaire in `path`'s folder.

    Oldest first, by the module's rule. Files that cannot be read are skipped. Reads the folder:
    call it off the UI thread.
    """
    try:
        here = path.resolve()
    except OSError:
        here = path
    mine = chronological_key(assessment)
    return tuple(
        item
        for item in team_assessments(
            scan_folder(path.parent, recursive=False, workers=1).found,
            assessment.team,
            assessment.questionnaire_id,
        )
        if item.path.resolve() != here and chronological_key(item.assessment) < mine
    )


def previous_assessment(assessment: Assessment, path: Path) -> Assessment | None:
    """The team's latest earlier assessment in `path`'s folder (see `earlier_assessments`)."""
    earlier = earlier_assessments(assessment, path)
    return earlier[-1].assessment if earlier else None
