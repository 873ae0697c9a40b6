"""The roll-up across teams: latest per team, heatmap, weakest areas, falls, bad files skipped."""

from __future__ import annotations

import json
import random
from pathlib import Path

from ops_maturity.core.model.assessment import SpecialAnswer
from ops_maturity.core.model.level_table import LevelTable
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.reports.rollup_output import rollup_markdown
from ops_maturity.core.storage.records import scan_records
from ops_maturity.core.trends.rollup import build_rollup

from .builders import assess
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
    scan = scan_records(_org(tmp_path), recursive=True)
    rollup = build_rollup(scan.records, scan.warnings)
    assert rollup is not None
    assert [(t.team, t.label) for t in rollup.teams] == [
        ("Identity", "2026-Q4"),
        ("Payments", "2026-Q4"),
        ("Search", "2026-Q4"),
    ]
    assert [list(t.score.levels) for t in rollup.teams] == [[0, 1], [2, 3], [2, 1]]


def test_weakest_areas_and_teams_that_fell(tmp_path: Path) -> None:
    scan = scan_records(_org(tmp_path), recursive=True)
    rollup = build_rollup(scan.records)
    assert rollup is not None
    # Area a: (0 + 2 + 2) / 3; area b: (1 + 3 + 1) / 3, so a is weaker.
    assert rollup.weakest_areas[0].area.id == "a"
    (fall,) = rollup.falls
    assert fall.team.team == "Search"
    assert (fall.previous_label, fall.previous_overall, fall.team.overall_level) == (
        "2026-Q3",
        2,
        1,
    )
    assert fall.areas_fell == ("Area b",)


def test_most_common_items_count_teams_needing_the_practice(tmp_path: Path) -> None:
    scan = scan_records(_org(tmp_path), recursive=True)
    rollup = build_rollup(scan.records)
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
    scan = scan_records(org, recursive=True)
    rollup = build_rollup(scan.records, scan.warnings)
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
    scan = scan_records(org, recursive=True)
    rollup = build_rollup(scan.records, scan.warnings)
    assert rollup is not None
    assert "Lost" not in {t.team for t in rollup.teams}
    assert any("questionnaire not found" in w.reason for w in rollup.warnings)


def test_parallel_and_serial_reading_give_the_same_result(tmp_path: Path) -> None:
    """Worker processes change the speed, never the outcome or its order."""
    org = _org(tmp_path)
    (org / "broken.toml").write_text("x = [", encoding="utf-8")
    serial = scan_records(org, workers=1)
    from ops_maturity.core.storage import records as assessment_records

    original = assessment_records.PARALLEL_THRESHOLD
    assessment_records.PARALLEL_THRESHOLD = 1
    try:
        parallel = scan_records(org, workers=2)
    finally:
        assessment_records.PARALLEL_THRESHOLD = original
    assert parallel.records == serial.records
    assert parallel.warnings == serial.warnings
    assert len(serial.records) == 5


def test_the_cache_rereads_only_changed_files(tmp_path: Path) -> None:
    """A second scan reads nothing; a changed or broken file is read again, and it shows."""
    (tmp_path / "org").mkdir()
    org = _org(tmp_path / "org")
    cache = tmp_path / "cache.json"
    first = scan_records(org, cache_file=cache)
    assert first.read == 6  # five assessments and the questionnaire
    again = scan_records(org, cache_file=cache)
    assert (again.read, again.records, again.warnings) == (0, first.records, ())
    (org / "search" / "identity-2026-q4.toml").write_text("[broken", encoding="utf-8")
    third = scan_records(org, cache_file=cache)
    assert third.read == 1
    assert [w.path.name for w in third.warnings] == ["identity-2026-q4.toml"]
    assert len(third.records) == 4
    cache.write_text("not json", encoding="utf-8")  # a damaged cache is only a slower run
    assert scan_records(org, cache_file=cache).records == third.records


