"""Fast gated levels for many assessments of one questionnaire, for the roll-up.

`score_assessment` builds a full result per question (right for one report); a roll-up of
hundreds of teams needs only each area's level and the practices its next level needs. A
`LevelTable` precomputes, once per questionnaire, each question's area, level, met threshold
and valid values, then scores a plain `{question id: value}` mapping with the same rules as
`ops_maturity.core.model.scoring` (a test checks they agree). Pure, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ops_maturity.core.model.assessment import SpecialAnswer
from ops_maturity.core.model.questionnaire import Questionnaire

NOT_APPLICABLE = SpecialAnswer.NOT_APPLICABLE.value


DONT_KNOW = SpecialAnswer.DONT_KNOW.value


@dataclass(frozen=True)
class QuickScore:
    levels: tuple[int, ...]
    """Each area's level, in questionnaire order."""
    needed: tuple[str, ...]
    """Ids of the practices each area still needs for its next level, area by area."""
    answered_by_area: tuple[int, ...] = ()
    """How many of each area's questions have an answer (don't know and N/A included)."""
    total: int = 0
    """How many questions the questionnaire has."""

    @property
    def answered(self) -> int:
        return sum(self.answered_by_area)

    @property
    def is_complete(self) -> bool:
        return self.answered == self.total

    @property
    def overall_level(self) -> int:
        return min(self.levels, default=0)


class LevelTable:
    """A questionnaire flattened for scoring plain answer values quickly."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.level_count = len(questionnaire.levels)
        self.question_count = len(questionnaire.questions)
        self._areas = [
            [
                (
                    q.id,
                    q.level,
                    q.scale.met_at_least if q.scale.multiple else q.scale.met_threshold,
                    frozenset(choice.value for choice in q.scale.choices),
                    q.scale.multiple,
                )
                for q in area.questions
            ]
            for area in questionnaire.areas
        ]

    def score(self, values: Mapping[str, int | str | list[int]]) -> QuickScore:
        """Levels and next-level needs for answers given as `{question id: value}`.

        Values are scale integers, lists of the integers picked on a multi-select scale, or the
        special answers' strings; missing ids are unanswered.
        """
        levels = []
        needed: list[str] = []
        answered: list[int] = []
        for questions in self._areas:
            unmet_at = [False] * (self.level_count + 1)
            unmet_ids: list[list[str]] = [[] for _ in range(self.level_count + 1)]
            answered_here = 0
            for question_id, level, threshold, valid, multiple in questions:
                value = values.get(question_id)
                if multiple:
                    picked = set(value) if isinstance(value, list) and set(value) <= valid else None
                    if value in (NOT_APPLICABLE, DONT_KNOW) or picked is not None:
                        answered_here += 1
                    if value == NOT_APPLICABLE or (picked is not None and len(picked) >= threshold):
                        continue
                    unmet_at[level] = True
                    unmet_ids[level].append(question_id)
                    continue
                if value in (NOT_APPLICABLE, DONT_KNOW) or (
                    isinstance(value, int) and value in valid
                ):
                    answered_here += 1
                if value == NOT_APPLICABLE:
                    continue
                if isinstance(value, int) and value in valid and value >= threshold:
                    continue
                unmet_at[level] = True
                unmet_ids[level].append(question_id)
            reached = 0
            for level in range(1, self.level_count + 1):
                if unmet_at[level]:
                    break
                reached = level
            levels.append(reached)
            answered.append(answered_here)
            if reached < self.level_count:
                needed.extend(unmet_ids[reached + 1])
        return QuickScore(tuple(levels), tuple(needed), tuple(answered), self.question_count)
