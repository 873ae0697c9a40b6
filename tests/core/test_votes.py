"""Team votes: the median and spread rules, reveal and override, mode, names, and the file format."""

from __future__ import annotations

from pathlib import Path

import pytest
from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.scoring import QuestionState, score_assessment
from ops_maturity.core.model.votes import (
    Mode,
    QuestionVotes,
    SpecialVote,
    Vote,
    distribution,
    make_votes_anonymous,
    median_answer,
    mode_of,
    needs_discussion,
    override_answer,
    participant_problems,
    participation,
    record_vote,
    set_revealed,
    spread,
    switch_mode,
    team_answer_reason,
    votes_for,
    was_rounded_down,
)
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.assessment_toml import (
    FORMAT_VERSION,
    FORMAT_VERSION_WITHOUT_SELECTIONS,
    assessment_to_toml,
)

from .builders import (
    DAY,
    FULLY,
    MOSTLY,
    NOT_IN_PLACE,
    PARTIALLY,
    ROOT,
    build_questionnaire,
    one_per_level,
)

PEOPLE = ["Ana", "Bo", "Chen", "Dev", "Eli"]


@pytest.fixture
def questionnaire() -> Questionnaire:
    return build_questionnaire({"ops": one_per_level("ops")})


def _team(questionnaire: Questionnaire, people: list[str] = PEOPLE) -> Assessment:
    return Assessment.start(questionnaire, "Payments", "2026-Q4", participants=people, today=DAY)


def _votes(*values: int | SpecialVote) -> QuestionVotes:
    return QuestionVotes({f"P{i}": value for i, value in enumerate(values)})


def test_median_of_an_odd_count_is_the_middle_vote(questionnaire: Questionnaire) -> None:
    """Three votes 0, 3, 2: the median is 2."""
    scale = questionnaire.question("ops.l1").scale
    assert median_answer(scale, _votes(NOT_IN_PLACE, FULLY, MOSTLY)) == MOSTLY


def test_median_of_an_even_count_rounds_down(questionnaire: Questionnaire) -> None:
    """Votes 1, 2, 3, 3: the lower middle vote (2), not the upper (3)."""
    scale = questionnaire.question("ops.l1").scale
    assert median_answer(scale, _votes(FULLY, PARTIALLY, FULLY, MOSTLY)) == MOSTLY
    assert median_answer(scale, _votes(PARTIALLY, MOSTLY)) == PARTIALLY


def test_rounded_down_only_when_the_two_middle_votes_differ(questionnaire: Questionnaire) -> None:
    """1 2 3 3 takes the lower middle (rounded down); 0 1 1 3 has equal middles: nothing rounded."""
    scale = questionnaire.question("ops.l1").scale
    rounded = _votes(FULLY, PARTIALLY, FULLY, MOSTLY)
    equal_middles = _votes(NOT_IN_PLACE, PARTIALLY, PARTIALLY, FULLY)
    assert was_rounded_down(scale, rounded)
    assert "rounded down to the cautious choice" in team_answer_reason(scale, rounded)
    assert team_answer_reason(scale, rounded, brief=True) == (
        "median of 4 votes, rounded down (cautious)"
    )
    assert not was_rounded_down(scale, equal_middles)
    assert team_answer_reason(scale, equal_middles) == "median of 4 votes"
    assert not was_rounded_down(scale, _votes(FULLY, PARTIALLY, MOSTLY))


def test_median_ignores_absent_dont_know_and_not_applicable(questionnaire: Questionnaire) -> None:
    scale = questionnaire.question("ops.l1").scale
    votes = _votes(FULLY, SpecialVote.DONT_KNOW, SpecialVote.ABSENT, SpecialVote.NOT_APPLICABLE)
    assert median_answer(scale, votes) == FULLY


def test_without_choice_votes_the_majority_decides_na_else_dont_know(
    questionnaire: Questionnaire,
) -> None:
    scale = questionnaire.question("ops.l1").scale
    na, dk, absent = SpecialVote.NOT_APPLICABLE, SpecialVote.DONT_KNOW, SpecialVote.ABSENT
    assert median_answer(scale, _votes(na, na, dk, absent)) == SpecialAnswer.NOT_APPLICABLE
    assert median_answer(scale, _votes(na, dk)) == SpecialAnswer.DONT_KNOW
    assert median_answer(scale, _votes(absent, absent)) is None


