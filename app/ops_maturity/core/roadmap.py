"""The roadmap: every unmet applicable practice as an item, placed in an investment horizon.

An item's horizon is the later of the recommendation's own horizon and the one its distance above
the area's current level implies (next level: short, two up: medium, three or more: long), and
never earlier than an unmet practice it depends on. So foundations come first: nobody is told to
build self-healing this quarter while monitoring is missing. Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from .questionnaire import HORIZON_IDS, Area, Horizon, Level, Questionnaire
from .scoring import AreaScore, AssessmentScore, QuestionResult, QuestionState


@dataclass(frozen=True)
class RoadmapItem:
    """One thing to do, with the context a task tracker needs."""

    result: QuestionResult
    area: Area
    level: Level
    area_level: int
    horizon: Horizon
    quick_win: bool
    blocked_by: tuple[str, ...]
    """Ids of unmet practices this one depends on."""

    @property
    def action(self) -> str:
        return self.result.question.recommendation.action

    @property
    def why(self) -> str:
        return f"Needed for Level {self.level.number} ({self.level.name}); answered: {self.result.answer_label}"

    @property
    def owner(self) -> str:
        return self.result.answer.owner

    @property
    def notes(self) -> str:
        return self.result.answer.notes

    @property
    def due(self) -> str:
        """When the team means to have it done, such as '2027-Q2' ('' when not set)."""
        return self.result.answer.due


@dataclass(frozen=True)
class HorizonPlan:
    horizon: Horizon
    items: tuple[RoadmapItem, ...]


@dataclass(frozen=True)
class Roadmap:
    horizons: tuple[HorizonPlan, ...]

    @property
    def items(self) -> tuple[RoadmapItem, ...]:
        return tuple(item for plan in self.horizons for item in plan.items)

    @property
    def quick_wins(self) -> tuple[RoadmapItem, ...]:
        return tuple(item for item in self.items if item.quick_win)


def implied_horizon_rank(question_level: int, area_level: int) -> int:
    """0 (short) for the next level up, 1 (medium) for two up, 2 (long) for three or more."""
    distance = question_level - area_level
    return min(max(distance, 1), len(HORIZON_IDS)) - 1


def build_roadmap(questionnaire: Questionnaire, score: AssessmentScore) -> Roadmap:
    """Turn every unmet applicable question into a roadmap item, grouped and ordered by horizon."""
    area_scores = {area_score.area.id: area_score for area_score in score.areas}
    unmet = [r for a in score.areas for r in a.results if not r.state.counts_as_met]
    unmet_ids = {r.question.id for r in unmet}
    ranks = {
        r.question.id: max(
            questionnaire.horizon(r.question.recommendation.horizon).rank,
            implied_horizon_rank(r.question.level, area_scores[r.question.area_id].level),
        )
        for r in unmet
    }
    _push_after_dependencies(ranks, {r.question.id: r.question.depends_on for r in unmet})
    weakness = {area_id: (s.level, s.met_fraction) for area_id, s in area_scores.items()}
    items = [
        _make_item(questionnaire, r, area_scores[r.question.area_id], ranks, unmet_ids)
        for r in unmet
    ]
    items.sort(
        key=lambda item: (
            item.horizon.rank,
            item.level.number,
            weakness[item.area.id],
            questionnaire.question_index(item.result.question.id),
        )
    )
    return Roadmap(
        tuple(
            HorizonPlan(horizon, tuple(item for item in items if item.horizon.id == horizon.id))
            for horizon in questionnaire.horizons
        )
    )


def _push_after_dependencies(ranks: dict[str, int], depends_on: dict[str, tuple[str, ...]]) -> None:
    """Raise each item's horizon to at least that of the unmet items it depends on.

    Items are settled dependencies first, with an explicit stack (the loader rejects cycles), so
    a chain of thousands of dependencies takes one pass and no recursion.
    """
    settled: set[str] = set()
    for root in depends_on:
        stack = [root]
        while stack:
            question_id = stack[-1]
            if question_id in settled:
                stack.pop()
                continue
            waiting = [
                d for d in depends_on.get(question_id, ()) if d in ranks and d not in settled
            ]
            if waiting and not (set(waiting) & set(stack)):
                stack.extend(waiting)
                continue
            floor = max(
                (ranks[d] for d in depends_on.get(question_id, ()) if d in ranks), default=0
            )
            ranks[question_id] = max(ranks[question_id], floor)
            settled.add(question_id)
            stack.pop()


def _make_item(
    questionnaire: Questionnaire,
    result: QuestionResult,
    area_score: AreaScore,
    ranks: dict[str, int],
    unmet_ids: set[str],
) -> RoadmapItem:
    question = result.question
    return RoadmapItem(
        result=result,
        area=area_score.area,
        level=questionnaire.level(question.level),
        area_level=area_score.level,
        horizon=questionnaire.horizon(HORIZON_IDS[ranks[question.id]]),
        quick_win=result.state == QuestionState.PARTIAL and question.level == area_score.level + 1,
        blocked_by=tuple(d for d in question.depends_on if d in unmet_ids),
    )
