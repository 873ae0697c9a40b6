"""Saving re-serialises only what changed, and the text is exactly `tomli_w` of the whole file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import tomli_w
from ops_maturity.core.assessment import Answer, Assessment, SpecialAnswer, Status
from ops_maturity.core.assessment_store import (
    assessment_to_toml,
    load_assessment,
    save_assessment_atomically,
)
from ops_maturity.core.questionnaire import Questionnaire

from .builders import DAY


def whole_document_toml(assessment: Assessment) -> str:
    """The reference: the whole document through `tomli_w.dumps` in one go."""
    answers: dict[str, dict[str, Any]] = {}
    for question_id, answer in assessment.answers.items():
        entry: dict[str, Any] = {}
        if answer.value is not None:
            value = answer.value
            entry["answer"] = value.value if isinstance(value, SpecialAnswer) else value
        for key, text in (
            ("notes", answer.notes),
            ("owner", answer.owner),
            ("not_applicable_reason", answer.na_reason),
        ):
            if text:
                entry[key] = text
        answers[question_id] = entry
    questionnaire: dict[str, Any] = {
        "id": assessment.questionnaire_id,
        "version": assessment.questionnaire_version,
    }
    if assessment.questionnaire_path:
        questionnaire["path"] = assessment.questionnaire_path
    questionnaire["question_ids"] = list(assessment.question_ids)
    document = {
        "assessment": {
            "format_version": 1,
            "team": assessment.team,
            "label": assessment.label,
            "date": assessment.date,
            "facilitator": assessment.facilitator,
            "participants": list(assessment.participants),
            "status": assessment.status.value,
        },
        "questionnaire": questionnaire,
        "answers": answers,
    }
    return "# ops-maturity assessment (docs/assessment-format.md)\n" + tomli_w.dumps(
        document, multiline_strings=True
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
