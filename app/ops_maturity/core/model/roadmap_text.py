"""The roadmap's words: horizon introductions, why each item starts when it does, item labels.

Written from what the roadmap holds, never fixed blurbs, so they cannot contradict the items.
Shared by the Markdown report and the Results screen. Plain text: callers escape it for their
medium (Markdown, Textual Content). Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

from ops_maturity.core.model.questionnaire import Horizon
from ops_maturity.core.model.roadmap_items import (
    PLAN_LIMIT,
    ConstraintArea,
    Roadmap,
    RoadmapItem,
    Timing,
)

AREA_NAMES_SHOWN = 3
"""Name up to this many areas in a sentence; more are counted instead."""


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 item', '3 items'."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def join_words(parts: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def area_names(names: Sequence[str]) -> str:
    """The areas named, or counted when there are more than AREA_NAMES_SHOWN."""
    unique = list(dict.fromkeys(names))
    if len(unique) > AREA_NAMES_SHOWN:
        return plural(len(unique), "area")
    return join_words(unique)


def constraint_reason(entry: ConstraintArea) -> str:
    """'Level 1, the lowest' or 'Level 2, target 3'."""
    if entry.target_set and entry.level < entry.target:
        return f"Level {entry.level}, target {entry.target}"
    return f"Level {entry.level}, the lowest"


def constraint_text(constraint: Sequence[ConstraintArea]) -> str:
    """'Alerting (Level 1, the lowest) and Design (Level 2, target 3)'."""
    return join_words([f"{entry.area.name} ({constraint_reason(entry)})" for entry in constraint])


def item_labels(item: RoadmapItem) -> list[str]:
    """Short labels that explain themselves: partly in place, discussed, a first step."""
    labels = []
    if item.partly_in_place:
        labels.append("already partly in place")
    if item.discussed:
        labels.append(f"discussed: {item.discussed}")
    if item.first_step:
        labels.append(f"first step of {item.size.label} work")
    return labels


def _action_of(roadmap: Roadmap, question_ids: Sequence[str]) -> str:
    found = [roadmap.item(qid) for qid in question_ids]
    return join_words([item.action.rstrip(".") for item in found if item is not None])


def when_text(item: RoadmapItem, roadmap: Roadmap) -> str:
    """Why the item starts in its horizon, in one sentence."""
    area = item.area.name
    entry = next((c for c in roadmap.constraint if c.area.id == item.area.id), None)
    if item.timing is Timing.NEXT_STEP and entry is not None:
        return f"Next step for {area} ({constraint_reason(entry)})."
    if item.timing is Timing.PREREQUISITE:
        return f"Needed first by: {_action_of(roadmap, item.needed_by)}."
    if item.timing is Timing.PLAN_FULL:
        return f"Next step for {area}, after this quarter's plan (it holds at most {PLAN_LIMIT} items)."
    if item.timing is Timing.NEXT_LEVEL:
        return f"Next level for {area} (Level {item.area_level} now), after the constraint."
    if item.timing is Timing.WAITS:
        waited = roadmap.item(item.waits_for[0]) if item.waits_for else None
        if waited is not None:
            return f'After "{waited.action.rstrip(".")}", which starts {waited.horizon.label}.'
    return f"Level {item.level.number} of {area}: after its lower levels."


def horizon_introduction(
    horizon: Horizon, items: Sequence[RoadmapItem], constraint: Sequence[ConstraintArea]
) -> str:
    """What a horizon holds and why, from its items; never the same words for two horizons."""
    if not items:
        if horizon.rank == 0:
            return "Nothing to start: every practice the team answered is met."
        return f"Nothing starts in {horizon.label}."
    count = len(items)
    by_timing = {timing: [i for i in items if i.timing is timing] for timing in Timing}
    if horizon.rank == 0:
        parts = [
            plural(len(by_timing[Timing.NEXT_STEP]), "next step") + " of the constraint"
            if by_timing[Timing.NEXT_STEP]
            else "",
            plural(len(by_timing[Timing.PREREQUISITE]), "prerequisite") + " they need first"
            if by_timing[Timing.PREREQUISITE]
            else "",
        ]
        opening = f"{plural(count, 'item')}: {join_words([p for p in parts if p])}."
    else:
        parts = []
        if by_timing[Timing.PLAN_FULL]:
            parts.append(
                f"{plural(len(by_timing[Timing.PLAN_FULL]), 'more next step')} of the constraint"
            )
        if by_timing[Timing.NEXT_LEVEL]:
            names = area_names([i.area.name for i in by_timing[Timing.NEXT_LEVEL]])
            parts.append(f"the next level of {names}")
        if by_timing[Timing.LATER_LEVEL]:
            names = area_names([i.area.name for i in by_timing[Timing.LATER_LEVEL]])
            parts.append(f"higher levels of {names}")
        if by_timing[Timing.WAITS]:
            waiting = len(by_timing[Timing.WAITS])
            parts.append(
                f"{plural(waiting, 'item')} waiting for what "
                + ("it needs" if waiting == 1 else "they need")
            )
        opening = f"{plural(count, 'item')}: {join_words(parts)}."
    notes = []
    partly = sum(1 for item in items if item.partly_in_place)
    discussed = sum(1 for item in items if item.discussed)
    first_steps = sum(1 for item in items if item.first_step)
    owned = sum(1 for item in items if item.owner)
    if partly:
        notes.append(f"{partly} already partly in place")
    if discussed:
        notes.append(f"{discussed} discussed by the team")
    if first_steps:
        notes.append(f"{plural(first_steps, 'first step')} of longer work")
    notes.append(
        "all with an owner"
        if owned == count
        else "none with an owner yet"
        if owned == 0
        else f"{owned} with an owner"
    )
    closing = join_words(notes)
    return f"{opening} {closing[:1].upper()}{closing[1:]}."


def plan_introduction(roadmap: Roadmap) -> str:
    """The opening of this quarter's plan: the constraint, and what the plan is."""
    if not roadmap.plan:
        if roadmap.follow_ups:
            return "No practice the team answered is unmet: answer the follow-ups to plan further."
        return "Every applicable practice is met: keep it that way."
    its = "its" if len(roadmap.constraint) == 1 else "their"
    among = ", among the areas answered" if roadmap.unassessed else ""
    return (
        f"The constraint{among}: {constraint_text(roadmap.constraint)}. "
        f"This quarter, {its} next steps, each after what it needs:"
    )


