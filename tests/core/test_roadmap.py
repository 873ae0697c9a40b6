"""The roadmap: which practices become items, in which horizon, in what order, and quick wins.

Questionnaires here are built with `Q(id, level, declared_horizon, depends_on)`; the scale is
0 Not in place, 1 Partially, 2 Mostly, 3 Fully, met from 2.
"""

from __future__ import annotations

from ops_maturity.core.assessment import Answer, SpecialAnswer
from ops_maturity.core.questionnaire import Questionnaire
from ops_maturity.core.roadmap import Roadmap, build_roadmap
from ops_maturity.core.scoring import score_assessment

from .builders import (
    FULLY,
    NOT_IN_PLACE,
    PARTIALLY,
    Answers,
    Q,
    assess,
    build_questionnaire,
    one_per_level,
)


def _roadmap(questionnaire: Questionnaire, answers: Answers) -> Roadmap:
    return build_roadmap(
        questionnaire, score_assessment(questionnaire, assess(questionnaire, answers))
    )


def _horizons(roadmap: Roadmap) -> dict[str, str]:
    """Question id -> horizon id, for every item."""
    return {item.result.question.id: item.horizon.id for item in roadmap.items}


def _ids(roadmap: Roadmap, horizon_id: str) -> list[str]:
    plan = next(plan for plan in roadmap.horizons if plan.horizon.id == horizon_id)
    return [item.result.question.id for item in plan.items]


def test_distance_above_area_level_sets_the_horizon_from_level_zero() -> None:
    """At level 0, with every recommendation declared short: L1 short, L2 medium, L3-4 long."""
    questionnaire = build_questionnaire({"ops": one_per_level("ops")})
    assert _horizons(_roadmap(questionnaire, {})) == {
        "ops.l1": "short",
        "ops.l2": "medium",
        "ops.l3": "long",
        "ops.l4": "long",
    }


def test_distance_is_measured_from_the_current_level() -> None:
    """At level 1: L2 (next) short, L3 (two up) medium, L4 (three up) long."""
    questionnaire = build_questionnaire({"ops": one_per_level("ops")})
    assert _horizons(_roadmap(questionnaire, {"ops.l1": FULLY})) == {
        "ops.l2": "short",
        "ops.l3": "medium",
        "ops.l4": "long",
    }


def test_declared_horizon_wins_when_it_is_later() -> None:
    """A next-level practice declared long stays long; one declared medium stays medium."""
    questionnaire = build_questionnaire(
        {
            "ops": one_per_level("ops", ("long", "short", "short", "short")),
            "dev": one_per_level("dev", ("medium", "short", "short", "short")),
        }
    )
    horizons = _horizons(_roadmap(questionnaire, {}))
    assert (horizons["ops.l1"], horizons["dev.l1"]) == ("long", "medium")


def test_implied_horizon_wins_when_it_is_later() -> None:
    """A level-4 practice declared short is still long while the area is at level 0."""
    questionnaire = build_questionnaire({"ops": one_per_level("ops")})
    assert questionnaire.question("ops.l4").recommendation.horizon == "short"
    assert _horizons(_roadmap(questionnaire, {}))["ops.l4"] == "long"


def test_minimal_example_horizons(minimal: Questionnaire) -> None:
    """Minimal example, visibility at 1 and incidents at 0: each item's later horizon."""
    roadmap = _roadmap(minimal, {"visibility.error-rates": FULLY})
    assert _horizons(roadmap) == {
        "visibility.dashboards": "medium",  # next level, declared medium
        "visibility.trends": "medium",  # two up, declared medium
        "visibility.anomalies": "long",  # three up, declared long
        "incidents.roles": "short",  # next level, declared short
        "incidents.reviews": "medium",  # two up, declared short
        "incidents.follow-through": "long",  # three up, declared medium
        "incidents.auto-mitigation": "long",  # four up, declared long
    }


def test_dependency_pushes_an_item_to_its_dependency_horizon() -> None:
    """A level-1 practice depending on an unmet level-3 practice (long) moves to long."""
    questionnaire = build_questionnaire(
        {
            "ops": [Q("ops.l1", 1, depends_on=("dev.l3",)), *one_per_level("ops")[1:]],
            "dev": one_per_level("dev"),
        }
    )
    roadmap = _roadmap(questionnaire, {})
    item = next(item for item in roadmap.items if item.result.question.id == "ops.l1")
    assert item.horizon.id == "long"
    assert item.blocked_by == ("dev.l3",)


def test_dependencies_push_transitively() -> None:
    """A depends on B depends on long-horizon C: A is long too, even listed before B."""
    questionnaire = build_questionnaire(
        {
            "ops": [Q("ops.l1", 1, depends_on=("dev.l1",)), *one_per_level("ops")[1:]],
            "dev": [Q("dev.l1", 1, depends_on=("dev.l4",)), *one_per_level("dev")[1:]],
        }
    )
    horizons = _horizons(_roadmap(questionnaire, {}))
    assert (horizons["ops.l1"], horizons["dev.l1"]) == ("long", "long")


