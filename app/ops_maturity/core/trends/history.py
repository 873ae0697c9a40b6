"""A team's history: its assessments of one questionnaire, scored, oldest first.

Which assessments are the team's, and their order, is decided by
`ops_maturity.core.storage.team_assessments`. Every entry is scored against the same
questionnaire (the latest entry's), so questions are compared by id across questionnaire
versions: each entry lists the questions added and removed since the entry before, and an area
none of whose questions the file was written for has no level (None) rather than a misleading 0.
Pure functions over loaded assessments.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Area, Questionnaire
from ops_maturity.core.model.scoring import AssessmentScore, score_assessment
from ops_maturity.core.storage.folder import FoundAssessment
from ops_maturity.core.trends.comparison import NotApplicableChange, compare_assessments
from ops_maturity.core.trends.sparkline import sparkline, trend_arrow


@dataclass(frozen=True)
class HistoryEntry:
    """One assessment in a team's history, scored against the history's questionnaire."""

    path: Path
    assessment: Assessment
    score: AssessmentScore
    area_levels: dict[str, int | None]
    """Area id -> level; None when the file was written before the area existed."""
    added: tuple[str, ...]
    """Question ids this file was written for that the previous entry's was not."""
    removed: tuple[str, ...]
    """Question ids the previous entry was written for that this one's was not."""
    not_applicable_changes: tuple[NotApplicableChange, ...]
    """Practices that moved between not applicable and met or unmet since the previous entry."""

    @property
    def label(self) -> str:
        return self.assessment.label

    @property
    def overall_level(self) -> int:
        return self.score.overall_level


@dataclass(frozen=True)
class AreaTrend:
    """One area's level at each entry of a history."""

    area: Area
    levels: tuple[int | None, ...]
    max_level: int

    @property
    def sparkline(self) -> str:
        return sparkline(self.levels, self.max_level)

    @property
    def arrow(self) -> str:
        """↑ ↓ → for the last entry against the one before ('' with fewer than two)."""
        known = [level for level in self.levels[-2:] if level is not None]
        if len(self.levels) < 2 or len(known) < 2:
            return ""
        return trend_arrow(known[0], known[1])


@dataclass(frozen=True)
class TeamHistory:
    team: str
    questionnaire: Questionnaire
    entries: tuple[HistoryEntry, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(entry.label for entry in self.entries)

    @property
    def overall_levels(self) -> tuple[int, ...]:
        return tuple(entry.overall_level for entry in self.entries)

    @property
    def overall_sparkline(self) -> str:
        return sparkline(self.overall_levels, self.questionnaire.max_level)

    @property
    def area_trends(self) -> tuple[AreaTrend, ...]:
        return tuple(
            AreaTrend(
                area,
                tuple(entry.area_levels[area.id] for entry in self.entries),
                self.questionnaire.max_level,
            )
            for area in self.questionnaire.areas
        )


def _area_levels(
    questionnaire: Questionnaire, assessment: Assessment, score: AssessmentScore
) -> dict[str, int | None]:
    written_for = set(assessment.question_ids)
    levels: dict[str, int | None] = {}
    for area_score in score.areas:
        asked = not written_for or any(q.id in written_for for q in area_score.area.questions)
        levels[area_score.area.id] = area_score.level if asked else None
    return levels


def build_history(
    team: str, questionnaire: Questionnaire, assessments: list[FoundAssessment]
) -> TeamHistory:
    """Score each assessment (oldest first) and note what changed between neighbours."""
    entries: list[HistoryEntry] = []
    previous: Assessment | None = None
    for item in assessments:
        assessment = item.assessment
        score = score_assessment(questionnaire, assessment)
        added: tuple[str, ...] = ()
        removed: tuple[str, ...] = ()
        not_applicable: tuple[NotApplicableChange, ...] = ()
        if previous is not None:
            before, now = previous.question_ids, assessment.question_ids
            if before and now:
                before_ids, now_ids = set(before), set(now)
                added = tuple(qid for qid in now if qid not in before_ids)
                removed = tuple(qid for qid in before if qid not in now_ids)
            not_applicable = compare_assessments(
                questionnaire, previous, score
            ).not_applicable_changes
        entries.append(
            HistoryEntry(
                item.path,
                assessment,
                score,
                _area_levels(questionnaire, assessment, score),
                added,
                removed,
                not_applicable,
            )
        )
        previous = assessment
    shown_team = assessments[-1].assessment.team if assessments else team
    return TeamHistory(shown_team, questionnaire, tuple(entries))


def previous_answer(
    earlier: tuple[FoundAssessment, ...], question_id: str
) -> tuple[Assessment, bool] | None:
    """The latest earlier assessment and whether it asked `question_id`; None without one."""
    if not earlier:
        return None
    last = earlier[-1].assessment
    asked = not last.question_ids or question_id in last.question_ids
    return last, asked
