"""The injection corpus in the Markdown report: hostile text never changes the report's structure.

Each string of tests/data/injection/strings.json is put in every user-text field at once (team,
label, facilitator, participants, notes, owner, not-applicable reason), then in every questionnaire
text field, and the report is parsed with markdown-it. Its token structure (types, tags, nesting,
and the kinds of inline tokens) must equal that of the same report holding a harmless word.
Questionnaire text the loader refuses (control characters, newlines in one-line fields) must be
refused with a clear error instead.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest
import tomli_w
from markdown_it import MarkdownIt
from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.loader import load_questionnaire, parse_questionnaire
from ops_maturity.core.reports.report import render_report
from ops_maturity.core.text import clean_single_line

from .builders import DAY, MINIMAL_QUESTIONNAIRE, ROOT

CORPUS = json.loads((ROOT / "tests/data/injection/strings.json").read_text(encoding="utf-8"))
STRINGS = [entry["text"] for entry in CORPUS["strings"]]
NAMES = [entry["name"] for entry in CORPUS["strings"]]
HARMLESS = "harmless"
MINIMAL_DATA = tomllib.loads(MINIMAL_QUESTIONNAIRE.read_text(encoding="utf-8"))


def non_empty(text: str) -> str:
    """The string itself, or wrapped in letters when cleaning would leave nothing of it (a
    field that becomes empty drops its line from the report, which is not an injection)."""
    return text if clean_single_line(text) else f"A{text}Z"


def structure(markdown: str) -> list[tuple[Any, ...]]:
    """Token types, tags and nesting, with inline children reduced to their kinds. The `<br>`
    that stands for a newline inside a value is dropped, and adjacent text is merged."""
    shape: list[tuple[Any, ...]] = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        children: list[str] = []
        for child in token.children or []:
            if child.type == "html_inline" and child.content == "<br>":
                continue
            kind = f"{child.type}:{child.tag}"
            if not (kind == "text:" and children and children[-1] == "text:"):
                children.append(kind)
        shape.append((token.type, token.tag, token.nesting, token.level, tuple(children)))
    return shape


def assessment_holding(questionnaire: Questionnaire, text: str) -> Assessment:
    """An assessment with `text` in every user-text field, and answers that show each field."""
    assessment = Assessment.start(
        questionnaire,
        text,
        text,
        facilitator=text,
        participants=[text, "Bo"],
        today=DAY,
    )
    first, second, third, fourth = questionnaire.questions[:4]
    assessment.record(first.id, Answer(3, notes=text, owner=text))
    assessment.record(second.id, Answer(SpecialAnswer.NOT_APPLICABLE, na_reason=text))
    assessment.record(third.id, Answer(0, notes=text, owner=text))
    assessment.record(fourth.id, Answer(SpecialAnswer.DONT_KNOW, notes=text))
    return assessment


@pytest.fixture(scope="module")
def minimal() -> Questionnaire:
    return load_questionnaire(MINIMAL_QUESTIONNAIRE)


@pytest.fixture(scope="module")
def harmless_assessment_report(minimal: Questionnaire) -> list[tuple[Any, ...]]:
    return structure(render_report(minimal, assessment_holding(minimal, HARMLESS)))


def test_corpus_has_at_least_forty_hostile_strings() -> None:
    """The corpus is JSON (strings with newlines and controls need escapes), one entry each."""
    assert len(STRINGS) >= 40
    assert len(set(STRINGS)) == len(STRINGS)
    assert all(set(entry) == {"name", "text"} for entry in CORPUS["strings"])


@pytest.mark.parametrize("text", STRINGS, ids=NAMES)
def test_assessment_text_never_changes_the_report_structure(
    text: str, minimal: Questionnaire, harmless_assessment_report: list[tuple[Any, ...]]
) -> None:
    """Team, label, people, notes, owner and reasons stay inert text in every section."""
    report = render_report(minimal, assessment_holding(minimal, non_empty(text)))
    assert structure(report) == harmless_assessment_report
    assert "\x1b" not in report and "\u202e" not in report and "\r" not in report


def questionnaire_holding(text: str) -> bytes:
    """The minimal questionnaire with `text` in its title, level, area, question, help,
    choice, action and detail fields."""
    data = json.loads(json.dumps(MINIMAL_DATA))
    data["questionnaire"]["title"] = text
    data["levels"][0]["name"] = text
    data["scales"]["adoption"]["choices"][1]["label"] = text
    area = data["areas"][0]
    area["name"] = text
    question = area["questions"][0]
    question["text"] = text
    question["help"] = text
    question["recommendation"]["action"] = text
    question["recommendation"]["detail"] = text
    return tomli_w.dumps(data).encode()


def test_questionnaire_text_never_changes_the_report_structure() -> None:
    """Each string loads and renders with the structure of a harmless one, or is refused."""
    harmless = parse_questionnaire(questionnaire_holding(HARMLESS), "harmless.toml")
    expected = structure(render_report(harmless, answered_once(harmless)))
    rendered = refused = 0
    for name, text in zip(NAMES, STRINGS, strict=True):
        try:
            questionnaire = parse_questionnaire(questionnaire_holding(non_empty(text)), "q.toml")
        except InvalidFileError as error:
            refused += 1
            assert all("\n" not in str(p) and "\x1b" not in str(p) for p in error.problems), name
            continue
        report = render_report(questionnaire, answered_once(questionnaire))
        assert structure(report) == expected, name
        rendered += 1
    assert rendered >= 25 and refused >= 10  # both paths are really exercised


def answered_once(questionnaire: Questionnaire) -> Assessment:
    """The first question answered 'partially', so its choice label is printed."""
    assessment = Assessment.start(questionnaire, "Team", "2026-Q4", today=DAY)
    assessment.record(questionnaire.questions[0].id, Answer(1, notes="note", owner="owner"))
    return assessment
