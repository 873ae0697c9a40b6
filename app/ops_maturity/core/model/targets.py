"""Target levels per area: what the team aims for, and which roadmap items get it there.

An area's target is the level stored in the assessment's `[targets]` table, or the next level up
(current + 1, capped at the top) when none is stored. Items needed to reach the target come first
on the roadmap; the rest follow. Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Area, Horizon, Questionnaire
from ops_maturity.core.model.roadmap_items import Roadmap, RoadmapItem
from ops_maturity.core.model.scoring import AssessmentScore


def default_target(current_level: int, max_level: int) -> int:
    """The next level up, or the top level when it is reached."""
    return min(current_level + 1, max_level)


@dataclass(frozen=True)
class AreaTarget:
    """One area's current level against its target."""

    area: Area
    current: int
    target: int
    stored: bool
    """True when the team set this target; False for the default (current + 1)."""

    @property
    def gap(self) -> int:
        """Levels still to climb (0 when the target is reached)."""
        return max(self.target - self.current, 0)

    @property
    def reached(self) -> bool:
        return self.current >= self.target


def area_targets(
    questionnaire: Questionnaire, assessment: Assessment, score: AssessmentScore
) -> tuple[AreaTarget, ...]:
    """Every area's target, stored or default, capped at the questionnaire's top level."""
    max_level = questionnaire.max_level
    targets = []
    for area_score in score.areas:
        stored = assessment.targets.get(area_score.area.id)
        target = (
            min(stored, max_level)
            if stored is not None
            else default_target(area_score.level, max_level)
        )
        targets.append(AreaTarget(area_score.area, area_score.level, target, stored is not None))
    return tuple(targets)


def is_needed_for_target(item: RoadmapItem, targets: dict[str, int]) -> bool:
    """True when the item's practice sits at or below its area's target level."""
    return item.level.number <= targets.get(item.area.id, 0)


@dataclass(frozen=True)
class TargetedRoadmap:
    """The roadmap split in two: what reaching the targets needs, then everything else."""

    toward_target: tuple[RoadmapItem, ...]
    after_target: tuple[RoadmapItem, ...]

    @property
    def items(self) -> tuple[RoadmapItem, ...]:
        """Every item, those needed for the targets first, each part in roadmap order."""
        return self.toward_target + self.after_target


def split_roadmap(roadmap: Roadmap, targets: dict[str, int]) -> TargetedRoadmap:
    """Items needed for the targets first (in roadmap order), then the rest."""
    toward = tuple(item for item in roadmap.items if is_needed_for_target(item, targets))
    after = tuple(item for item in roadmap.items if not is_needed_for_target(item, targets))
    return TargetedRoadmap(toward, after)


def set_target(assessment: Assessment, area_id: str, level: int, max_level: int) -> int:
    """Store a target for an area, clamped to 0..max_level; returns the stored level."""
    clamped = max(0, min(level, max_level))
    assessment.targets[area_id] = clamped
    return clamped


@dataclass(frozen=True)
class HorizonGroup:
    """One horizon's items: those with an owner first, then the unassigned ones together."""

    horizon: Horizon
    assigned: tuple[RoadmapItem, ...]
    unassigned: tuple[RoadmapItem, ...]

    @property
    def items(self) -> tuple[RoadmapItem, ...]:
        return self.assigned + self.unassigned


@dataclass(frozen=True)
class RoadmapPart:
    """'Toward the targets' or 'After the targets', by horizon."""

    title: str
    horizons: tuple[HorizonGroup, ...]

    @property
    def items(self) -> tuple[RoadmapItem, ...]:
        return tuple(item for group in self.horizons for item in group.items)


def _by_horizon(
    items: tuple[RoadmapItem, ...], horizons: tuple[Horizon, ...]
) -> tuple[HorizonGroup, ...]:
    groups = []
    for horizon in horizons:
        mine = tuple(item for item in items if item.horizon.id == horizon.id)
        if mine:
            groups.append(
                HorizonGroup(
                    horizon,
                    tuple(item for item in mine if item.owner),
                    tuple(item for item in mine if not item.owner),
                )
            )
    return tuple(groups)


def roadmap_parts(
    questionnaire: Questionnaire, roadmap: Roadmap, targets: dict[str, int]
) -> tuple[RoadmapPart, RoadmapPart]:
    """The roadmap as two parts, toward the targets then after them, each by horizon."""
    split = split_roadmap(roadmap, targets)
    return (
        RoadmapPart("Toward the targets", _by_horizon(split.toward_target, questionnaire.horizons)),
        RoadmapPart("After the targets", _by_horizon(split.after_target, questionnaire.horizons)),
    )
