"""Compare an assessment with an earlier one of the same team: what moved, up or down.

Both are scored against the same (current) questionnaire, so a practice added or removed between
questionnaire versions never shows as progress or regression. Each practice that changed is
counted once: a move to or from not applicable is a move (never also "newly met" or "no longer
met"), and a practice met before but not answered now is "not answered this time" (not a
regression). Two files of different teams, or an earlier one dated after the later one, give a
warning. Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Area, Questionnaire
from ops_maturity.core.model.scoring import (
    AssessmentScore,
    QuestionResult,
    QuestionState,
    score_assessment,
)


@dataclass(frozen=True)
class AreaChange:
    """One area's level then and now."""

    area: Area
    previous_level: int
    current_level: int

    @property
    def delta(self) -> int:
        return self.current_level - self.previous_level


@dataclass(frozen=True)
class NotApplicableChange:
    """A practice that became not applicable, or stopped being so, since the previous assessment."""

    result: QuestionResult
    """The current result."""
    previous_state: QuestionState

    @property
    def became_not_applicable(self) -> bool:
        return self.result.state == QuestionState.NOT_APPLICABLE

    @property
    def description(self) -> str:
        """'met -> not-applicable', in the words the report uses."""
        return f"{_STATE_WORDS[self.previous_state]} → {_STATE_WORDS[self.result.state]}"


_STATE_WORDS = {
    QuestionState.MET: "met",
    QuestionState.PARTIAL: "partly met",
    QuestionState.UNMET: "not met",
    QuestionState.NOT_APPLICABLE: "not applicable",
    QuestionState.DONT_KNOW: "don't know",
    QuestionState.UNANSWERED: "unanswered",
}


@dataclass(frozen=True)
class ScoreComparison:
    """How the current assessment differs from a previous one."""

    previous: Assessment
    previous_overall: int
    current_overall: int
    areas: tuple[AreaChange, ...]
    newly_met: tuple[QuestionResult, ...]
    """Practices met now that were not met before."""
    no_longer_met: tuple[QuestionResult, ...]
    """Practices met before that are not met now: regressions to look at first."""
    not_applicable_changes: tuple[NotApplicableChange, ...] = ()
    """Practices that moved between not applicable and met or unmet: they explain level changes
    that no practice's progress or regression does."""
    not_answered: tuple[QuestionResult, ...] = ()
    """Practices met before that this assessment has not answered (yet)."""
    warnings: tuple[str, ...] = ()
    """Why the comparison may mislead: different teams, or the earlier file dated later."""

    @property
    def overall_delta(self) -> int:
        return self.current_overall - self.previous_overall


def comparison_warnings(current: Assessment, previous: Assessment) -> tuple[str, ...]:
    """What makes comparing these two assessments doubtful, in words for the user."""
    warnings = []
    if " ".join(current.team.split()).casefold() != " ".join(previous.team.split()).casefold():
        warnings.append(
            f"the two assessments are of different teams: {current.team!r} and {previous.team!r}"
        )
    if previous.date > current.date:
        warnings.append(
            f"the earlier assessment ({previous.label}, {previous.date.isoformat()}) is dated "
            f"after this one ({current.label}, {current.date.isoformat()}): are they swapped?"
        )
    return tuple(warnings)


def compare_assessments(
    questionnaire: Questionnaire,
    previous: Assessment,
    current_score: AssessmentScore,
    current: Assessment | None = None,
) -> ScoreComparison:
    """Score `previous` against `questionnaire` and compare it with `current_score`; with
    `current` (the assessment scored), say when the comparison may mislead."""
    previous_score = score_assessment(questionnaire, previous)  # scoring never mutates
    before = {result.question.id: result for result in previous_score.results}
    newly_met = []
    no_longer_met = []
    not_applicable_changes = []
    not_answered = []
    for result in current_score.results:
        was = before[result.question.id].state
        moved = (was == QuestionState.NOT_APPLICABLE) != (
            result.state == QuestionState.NOT_APPLICABLE
        ) and QuestionState.UNANSWERED not in (was, result.state)
        if moved:
            not_applicable_changes.append(NotApplicableChange(result, was))
        elif result.state == QuestionState.UNANSWERED and was == QuestionState.MET:
            not_answered.append(result)
        elif result.state == QuestionState.MET and was != QuestionState.MET:
            newly_met.append(result)
        elif was == QuestionState.MET and result.state != QuestionState.MET:
            no_longer_met.append(result)
    return ScoreComparison(
        previous=previous,
        previous_overall=previous_score.overall_level,
        current_overall=current_score.overall_level,
        areas=tuple(
            AreaChange(now.area, then.level, now.level)
            for then, now in zip(previous_score.areas, current_score.areas, strict=True)
        ),
        newly_met=tuple(newly_met),
        no_longer_met=tuple(no_longer_met),
        not_applicable_changes=tuple(not_applicable_changes),
        not_answered=tuple(not_answered),
        warnings=comparison_warnings(current, previous) if current is not None else (),
    )
