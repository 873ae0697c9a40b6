"""The roadmap: what the team does next, when each piece of work starts, and in what order.

The rules, stated for teams in docs/roadmap.md:

- **Items** are the practices the team answered and does not meet (not in place, or partly in
  place). Unanswered and don't-know questions are follow-ups, never items.
- **Prerequisites**: a practice needs its `depends_on` and every practice below it in its area,
  followed through practices that are not met yet (`ops_maturity.core.model.prerequisites`).
- **The constraint** is the set of areas holding the team back: those below a target the team
  set, and those at the lowest level among the areas with items (they hold the overall level
  down) unless the team set that area's target at its current level. When that leaves none, the
  lowest areas are the constraint.
- **Next steps** of an area are its items at the lowest level where it has any.
- **This quarter's plan** (short-term) is the constraint's next steps, each after the items it
  needs, cut at PLAN_LIMIT items.
- **When to start** any other item: one horizon per level above the area's next steps (counting
  only levels at which the area has practices), one more when the area is not in the constraint, never before medium-term, never after long-term, and
  never before anything it needs.
- **How long it takes** is the recommendation's own horizon (`size`): a large piece of work can
  start early as a first step.
- **Order within a horizon**: items other items need, the constraint's, those the team discussed
  or has partly in place, then the rest; each group by area, weakest first, then by level; and
  never before anything it needs.

The data it builds is in `roadmap_items`, its words in `roadmap_text`. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.prerequisites import (
    latest_needed,
    needed_by_others,
    needs_first,
    needs_graph,
    ordered_with_needs_first,
    without_needs_of,
)
from ops_maturity.core.model.questionnaire import HORIZON_IDS, Questionnaire
from ops_maturity.core.model.roadmap_items import PLAN_LIMIT, ConstraintArea, HorizonPlan, Timing

# What build_roadmap returns, importable with it (the Results screen does):
from ops_maturity.core.model.roadmap_items import Roadmap as Roadmap
from ops_maturity.core.model.roadmap_items import RoadmapItem as RoadmapItem
from ops_maturity.core.model.roadmap_text import horizon_introduction
from ops_maturity.core.model.scoring import AreaScore, AssessmentScore, QuestionState
from ops_maturity.core.model.votes import needs_discussion, spread, votes_for

ITEM_STATES = (QuestionState.UNMET, QuestionState.PARTIAL)
"""The answers that make a practice a roadmap item."""


def target_of(area_score: AreaScore, targets: Mapping[str, int], max_level: int) -> int:
    """The area's target: the one the team set (capped at the top level), else the next level."""
    stored = targets.get(area_score.area.id)
    if stored is not None:
        return min(stored, max_level)
    return min(area_score.level + 1, max_level)


def levels_above(practice_levels: list[int], base: int, level: int) -> int:
    """How many of an area's practice levels lie above `base`, up to and including `level`:
    levels the area skips (no practice there) are not steps. With a practice at every level
    this is `level - base`."""
    return sum(1 for number in practice_levels if base < number <= level)


def constraint_areas(
    questionnaire: Questionnaire,
    score: AssessmentScore,
    with_items: set[str],
    targets: Mapping[str, int],
) -> tuple[ConstraintArea, ...]:
    """The areas that hold the team back, among those with roadmap items (see the module doc)."""
    candidates = [a for a in score.areas if a.area.id in with_items]
    if not candidates:
        return ()
    lowest = min(a.level for a in candidates)
    max_level = questionnaire.max_level

    def entry(area_score: AreaScore) -> ConstraintArea:
        return ConstraintArea(
            area_score,
            target_of(area_score, targets, max_level),
            area_score.area.id in targets,
            area_score.level == lowest,
        )

    chosen = [
        entry(a)
        for a in candidates
        if a.level < target_of(a, targets, max_level)
        and (a.area.id in targets or a.level == lowest)
    ]
    return tuple(chosen or [entry(a) for a in candidates if a.level == lowest])


def discussion_reason(questionnaire: Questionnaire, assessment: Assessment, qid: str) -> str:
    """Why the team discussed a practice: the facilitator flagged it, its votes spread widely,
    or the facilitator set its answer."""
    if qid in assessment.discuss:
        return "flagged for discussion"
    votes = votes_for(assessment, qid)
    if not votes.revealed:
        return ""
    if votes.overridden:
        return "answer set by the facilitator"
    scale = questionnaire.question(qid).scale
    if needs_discussion(scale, votes):
        if scale.multiple:
            return f"votes differ on {spread(scale, votes)} choices"
        return f"votes spread {spread(scale, votes)} steps"
    return ""


