"""Multi-select scales: the format, scoring, the team's rule, storage, exports and the report.

fixtures/multi-select.toml has two multi-select scales: `detect` (2 choices, met with all) and
`practices` (3 choices, met with at least 2), next to a yes/no scale.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer, SpecialVote
from ops_maturity.core.model.level_table import LevelTable
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.scoring import QuestionState, answer_label, score_assessment
from ops_maturity.core.model.votes import (
    distribution,
    make_votes_anonymous,
    median_answer,
    needs_discussion,
    record_vote,
    set_revealed,
    spread,
    votes_for,
)
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.loader import load_questionnaire, parse_questionnaire
from ops_maturity.core.reports.export_csv import roadmap_csv
from ops_maturity.core.reports.export_json import report_json
from ops_maturity.core.reports.report import render_report
from ops_maturity.core.storage.answer_check import out_of_scale_answers
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.assessment_toml import (
    FORMAT_VERSION_WITH_SELECTIONS,
    FORMAT_VERSION_WITHOUT_SELECTIONS,
)

from .builders import DAY, FIXTURES, ROOT

SCHEMA = json.loads((ROOT / "docs" / "schema" / "export.schema.json").read_text("utf-8"))
PATH = FIXTURES / "multi-select.toml"


@pytest.fixture
def multi() -> Questionnaire:
    return load_questionnaire(PATH)


def _assessment(questionnaire: Questionnaire, **answers: object) -> Assessment:
    assessment = Assessment.start(questionnaire, "Demo", "2027-Q1", today=DAY)
    for question_id, value in answers.items():
        assessment.record(question_id.replace("_", "."), Answer(value))  # type: ignore[arg-type]
    return assessment


def test_scale_states_its_met_rule(multi: Questionnaire) -> None:
    """'all' becomes every listed choice; a number stays that number."""
    assert multi.scales["detect"].multiple and multi.scales["detect"].met_at_least == 2
    assert multi.scales["detect"].met_rule == "both listed choices"
    assert multi.scales["practices"].met_rule == "at least 2 of the 3 listed choices"
    assert not multi.scales["yes-no"].multiple


@pytest.mark.parametrize(
    ("picked", "state", "label"),
    [
        ((1, 2), QuestionState.MET, "Blameless reviews; Tracked follow-ups"),
        ((1, 2, 3), QuestionState.MET, "Blameless reviews; Tracked follow-ups; Shared lessons"),
        ((3,), QuestionState.PARTIAL, "Shared lessons"),
        ((), QuestionState.UNMET, "None of these"),
        ((4,), QuestionState.UNANSWERED, "Unknown value 4"),
    ],
)
def test_a_set_is_met_partial_or_unmet_by_the_count_picked(
    multi: Questionnaire, picked: tuple[int, ...], state: QuestionState, label: str
) -> None:
    """At least 2 of 3: two or three picked meet it, one is partial, none is unmet."""
    assessment = _assessment(multi, learning_practices=picked)
    result = score_assessment(multi, assessment).area_score("learning").results[0]
    assert result.state is state
    assert answer_label(result.question, result.answer) == label


def test_one_value_on_a_multi_select_scale_does_not_count(multi: Questionnaire) -> None:
    """An integer answer to a multi-select question is unanswered, and answer_check says why."""
    assessment = _assessment(multi, learning_practices=2)
    result = score_assessment(multi, assessment).area_score("learning").results[0]
    assert result.state is QuestionState.UNANSWERED
    (problem,) = out_of_scale_answers(assessment, multi, "a.toml")
    assert "multi-select: write the values picked as an array" in problem.message


def test_a_set_on_a_single_choice_scale_is_refused(multi: Questionnaire) -> None:
    assessment = _assessment(multi, ops_health=(0, 1))
    (problem,) = out_of_scale_answers(assessment, multi, "a.toml")
    assert "takes one value" in problem.message


def test_roadmap_item_lists_the_choices_still_missing(multi: Questionnaire) -> None:
    """A partial multi-select practice is one item, carrying the unpicked choices' guidance."""
    assessment = _assessment(multi, ops_health=1, ops_slo=1, ops_detect=(1,))
    roadmap = build_roadmap(multi, score_assessment(multi, assessment), assessment)
    item = roadmap.item("ops.detect")
    assert item is not None and item.partly_in_place
    assert [choice.label for choice in item.missing_choices] == ["Error-rate alerts"]
    assert "rate(errors[5m])" in item.missing_choices[0].how


