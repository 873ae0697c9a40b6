"""The roadmap: which practices become items, when each starts, in what order (docs/roadmap.md).

Questionnaires here are built with `Q(id, level, declared_horizon, depends_on)`; the scale is
0 Not in place, 1 Partially, 2 Mostly, 3 Fully, met from 2. The property tests at the end check
every rule on random questionnaires and assessments against an oracle written from the rules.
"""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.roadmap_items import PLAN_LIMIT, Roadmap, Timing
from ops_maturity.core.model.roadmap_text import horizon_introduction, when_text
from ops_maturity.core.model.scoring import QuestionState, score_assessment
from ops_maturity.core.model.votes import QuestionVotes
from ops_maturity.core.questionnaires.bundled import resolve_questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment

from .builders import (
    FULLY,
    MOSTLY,
    NOT_IN_PLACE,
    PARTIALLY,
    ROOT,
    Answers,
    Q,
    assess,
    build_questionnaire,
    one_per_level,
)

EXAMPLES = ROOT / "examples"


def _roadmap(
    questionnaire: Questionnaire, answers: Answers, targets: dict[str, int] | None = None
) -> Roadmap:
    assessment = assess(questionnaire, answers)
    assessment.targets.update(targets or {})
    return build_roadmap(questionnaire, score_assessment(questionnaire, assessment), assessment)


def _horizons(roadmap: Roadmap) -> dict[str, str]:
    """Question id -> horizon id, for every item."""
    return {item.question_id: item.horizon.id for item in roadmap.items}


def _ids(roadmap: Roadmap, horizon_id: str) -> list[str]:
    plan = next(plan for plan in roadmap.horizons if plan.horizon.id == horizon_id)
    return [item.question_id for item in plan.items]


def _example(name: str) -> tuple[Questionnaire, Assessment, Roadmap]:
    assessment = load_assessment(EXAMPLES / name)
    questionnaire = resolve_questionnaire(assessment.questionnaire_id)
    score = score_assessment(questionnaire, assessment)
    return questionnaire, assessment, build_roadmap(questionnaire, score, assessment)


def _all(questionnaire: Questionnaire, value: int) -> dict[str, int]:
    return {question.id: value for question in questionnaire.questions}


# ------------------------------------------------------------------ only what the team said


def test_unanswered_and_dont_know_are_follow_ups_never_items(minimal: Questionnaire) -> None:
    """Only answered, unmet practices are items; the rest of the unmet ones are follow-ups."""
    answers: Answers = {
        "visibility.error-rates": FULLY,
        "visibility.dashboards": SpecialAnswer.NOT_APPLICABLE,
        "visibility.trends": SpecialAnswer.DONT_KNOW,
        "visibility.anomalies": PARTIALLY,
        "incidents.roles": NOT_IN_PLACE,
    }
    roadmap = _roadmap(minimal, answers)
    assert {item.question_id for item in roadmap.items} == {
        "visibility.anomalies",
        "incidents.roles",
    }
    assert [r.question.id for r in roadmap.follow_ups] == [
        "visibility.trends",
        "incidents.reviews",
        "incidents.follow-through",
        "incidents.auto-mitigation",
    ]


def test_nothing_answered_gives_an_empty_plan_that_says_so(minimal: Questionnaire) -> None:
    """With no answers there is nothing to plan, only follow-ups, and the words say so."""
    roadmap = _roadmap(minimal, {})
    assert roadmap.items == () and len(roadmap.follow_ups) == 8
    assert roadmap.horizons[0].introduction.startswith("Nothing to start")


def test_the_16_of_64_retro_plans_exactly_what_the_team_discussed() -> None:
    """Checkout's retro answered 16 of 64 questions: the plan is the two alerting practices the
    team argued about, the dashboard it also discussed leads medium-term, and nothing
    unanswered is an item."""
    questionnaire, assessment, roadmap = _example("checkout-2027-q1-team.toml")
    assert assessment.answered_count(questionnaire) == 16
    assert [item.question_id for item in roadmap.plan] == [
        "alerting.actionable",
        "alerting.urgency",
    ]
    assert all(item.discussed and item.partly_in_place for item in roadmap.plan)
    assert [entry.area.id for entry in roadmap.constraint] == ["alerting"]
    assert len(roadmap.items) == 8 and len(roadmap.follow_ups) == 49
    assert all(item.result.state.value in ("unmet", "partial") for item in roadmap.items)
    assert "visibility.dashboards" in _ids(roadmap, "medium")
    assert {area.id for area in roadmap.unassessed} == {
        "incidents",
        "on-call",
        "design",
        "automation",
        "capacity",
        "ownership",
    }


