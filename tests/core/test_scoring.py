"""Gated scoring: area levels, special answers, completeness, progress, what the next level needs.

The minimal questionnaire has areas `visibility` and `incidents`, one question per level; its scale
is 0 Not in place, 1 Partially, 2 Mostly, 3 Fully, met from 2. Questionnaires built with `Q` use
the same scale.
"""

from __future__ import annotations

from ops_maturity.core.model.assessment import Answer, SpecialAnswer
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.scoring import QuestionState, answer_label, score_assessment

from .builders import (
    FULLY,
    MOSTLY,
    NOT_IN_PLACE,
    PARTIALLY,
    Answers,
    Q,
    assess,
    build_questionnaire,
)

NA = SpecialAnswer.NOT_APPLICABLE
DONT_KNOW = SpecialAnswer.DONT_KNOW

VISIBILITY = (
    "visibility.error-rates",
    "visibility.dashboards",
    "visibility.trends",
    "visibility.anomalies",
)
INCIDENTS = (
    "incidents.roles",
    "incidents.reviews",
    "incidents.follow-through",
    "incidents.auto-mitigation",
)


def _two_per_level() -> Questionnaire:
    """One area `ops` with questions `ops.l<level><a|b>`: two per level."""
    return build_questionnaire(
        {"ops": [Q(f"ops.l{level}{suffix}", level) for level in range(1, 5) for suffix in "ab"]}
    )


def test_higher_levels_do_not_count_when_level_one_is_unmet(minimal: Questionnaire) -> None:
    """Gating: levels 2-4 all met but level 1 unmet leaves the area at level 0."""
    answers = dict.fromkeys(VISIBILITY[1:], FULLY) | {VISIBILITY[0]: NOT_IN_PLACE}
    score = score_assessment(minimal, assess(minimal, answers))
    assert score.area_score("visibility").level == 0


def test_area_level_is_the_last_level_before_the_first_gap(minimal: Questionnaire) -> None:
    """Levels 1, 2 and 4 met with 3 unmet gives level 2, not 3."""
    answers: Answers = {
        VISIBILITY[0]: MOSTLY,
        VISIBILITY[1]: FULLY,
        VISIBILITY[2]: NOT_IN_PLACE,
        VISIBILITY[3]: FULLY,
    }
    assert score_assessment(minimal, assess(minimal, answers)).area_score("visibility").level == 2


def test_one_area_at_level_zero_and_one_at_level_four(minimal: Questionnaire) -> None:
    """Both extremes in one assessment: visibility all unmet, incidents all met."""
    answers = dict.fromkeys(VISIBILITY, NOT_IN_PLACE) | dict.fromkeys(INCIDENTS, FULLY)
    score = score_assessment(minimal, assess(minimal, answers))
    assert score.area_score("visibility").level == 0
    assert score.area_score("incidents").level == 4


def test_overall_level_is_the_lowest_area_level(minimal: Questionnaire) -> None:
    """Visibility at 3 and incidents at 1: the overall level is 1."""
    answers = (
        dict.fromkeys(VISIBILITY[:3], FULLY)
        | {VISIBILITY[3]: NOT_IN_PLACE}
        | {INCIDENTS[0]: FULLY, INCIDENTS[1]: PARTIALLY, INCIDENTS[2]: FULLY, INCIDENTS[3]: FULLY}
    )
    score = score_assessment(minimal, assess(minimal, answers))
    assert [area.level for area in score.areas] == [3, 1]
    assert score.overall_level == 1


def test_distribution_counts_areas_at_every_level(minimal: Questionnaire) -> None:
    """The distribution has a key for each level 0-4, counting the areas at it."""
    answers = dict.fromkeys(VISIBILITY, NOT_IN_PLACE) | dict.fromkeys(INCIDENTS, FULLY)
    score = score_assessment(minimal, assess(minimal, answers))
    assert score.distribution == {0: 1, 1: 0, 2: 0, 3: 0, 4: 1}