def test_level_table_agrees_with_scoring_on_sets(multi: Questionnaire) -> None:
    """The roll-up's fast scorer reads plain lists as scoring reads sets."""
    table = LevelTable(multi)
    for picked in ((), (1,), (1, 2), (1, 2, 3), (9,)):
        assessment = _assessment(multi, ops_health=1, ops_slo=1, ops_detect=(1, 2))
        assessment.record("learning.practices", Answer(picked))
        score = score_assessment(multi, assessment)
        values = {qid: a.value for qid, a in assessment.answers.items()}
        plain = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
        quick = table.score(plain)  # type: ignore[arg-type]
        assert list(quick.levels) == [a.level for a in score.areas]


# ---------------------------------------------------------------- team votes


def _votes(multi: Questionnaire, sets: dict[str, tuple[int, ...]]) -> Assessment:
    assessment = _assessment(multi)
    assessment.participants = list(sets)
    question = multi.question("learning.practices")
    for name, picked in sets.items():
        record_vote(assessment, question, name, picked)
    set_revealed(assessment, question, True)
    return assessment


def test_a_choice_counts_when_more_than_half_of_the_voters_picked_it(
    multi: Questionnaire,
) -> None:
    """Reviews: 3 of 4 (counts); follow-ups: 2 of 4, a tie (does not); lessons: 1 of 4."""
    assessment = _votes(multi, {"A": (1, 2), "B": (1, 2), "C": (1, 3), "D": ()})
    assert assessment.answer_for("learning.practices").value == (1,)
    votes = votes_for(assessment, "learning.practices")
    scale = multi.scales["practices"]
    assert spread(scale, votes) == 3  # every choice splits the team
    assert needs_discussion(scale, votes)
    rows = {
        row.label: row.count for row in distribution(multi.question("learning.practices"), votes)
    }
    assert rows["Blameless reviews"] == 3 and rows["Tracked follow-ups"] == 2


def test_special_votes_on_a_multi_select_question(multi: Questionnaire) -> None:
    """Only N/A and don't know votes: the rule for single choices applies unchanged."""
    assessment = _assessment(multi)
    question = multi.question("learning.practices")
    record_vote(assessment, question, "A", SpecialVote.NOT_APPLICABLE)
    record_vote(assessment, question, "B", SpecialVote.NOT_APPLICABLE)
    assert median_answer(question.scale, votes_for(assessment, question.id)) is (
        SpecialAnswer.NOT_APPLICABLE
    )
    record_vote(assessment, question, "A", (1, 2))  # a set replaces A's special vote
    votes = votes_for(assessment, question.id)
    assert votes.selections == {"A": (1, 2)} and "A" not in votes.votes


# ------------------------------------------------------------------ storage


def test_sets_round_trip_and_need_format_version_3(multi: Questionnaire, tmp_path: Path) -> None:
    """Answers and votes as arrays; the file says version 3 only because it holds sets."""
    assessment = _votes(multi, {"A": (1, 2), "B": (2, 3), "C": ()})
    path = tmp_path / "a.toml"
    save_assessment_atomically(assessment, path)
    text = path.read_text(encoding="utf-8")
    assert f"format_version = {FORMAT_VERSION_WITH_SELECTIONS}" in text
    assert "answer = [\n    2,\n]" in text or "answer = [2]" in text
    loaded = load_assessment(path)
    assert loaded.votes == assessment.votes
    assert loaded.answer_for("learning.practices").value == (2,)
    plain = _assessment(multi, ops_health=1)
    save_assessment_atomically(plain, path)
    assert f"format_version = {FORMAT_VERSION_WITHOUT_SELECTIONS}" in path.read_text("utf-8")


def test_anonymous_set_votes_are_counts(multi: Questionnaire, tmp_path: Path) -> None:
    assessment = _votes(multi, {"Ana": (1, 2), "Ben": (1, 2), "Cy": ()})
    make_votes_anonymous(assessment)
    path = tmp_path / "anonymous.toml"
    save_assessment_atomically(assessment, path)
    text = path.read_text(encoding="utf-8")
    assert "Ana" not in text and '"[1,2]" = 2' in text and '"[]" = 1' in text
    loaded = load_assessment(path)
    assert sorted(loaded.votes["learning.practices"].selections.values()) == [(), (1, 2), (1, 2)]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("[1, 1]", "lists a value twice"),
        ('[1, "x"]', "must list scale values (integers)"),
        ("[" + ", ".join(str(n) for n in range(30)) + "]", "at most 20"),
    ],
)
def test_bad_sets_are_positioned_errors(
    multi: Questionnaire, tmp_path: Path, answer: str, message: str
) -> None:
    path = tmp_path / "a.toml"
    save_assessment_atomically(_assessment(multi, learning_practices=(1,)), path)
    text = path.read_text("utf-8")
    path.write_text(text.replace("answer = [\n    1,\n]", f"answer = {answer}"), "utf-8")
    assert f"answer = {answer}" in path.read_text("utf-8")
    with pytest.raises(InvalidFileError) as caught:
        load_assessment(path)
    (problem,) = caught.value.problems
    assert message in problem.message and problem.line is not None