# ------------------------------------------------------------------ next steps always there


def test_a_team_at_level_two_gets_its_next_steps_this_quarter() -> None:
    """Payments Platform 2027-Q1 (Level 2): short-term holds the next steps of the two areas
    below their target, with the team's owners; before, it held nothing."""
    _, _, roadmap = _example("payments-platform-2027-q1.toml")
    assert [entry.area.id for entry in roadmap.constraint] == ["automation", "capacity"]
    assert [item.question_id for item in roadmap.plan] == [
        "automation.common-responses",
        "automation.guardrails",
        "capacity.optimisation",
    ]
    assert [item.owner for item in roadmap.plan] == ["Tomás Ortega", "", "Mei Chen"]
    assert all(item.timing is Timing.NEXT_STEP for item in roadmap.plan)


def test_constraint_is_the_lowest_areas_with_default_targets() -> None:
    """Without set targets, the areas at the lowest level hold the overall level: theirs are
    the next steps, and the next level of every other area waits until medium-term."""
    questionnaire = build_questionnaire({"ops": one_per_level("ops"), "dev": one_per_level("dev")})
    answers = {**_all(questionnaire, NOT_IN_PLACE), "ops.l1": FULLY}
    roadmap = _roadmap(questionnaire, answers)
    assert [entry.area.id for entry in roadmap.constraint] == ["dev"]
    assert _horizons(roadmap) == {
        "dev.l1": "short",
        "dev.l2": "medium",
        "dev.l3": "long",
        "dev.l4": "long",
        "ops.l2": "medium",
        "ops.l3": "long",
        "ops.l4": "long",
    }


def test_an_area_below_its_set_target_joins_the_constraint() -> None:
    """A target the team set, above the area's level, puts that area in the constraint even
    when another area is lower."""
    questionnaire = build_questionnaire({"ops": one_per_level("ops"), "dev": one_per_level("dev")})
    answers = {**_all(questionnaire, NOT_IN_PLACE), "ops.l1": FULLY}
    roadmap = _roadmap(questionnaire, answers, {"ops": 3})
    assert [entry.area.id for entry in roadmap.constraint] == ["ops", "dev"]
    assert set(_ids(roadmap, "short")) == {"ops.l2", "dev.l1"}
    assert _horizons(roadmap)["ops.l3"] == "medium"


def test_a_reached_set_target_takes_the_lowest_area_out_of_the_constraint() -> None:
    """The team set the lowest area's target at its level: the other area, below its set
    target, is the constraint; when every target is reached, the lowest areas are."""
    questionnaire = build_questionnaire({"ops": one_per_level("ops"), "dev": one_per_level("dev")})
    answers = {**_all(questionnaire, NOT_IN_PLACE), "ops.l1": FULLY, "ops.l2": FULLY}
    chosen = _roadmap(questionnaire, answers, {"dev": 0, "ops": 3})
    assert [entry.area.id for entry in chosen.constraint] == ["ops"]
    settled = _roadmap(questionnaire, answers, {"dev": 0, "ops": 2})
    assert [entry.area.id for entry in settled.constraint] == ["dev"]
    assert _ids(settled, "short") == ["dev.l1"]


def test_the_plan_holds_at_most_five_and_the_rest_waits_for_medium_term() -> None:
    """Seven next steps in the constraint: five this quarter, two medium-term, plan full."""
    questionnaire = build_questionnaire(
        {"ops": [*(Q(f"ops.{n}", 1) for n in range(7)), Q("ops.top", 2)]}, levels=2
    )
    roadmap = _roadmap(questionnaire, _all(questionnaire, NOT_IN_PLACE))
    assert len(roadmap.plan) == PLAN_LIMIT
    medium = roadmap.horizons[1].items
    assert [item.timing for item in medium] == [Timing.PLAN_FULL] * 2 + [Timing.LATER_LEVEL]