def test_not_applicable_is_left_out_of_its_level() -> None:
    """A level whose only applicable question is met counts: N/A does not block it."""
    questionnaire = _two_per_level()
    answers: Answers = {"ops.l1a": NA, "ops.l1b": MOSTLY, "ops.l2a": NOT_IN_PLACE}
    area = score_assessment(questionnaire, assess(questionnaire, answers)).area_score("ops")
    assert (area.levels[0].met, area.levels[0].applicable) == (1, 1)
    assert area.level == 1


def test_level_that_is_all_not_applicable_counts_as_met() -> None:
    """Level 2 entirely N/A, between a met level 1 and an unmet level 3, gives level 2."""
    questionnaire = _two_per_level()
    answers: Answers = {
        "ops.l1a": FULLY,
        "ops.l1b": FULLY,
        "ops.l2a": NA,
        "ops.l2b": NA,
        "ops.l3a": NOT_IN_PLACE,
        "ops.l3b": FULLY,
    }
    area = score_assessment(questionnaire, assess(questionnaire, answers)).area_score("ops")
    assert (area.levels[1].met, area.levels[1].applicable) == (0, 0)
    assert area.levels[1].is_met
    assert area.level == 2


def test_dont_know_counts_as_not_met(minimal: Questionnaire) -> None:
    """Don't know on a level-1 question keeps the area at level 0."""
    answers = dict.fromkeys(VISIBILITY, FULLY) | {VISIBILITY[0]: DONT_KNOW}
    score = score_assessment(minimal, assess(minimal, answers))
    assert score.area_score("visibility").level == 0
    assert score.area_score("visibility").results[0].state is QuestionState.DONT_KNOW


def test_dont_know_is_listed_for_follow_up(minimal: Questionnaire) -> None:
    """A don't-know answer appears in follow_ups, though it counts as answered."""
    answers = dict.fromkeys(VISIBILITY + INCIDENTS, FULLY) | {INCIDENTS[2]: DONT_KNOW}
    score = score_assessment(minimal, assess(minimal, answers))
    assert [result.question.id for result in score.follow_ups] == [INCIDENTS[2]]
    assert score.is_complete


def test_unanswered_question_counts_as_not_met(minimal: Questionnaire) -> None:
    """An unanswered level-1 question keeps its area at level 0."""
    answers = dict.fromkeys(VISIBILITY[1:] + INCIDENTS, FULLY)
    score = score_assessment(minimal, assess(minimal, answers))
    assert score.area_score("visibility").level == 0
    assert score.area_score("visibility").results[0].state is QuestionState.UNANSWERED


def test_unanswered_question_marks_the_assessment_incomplete(minimal: Questionnaire) -> None:
    """Seven of eight answered: it still scores, answered is 7 of 8, and is_complete is False."""
    answers = dict.fromkeys(VISIBILITY[1:] + INCIDENTS, FULLY)
    score = score_assessment(minimal, assess(minimal, answers))
    assert (score.answered, score.total) == (7, 8)
    assert not score.is_complete
    assert score.area_score("incidents").level == 4


def test_unanswered_question_is_listed_for_follow_up(minimal: Questionnaire) -> None:
    """follow_ups lists unanswered and don't-know questions, in questionnaire order."""
    answers = dict.fromkeys(VISIBILITY[1:] + INCIDENTS, FULLY) | {INCIDENTS[1]: DONT_KNOW}
    score = score_assessment(minimal, assess(minimal, answers))
    assert [result.question.id for result in score.follow_ups] == [VISIBILITY[0], INCIDENTS[1]]


def test_notes_without_an_answer_still_count_as_unanswered(minimal: Questionnaire) -> None:
    """An answer holding only notes and an owner is unanswered for scoring."""
    answers: Answers = {VISIBILITY[0]: Answer(None, notes="ask Sam", owner="Sam")}
    score = score_assessment(minimal, assess(minimal, answers))
    assert score.answered == 0
    assert score.area_score("visibility").results[0].state is QuestionState.UNANSWERED


