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
from ops_maturity.core.model.assessment import Answer
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.reports.export_csv import CSV_COLUMNS, roadmap_csv, spreadsheet_safe
from ops_maturity.core.reports.export_json import EXPORT_SCHEMA_VERSION

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
    assert (document["schema_version"], document["kind"]) == (EXPORT_SCHEMA_VERSION, kind)
    return document


def _json_from(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    status = main(args)
    out = capsys.readouterr().out
    assert status == 0, out
    document: dict[str, Any] = json.loads(out)
    return document


def test_report_json_follows_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """Levels, targets, every answer and the roadmap in plan order, of the Q4 example."""
    document = _validated(
        _json_from(["report", str(Q4), "--compare", str(Q3), "--format", "json"], capsys),
        "report",
    )
    assert document["assessment"]["team"] == "Payments Platform"
    assert document["assessment"]["facilitator"] == "Priya Nair"
    horizons = [item["horizon"] for item in document["roadmap"]]
    assert horizons == sorted(horizons, key=["short", "medium", "long"].index)
    assert len(document["answers"]) == 64
    assert document["comparison"]["previous"]["label"] == "2026-Q3"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*-20*.toml")), ids=lambda p: p.name)
def test_every_example_report_json_follows_the_schema(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every example's report validates, answers and votes included."""
    document = _validated(_json_from(["report", str(path), "--format", "json"], capsys), "report")
    keys = [item["key"] for item in document["roadmap"]]
    assert all(key.startswith("ops-maturity:") for key in keys)
    assert len(set(keys)) == len(keys)


def test_team_report_json_has_votes_and_follow_ups(capsys: pytest.CaptureFixture[str]) -> None:
    """The 16-of-64 retro: votes per participant, notes, owners, due, follow-ups, constraint."""
    document = _validated(
        _json_from(
            ["report", str(EXAMPLES / "checkout-2027-q1-team.toml"), "--format", "json"], capsys
        ),
        "report",
    )
    answers = {entry["question_id"]: entry for entry in document["answers"]}
    urgency = answers["alerting.urgency"]
    assert urgency["overridden"] is True and urgency["votes"]["Wei Zhang"] == 1
    assert answers["alerting.actionable"]["owner"] == "Lucía Fernández"
    assert answers["alerting.actionable"]["due"] == "2027-Q2"
    assert answers["incidents.roles"]["answer"] is None
    assert len(document["follow_ups"]) == 49
    assert document["constraint"] == ["alerting"]
    assert [item["question_id"] for item in document["roadmap"] if item["horizon"] == "short"] == [
        "alerting.actionable",
        "alerting.urgency",
    ]


def test_anonymous_votes_are_exported_as_counts_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With anonymous votes the export has vote counts and no participant's vote."""
    from ops_maturity.core.model.votes import make_votes_anonymous
    from ops_maturity.core.storage.assessment_store import (
        load_assessment,
        save_assessment_atomically,
    )

    assessment = load_assessment(EXAMPLES / "checkout-2027-q1-team.toml")
    make_votes_anonymous(assessment)
    path = tmp_path / "anonymous.toml"
    save_assessment_atomically(assessment, path)
    document = _validated(_json_from(["report", str(path), "--format", "json"], capsys), "report")
    voted = [entry for entry in document["answers"] if "revealed" in entry]
    assert voted and all("votes" not in entry and "vote_counts" in entry for entry in voted)
    assert sum(voted[0]["vote_counts"].values()) == 5
    assert "Amara Okafor" not in json.dumps(document)  # a voter, never an owner


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
        jsonschema.validate({"schema_version": 1, "kind": "report"}, SCHEMA)


def _csv_rows(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    return [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]


def test_csv_has_one_row_per_roadmap_item_with_team_key_owner_due_and_how(
    minimal: Questionnaire,
) -> None:
    """Each row names its team, label and question, a stable key, owner, due and the How."""
    assessment = assess(
        minimal,
        {"visibility.error-rates": Answer(1, owner="Mei Chen", due="2027-Q1")},
    )
    roadmap = build_roadmap(minimal, score_assessment(minimal, assessment), assessment)
    rows = _csv_rows(roadmap_csv(assessment, roadmap.items))
    assert len(rows) == len(roadmap.items) == 1
    first = rows[0]
    assert (first["owner"], first["due"]) == ("Mei Chen", "2027-Q1")
    assert (first["team"], first["label"]) == ("Payments", "2026-Q4")
    assert first["question_id"] == "visibility.error-rates"
    assert first["key"] == "minimal-example:visibility.error-rates"
    assert first["title"] == roadmap.items[0].action
    assert first["how"].startswith("Start with the services users touch first")


def test_csv_keys_are_the_same_for_every_team_and_quarter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two teams' and two quarters' exports share keys for the same practice: next quarter's
    import finds last quarter's issue; the team column tells the teams apart."""
    keys = {}
    for name in ("payments-platform-2026-q4.toml", "search-infrastructure-2026-q4.toml"):
        assert main(["report", str(EXAMPLES / name), "--format", "csv"]) == 0
        rows = _csv_rows(capsys.readouterr().out)
        keys[name] = {row["key"]: row["team"] for row in rows}
    shared = set(keys["payments-platform-2026-q4.toml"]) & set(
        keys["search-infrastructure-2026-q4.toml"]
    )
    assert shared
    key = sorted(shared)[0]
    assert keys["payments-platform-2026-q4.toml"][key] == "Payments Platform"
    assert keys["search-infrastructure-2026-q4.toml"][key] == "Search Infrastructure"


@pytest.mark.parametrize("formula", ["=1+1", "+SUM(A1)", "-2", "@cmd", '=HYPERLINK("x")'])
def test_csv_cells_never_start_a_formula(minimal: Questionnaire, formula: str) -> None:
    """An owner (or team) typed as a formula is written with a leading quote, read back as text."""
    assessment = assess(minimal, {"visibility.error-rates": Answer(1, owner=formula)})
    assessment.team = formula
    roadmap = build_roadmap(minimal, score_assessment(minimal, assessment), assessment)
    row = _csv_rows(roadmap_csv(assessment, roadmap.items))[0]
    assert row["owner"] == "'" + formula
    assert row["team"] == "'" + formula
    assert spreadsheet_safe("plain") == "plain"


def test_rollup_json_marks_incomplete_teams_and_the_flag_counts_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The examples' Checkout retro (16 of 64) is marked incomplete; `--include-incomplete`
    counts it in the areas' means, which it lowers."""
    plain = _validated(
        _json_from(["rollup", str(EXAMPLES), "--format", "json", "--no-cache"], capsys), "rollup"
    )
    counted = _validated(
        _json_from(
            ["rollup", str(EXAMPLES), "--format", "json", "--no-cache", "--include-incomplete"],
            capsys,
        ),
        "rollup",
    )
    checkout = next(team for team in plain["teams"] if team["team"] == "Checkout")
    assert (checkout["answered"], checkout["total"], checkout["complete"]) == (16, 64, False)
    assert (plain["include_incomplete"], counted["include_incomplete"]) == (False, True)
    ownership = [
        next(a["mean_level"] for a in doc["areas"] if a["id"] == "ownership")
        for doc in (plain, counted)
    ]
    assert ownership[1] < ownership[0]