def build_roadmap(
    questionnaire: Questionnaire,
    score: AssessmentScore,
    assessment: Assessment | None = None,
    *,
    plan_limit: int = PLAN_LIMIT,
) -> Roadmap:
    """Plan every answered unmet practice (see the module doc for the rules).

    `assessment` gives the targets the team set and its votes (discussed practices); without it,
    every area aims for the next level up and nothing counts as discussed.
    """
    targets = dict(assessment.targets) if assessment is not None else {}
    results = {result.question.id: result for result in score.results}
    items = [qid for qid, result in results.items() if result.state in ITEM_STATES]
    item_set = set(items)
    horizons = [questionnaire.horizon(horizon_id) for horizon_id in HORIZON_IDS]
    unassessed = score.unassessed_areas
    if not items:
        return Roadmap(
            tuple(HorizonPlan(h, (), horizon_introduction(h, (), ())) for h in horizons),
            (),
            score.follow_ups,
            score.overall_level,
            unassessed,
        )

    area_scores = {area_score.area.id: area_score for area_score in score.areas}
    area_of = {qid: results[qid].question.area_id for qid in items}
    level_of = {qid: results[qid].question.level for qid in items}
    practice_levels = {
        area.id: sorted({question.level for question in area.questions})
        for area in questionnaire.areas
    }
    first_open: dict[str, int] = {}
    for qid in items:
        first_open[area_of[qid]] = min(first_open.get(area_of[qid], level_of[qid]), level_of[qid])
    constraint = constraint_areas(questionnaire, score, set(first_open), targets)
    in_constraint = {entry.area.id for entry in constraint}

    done = (qid for qid, result in results.items() if result.state.counts_as_met)
    graph = without_needs_of(needs_graph(questionnaire.areas), done)
    prerequisites = needed_by_others(graph, items)
    discussed = {
        qid: discussion_reason(questionnaire, assessment, qid) if assessment is not None else ""
        for qid in items
    }
    area_index = {area.id: index for index, area in enumerate(questionnaire.areas)}
    area_rank = {
        area_id: (s.level, s.met_fraction, area_index[area_id])
        for area_id, s in area_scores.items()
    }

    def tier(qid: str) -> int:
        if qid in prerequisites:
            return 0
        if area_of[qid] in in_constraint:
            return 1
        if discussed[qid] or results[qid].state == QuestionState.PARTIAL:
            return 2
        return 3

    def priority(qid: str) -> tuple[int, tuple[int, float, int], int, int]:
        return (
            tier(qid),
            area_rank[area_of[qid]],
            level_of[qid],
            questionnaire.question_index(qid),
        )

    # This quarter's plan: the constraint's next steps, each after what it needs.
    next_steps = sorted(
        (
            qid
            for qid in items
            if area_of[qid] in in_constraint and level_of[qid] == first_open[area_of[qid]]
        ),
        key=priority,
    )
    chosen: list[str] = []
    pulled_in_by: dict[str, str] = {}
    seen: set[str] = set()
    for step in next_steps:
        for qid in needs_first(graph, step, item_set, seen):
            chosen.append(qid)
            if qid != step:
                pulled_in_by[qid] = step
        if len(chosen) >= plan_limit:
            break
    chosen = chosen[:plan_limit]
    in_plan = set(chosen)

    timing: dict[str, Timing] = {}
    own_rank: dict[str, int] = {}
    next_step_set = set(next_steps)
    for qid in items:
        if qid in in_plan:
            own_rank[qid] = 0
            timing[qid] = Timing.NEXT_STEP if qid in next_step_set else Timing.PREREQUISITE
            continue
        steps_up = levels_above(
            practice_levels[area_of[qid]], first_open[area_of[qid]], level_of[qid]
        )
        outside = 0 if area_of[qid] in in_constraint else 1
        own_rank[qid] = max(1, min(steps_up + outside, len(HORIZON_IDS) - 1))
        if steps_up > 0:
            timing[qid] = Timing.LATER_LEVEL
        else:
            timing[qid] = Timing.PLAN_FULL if area_of[qid] in in_constraint else Timing.NEXT_LEVEL
    latest = latest_needed(graph, own_rank)
    rank: dict[str, int] = {}
    waits_for: dict[str, str] = {}
    for qid in items:
        value, source = latest[qid]
        rank[qid] = value
        if value > own_rank[qid] and source is not None:
            timing[qid] = Timing.WAITS
            waits_for[qid] = source

    order = ordered_with_needs_first(graph, item_set, lambda qid: (rank[qid], priority(qid)))
    planned: list[list[RoadmapItem]] = [[] for _ in horizons]
    for qid in order:
        result = results[qid]
        question = result.question
        area_score = area_scores[area_of[qid]]
        planned[rank[qid]].append(
            RoadmapItem(
                result=result,
                area=area_score.area,
                level=questionnaire.level(question.level),
                area_level=area_score.level,
                horizon=horizons[rank[qid]],
                size=questionnaire.horizon(question.recommendation.horizon),
                timing=timing[qid],
                in_constraint=area_of[qid] in in_constraint,
                is_prerequisite=qid in prerequisites,
                discussed=discussed[qid],
                needed_for_target=question.level
                <= target_of(area_score, targets, questionnaire.max_level),
                blocked_by=tuple(
                    d
                    for d in question.depends_on
                    if d in results and not results[d].state.counts_as_met
                ),
                needed_by=(pulled_in_by[qid],) if qid in pulled_in_by else (),
                waits_for=(waits_for[qid],) if qid in waits_for else (),
            )
        )
    return Roadmap(
        tuple(
            HorizonPlan(
                horizon, tuple(mine), horizon_introduction(horizon, tuple(mine), constraint)
            )
            for horizon, mine in zip(horizons, planned, strict=True)
        ),
        constraint,
        score.follow_ups,
        score.overall_level,
        unassessed,
    )