def test_spread_counts_scale_steps_and_two_flags_discussion(questionnaire: Questionnaire) -> None:
    scale = questionnaire.question("ops.l1").scale
    assert spread(scale, _votes(PARTIALLY, MOSTLY, SpecialVote.DONT_KNOW)) == 1
    assert not needs_discussion(scale, _votes(PARTIALLY, MOSTLY))
    assert spread(scale, _votes(NOT_IN_PLACE, MOSTLY)) == 2
    assert needs_discussion(scale, _votes(NOT_IN_PLACE, MOSTLY))
    assert spread(scale, _votes(FULLY)) == 0


def test_distribution_names_each_choices_voters(questionnaire: Questionnaire) -> None:
    question = questionnaire.question("ops.l1")
    votes = QuestionVotes({"Ana": MOSTLY, "Bo": MOSTLY, "Chen": 0, "Dev": SpecialVote.ABSENT})
    rows = {row.label: row for row in distribution(question, votes)}
    assert rows["Mostly"].names == ("Ana", "Bo")
    assert rows["Not in place"].count == 1
    assert rows["Absent"].names == ("Dev",)
    assert rows["Fully"].count == 0


def test_votes_stay_unanswered_until_revealed_then_median_scores(
    questionnaire: Questionnaire,
) -> None:
    assessment = _team(questionnaire)
    question = questionnaire.question("ops.l1")
    for name, vote in zip(PEOPLE, [FULLY, MOSTLY, MOSTLY, NOT_IN_PLACE, FULLY], strict=True):
        record_vote(assessment, question, name, vote)
    assert not assessment.answer_for("ops.l1").is_answered
    set_revealed(assessment, question, True)
    assert assessment.answer_for("ops.l1").value == MOSTLY
    score = score_assessment(questionnaire, assessment)
    (result,) = [r for r in score.results if r.question.id == "ops.l1"]
    assert result.state is QuestionState.MET
    assert score.areas[0].level == 1


def test_a_vote_changed_after_the_reveal_moves_the_median(questionnaire: Questionnaire) -> None:
    assessment = _team(questionnaire)
    question = questionnaire.question("ops.l1")
    record_vote(assessment, question, "Ana", PARTIALLY)
    set_revealed(assessment, question, True)
    record_vote(assessment, question, "Bo", FULLY)
    record_vote(assessment, question, "Chen", FULLY)
    assert assessment.answer_for("ops.l1").value == FULLY


def test_an_override_sticks_until_cleared(questionnaire: Questionnaire) -> None:
    assessment = _team(questionnaire)
    question = questionnaire.question("ops.l1")
    assessment.record("ops.l1", Answer(None, notes="Ask the DBAs"))
    record_vote(assessment, question, "Ana", PARTIALLY)
    set_revealed(assessment, question, True)
    override_answer(assessment, question, FULLY)
    record_vote(assessment, question, "Bo", PARTIALLY)
    assert assessment.answer_for("ops.l1").value == FULLY
    assert votes_for(assessment, "ops.l1").overridden
    assert assessment.answer_for("ops.l1").notes == "Ask the DBAs"
    override_answer(assessment, question, None)
    assert assessment.answer_for("ops.l1").value == PARTIALLY
    assert not votes_for(assessment, "ops.l1").overridden


def test_revealing_without_votes_is_refused(questionnaire: Questionnaire) -> None:
    assessment = _team(questionnaire)
    question = questionnaire.question("ops.l1")
    record_vote(assessment, question, "Ana", SpecialVote.ABSENT)
    with pytest.raises(ValueError, match="Nobody has voted"):
        set_revealed(assessment, question, True)


def test_two_participants_make_team_mode_and_the_facilitator_can_switch(
    questionnaire: Questionnaire,
) -> None:
    assert mode_of(_team(questionnaire, ["Ana"])) is Mode.SOLO
    assessment = _team(questionnaire, ["Ana", "Bo"])
    assert mode_of(assessment) is Mode.TEAM
    assert switch_mode(assessment) is Mode.SOLO
    assert mode_of(assessment) is Mode.SOLO
    with pytest.raises(ValueError, match="two or more"):
        switch_mode(_team(questionnaire, ["Ana"]))