def test_complete_assessment_has_no_follow_ups(minimal: Questionnaire) -> None:
    """Every question answered with a scale value or N/A: complete, nothing to follow up."""
    answers = dict.fromkeys(VISIBILITY + INCIDENTS, NOT_IN_PLACE) | {INCIDENTS[3]: NA}
    score = score_assessment(minimal, assess(minimal, answers))
    assert score.is_complete
    assert score.follow_ups == ()


def test_answers_to_questions_not_in_the_questionnaire_are_ignored(
    minimal: Questionnaire,
) -> None:
    """An answer kept for a removed question neither counts as answered nor changes a level."""
    assessment = assess(minimal, {VISIBILITY[0]: FULLY})
    assessment.record("visibility.retired", Answer(FULLY))
    score = score_assessment(minimal, assessment)
    assert (score.answered, score.total) == (1, 8)
    assert "visibility.retired" not in {result.question.id for result in score.results}


def test_progress_per_level_counts_met_applicable_and_partial() -> None:
    """Each level reports met and applicable counts, N/A excluded, partial counted apart."""
    questionnaire = _two_per_level()
    answers: Answers = {
        "ops.l1a": FULLY,
        "ops.l1b": MOSTLY,
        "ops.l2a": MOSTLY,
        "ops.l2b": PARTIALLY,
        "ops.l3a": NA,
        "ops.l3b": NOT_IN_PLACE,
    }
    area = score_assessment(questionnaire, assess(questionnaire, answers)).area_score("ops")
    counts = [(p.level, p.met, p.applicable, p.partial, p.is_met) for p in area.levels]
    assert counts == [
        (1, 2, 2, 0, True),
        (2, 1, 2, 1, False),
        (3, 0, 1, 0, False),
        (4, 0, 2, 0, False),
    ]


def test_needed_for_next_level_lists_exactly_the_unmet_next_level_questions() -> None:
    """At level 1, the next level's unmet question is listed; its met and N/A ones are not."""
    questionnaire = build_questionnaire(
        {
            "ops": [
                Q("ops.l1", 1),
                Q("ops.l2-met", 2),
                Q("ops.l2-na", 2),
                Q("ops.l2-gap", 2),
                Q("ops.l3", 3),
                Q("ops.l4", 4),
            ]
        }
    )
    answers: Answers = {
        "ops.l1": FULLY,
        "ops.l2-met": FULLY,
        "ops.l2-na": NA,
        "ops.l2-gap": PARTIALLY,
        "ops.l3": NOT_IN_PLACE,
    }
    area = score_assessment(questionnaire, assess(questionnaire, answers)).area_score("ops")
    assert area.level == 1
    assert area.next_level == 2
    assert [result.question.id for result in area.needed_for_next_level] == ["ops.l2-gap"]


def test_needed_for_next_level_includes_dont_know_and_unanswered() -> None:
    """Don't-know and unanswered next-level questions are still needed."""
    questionnaire = _two_per_level()
    answers: Answers = {"ops.l1a": FULLY, "ops.l1b": FULLY, "ops.l2a": DONT_KNOW}
    area = score_assessment(questionnaire, assess(questionnaire, answers)).area_score("ops")
    assert [result.question.id for result in area.needed_for_next_level] == ["ops.l2a", "ops.l2b"]


def test_top_level_area_needs_nothing_more(minimal: Questionnaire) -> None:
    """An area at level 4 has no next level and nothing needed."""
    score = score_assessment(minimal, assess(minimal, dict.fromkeys(INCIDENTS, MOSTLY)))
    incidents = score.area_score("incidents")
    assert incidents.next_level is None
    assert incidents.needed_for_next_level == ()


def test_area_at_level_zero_needs_its_level_one_questions(minimal: Questionnaire) -> None:
    """At level 0 the next level is 1, and its unmet question is what is needed."""
    score = score_assessment(minimal, assess(minimal, {}))
    visibility = score.area_score("visibility")
    assert visibility.next_level == 1
    assert [r.question.id for r in visibility.needed_for_next_level] == [VISIBILITY[0]]