def test_an_empty_folder_has_no_rollup(tmp_path: Path) -> None:
    scan = scan_records(tmp_path, recursive=True)
    assert build_rollup(scan.records, scan.warnings) is None


def test_the_level_table_agrees_with_scoring(minimal: Questionnaire) -> None:
    """The roll-up's fast scorer gives exactly the levels and next-level needs of scoring."""
    rng = random.Random(7)
    choices: list[int | SpecialAnswer | None] = [0, 1, 2, 3, 9, None, *SpecialAnswer]
    table = LevelTable(minimal)
    for _ in range(300):
        answers = {q.id: rng.choice(choices) for q in minimal.questions}
        assessment = assess(minimal, {k: v for k, v in answers.items() if v is not None})
        score = score_assessment(minimal, assessment)
        values = {
            k: (v.value if isinstance(v, SpecialAnswer) else v)
            for k, v in answers.items()
            if v is not None
        }
        quick = table.score(values)
        assert quick.levels == tuple(a.level for a in score.areas)
        assert quick.overall_level == score.overall_level
        assert quick.needed == tuple(
            r.question.id for a in score.areas for r in a.needed_for_next_level
        )


def test_a_damaged_cache_entry_is_read_again_not_trusted(tmp_path: Path) -> None:
    """An entry with the right stamp but the wrong shape never crashes the roll-up."""
    (tmp_path / "org").mkdir()
    org = _org(tmp_path / "org")
    cache = tmp_path / "cache.json"
    first = scan_records(org, cache_file=cache)
    data = json.loads(cache.read_text("utf-8"))
    for entry in data["files"].values():
        if "record" in entry:
            entry["record"]["values"] = ["not", "a", "table"]
    cache.write_text(json.dumps(data), "utf-8")
    again = scan_records(org, cache_file=cache)
    assert again.read == 5
    assert again.records == first.records


def test_a_warning_never_carries_control_characters(tmp_path: Path) -> None:
    """A file name holding an escape sequence is named without it on the terminal."""
    (tmp_path / "evil\x1b[31m.toml").write_text("[broken", encoding="utf-8")
    (warning,) = scan_records(tmp_path).warnings
    assert "\x1b" not in str(warning)
    assert "evil[31m.toml: skipped" in str(warning)


def test_an_incomplete_assessment_is_marked_and_left_out_of_the_summaries(
    tmp_path: Path,
) -> None:
    """A team that answered only area b shows as incomplete (4/8), its area a as not assessed,
    and counts in no mean, weakest area or fall unless asked."""
    q = write_questionnaire(tmp_path)
    write_team(tmp_path, q, "Payments", "2026-Q4", levels(3, 3))
    write_team(tmp_path, q, "Search", "2026-Q3", levels(3, 3))
    partial = {k: v for k, v in levels(0, 2).items() if k.startswith("b.")}
    write_team(tmp_path, q, "Search", "2026-Q4", partial)
    scan = scan_records(tmp_path, recursive=False)
    rollup = build_rollup(scan.records)
    assert rollup is not None
    search = next(team for team in rollup.teams if team.team == "Search")
    assert (search.is_complete, search.score.answered, search.score.total) == (False, 4, 8)
    assert [s.mean_level for s in rollup.area_summaries] == [3.0, 3.0]
    assert rollup.falls == ()
    markdown = rollup_markdown(rollup, charts=False)
    assert "| Search | 2026-Q4 (incomplete: 4/8) | **0** | ⬜ – | 🟨 2 |" in markdown
    assert "1 incomplete assessment(s), marked above, left out" in markdown
    counted = build_rollup(scan.records, include_incomplete=True)
    assert counted is not None
    assert [s.mean_level for s in counted.area_summaries] == [1.5, 2.5]
    assert counted.weakest_areas[0].area.id == "a"
    assert [fall.team.team for fall in counted.falls] == ["Search"]