def test_a_next_step_pulls_what_it_needs_into_the_plan_first() -> None:
    """The constraint's next step depends on a practice of a stronger area: that practice is
    planned this quarter too, before it, and says which step needs it."""
    questionnaire = build_questionnaire(
        {
            "ops": [Q("ops.l1", 1, depends_on=("dev.l3",)), *one_per_level("ops")[1:]],
            "dev": one_per_level("dev"),
        }
    )
    answers = {
        **_all(questionnaire, NOT_IN_PLACE),
        "dev.l1": FULLY,
        "dev.l2": FULLY,
    }
    roadmap = _roadmap(questionnaire, answers)
    assert _ids(roadmap, "short") == ["dev.l3", "ops.l1"]
    needed = roadmap.plan[0]
    assert (needed.timing, needed.needed_by) == (Timing.PREREQUISITE, ("ops.l1",))
    assert when_text(needed, roadmap) == "Needed first by: Do ops.l1."


def test_a_long_piece_of_work_starts_now_as_a_first_step() -> None:
    """A next step of the constraint whose recommendation says long-term starts this quarter,
    labelled as the first step of long work; the declared horizon is its size."""
    questionnaire = build_questionnaire(
        {"ops": one_per_level("ops", ("long", "short", "short", "short"))}
    )
    roadmap = _roadmap(questionnaire, _all(questionnaire, NOT_IN_PLACE))
    first = roadmap.plan[0]
    assert (first.question_id, first.horizon.id, first.size.id) == ("ops.l1", "short", "long")
    assert first.first_step


def test_a_dependency_delays_an_item_to_its_prerequisite_horizon() -> None:
    """An item never starts before something it needs: the next level of an area outside the
    constraint (medium-term by its own rule) depends on another area's long-term practice, so it
    waits for it, and says so."""
    questionnaire = build_questionnaire(
        {
            "low": one_per_level("low"),
            "ops": [
                *one_per_level("ops")[:1],
                Q("ops.l2", 2, depends_on=("dev.l4",)),
                *one_per_level("ops")[2:],
            ],
            "dev": one_per_level("dev"),
        }
    )
    answers = {**_all(questionnaire, NOT_IN_PLACE), "ops.l1": FULLY}
    answers.update({"dev.l1": FULLY, "dev.l2": FULLY})
    roadmap = _roadmap(questionnaire, answers)
    item, needed = roadmap.item("ops.l2"), roadmap.item("dev.l4")
    assert item is not None and needed is not None
    assert (item.timing, item.waits_for, item.horizon.id) == (Timing.WAITS, ("dev.l4",), "long")
    assert needed.horizon.id == "long"
    assert item.blocked_by == ("dev.l4",)
    assert when_text(item, roadmap) == 'After "Do dev.l4", which starts Long-term (12+ months).'


# ------------------------------------------------------------------ the bundled questionnaire


def test_slos_come_before_error_budget_burn_alerting() -> None:
    """The bundled questionnaire says burn-rate alerting needs SLOs: a team missing both plans
    the SLOs first, never the alerting earlier."""
    questionnaire = resolve_questionnaire("ops-maturity")
    assert "visibility.error-budgets" in questionnaire.question("alerting.symptom-based").depends_on
    answers = {**_all(questionnaire, FULLY)}
    for qid in ("visibility.error-budgets", "alerting.symptom-based", "alerting.noise-review"):
        answers[qid] = NOT_IN_PLACE
    roadmap = _roadmap(questionnaire, answers)
    order = [item.question_id for item in roadmap.items]
    assert order.index("visibility.error-budgets") < order.index("alerting.symptom-based")
    slo, burn = roadmap.item("visibility.error-budgets"), roadmap.item("alerting.symptom-based")
    assert slo is not None and burn is not None
    assert slo.horizon.rank <= burn.horizon.rank
    assert roadmap.plan[0].question_id == "visibility.error-budgets"
    assert slo.first_step  # a long-term piece of work, started now


def test_every_bundled_dependency_agrees_with_the_levels() -> None:
    """The bundled questionnaire loads, so no prerequisite leads back to one of its own lower
    levels (the loader rejects that), and every added prerequisite is a known practice."""
    questionnaire = resolve_questionnaire("ops-maturity")
    known = {question.id for question in questionnaire.questions}
    assert all(set(q.depends_on) <= known for q in questionnaire.questions)
    assert sum(len(q.depends_on) for q in questionnaire.questions) >= 26


# ------------------------------------------------------------------ order within a horizon