def plan_reason(item: RoadmapItem, roadmap: Roadmap) -> str:
    """The 'why now' of an item in this quarter's plan: a next step, or needed first by another
    (by its number in the plan), then its labels."""
    if item.timing is Timing.PREREQUISITE:
        numbers = [
            f"#{number}"
            for number, other in enumerate(roadmap.plan, 1)
            if other.question_id in item.needed_by
        ]
        first = f"needed first by {join_words(numbers)}" if numbers else "needed first"
    else:
        first = f"next step to Level {item.level.number}"
    text = "; ".join([first, *item_labels(item)])
    return text[:1].upper() + text[1:]


def plan_closing(roadmap: Roadmap) -> str:
    """What follows this quarter's plan: owners still missing, what comes later, follow-ups."""
    sentences = []
    unassigned = sum(1 for item in roadmap.plan if not item.owner)
    if unassigned:
        sentences.append(
            f"{unassigned} of {len(roadmap.plan)} without an owner: "
            "name one before the meeting ends."
        )
    later = [plan for plan in roadmap.later if plan.items]
    if later:
        parts = [f"{len(plan.items)} in {plan.horizon.label}" for plan in later]
        sentences.append(f"After this quarter: {join_words(parts)}, in the Roadmap below.")
    if roadmap.follow_ups:
        sentences.append(
            f"Answer first: {plural(len(roadmap.follow_ups), 'follow-up')}, listed under "
            "Follow-ups."
        )
    return " ".join(sentences)
