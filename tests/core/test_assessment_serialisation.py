"""Saving re-serialises only what changed, and the text is exactly `tomli_w` of the whole file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import tomli_w
from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer, Status
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.assessment_toml import assessment_document, assessment_to_toml

from .builders import DAY


def whole_document_toml(assessment: Assessment) -> str:
    """The reference: the whole document through `tomli_w.dumps` in one go."""
    return "# ops-maturity assessment (docs/assessment-format.md)\n" + tomli_w.dumps(
        assessment_document(assessment), multiline_strings=True
    )


def test_the_text_matches_the_whole_document_at_every_step(minimal: Questionnaire) -> None:
    """Empty, answered, with notes, changed, special answers, new participants: all identical."""
    assessment = Assessment.start(minimal, "Payments", "2026-Q4", today=DAY)
    assert assessment_to_toml(assessment) == whole_document_toml(assessment)
    ids = [question.id for question in minimal.questions]
    steps: list[tuple[str, Answer]] = [
        (ids[0], Answer(2)),
        (ids[1], Answer(3, notes='Line one\nline "two"', owner="Ann")),
        (ids[0], Answer(1)),
        (ids[2], Answer(SpecialAnswer.NOT_APPLICABLE, na_reason="No on-call rota here.")),
        (ids[3], Answer(SpecialAnswer.DONT_KNOW)),
        (ids[4], Answer(None, notes="Ask the SRE team")),
        (ids[1], Answer(1, notes='Line one\nline "two"', owner="Ann")),
    ]
    for question_id, answer in steps:
        assessment.record(question_id, answer)
        assert assessment_to_toml(assessment) == whole_document_toml(assessment)
    assessment.participants.append("Bo")
    assessment.questionnaire_path = "questionnaires/x.toml"
    assessment.status = Status.COMPLETE
    assert assessment_to_toml(assessment) == whole_document_toml(assessment)


def test_the_same_answer_in_two_assessments_is_written_for_each(minimal: Questionnaire) -> None:
    """Memoised parts never leak between assessments: each file holds its own header."""
    first = Assessment.start(minimal, "Payments", "2026-Q4", today=DAY)
    second = Assessment.start(minimal, "Search", "2026-Q3", today=dt.date(2026, 7, 1))
    question_id = minimal.questions[0].id
    for assessment in (first, second):
        assessment.record(question_id, Answer(2))
    assert assessment_to_toml(first) == whole_document_toml(first)
    assert assessment_to_toml(second) == whole_document_toml(second)
    assert assessment_to_toml(first) != assessment_to_toml(second)


def test_a_saved_file_reads_back_the_same(minimal: Questionnaire, tmp_path: Path) -> None:
    """Round trip through the memoised writer and the validating reader."""
    assessment = Assessment.start(minimal, "Payments", "2026-Q4", today=DAY)
    assessment.record(minimal.questions[0].id, Answer(3, owner="Ann"))
    assessment.record(minimal.questions[1].id, Answer(SpecialAnswer.DONT_KNOW))
    path = tmp_path / "a.toml"
    save_assessment_atomically(assessment, path)
    assert load_assessment(path) == assessment


def test_targets_due_and_votes_are_written_like_the_whole_document(
    minimal: Questionnaire, tmp_path: Path
) -> None:
    """Format 2's parts (targets, due, votes by name and as anonymous counts) memoise exactly."""
    from ops_maturity.core.model.votes import SpecialVote, record_vote, set_revealed

    assessment = Assessment.start(
        minimal, "Payments", "2026-Q4", today=DAY, participants=["Ana", "Bo", "Chen"]
    )
    first, second = minimal.questions[0], minimal.questions[1]
    assessment.targets[first.area_id] = 3
    assessment.record(second.id, Answer(2, owner="Ann", due="2027-Q2"))
    record_vote(assessment, first, "Ana", first.scale.choices[0].value)
    assert assessment_to_toml(assessment) == whole_document_toml(assessment)
    record_vote(assessment, first, "Bo", SpecialVote.ABSENT)
    record_vote(assessment, first, "Chen", first.scale.choices[-1].value)
    set_revealed(assessment, first, True)
    assert assessment_to_toml(assessment) == whole_document_toml(assessment)
    path = tmp_path / "team.toml"
    save_assessment_atomically(assessment, path)
    assert load_assessment(path) == assessment
    assessment.anonymous_votes = True
    assert assessment_to_toml(assessment) == whole_document_toml(assessment)
    assert "Chen" not in assessment_to_toml(assessment)