def test_answer_between_lowest_and_threshold_is_partial(minimal: Questionnaire) -> None:
    """On a 0-3 scale met from 2: 0 is unmet, 1 partial, 2 and 3 met."""
    states = []
    for value in (NOT_IN_PLACE, PARTIALLY, MOSTLY, FULLY):
        score = score_assessment(minimal, assess(minimal, {VISIBILITY[0]: value}))
        states.append(score.area_score("visibility").results[0].state)
    assert states == [
        QuestionState.UNMET,
        QuestionState.PARTIAL,
        QuestionState.MET,
        QuestionState.MET,
    ]


def test_partial_answer_does_not_meet_its_level(minimal: Questionnaire) -> None:
    """A partial level-1 answer keeps the area at level 0."""
    answers = dict.fromkeys(VISIBILITY, FULLY) | {VISIBILITY[0]: PARTIALLY}
    score = score_assessment(minimal, assess(minimal, answers))
    assert score.area_score("visibility").level == 0


def test_answer_labels_name_the_choice_or_the_special_answer(minimal: Questionnaire) -> None:
    """Labels read as people say them: the choice label, Not applicable, Don't know, Unanswered."""
    question = minimal.question(VISIBILITY[0])
    labels = [
        answer_label(question, Answer(value)) for value in (PARTIALLY, NA, DONT_KNOW, None, 9)
    ]
    assert labels == ["Partially", "Not applicable", "Don't know", "Unanswered", "Unknown value 9"]


def test_value_outside_the_scale_does_not_count_as_met(minimal: Questionnaire) -> None:
    """An answer of 7 on a 0-3 scale (a hand-edited file) must not meet the practice."""
    answers = dict.fromkeys(VISIBILITY, FULLY) | {VISIBILITY[0]: 7}
    score = score_assessment(minimal, assess(minimal, answers))
    assert score.area_score("visibility").results[0].state is not QuestionState.MET
    assert score.area_score("visibility").level == 0


def test_rescoring_one_area_matches_a_full_rescore() -> None:
    """rescore_area after one changed answer gives exactly what score_assessment gives."""
    from ops_maturity.core.model.assessment import Answer, Assessment
    from ops_maturity.core.model.scoring import rescore_area, score_assessment
    from ops_maturity.core.questionnaires.bundled import load_default_questionnaire

    questionnaire = load_default_questionnaire()
    assessment = Assessment.start(questionnaire, "Team")
    score = score_assessment(questionnaire, assessment)
    for question in questionnaire.questions[:20]:
        assessment.record(question.id, Answer(question.scale.met_threshold))
        score = rescore_area(score, questionnaire, assessment, question.area_id)
        assert score == score_assessment(questionnaire, assessment)
    assert score.areas[0].level == 4


def test_area_without_level_one_questions_starts_at_level_one() -> None:
    """Skipped level 1 is met from the start: unanswered level-2 practices leave it at 1."""
    questionnaire = build_questionnaire({"ops": [Q("ops.l2", 2), Q("ops.l3", 3)]}, levels=4)
    score = score_assessment(questionnaire, assess(questionnaire, {}))
    assert score.area_score("ops").level == 1
    assert [r.question.id for r in score.area_score("ops").needed_for_next_level] == ["ops.l2"]


def test_skipped_level_is_met_exactly_when_the_levels_below_are() -> None:
    """Levels 1, 2 and 4 hold practices: meeting 1 and 2 reaches 3; meeting 4 too reaches the top."""
    questionnaire = build_questionnaire(
        {"ops": [Q("ops.l1", 1), Q("ops.l2", 2), Q("ops.l4", 4)]}, levels=4
    )
    met_two = assess(questionnaire, {"ops.l1": FULLY, "ops.l2": MOSTLY, "ops.l4": NOT_IN_PLACE})
    assert score_assessment(questionnaire, met_two).area_score("ops").level == 3
    met_all = assess(questionnaire, {"ops.l1": FULLY, "ops.l2": MOSTLY, "ops.l4": FULLY})
    assert score_assessment(questionnaire, met_all).area_score("ops").level == 4
    unmet_two = assess(questionnaire, {"ops.l1": FULLY, "ops.l2": PARTIALLY, "ops.l4": FULLY})
    assert score_assessment(questionnaire, unmet_two).area_score("ops").level == 1
