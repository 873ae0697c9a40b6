"""Compare an assessment with an earlier one of the same team: what moved, up or down.

Both are scored against the same (current) questionnaire, so a practice added or removed between
questionnaire versions never shows as progress or regression. Pure functions, no I/O.
"""

from __future__ import annotations

import copy
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

    @property
    def overall_delta(self) -> int:
        return self.current_overall - self.previous_overall


def compare_assessments(
    questionnaire: Questionnaire,
    previous: Assessment,
    current_score: AssessmentScore,
) -> ScoreComparison:
    """Score `previous` against `questionnaire` and compare it with `current_score`."""
    previous_score = score_assessment(questionnaire, copy.deepcopy(previous))
    before = {result.question.id: result for result in previous_score.results}
    newly_met = []
    no_longer_met = []
    for result in current_score.results:
        was = before[result.question.id].state
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
    )