# ------------------------------------------------------------------ exports


def test_json_and_csv_carry_sets_missing_choices_and_guidance(multi: Questionnaire) -> None:
    assessment = _votes(multi, {"A": (3,), "B": (3,)})
    assessment.record("ops.health", Answer(0))
    score = score_assessment(multi, assessment)
    roadmap = build_roadmap(multi, score, assessment)
    document = report_json(multi, assessment, score, roadmap)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    answer = next(a for a in document["answers"] if a["question_id"] == "learning.practices")
    assert answer["answer"] == [3] and answer["votes"] == {"A": [3], "B": [3]}
    item = next(i for i in document["roadmap"] if i["question_id"] == "learning.practices")
    assert [c["label"] for c in item["missing_choices"]] == [
        "Blameless reviews",
        "Tracked follow-ups",
    ]
    health = next(i for i in document["roadmap"] if i["question_id"] == "ops.health")
    assert health["how_format"] == "markdown" and "&lt;script&gt;" in health["how"]
    assert health["tags"] == ["monitoring", "basics"] and health["effort"]
    assert health["references"] == ["SAMM O-OM-A-1", "https://example.org/ref"]
    rows = {
        row["question_id"]: row
        for row in csv.DictReader(io.StringIO(roadmap_csv(assessment, roadmap.items)))
    }
    assert rows["learning.practices"]["missing"] == "Blameless reviews; Tracked follow-ups"
    assert rows["ops.health"]["tags"] == "monitoring; basics"
    assert "<script>" not in rows["ops.health"]["how"]


def test_report_lists_missing_choices_with_their_guidance(multi: Questionnaire) -> None:
    assessment = _assessment(multi, ops_health=1, ops_slo=1, ops_detect=(1,))
    text = render_report(multi, assessment, generated_on=DAY, charts=False)
    item = text.split("**Detect failures before users do.**", 1)[1].split("### ", 1)[0]
    assert "Not yet in place (the practice is met with both listed choices):" in item
    assert "  - Error-rate alerts\n\n    Alert on error rate." in item
    assert "    ```\n    rate(errors[5m]) > 0.01\n    ```" in item


# ------------------------------------------------------------------ the format


def _scale(body: str) -> bytes:
    text = PATH.read_text(encoding="utf-8")
    return text.replace('select = "multiple"\nmet_at_least = "all"', body, 1).encode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('select = "multiple"', "missing required key 'met_at_least' in scales.detect"),
        (
            'select = "multiple"\nmet_at_least = 3',
            'met_at_least 3 must be "all" or a number from 1 to 2',
        ),
        ('select = "multiple"\nmet_at_least = "most"', "met_at_least 'most' must be"),
        ('select = "multiple"\nmet_threshold = 1', "not met_threshold"),
        ('select = "many"\nmet_at_least = 1', "select must be 'one' or 'multiple'"),
        ("met_threshold = 1", "only the choices of a multi-select scale"),
    ],
)
def test_multi_select_mistakes_are_positioned_errors(body: str, message: str) -> None:
    with pytest.raises(InvalidFileError) as caught:
        parse_questionnaire(_scale(body), "m.toml")
    texts = [str(problem) for problem in caught.value.problems]
    assert any(message in text and text.startswith("m.toml:") for text in texts), texts


def test_a_format_3_file_follows_the_assessment_schema(
    multi: Questionnaire, tmp_path: Path
) -> None:
    """Answers, named votes and anonymous counts of sets match docs/schema/assessment.schema.json."""
    import tomllib

    schema = json.loads((ROOT / "docs" / "schema" / "assessment.schema.json").read_text("utf-8"))
    for anonymous in (False, True):
        assessment = _votes(multi, {"Ana": (1, 2), "Ben": (), "Cy": (3,)})
        if anonymous:
            make_votes_anonymous(assessment)
        path = tmp_path / "a.toml"
        save_assessment_atomically(assessment, path)
        data = tomllib.loads(path.read_text("utf-8"))
        data["assessment"]["date"] = data["assessment"]["date"].isoformat()
        jsonschema.Draft202012Validator(schema).validate(data)


def test_report_discusses_split_sets_in_their_own_words(multi: Questionnaire) -> None:
    """Spread as choices the voters differ on, a 'None of these' row, and the set rule."""
    assessment = _votes(multi, {"Ana": (1, 2), "Ben": (), "Cy": (3,), "Di": (1, 2, 3)})
    text = render_report(multi, assessment, generated_on=DAY, charts=False)
    topics = text.split("## Discussion topics", 1)[1].split("## Maturity matrix", 1)[0]
    assert "Learning · votes differ on 3 choices · team answer: **None of these**" in topics
    assert "| None of these | 1 | Ben |" in topics
    assert "more than half of those who voted a set picked" in topics
