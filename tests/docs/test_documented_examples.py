"""The examples in docs/ and examples/ are real: they load, validate and match the JSON schemas."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ops_maturity.core.assessment_store import load_assessment
from ops_maturity.core.bundled import resolve_questionnaire
from ops_maturity.core.questionnaire_loader import load_questionnaire, parse_questionnaire
from ops_maturity.core.scoring import score_assessment
from ops_maturity.core.validation import parse_toml_document

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SCHEMAS = DOCS / "schema"
_FENCED_TOML = re.compile(r"```toml\n(# example: (\w+)\n.*?)```", re.DOTALL)


def documented_examples(kind: str) -> list[str]:
    """TOML blocks in docs/*.md that start with `# example: <kind>`."""
    blocks = []
    for page in sorted(DOCS.glob("*.md")):
        for match in _FENCED_TOML.finditer(page.read_text(encoding="utf-8")):
            if match.group(2) == kind:
                blocks.append(match.group(1))
    return blocks


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def test_docs_hold_both_kinds_of_example() -> None:
    """The format pages show a questionnaire and an assessment example."""
    assert documented_examples("questionnaire")
    assert documented_examples("assessment")


@pytest.mark.parametrize("block", documented_examples("questionnaire"))
def test_documented_questionnaire_loads_and_matches_schema(block: str) -> None:
    """Each questionnaire example in docs/ loads and matches the JSON schema."""
    questionnaire = parse_questionnaire(block.encode(), "docs-example.toml")
    assert questionnaire.questions
    jsonschema.validate(tomllib.loads(block), schema("questionnaire.schema.json"))


@pytest.mark.parametrize("block", documented_examples("assessment"))
def test_documented_assessment_loads_and_matches_schema(block: str, tmp_path: Path) -> None:
    """Each assessment example in docs/ loads, scores against the bundled questionnaire and matches the schema."""
    path = tmp_path / "example.toml"
    path.write_text(block, encoding="utf-8")
    assessment = load_assessment(path)
    questionnaire = resolve_questionnaire(assessment.questionnaire_id)
    assert score_assessment(questionnaire, assessment).answered == 3
    data = parse_toml_document(block.encode(), "x").data
    data["assessment"]["date"] = data["assessment"]["date"].isoformat()
    jsonschema.validate(data, schema("assessment.schema.json"))


@pytest.mark.parametrize(
    "path",
    [
        ROOT / "questionnaires" / "ops-maturity.toml",
        ROOT / "examples" / "minimal-questionnaire.toml",
    ],
)
def test_shipped_questionnaires_match_schema(path: Path) -> None:
    """Bundled and example questionnaires load and match the JSON schema."""
    load_questionnaire(path)
    jsonschema.validate(
        tomllib.loads(path.read_text(encoding="utf-8")), schema("questionnaire.schema.json")
    )


@pytest.mark.parametrize(
    "path",
    [
        *sorted((ROOT / "examples").glob("payments-platform-*.toml")),
        ROOT / "examples" / "checkout-2026-q4-team.toml",
    ],
)
def test_example_assessments_match_schema(path: Path) -> None:
    """The example assessments load and match the JSON schema."""
    load_assessment(path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data["assessment"]["date"], dt.date)
    data["assessment"]["date"] = data["assessment"]["date"].isoformat()
    jsonschema.validate(data, schema("assessment.schema.json"))


def test_example_quarters_show_progress() -> None:
    """The two example quarters differ in levels: Q4 is ahead of Q3 overall and in most areas."""
    questionnaire = resolve_questionnaire("ops-maturity")
    q3 = score_assessment(
        questionnaire, load_assessment(ROOT / "examples" / "payments-platform-2026-q3.toml")
    )
    q4 = score_assessment(
        questionnaire, load_assessment(ROOT / "examples" / "payments-platform-2026-q4.toml")
    )
    assert q4.overall_level > q3.overall_level
    improved = [
        a4.area.id for a3, a4 in zip(q3.areas, q4.areas, strict=True) if a4.level > a3.level
    ]
    assert len(improved) >= 5


def test_team_example_has_disagreement_an_override_and_its_report_shows_them() -> None:
    """The team-mode example: 5 participants, spreads of 2+ steps, one override, in the report."""
    from ops_maturity.core.report import render_report
    from ops_maturity.core.votes import Mode, mode_of, needs_discussion

    assessment = load_assessment(ROOT / "examples" / "checkout-2026-q4-team.toml")
    questionnaire = resolve_questionnaire(assessment.questionnaire_id)
    assert mode_of(assessment) is Mode.TEAM and len(assessment.participants) == 5
    flagged = [
        q for q in questionnaire.questions if needs_discussion(q.scale, assessment.votes[q.id])
    ]
    assert len(flagged) >= 3
    assert [qid for qid, votes in assessment.votes.items() if votes.overridden] == [
        "visibility.business-metrics"
    ]
    report = render_report(questionnaire, assessment)
    assert "## Discussion topics" in report
    assert "set by the facilitator; the median of the votes was Mostly" in report
    assert "Participation (questions voted on, of 64): Amara Okafor 64" in report
