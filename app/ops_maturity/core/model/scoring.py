"""Gated scoring: pure functions from a questionnaire and an assessment to levels.

An area is at level L when every applicable question at levels 1..L is met; at 0 ("not yet at
Level 1") when a level-1 practice is unmet. A level with no applicable question in an area (one
it skips, or where every answer is not applicable) is met exactly when the levels below it are
(docs/questionnaire-format.md states the rule). Not applicable answers are left out; don't know counts
as unmet and is listed for follow-up; a multi-select answer is met when it picks at least the
scale's `met_at_least` choices, partial when it picks fewer but some; unanswered questions count as unmet and mark the assessment
incomplete. The overall level is the weakest area's level.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer
from ops_maturity.core.model.questionnaire import Area, Question, Questionnaire


class QuestionState(StrEnum):
    MET = "met"
    PARTIAL = "partial"
    UNMET = "unmet"
    NOT_APPLICABLE = "not-applicable"
    DONT_KNOW = "dont-know"
    UNANSWERED = "unanswered"

    @property
    def counts_as_met(self) -> bool:
        return self in (QuestionState.MET, QuestionState.NOT_APPLICABLE)


def question_state(question: Question, answer: Answer) -> QuestionState:
    """Classify one answer against its question's scale."""
    value = answer.value
    if value is None:
        return QuestionState.UNANSWERED
    if value == SpecialAnswer.NOT_APPLICABLE:
        return QuestionState.NOT_APPLICABLE
    if value == SpecialAnswer.DONT_KNOW:
        return QuestionState.DONT_KNOW
    scale = question.scale
    if isinstance(value, tuple):  # a multi-select answer: the choices picked
        if not scale.is_valid_selection(value):
            return QuestionState.UNANSWERED
        if scale.selection_is_met(value):
            return QuestionState.MET
        return QuestionState.PARTIAL if value else QuestionState.UNMET
    assert isinstance(value, int)
    if scale.multiple or scale.choice(value) is None:
        return QuestionState.UNANSWERED
    if question.scale.is_met(value):
        return QuestionState.MET
    if question.scale.is_partial(value):
        return QuestionState.PARTIAL
    return QuestionState.UNMET


def answer_label(question: Question, answer: Answer) -> str:
    """How an answer reads to people: the choice label, 'Not applicable', 'Don't know' or 'Unanswered'."""
    value = answer.value
    if value is None:
        return "Unanswered"
    if value == SpecialAnswer.NOT_APPLICABLE:
        return "Not applicable"
    if value == SpecialAnswer.DONT_KNOW:
        return "Don't know"
    if isinstance(value, tuple):
        return question.scale.selection_label(value)
    assert isinstance(value, int)
    choice = question.scale.choice(value)
    return choice.label if choice else f"Unknown value {value}"


@dataclass(frozen=True)
class QuestionResult:
    """A question with its answer and what that answer means for scoring."""

    question: Question
    answer: Answer
    state: QuestionState

    @property
    def answer_label(self) -> str:
        return answer_label(self.question, self.answer)


@dataclass(frozen=True)
class LevelProgress:
    """How far an area is through one level's practices."""

    level: int
    met: int
    applicable: int
    partial: int
    results: tuple[QuestionResult, ...]

    @property
    def is_met(self) -> bool:
        return self.met == self.applicable


@dataclass(frozen=True)
class AreaScore:
    """An area's gated level, its progress per level and what the next level still needs."""

    area: Area
    level: int
    levels: tuple[LevelProgress, ...]
    results: tuple[QuestionResult, ...]

    @property
    def next_level(self) -> int | None:
        """The level to work towards, or None at the top level."""
        return self.level + 1 if self.level < len(self.levels) else None

    @property
    def needed_for_next_level(self) -> tuple[QuestionResult, ...]:
        """Exactly the applicable questions at the next level that are not met yet."""
        if self.next_level is None:
            return ()
        return tuple(
            r for r in self.levels[self.next_level - 1].results if not r.state.counts_as_met
        )

    @property
    def answered(self) -> int:
        return sum(1 for result in self.results if result.state != QuestionState.UNANSWERED)

    @property
    def met_fraction(self) -> float:
        """Share of applicable practices met, across all levels: ranks areas at the same level."""
        applicable = sum(progress.applicable for progress in self.levels)
        met = sum(progress.met for progress in self.levels)
        return met / applicable if applicable else 1.0


