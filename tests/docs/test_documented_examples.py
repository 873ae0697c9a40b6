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
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


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


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("payments-platform-*.toml")))
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