def test_met_dependency_does_not_push() -> None:
    """Depending on a practice already met leaves the item where its own rules put it."""
    questionnaire = build_questionnaire(
        {
            "ops": [Q("ops.l1", 1, depends_on=("dev.l3",)), *one_per_level("ops")[1:]],
            "dev": one_per_level("dev"),
        }
    )
    roadmap = _roadmap(questionnaire, {"dev.l3": FULLY})
    item = next(item for item in roadmap.items if item.result.question.id == "ops.l1")
    assert item.horizon.id == "short"
    assert item.blocked_by == ()


def _strong_and_weak() -> tuple[Questionnaire, Answers]:
    """`strong` (first in the file) at level 1 with L2 declared long; `weak` at level 0.

    Long horizon: strong.l2 (declared), weak.l3, weak.l4 and strong.l4 (implied).
    """
    questionnaire = build_questionnaire(
        {
            "strong": one_per_level("strong", ("short", "long", "short", "short")),
            "weak": one_per_level("weak"),
        }
    )
    return questionnaire, {"strong.l1": FULLY}


def test_items_in_a_horizon_are_ordered_by_level_first() -> None:
    """A level-2 item of the stronger area comes before a level-3 item of the weaker one."""
    questionnaire, answers = _strong_and_weak()
    long_ids = _ids(_roadmap(questionnaire, answers), "long")
    assert long_ids.index("strong.l2") < long_ids.index("weak.l3")


def test_items_at_the_same_level_are_ordered_weakest_area_first() -> None:
    """Both level-4 items are long; the weaker area's comes first, though listed second."""
    questionnaire, answers = _strong_and_weak()
    assert _ids(_roadmap(questionnaire, answers), "long") == [
        "strong.l2",
        "weak.l3",
        "weak.l4",
        "strong.l4",
    ]


def test_areas_at_the_same_level_are_ordered_by_share_of_practices_met() -> None:
    """Both areas at level 0: the one with fewer practices met comes first in a horizon."""
    questionnaire = build_questionnaire(
        {"halfway": one_per_level("halfway"), "bare": one_per_level("bare")}
    )
    roadmap = _roadmap(questionnaire, {"halfway.l2": FULLY, "halfway.l3": FULLY})
    assert _ids(roadmap, "short") == ["bare.l1", "halfway.l1"]


def test_horizon_plans_come_in_order_even_when_empty() -> None:
    """The roadmap always has short, medium and long plans, in that order."""
    questionnaire = build_questionnaire({"ops": one_per_level("ops")})
    roadmap = _roadmap(questionnaire, dict.fromkeys(("ops.l1", "ops.l2", "ops.l3"), FULLY))
    assert [plan.horizon.id for plan in roadmap.horizons] == ["short", "medium", "long"]
    assert [len(plan.items) for plan in roadmap.horizons] == [1, 0, 0]


def test_partial_answer_at_the_next_level_is_a_quick_win() -> None:
    """Quick wins are exactly the partial answers one level above their area's level."""
    questionnaire = build_questionnaire({"ops": one_per_level("ops"), "dev": one_per_level("dev")})
    answers: Answers = {
        "ops.l1": FULLY,
        "ops.l2": PARTIALLY,  # next level, partial: quick win
        "ops.l3": PARTIALLY,  # two levels up: not a quick win
        "dev.l1": FULLY,
        "dev.l2": NOT_IN_PLACE,  # next level but not partial: not a quick win
    }
    roadmap = _roadmap(questionnaire, answers)
    assert [item.result.question.id for item in roadmap.quick_wins] == ["ops.l2"]


def test_met_and_not_applicable_practices_are_not_items(minimal: Questionnaire) -> None:
    """Only unmet applicable practices become items; don't know and unanswered do."""
    answers: Answers = {
        "visibility.error-rates": FULLY,
        "visibility.dashboards": SpecialAnswer.NOT_APPLICABLE,
        "visibility.trends": SpecialAnswer.DONT_KNOW,
        "visibility.anomalies": PARTIALLY,
        "incidents.roles": NOT_IN_PLACE,
    }
    ids = {item.result.question.id for item in _roadmap(minimal, answers).items}
    assert ids == {
        "visibility.trends",
        "visibility.anomalies",
        "incidents.roles",
        "incidents.reviews",
        "incidents.follow-through",
        "incidents.auto-mitigation",
    }


def test_item_carries_action_area_level_owner_and_notes(minimal: Questionnaire) -> None:
    """An item holds what a task tracker needs: action, area, level, why, owner and notes."""
    answer = Answer(PARTIALLY, notes="Only the API has it.\nWeb next.", owner="Mei Chen")
    roadmap = _roadmap(minimal, {"visibility.error-rates": answer})
    item = next(i for i in roadmap.items if i.result.question.id == "visibility.error-rates")
    assert item.action == "Export request error rates for every user-facing service."
    assert (item.area.id, item.level.number, item.area_level) == ("visibility", 1, 0)
    assert (item.owner, item.notes) == ("Mei Chen", "Only the API has it.\nWeb next.")
    assert item.why == "Needed for Level 1 (Reactive Response); answered: Partially"
