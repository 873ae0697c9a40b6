"""The roll-up across teams: latest per team, heatmap, weakest areas, falls, bad files skipped."""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.assessment_folder import scan_folder
from ops_maturity.core.rollup import build_rollup
from ops_maturity.core.rollup_output import rollup_markdown

from .rollup_builders import levels, write_questionnaire, write_team


def _org(tmp_path: Path) -> Path:
    """Three teams in two subfolders; Search fell from 2 to 1 in area b."""
    q = write_questionnaire(tmp_path)
    write_team(tmp_path / "payments", q, "Payments", "2026-Q3", levels(1, 1))
    write_team(tmp_path / "payments", q, "Payments", "2026-Q4", levels(2, 3))
    write_team(tmp_path / "search", q, "Search", "2026-Q3", levels(2, 2))
    write_team(tmp_path / "search", q, "Search", "2026-Q4", levels(2, 1))
    write_team(tmp_path / "search", q, "Identity", "2026-Q4", levels(0, 1))
    return tmp_path


def test_rollup_takes_each_teams_latest_assessment_recursively(tmp_path: Path) -> None:
    scan = scan_folder(_org(tmp_path), recursive=True)
    rollup = build_rollup(scan.found, scan.warnings)
    assert rollup is not None
    assert [(t.assessment.team, t.assessment.label) for t in rollup.teams] == [
        ("Identity", "2026-Q4"),
        ("Payments", "2026-Q4"),
        ("Search", "2026-Q4"),
    ]
    assert [[a.level for a in t.score.areas] for t in rollup.teams] == [[0, 1], [2, 3], [2, 1]]


def test_weakest_areas_and_teams_that_fell(tmp_path: Path) -> None:
    scan = scan_folder(_org(tmp_path), recursive=True)
    rollup = build_rollup(scan.found)
    assert rollup is not None
    # Area a: (0 + 2 + 2) / 3; area b: (1 + 3 + 1) / 3, so a is weaker.
    assert rollup.weakest_areas[0].area.id == "a"
    (fall,) = rollup.falls
    assert fall.team.assessment.team == "Search"
    assert (fall.previous_label, fall.previous_overall, fall.team.score.overall_level) == (
        "2026-Q3",
        2,
        1,
    )
    assert fall.areas_fell == ("Area b",)


def test_most_common_items_count_teams_needing_the_practice(tmp_path: Path) -> None:
    scan = scan_folder(_org(tmp_path), recursive=True)
    rollup = build_rollup(scan.found)
    assert rollup is not None
    counts = {item.question.id: item.team_count for item in rollup.common_items}
    # Next level for b: Identity (1) and Search (1) need b.l2; Payments (3) needs b.l4.
    assert counts["b.l2"] == 2
    assert counts["b.l4"] == 1


def test_a_corrupt_foreign_or_unreadable_file_is_named_and_skipped(tmp_path: Path) -> None:
    """Bad files become warnings naming them; every good team is still rolled up."""
    org = _org(tmp_path)
    (org / "search" / "broken.toml").write_text("[assessment\n", encoding="utf-8")
    (org / "payments" / "notes.toml").write_text('title = "not an assessment"\n', encoding="utf-8")
    (org / "binary.toml").write_bytes(b"\xff\xfe\x00")
    scan = scan_folder(org, recursive=True)
    rollup = build_rollup(scan.found, scan.warnings)
    assert rollup is not None
    assert len(rollup.teams) == 3
    warned = {w.path.name: w.reason for w in rollup.warnings}
    assert set(warned) == {"broken.toml", "notes.toml", "binary.toml"}
    assert "not an assessment" in warned["notes.toml"]
    assert "TOML syntax error" in warned["broken.toml"]
    assert "broken.toml" in rollup_markdown(rollup)


def test_a_missing_questionnaire_is_a_warning_not_an_abort(tmp_path: Path) -> None:
    org = _org(tmp_path)
    elsewhere = tmp_path / "gone" / "questionnaire.toml"
    write_team(org / "lost", elsewhere, "Lost", "2026-Q4", {})
    scan = scan_folder(org, recursive=True)
    rollup = build_rollup(scan.found, scan.warnings)
    assert rollup is not None
    assert "Lost" not in {t.assessment.team for t in rollup.teams}
    assert any("questionnaire not found" in w.reason for w in rollup.warnings)


def test_parallel_and_serial_reading_give_the_same_result(tmp_path: Path) -> None:
    """Worker processes change the speed, never the outcome or its order."""
    org = _org(tmp_path)
    (org / "broken.toml").write_text("x = [", encoding="utf-8")
    serial = scan_folder(org, recursive=True, workers=1)
    from ops_maturity.core import assessment_folder

    original = assessment_folder.PARALLEL_THRESHOLD
    assessment_folder.PARALLEL_THRESHOLD = 1
    try:
        parallel = scan_folder(org, recursive=True, workers=2)
    finally:
        assessment_folder.PARALLEL_THRESHOLD = original
    assert [f.path for f in parallel.found] == [f.path for f in serial.found]
    assert [f.assessment for f in parallel.found] == [f.assessment for f in serial.found]
    assert parallel.warnings == serial.warnings


def test_an_empty_folder_has_no_rollup(tmp_path: Path) -> None:
    scan = scan_folder(tmp_path, recursive=True)
    assert build_rollup(scan.found, scan.warnings) is None