def test_duplicate_participant_names_are_refused() -> None:
    assert participant_problems(["Ana", "Bo"]) == []
    assert participant_problems(["Ana", "Bo", "ana "])
    (problem,) = participant_problems(["Ana", "Bo", "Ana", "Bo"])
    assert "Ana" in problem and "Bo" in problem


def test_participation_counts_questions_voted_on(questionnaire: Questionnaire) -> None:
    assessment = _team(questionnaire, ["Ana", "Bo", "Chen"])
    for question_id in ("ops.l1", "ops.l2"):
        question = questionnaire.question(question_id)
        record_vote(assessment, question, "Ana", MOSTLY)
        record_vote(assessment, question, "Bo", SpecialVote.ABSENT)
    record_vote(assessment, questionnaire.question("ops.l2"), "Chen", SpecialVote.DONT_KNOW)
    counted = participation(assessment, [q.id for q in questionnaire.questions])
    assert counted.by_participant == (("Ana", 2), ("Bo", 0), ("Chen", 1))
    assert counted.votes_cast == 3


# ------------------------------------------------------------------- file


def test_votes_reveal_and_override_round_trip(tmp_path: Path, questionnaire: Questionnaire) -> None:
    assessment = _team(questionnaire)
    a, b = questionnaire.question("ops.l1"), questionnaire.question("ops.l2")
    cast: list[Vote] = [FULLY, SpecialVote.NOT_APPLICABLE, 0, 1, SpecialVote.ABSENT]
    for name, vote in zip(PEOPLE, cast, strict=True):
        record_vote(assessment, a, name, vote)
    set_revealed(assessment, a, True)
    override_answer(assessment, a, MOSTLY)
    record_vote(assessment, b, "Ana", SpecialVote.DONT_KNOW)
    path = tmp_path / "team.toml"
    save_assessment_atomically(assessment, path)
    loaded = load_assessment(path)
    assert loaded.votes == assessment.votes
    assert loaded.answers == assessment.answers
    assert loaded.current_question == "ops.l2"
    assert loaded.absent == ["Eli"], "Eli stays absent until a vote of theirs"
    assert votes_for(loaded, b.id).votes["Eli"] == SpecialVote.ABSENT, "carried to ops.l2"
    text = path.read_text(encoding="utf-8")
    assert f"format_version = {FORMAT_VERSION}" in text  # format 4 keeps who is absent


def test_switched_mode_round_trips(tmp_path: Path, questionnaire: Questionnaire) -> None:
    assessment = _team(questionnaire)
    switch_mode(assessment)
    path = tmp_path / "solo.toml"
    save_assessment_atomically(assessment, path)
    assert mode_of(load_assessment(path)) is Mode.SOLO


