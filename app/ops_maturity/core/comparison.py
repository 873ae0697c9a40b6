"""Compare an assessment with an earlier one of the same team: what moved, up or down.

Both are scored against the same (current) questionnaire, so a practice added or removed between
questionnaire versions never shows as progress or regression. Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from .assessment import Assessment
from .questionnaire import Area, Questionnaire
from .scoring import AssessmentScore, QuestionResult, QuestionState, score_assessment


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

    @property
    def overall_delta(self) -> int:
        return self.current_overall - self.previous_overall


def compare_assessments(
    questionnaire: Questionnaire,
    previous: Assessment,
    current_score: AssessmentScore,
) -> ScoreComparison:
    """Score `previous` against `questionnaire` and compare it with `current_score`."""
    previous_score = score_assessment(questionnaire, previous)  # scoring never mutates
    before = {result.question.id: result for result in previous_score.results}
    newly_met = []
    no_longer_met = []
    not_applicable_changes = []
    for result in current_score.results:
        was = before[result.question.id].state
        if (was == QuestionState.NOT_APPLICABLE) != (
            result.state == QuestionState.NOT_APPLICABLE
        ) and QuestionState.UNANSWERED not in (was, result.state):
            not_applicable_changes.append(NotApplicableChange(result, was))
        if result.state == QuestionState.MET and was != QuestionState.MET:
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
    )
