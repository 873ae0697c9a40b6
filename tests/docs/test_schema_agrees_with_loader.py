"""The JSON schemas say what the loaders enforce: each mutation below is refused by both."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ops_maturity.core.parsing.validation import InvalidFileError, parse_toml_document
from ops_maturity.core.questionnaires.loader import parse_questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "docs" / "schema"
MINIMAL = (ROOT / "examples" / "minimal-questionnaire.toml").read_text(encoding="utf-8")
Q4 = (ROOT / "examples" / "payments-platform-2026-q4.toml").read_text(encoding="utf-8")


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


def schema_accepts(data: dict[str, Any], name: str) -> bool:
    try:
        jsonschema.validate(data, schema(name))
    except jsonschema.ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('title = "Minimal example"', 'title = ""'),
        ('title = "Minimal example"', 'title = "Minimal\\rexample"'),
        ('version = "1.0.0"', 'version = "1.0.0\\nother.toml:1:1: x"'),
        ('name = "Reactive Response"', 'name = "   "'),
        ('links = ["', 'links = ["javascript:alert(1)", "'),
        ("number = 4", "number = 11"),
        ("met_threshold = 2", "met_threshold = 0x7fffffffffff"),
    ],
)
def test_questionnaire_mutation_is_refused_by_loader_and_schema(old: str, new: str) -> None:
    """Empty text, CR and newlines in one-line fields, odd links, out-of-range integers."""
    text = MINIMAL.replace(old, new, 1)
    assert text != MINIMAL
    with pytest.raises(InvalidFileError):
        parse_questionnaire(text.encode(), "mutated.toml")
    assert not schema_accepts(tomllib.loads(text), "questionnaire.schema.json")


def test_valid_questionnaire_is_accepted_by_both() -> None:
    assert parse_questionnaire(MINIMAL.encode(), "minimal.toml").areas
    assert schema_accepts(tomllib.loads(MINIMAL), "questionnaire.schema.json")


def _assessment_data(text: str) -> dict[str, Any]:
    data = parse_toml_document(text.encode(), "a.toml").data
    data["assessment"]["date"] = data["assessment"]["date"].isoformat()
    return data


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('team = "Payments Platform"', 'team = ""'),
        ('not_applicable_reason = "', 'not_applicable_reaso = "'),
    ],
)
def test_assessment_mutation_is_refused_by_loader_and_schema(
    old: str, new: str, tmp_path: Path
) -> None:
    """An empty team, and not-applicable without a reason."""
    assert old in Q4
    text = Q4.replace(old, new, 1)
    if "reaso " in new:  # drop the misspelt key again: the answer is left without a reason
        text = "\n".join(line for line in text.splitlines() if "not_applicable_reaso " not in line)
    path = tmp_path / "a.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFileError):
        load_assessment(path)
    assert not schema_accepts(_assessment_data(text), "assessment.schema.json")


MULTI = (ROOT / "tests" / "core" / "fixtures" / "multi-select.toml").read_text(encoding="utf-8")


def test_multi_select_questionnaire_is_accepted_by_both() -> None:
    """Multi-select scales, Markdown how, effort, tags, references and skipped levels."""
    assert parse_questionnaire(MULTI.encode(), "multi.toml").areas
    assert schema_accepts(tomllib.loads(MULTI), "questionnaire.schema.json")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('effort = "', 'detail = "plain"\neffort = "'),
        ('tags = ["monitoring", "basics"]', f"tags = {[f't{n}' for n in range(21)]}"),
        ('tags = ["monitoring", "basics"]', 'tags = ["monitoring", " "]'),
        ('references = ["SAMM', 'references = ["' + "x" * 501 + '", "SAMM'),
        ('met_at_least = "all"', "met_at_least = 0"),
        ('met_at_least = "all"', 'met_at_least = "most"'),
        ('select = "multiple"\nmet_at_least = "all"', 'select = "many"\nmet_at_least = "all"'),
        ('select = "multiple"\nmet_at_least = "all"', "met_threshold = 1"),
        ('select = "multiple"\nmet_at_least = "all"', 'select = "multiple"\nmet_threshold = 1'),
        ("skipped_levels = [1]", "skipped_levels = [11]"),
    ],
)
def test_new_field_mutation_is_refused_by_loader_and_schema(old: str, new: str) -> None:
    """how with detail, too many or blank tags, a long reference, bad met rules, a choice's how
    on a single-choice scale, and a skipped level out of range."""
    text = MULTI.replace(old, new, 1)
    assert text != MULTI
    with pytest.raises(InvalidFileError):
        parse_questionnaire(text.encode(), "mutated.toml")
    assert not schema_accepts(tomllib.loads(text), "questionnaire.schema.json")