def test_anonymous_votes_keep_counts_and_never_a_name(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    assessment = _team(questionnaire)
    make_votes_anonymous(assessment)
    question = questionnaire.question("ops.l1")
    seats = assessment.participants
    cast: list[Vote] = [FULLY, FULLY, 0, SpecialVote.DONT_KNOW, SpecialVote.ABSENT]
    for seat, vote in zip(seats, cast, strict=True):
        record_vote(assessment, question, seat, vote)
    set_revealed(assessment, question, True)
    path = tmp_path / "anonymous.toml"
    save_assessment_atomically(assessment, path)
    written = path.read_bytes()
    for name in PEOPLE:
        assert name.encode() not in written
    loaded = load_assessment(path)
    assert loaded.anonymous_votes
    assert len(loaded.participants) == len(PEOPLE)
    counts = {row.label: row.count for row in distribution(question, votes_for(loaded, "ops.l1"))}
    assert counts["Fully"] == 2 and counts["Not in place"] == 1 and counts["Absent"] == 1
    assert loaded.answer_for("ops.l1").value == assessment.answer_for("ops.l1").value


def test_format_version_1_files_load_unchanged() -> None:
    for example in ("payments-platform-2026-q3.toml", "payments-platform-2026-q4.toml"):
        path = ROOT / "examples" / example
        text = path.read_text(encoding="utf-8")
        assert "format_version = 1" in text
        loaded = load_assessment(path)
        assert loaded.votes == {} and loaded.mode is None and not loaded.anonymous_votes
        assert loaded.answers


def test_a_newer_format_version_is_refused_plainly(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    text = assessment_to_toml(_team(questionnaire)).replace(
        f"format_version = {FORMAT_VERSION_WITHOUT_SELECTIONS}",
        f"format_version = {FORMAT_VERSION + 1}",
    )
    path = tmp_path / "future.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFileError) as caught:
        load_assessment(path)
    assert (
        f"written by a newer ops-maturity: format_version {FORMAT_VERSION + 1}; "
        f"this version reads 1 to {FORMAT_VERSION}"
    ) in str(caught.value)


def test_a_bad_vote_is_reported_at_its_line(tmp_path: Path, questionnaire: Questionnaire) -> None:
    assessment = _team(questionnaire)
    record_vote(assessment, questionnaire.question("ops.l1"), "Ana", MOSTLY)
    text = assessment_to_toml(assessment).replace("Ana = 2", 'Ana = "maybe"')
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFileError) as caught:
        load_assessment(path)
    (problem,) = caught.value.problems
    assert "a vote must be a scale value" in problem.message and problem.line is not None


def test_a_not_applicable_team_answer_says_why_and_loads_again(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    """Most vote N/A: the team's answer is N/A with a reason, so the file reads back."""
    assessment = _team(questionnaire)
    question = questionnaire.question("ops.l1")
    for name in PEOPLE[:3]:
        record_vote(assessment, question, name, SpecialVote.NOT_APPLICABLE)
    set_revealed(assessment, question, True)
    answer = assessment.answer_for("ops.l1")
    assert answer.value == SpecialAnswer.NOT_APPLICABLE and answer.na_reason
    override_answer(assessment, questionnaire.question("ops.l2"), SpecialAnswer.NOT_APPLICABLE)
    path = tmp_path / "na.toml"
    save_assessment_atomically(assessment, path)
    assert load_assessment(path).answer_for("ops.l2").na_reason


def test_resuming_an_anonymous_assessment_with_names_adds_seats_only(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    """Names typed again on resume never enter an anonymous assessment; a sixth adds a seat."""
    from ops_maturity.core.storage.session import open_team_assessment

    first = open_team_assessment(questionnaire, None, tmp_path, "Payments", "2026-Q4", "", PEOPLE)
    make_votes_anonymous(first.assessment)
    save_assessment_atomically(first.assessment, first.path)
    again = open_team_assessment(
        questionnaire, None, tmp_path, "Payments", "2026-Q4", "", [*PEOPLE, "Farah"]
    )
    assert again.assessment.participants == [f"Voter {n}" for n in range(1, 7)]


def test_absent_carries_to_the_next_questions_until_a_vote_marks_them_back(
    questionnaire: Questionnaire,
) -> None:
    """Eli marked absent on question 1 is absent on question 2 once anyone votes there (and at
    its reveal), until a vote of Eli's marks them back; clearing Eli's vote does too."""
    assessment = _team(questionnaire)
    first, second, third = (questionnaire.question(f"ops.l{n}") for n in (1, 2, 3))
    record_vote(assessment, first, "Eli", SpecialVote.ABSENT)
    assert assessment.absent == ["Eli"]
    assert votes_for(assessment, second.id).is_empty, "nothing is written on a question unseen"
    record_vote(assessment, second, "Ana", FULLY)
    assert votes_for(assessment, second.id).votes["Eli"] == SpecialVote.ABSENT
    record_vote(assessment, third, "Ana", MOSTLY)
    record_vote(assessment, third, "Eli", PARTIALLY)  # back in the room
    assert assessment.absent == []
    assert votes_for(assessment, third.id).votes["Eli"] == PARTIALLY
    record_vote(assessment, first, "Bo", SpecialVote.ABSENT)
    record_vote(assessment, first, "Bo", None)
    assert assessment.absent == [], "clearing an absent vote marks them back too"