@dataclass(frozen=True)
class AssessmentScore:
    """Every area's score and the overall, weakest-link level."""

    areas: tuple[AreaScore, ...]
    overall_level: int
    answered: int
    total: int

    @property
    def is_complete(self) -> bool:
        return self.answered == self.total

    @property
    def unassessed_areas(self) -> tuple[Area, ...]:
        """Areas none of whose questions has an answer yet."""
        return tuple(area.area for area in self.areas if area.answered == 0)

    @property
    def overall_level_known(self) -> bool:
        """False while some areas have answers and others none: the overall level is the
        weakest area's, so it waits for them (an empty assessment is simply at 0)."""
        unassessed = len(self.unassessed_areas)
        return unassessed == 0 or unassessed == len(self.areas)

    @property
    def weakest_answered_level(self) -> int | None:
        """The lowest level among the areas with an answer (None when none has one)."""
        return min((area.level for area in self.areas if area.answered), default=None)

    @property
    def distribution(self) -> dict[int, int]:
        """How many areas sit at each level, from 0 to the top level."""
        counts = Counter(area.level for area in self.areas)
        top = len(self.areas[0].levels) if self.areas else 0
        return {level: counts.get(level, 0) for level in range(top + 1)}

    @property
    def results(self) -> tuple[QuestionResult, ...]:
        """Every question's result, area by area."""
        return tuple(r for area in self.areas for r in area.results)

    def results_in(self, *states: QuestionState) -> tuple[QuestionResult, ...]:
        return tuple(r for r in self.results if r.state in states)

    @property
    def follow_ups(self) -> tuple[QuestionResult, ...]:
        """Don't-know and unanswered questions, to settle before the next review."""
        return self.results_in(QuestionState.DONT_KNOW, QuestionState.UNANSWERED)

    def area_score(self, area_id: str) -> AreaScore:
        return next(score for score in self.areas if score.area.id == area_id)


def score_area(area: Area, assessment: Assessment, level_count: int) -> AreaScore:
    """Score one area with gated levels."""
    results = tuple(
        QuestionResult(q, answer := assessment.answer_for(q.id), question_state(q, answer))
        for q in area.questions
    )
    levels = []
    for number in range(1, level_count + 1):
        at_level = tuple(r for r in results if r.question.level == number)
        applicable = [r for r in at_level if r.state != QuestionState.NOT_APPLICABLE]
        levels.append(
            LevelProgress(
                level=number,
                met=sum(1 for r in applicable if r.state == QuestionState.MET),
                applicable=len(applicable),
                partial=sum(1 for r in applicable if r.state == QuestionState.PARTIAL),
                results=at_level,
            )
        )
    reached = 0
    for progress in levels:
        if not progress.is_met:
            break
        reached = progress.level
    return AreaScore(area, reached, tuple(levels), results)


def score_assessment(questionnaire: Questionnaire, assessment: Assessment) -> AssessmentScore:
    """Score every area; the overall level is the lowest area level."""
    areas = tuple(
        score_area(area, assessment, len(questionnaire.levels)) for area in questionnaire.areas
    )
    return _combine(areas, len(questionnaire.questions))


def rescore_area(
    score: AssessmentScore, questionnaire: Questionnaire, assessment: Assessment, area_id: str
) -> AssessmentScore:
    """`score` with one area scored again: what one changed answer needs, without the rest.

    Gives exactly what `score_assessment` would, as long as only that area's answers changed.
    """
    areas = tuple(
        score_area(area_score.area, assessment, len(questionnaire.levels))
        if area_score.area.id == area_id
        else area_score
        for area_score in score.areas
    )
    return _combine(areas, score.total)


def _combine(areas: tuple[AreaScore, ...], total: int) -> AssessmentScore:
    return AssessmentScore(
        areas=areas,
        overall_level=min((area.level for area in areas), default=0),
        answered=sum(area.answered for area in areas),
        total=total,
    )
