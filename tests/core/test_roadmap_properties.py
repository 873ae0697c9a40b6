"""The roadmap's rules on random valid questionnaires and random assessments (hypothesis).

An oracle written straight from docs/roadmap.md, naive and slow on purpose, decides for every
item what it needs, which areas are the constraint, when the item starts and where it may sit;
the real planner must agree on every item. Questionnaires are random: 2 to 5 levels, 1 to 4
areas, 1 to 3 questions per level, dependencies on any practice placed earlier in a random order
that keeps each area's levels in order (so every valid dependency graph can come up), and every
declared horizon. Assessments are random too: any answer or none, set targets, discussed votes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer
from ops_maturity.core.model.questionnaire import HORIZON_IDS, Questionnaire
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.roadmap_items import PLAN_LIMIT, Roadmap, RoadmapItem
from ops_maturity.core.model.scoring import AssessmentScore, QuestionState, score_assessment
from ops_maturity.core.model.votes import QuestionVotes

from .builders import DAY, Q, build_questionnaire

ANSWERS = (None, SpecialAnswer.DONT_KNOW, SpecialAnswer.NOT_APPLICABLE, 0, 1, 2, 3)


@dataclass(frozen=True)
class Case:
    questionnaire: Questionnaire
    assessment: Assessment


@st.composite
def cases(draw: st.DrawFn, *, skips: bool = False) -> Case:
    """A random valid questionnaire and a random assessment of it. With `skips`, an area may
    have no question at some levels (it lists them in `skipped_levels`), level 1 included."""
    level_count = draw(st.integers(2, 5))
    area_count = draw(st.integers(1, 4))
    per_area: list[list[tuple[str, int]]] = []
    for a in range(area_count):
        questions = []
        for level in range(1, level_count + 1):
            for n in range(draw(st.integers(0 if skips else 1, 3))):
                questions.append((f"a{a}.l{level}.{n}", level))
        if not questions:  # an area needs one question somewhere
            level = draw(st.integers(1, level_count))
            questions.append((f"a{a}.l{level}.0", level))
        per_area.append(questions)
    # A random order that keeps each area's levels in order: dependencies point backwards in it,
    # so the graph of dependencies and levels has no cycle, and any such graph can be drawn.
    cursors = [0] * area_count
    order: list[tuple[str, int, int]] = []
    while len(order) < sum(len(q) for q in per_area):
        open_areas = [a for a in range(area_count) if cursors[a] < len(per_area[a])]
        area = draw(st.sampled_from(open_areas))
        qid, level = per_area[area][cursors[area]]
        cursors[area] += 1
        order.append((qid, level, area))
    specs: dict[str, list[Q]] = {f"a{a}": [] for a in range(area_count)}
    for index, (qid, level, area) in enumerate(order):
        earlier = [other for other, _, _ in order[:index]]
        depends = (
            draw(st.lists(st.sampled_from(earlier), max_size=3, unique=True)) if earlier else []
        )
        horizon = draw(st.sampled_from(HORIZON_IDS))
        specs[f"a{area}"].append(Q(qid, level, horizon, tuple(depends)))
    questionnaire = build_questionnaire(specs, levels=level_count)
    assessment = Assessment.start(
        questionnaire, "Team", "2027-Q1", participants=["A", "B"], today=DAY
    )
    for question in questionnaire.questions:
        value = draw(st.sampled_from(ANSWERS))
        if value is not None:
            reason = "n/a" if value == SpecialAnswer.NOT_APPLICABLE else ""
            assessment.record(question.id, Answer(value, na_reason=reason))
        if value is not None and draw(st.integers(0, 4)) == 0:
            assessment.votes[question.id] = QuestionVotes({"A": 0, "B": 3}, revealed=True)
    for area_model in questionnaire.areas:
        if draw(st.booleans()):
            assessment.targets[area_model.id] = draw(st.integers(0, level_count))
    return Case(questionnaire, assessment)


class Oracle:
    """The rules of docs/roadmap.md, computed the slow, obvious way."""

    def __init__(self, case: Case, score: AssessmentScore) -> None:
        self.q = case.questionnaire
        self.assessment = case.assessment
        self.score = score
        self.state = {r.question.id: r.state for r in score.results}
        self.items = {
            qid
            for qid, state in self.state.items()
            if state in (QuestionState.UNMET, QuestionState.PARTIAL)
        }

    def direct_needs(self, qid: str) -> set[str]:
        question = self.q.question(qid)
        lower = {
            other.id
            for other in self.q.area(question.area_id).questions
            if other.level < question.level
        }
        return set(question.depends_on) | lower

    def prerequisites(self, qid: str) -> set[str]:
        """Items reachable through practices that are not met (met ones need nothing more)."""
        found: set[str] = set()
        stack = list(self.direct_needs(qid))
        while stack:
            other = stack.pop()
            if other in found or self.state[other].counts_as_met:
                continue
            found.add(other)
            stack.extend(self.direct_needs(other))
        return found & self.items

    def constraint(self) -> set[str]:
        with_items = {self.q.question(qid).area_id for qid in self.items}
        scores = [a for a in self.score.areas if a.area.id in with_items]
        if not scores:
            return set()
        lowest = min(a.level for a in scores)
        top = self.q.max_level

        def target(area_id: str, level: int) -> int:
            stored = self.assessment.targets.get(area_id)
            return min(stored, top) if stored is not None else min(level + 1, top)

        chosen = {
            a.area.id
            for a in scores
            if a.level < target(a.area.id, a.level)
            and (a.area.id in self.assessment.targets or a.level == lowest)
        }
        return chosen or {a.area.id for a in scores if a.level == lowest}

    def levels_above_next_steps(self, qid: str) -> int:
        """Levels with practices in the item's area above its area's next steps, up to its own."""
        question = self.q.question(qid)
        base = self.first_open(question.area_id)
        practice_levels = {q.level for q in self.q.area(question.area_id).questions}
        return sum(1 for level in practice_levels if base < level <= question.level)

    def first_open(self, area_id: str) -> int:
        return min(
            self.q.question(i).level for i in self.items if self.q.question(i).area_id == area_id
        )


def _check(case: Case) -> None:
    questionnaire, assessment = case.questionnaire, case.assessment
    score = score_assessment(questionnaire, assessment)
    roadmap: Roadmap = build_roadmap(questionnaire, score, assessment)
    oracle = Oracle(case, score)
    items = roadmap.items
    position = {item.question_id: index for index, item in enumerate(items)}
    by_id = {item.question_id: item for item in items}

    # Only what the team said: items are exactly the answered unmet practices.
    assert set(position) == oracle.items
    assert len(items) == len(position)
    follow_ups = {r.question.id for r in roadmap.follow_ups}
    assert follow_ups == {
        qid
        for qid, state in oracle.state.items()
        if state in (QuestionState.UNANSWERED, QuestionState.DONT_KNOW)
    }
    assert not follow_ups & set(position)

    # Horizons come in order, and the items of each are in it.
    assert [plan.horizon.id for plan in roadmap.horizons] == list(HORIZON_IDS)
    assert all(item.horizon == plan.horizon for plan in roadmap.horizons for item in plan.items)

    # Prerequisites first: never a later horizon, never later within one.
    prerequisites = {qid: oracle.prerequisites(qid) for qid in position}
    for qid, needed in prerequisites.items():
        for other in needed:
            assert by_id[other].horizon.rank <= by_id[qid].horizon.rank, (other, qid)
            assert position[other] < position[qid], (other, qid)

    # The constraint, and next steps always there: 1 to 5 items whenever there is any item.
    constraint = oracle.constraint()
    assert {entry.area.id for entry in roadmap.constraint} == constraint
    plan = [item.question_id for item in roadmap.plan]
    if not items:
        assert plan == []
        return
    next_steps = {
        qid
        for qid in oracle.items
        if questionnaire.question(qid).area_id in constraint
        and questionnaire.question(qid).level
        == oracle.first_open(questionnaire.question(qid).area_id)
    }
    reachable = next_steps | {p for step in next_steps for p in prerequisites[step]}
    assert 1 <= len(plan) <= PLAN_LIMIT
    assert set(plan) <= reachable
    assert len(plan) == min(PLAN_LIMIT, len(reachable))

    # When to start everything else: its own rule, raised to what it needs.
    for qid in sorted(oracle.items - set(plan), key=lambda i: position[i]):
        question = questionnaire.question(qid)
        steps = oracle.levels_above_next_steps(qid)
        outside = 0 if question.area_id in constraint else 1
        own = max(1, min(steps + outside, 2))
        expected = max([own, *(by_id[p].horizon.rank for p in prerequisites[qid])])
        assert by_id[qid].horizon.rank == expected, qid
        assert by_id[qid].size.id == question.recommendation.horizon

    # Order within a horizon: prerequisites, constraint, discussed or partly in place, the
    # rest; by area (weakest first) and level; unless something it needs holds it back.
    needed_by_others = {p for needed in prerequisites.values() for p in needed}
    area_rank = {a.area.id: (a.level, a.met_fraction, i) for i, a in enumerate(score.areas)}

    def key(item: RoadmapItem) -> tuple[object, ...]:
        qid = item.question_id
        tier = (
            0
            if qid in needed_by_others
            else 1
            if item.area.id in constraint
            else 2
            if item.discussed or item.result.state == QuestionState.PARTIAL
            else 3
        )
        return (tier, area_rank[item.area.id], item.level.number, questionnaire.question_index(qid))

    for horizon_plan in roadmap.horizons:
        ordered = horizon_plan.items
        for i, earlier in enumerate(ordered):
            for later in ordered[i + 1 :]:
                if key(earlier) > key(later):
                    assert any(
                        position[p] >= position[earlier.question_id]
                        for p in prerequisites[later.question_id]
                    ), (earlier.question_id, later.question_id)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_every_rule_holds_on_random_questionnaires_and_assessments(case: Case) -> None:
    """Only answered items, prerequisites first, 1-5 next steps for the constraint, start
    horizons as documented, and the documented order within each horizon."""
    _check(case)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(skips=True))
def test_every_rule_holds_when_areas_skip_levels(case: Case) -> None:
    """The same rules when areas skip levels, counting only levels that hold practices."""
    _check(case)


def _level_by_the_old_rule(case: Case, area_id: str) -> int:
    """The gating rule of every release before skipped levels, as it was written: the highest
    L such that every applicable question at levels 1..L is met."""
    questions = case.questionnaire.area(area_id).questions
    reached = 0
    for level in range(1, case.questionnaire.max_level + 1):
        for question in questions:
            if question.level != level:
                continue
            answer = case.assessment.answer_for(question.id).value
            if answer == SpecialAnswer.NOT_APPLICABLE:
                continue
            if not isinstance(answer, int) or answer < question.scale.met_threshold:
                return reached
        reached = level
    return reached


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_questionnaires_with_every_level_score_and_plan_as_before(case: Case) -> None:
    """With a question at every level, area levels follow the old rule, and every item starts
    where the old rule put it: one horizon per level number above the next steps."""
    score = score_assessment(case.questionnaire, case.assessment)
    for area_score in score.areas:
        assert area_score.level == _level_by_the_old_rule(case, area_score.area.id)
    roadmap = build_roadmap(case.questionnaire, score, case.assessment)
    oracle = Oracle(case, score)
    plan = {item.question_id for item in roadmap.plan}
    for item in roadmap.items:
        if item.question_id in plan:
            continue
        question = case.questionnaire.question(item.question_id)
        steps = question.level - oracle.first_open(question.area_id)  # the old rule
        outside = 0 if item.in_constraint else 1
        own = max(1, min(steps + outside, 2))
        needed = [roadmap.item(p) for p in oracle.prerequisites(item.question_id)]
        expected = max([own, *(other.horizon.rank for other in needed if other is not None)])
        assert item.horizon.rank == expected, item.question_id


@pytest.mark.parametrize("seed", range(3))
def test_every_rule_holds_on_the_bundled_questionnaire(seed: int) -> None:
    """The same rules on the bundled questionnaire, with answers drawn from a fixed seed."""
    import random

    from ops_maturity.core.questionnaires.bundled import resolve_questionnaire

    questionnaire = resolve_questionnaire("ops-maturity")
    chooser = random.Random(seed)
    for _ in range(40):
        assessment = Assessment.start(questionnaire, "Team", "2027-Q1", today=DAY)
        for question in questionnaire.questions:
            value = chooser.choice(ANSWERS)
            if value is not None:
                reason = "n/a" if value == SpecialAnswer.NOT_APPLICABLE else ""
                assessment.record(question.id, Answer(value, na_reason=reason))
        for area in questionnaire.areas:
            if chooser.random() < 0.3:
                assessment.targets[area.id] = chooser.randint(0, 4)
        _check(Case(questionnaire, assessment))
