"""What a roadmap holds: its items, each horizon's plan, the constraint, and why each item starts
when it does (`Timing`).

Plain frozen data, no rules: `ops_maturity.core.model.roadmap` builds it, and
`ops_maturity.core.model.roadmap_text` puts it into words. Templates see these attributes
(docs/report-templates.md), so a rename here is a change of the template API.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ops_maturity.core.model.questionnaire import Area, Choice, Horizon, Level, Recommendation
from ops_maturity.core.model.scoring import AreaScore, QuestionResult, QuestionState

PLAN_LIMIT = 5
"""At most this many items in this quarter's plan (short-term)."""


class Timing(StrEnum):
    """Why an item starts in its horizon."""

    NEXT_STEP = "next-step"
    """A next step of the constraint: this quarter's plan."""
    PREREQUISITE = "prerequisite"
    """In this quarter's plan because a next step of the constraint needs it."""
    PLAN_FULL = "plan-full"
    """A next step of the constraint that did not fit in this quarter's plan."""
    NEXT_LEVEL = "next-level"
    """The next step of an area outside the constraint."""
    LATER_LEVEL = "later-level"
    """A level or more above the area's next steps."""
    WAITS = "waits"
    """Later than its own rule says, because something it needs starts then."""


@dataclass(frozen=True)
class ConstraintArea:
    """An area in the constraint, and why it is there."""

    score: AreaScore
    target: int
    target_set: bool
    """True when the team set the target; False for the default (the next level up)."""
    lowest: bool
    """At the lowest level among the areas with roadmap items: it holds the overall level."""

    @property
    def area(self) -> Area:
        return self.score.area

    @property
    def level(self) -> int:
        return self.score.level


@dataclass(frozen=True)
class RoadmapItem:
    """One thing to do, with what a tracker needs and why it starts when it does."""

    result: QuestionResult
    area: Area
    level: Level
    area_level: int
    horizon: Horizon
    """When to start it."""
    size: Horizon
    """How long the whole of it takes: the recommendation's horizon."""
    timing: Timing
    in_constraint: bool
    is_prerequisite: bool
    """Another roadmap item needs it."""
    discussed: str
    """Team mode: why the team discussed it ('' when it did not)."""
    needed_for_target: bool
    blocked_by: tuple[str, ...]
    """Ids of the practices in its `depends_on` that are not met yet (items or follow-ups)."""
    needed_by: tuple[str, ...] = ()
    """PREREQUISITE: the next step that needs it."""
    waits_for: tuple[str, ...] = ()
    """WAITS: the item it waits for."""

    @property
    def question_id(self) -> str:
        return self.result.question.id

    @property
    def action(self) -> str:
        return self.result.question.recommendation.action

    @property
    def recommendation(self) -> Recommendation:
        return self.result.question.recommendation

    @property
    def how(self) -> str:
        """The guidance as written: the recommendation's `how` (Markdown) or `detail` (text)."""
        return self.recommendation.guidance

    @property
    def how_is_markdown(self) -> bool:
        """True when `how` is Markdown (the recommendation's `how`), False for plain text."""
        return bool(self.recommendation.how)

    @property
    def missing_choices(self) -> tuple[Choice, ...]:
        """A multi-select practice: the listed choices the team did not pick, each with its own
        guidance (`how`); () for other practices."""
        value = self.result.answer.value
        scale = self.result.question.scale
        if not scale.multiple or not isinstance(value, tuple):
            return ()
        return scale.missing(value)

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

    @property
    def partly_in_place(self) -> bool:
        """Answered with a choice between the lowest and the one that meets the practice."""
        return self.result.state == QuestionState.PARTIAL

    @property
    def first_step(self) -> bool:
        """The whole of it takes longer than its horizon: plan a first step there."""
        return self.size.rank > self.horizon.rank


@dataclass(frozen=True)
class HorizonPlan:
    horizon: Horizon
    items: tuple[RoadmapItem, ...]
    introduction: str = ""
    """What this horizon holds and why, written from its items."""


@dataclass(frozen=True)
class Roadmap:
    horizons: tuple[HorizonPlan, ...]
    constraint: tuple[ConstraintArea, ...] = ()
    follow_ups: tuple[QuestionResult, ...] = ()
    """Unanswered and don't-know questions: to answer first, never items."""
    overall_level: int = 0
    unassessed: tuple[Area, ...] = ()
    """Areas none of whose questions is answered: nothing of them can be planned yet."""

    @property
    def items(self) -> tuple[RoadmapItem, ...]:
        return tuple(item for plan in self.horizons for item in plan.items)

    @property
    def plan(self) -> tuple[RoadmapItem, ...]:
        """This quarter's plan: the short-term items."""
        return self.horizons[0].items if self.horizons else ()

    @property
    def later(self) -> tuple[HorizonPlan, ...]:
        """The horizons after this quarter's plan."""
        return self.horizons[1:]

    @property
    def partly_in_place(self) -> tuple[RoadmapItem, ...]:
        return tuple(item for item in self.items if item.partly_in_place)

    def item(self, question_id: str) -> RoadmapItem | None:
        return next((item for item in self.items if item.question_id == question_id), None)
