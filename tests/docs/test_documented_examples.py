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
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.parsing.validation import parse_toml_document
from ops_maturity.core.questionnaires.bundled import resolve_questionnaire
from ops_maturity.core.questionnaires.loader import load_questionnaire, parse_questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.core.storage.folder import scan_folder
from ops_maturity.core.storage.records import scan_records
from ops_maturity.core.storage.team_assessments import team_assessments, team_names
from ops_maturity.core.trends.history import build_history
from ops_maturity.core.trends.rollup import build_rollup

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


EXAMPLE_ASSESSMENTS = sorted((ROOT / "examples").glob("*-20[0-9][0-9]-q[1-4].toml"))
TEAM_EXAMPLE = ROOT / "examples" / "checkout-2026-q4-team.toml"


def test_examples_hold_three_teams() -> None:
    """Payments over three quarters, and two more teams over two each."""
    names = [path.name for path in EXAMPLE_ASSESSMENTS]
    assert len(names) == 7
    assert "payments-platform-2027-q1.toml" in names


@pytest.mark.parametrize("path", [*EXAMPLE_ASSESSMENTS, TEAM_EXAMPLE])
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


def test_examples_give_history_and_rollup_something_to_show() -> None:
    """Payments' history has three quarters; the roll-up names the team whose level fell, and
    the history explains that fall by a practice that stopped being not applicable."""
    scan = scan_folder(ROOT / "examples", recursive=False)
    assert scan.warnings == ()
    assert team_names(scan.found) == [
        "Checkout",
        "Identity Services",
        "Payments Platform",
        "Search Infrastructure",
    ]
    questionnaire = resolve_questionnaire("ops-maturity")
    payments = build_history(
        "payments platform",
        questionnaire,
        team_assessments(scan.found, "payments platform"),
    )
    assert payments.labels == ("2026-Q3", "2026-Q4", "2027-Q1")
    assert list(payments.overall_levels) == sorted(payments.overall_levels)
    records = scan_records(ROOT / "examples", recursive=False)
    rollup = build_rollup(records.records, records.warnings)
    assert rollup is not None
    (fall,) = rollup.falls
    assert (fall.team.team, fall.areas_fell) == ("Search Infrastructure", ("Alerting",))
    search = build_history(
        "Search Infrastructure",
        questionnaire,
        team_assessments(scan.found, "Search Infrastructure"),
    )
    (change,) = search.entries[-1].not_applicable_changes
    assert change.result.question.area_id == "alerting"
    assert change.became_not_applicable is False


def test_team_example_has_disagreement_an_override_and_its_report_shows_them() -> None:
    """The team-mode example: 5 participants, spreads of 2+ steps, one override, in the report."""
    from ops_maturity.core.model.votes import Mode, mode_of, needs_discussion
    from ops_maturity.core.reports.report import render_report

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