def test_order_within_a_horizon_prerequisites_constraint_discussed_then_by_area() -> None:
    """Medium-term: what other items need first, then the constraint's, then what the team
    discussed or has partly in place, then the rest grouped by area, weakest first."""
    questionnaire = build_questionnaire(
        {
            "low": one_per_level("low"),
            "mid": one_per_level("mid"),
            "top": one_per_level("top"),
            "alt": one_per_level("alt"),
        }
    )
    answers: dict[str, int | Answer] = {**_all(questionnaire, MOSTLY)}
    answers.update({"low.l2": NOT_IN_PLACE, "low.l3": NOT_IN_PLACE})  # constraint (level 1)
    answers.update({"mid.l3": NOT_IN_PLACE, "mid.l4": NOT_IN_PLACE})  # level 2: mid.l3 needed
    answers.update({"top.l4": PARTIALLY, "alt.l4": NOT_IN_PLACE})  # level 3
    roadmap = _roadmap(questionnaire, answers)
    assert _ids(roadmap, "short") == ["low.l2"]
    assert _ids(roadmap, "medium") == ["mid.l3", "low.l3", "top.l4", "alt.l4"]
    assert _ids(roadmap, "long") == ["mid.l4"]


def test_a_discussed_item_is_marked_and_ordered_before_the_rest() -> None:
    """Team mode: an overridden answer or a wide spread of votes marks the item as discussed."""
    questionnaire = build_questionnaire(
        {"low": one_per_level("low"), "a": one_per_level("a"), "b": one_per_level("b")}
    )
    answers = {**_all(questionnaire, FULLY)}
    answers.update({"low.l1": NOT_IN_PLACE, "a.l4": NOT_IN_PLACE, "b.l4": NOT_IN_PLACE})
    assessment = assess(questionnaire, answers)
    assessment.votes["b.l4"] = QuestionVotes({"Ana": 0, "Bo": 3}, revealed=True)
    roadmap = build_roadmap(questionnaire, score_assessment(questionnaire, assessment), assessment)
    assert _ids(roadmap, "medium") == ["b.l4", "a.l4"]
    assert roadmap.item("b.l4").discussed == "votes spread 3 steps"  # type: ignore[union-attr]


def test_horizon_introductions_are_written_from_their_items() -> None:
    """Each horizon's introduction counts what it holds; two horizons never share one."""
    _, _, roadmap = _example("payments-platform-2027-q1.toml")
    short, medium, long_term = (plan.introduction for plan in roadmap.horizons)
    assert short.startswith("3 items: 3 next steps of the constraint.")
    assert medium.startswith("15 items:")
    assert "Ownership culture" in long_term
    assert len({short, medium, long_term}) == 3
    for plan in roadmap.horizons:
        assert horizon_introduction(plan.horizon, plan.items, roadmap.constraint) == (
            plan.introduction
        )


def test_item_carries_action_area_level_owner_notes_and_how(minimal: Questionnaire) -> None:
    """An item holds what a task tracker needs: action, area, level, why, owner, notes, how."""
    answer = Answer(PARTIALLY, notes="Only the API has it.\nWeb next.", owner="Mei Chen")
    roadmap = _roadmap(minimal, {"visibility.error-rates": answer})
    item = roadmap.item("visibility.error-rates")
    assert item is not None
    assert item.action == "Export request error rates for every user-facing service."
    assert (item.area.id, item.level.number, item.area_level) == ("visibility", 1, 0)
    assert (item.owner, item.notes) == ("Mei Chen", "Only the API has it.\nWeb next.")
    assert item.why == "Needed for Level 1 (Reactive Response); answered: Partially"
    assert item.how.startswith("Start with the services users touch first")
    assert item.partly_in_place


def test_every_example_has_a_plan_of_one_to_five() -> None:
    """Every example assessment with an unmet answered practice gets 1 to 5 items this quarter."""
    for path in sorted(EXAMPLES.glob("*-20*.toml")):
        _, _, roadmap = _example(path.name)
        assert 1 <= len(roadmap.plan) <= PLAN_LIMIT, path.name


def test_states_that_are_items(minimal: Questionnaire) -> None:
    """Not in place and partly in place are items; met and not applicable are not."""
    roadmap = _roadmap(
        minimal,
        {
            "visibility.error-rates": NOT_IN_PLACE,
            "incidents.roles": PARTIALLY,
            "visibility.dashboards": SpecialAnswer.NOT_APPLICABLE,
            "incidents.reviews": FULLY,
        },
    )
    states = {item.question_id: item.result.state for item in roadmap.items}
    assert states == {
        "visibility.error-rates": QuestionState.UNMET,
        "incidents.roles": QuestionState.PARTIAL,
    }


def test_an_example_file_path_exists() -> None:
    """The 16-of-64 example ships where README and docs/roadmap.md say."""
    assert Path(EXAMPLES / "checkout-2027-q1-team.toml").is_file()
