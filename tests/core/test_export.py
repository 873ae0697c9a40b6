"""JSON exports validate against docs/schema/export.schema.json; CSV is safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ops_maturity.cli import main
from ops_maturity.core.assessment import Answer
from ops_maturity.core.export_csv import CSV_COLUMNS, roadmap_csv, spreadsheet_safe
from ops_maturity.core.questionnaire import Questionnaire
from ops_maturity.core.roadmap import build_roadmap
from ops_maturity.core.scoring import score_assessment

from .builders import ROOT, assess
from .rollup_builders import levels, write_questionnaire, write_team

SCHEMA = json.loads((ROOT / "docs" / "schema" / "export.schema.json").read_text("utf-8"))
EXAMPLES = ROOT / "examples"
Q3 = EXAMPLES / "payments-platform-2026-q3.toml"
Q4 = EXAMPLES / "payments-platform-2026-q4.toml"


def _validated(document: dict[str, Any], kind: str) -> dict[str, Any]:
    jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(document)
    assert (document["schema_version"], document["kind"]) == (1, kind)
    return document


def _json_from(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    status = main(args)
    out = capsys.readouterr().out
    assert status == 0, out
    document: dict[str, Any] = json.loads(out)
    return document


def test_report_json_follows_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """Levels, targets and the roadmap (items for the targets first) of the Q4 example."""
    document = _validated(
        _json_from(["report", str(Q4), "--compare", str(Q3), "--format", "json"], capsys),
        "report",
    )
    assert document["assessment"]["team"] == "Payments Platform"
    needed = [item["needed_for_target"] for item in document["roadmap"]]
    assert needed == sorted(needed, reverse=True)
    assert document["comparison"]["previous"]["label"] == "2026-Q3"


def test_compare_json_follows_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    document = _validated(
        _json_from(["compare", str(Q4), str(Q3), "--format", "json"], capsys), "compare"
    )
    assert document["previous_overall_level"] <= 4


def test_history_and_rollup_json_follow_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    q = write_questionnaire(tmp_path)
    write_team(tmp_path, q, "Payments", "2026-Q3", levels(1, 1))
    write_team(tmp_path, q, "Payments", "2026-Q4", levels(2, 0))
    write_team(tmp_path, q, "Search", "2026-Q4", levels(1, 2))
    history = _validated(
        _json_from(["history", str(tmp_path), "--team", "payments", "--format", "json"], capsys),
        "history",
    )
    assert [entry["label"] for entry in history["entries"]] == ["2026-Q3", "2026-Q4"]
    rollup = _validated(
        _json_from(["rollup", str(tmp_path), "--format", "json", "--no-cache"], capsys), "rollup"
    )
    assert [fall["team"] for fall in rollup["teams_that_fell"]] == ["Payments"]


def test_schema_rejects_a_document_of_another_version() -> None:
    """The version is part of the contract: a consumer can refuse what it does not know."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 2, "kind": "report"}, SCHEMA)


def test_csv_has_one_row_per_roadmap_item_with_owner_and_due(minimal: Questionnaire) -> None:
    assessment = assess(
        minimal,
        {"visibility.error-rates": Answer(1, owner="Mei Chen", due="2027-Q1")},
    )
    roadmap = build_roadmap(minimal, score_assessment(minimal, assessment))
    rows = list(csv.reader(io.StringIO(roadmap_csv(roadmap.items))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(roadmap.items) + 1
    first = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert (first["owner"], first["due"]) == ("Mei Chen", "2027-Q1")
    assert first["title"] == roadmap.items[0].action


@pytest.mark.parametrize("formula", ["=1+1", "+SUM(A1)", "-2", "@cmd", '=HYPERLINK("x")'])
def test_csv_cells_never_start_a_formula(minimal: Questionnaire, formula: str) -> None:
    """An owner typed as a formula is written with a leading quote, read back as text."""
    assessment = assess(minimal, {"visibility.error-rates": Answer(1, owner=formula)})
    roadmap = build_roadmap(minimal, score_assessment(minimal, assessment))
    rows = list(csv.reader(io.StringIO(roadmap_csv(roadmap.items))))
    owner = rows[1][CSV_COLUMNS.index("owner")]
    assert owner == "'" + formula
    assert spreadsheet_safe("plain") == "plain"
