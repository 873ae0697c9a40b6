"""History of one team: identity from the file's team name, order, version changes, N/A moves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.reports.history_output import history_markdown, history_text
from ops_maturity.core.storage.assessment_store import save_assessment_atomically
from ops_maturity.core.storage.folder import scan_folder
from ops_maturity.core.storage.team_assessments import team_assessments, team_names
from ops_maturity.core.trends.history import build_history
from ops_maturity.core.trends.sparkline import sparkline, trend_arrow

from .builders import FULLY, NOT_IN_PLACE, Q, build_questionnaire, one_per_level


def _assessment(
    questionnaire: Questionnaire,
    team: str,
    label: str,
    day: dt.date,
    answers: Mapping[str, int | SpecialAnswer],
) -> Assessment:
    assessment = Assessment.start(questionnaire, team, label, today=day)
    for question_id, value in answers.items():
        reason = "Not used here." if value == SpecialAnswer.NOT_APPLICABLE else ""
        assessment.record(question_id, Answer(value, na_reason=reason))
    return assessment


def _save(folder: Path, name: str, assessment: Assessment) -> Path:
    path = folder / name
    save_assessment_atomically(assessment, path)
    return path


def test_history_is_ordered_by_label_then_date_not_by_file_name(tmp_path: Path) -> None:
    """Files whose names sort the other way still come out oldest label first, then by date."""
    questionnaire = build_questionnaire({"a": one_per_level("a")})
    _save(
        tmp_path,
        "a-latest.toml",
        _assessment(questionnaire, "Payments", "2027-Q1", dt.date(2027, 2, 1), {}),
    )
    _save(
        tmp_path,
        "b-second.toml",
        _assessment(questionnaire, "Payments", "2026-Q4", dt.date(2026, 12, 1), {}),
    )
    _save(
        tmp_path,
        "c-first.toml",
        _assessment(questionnaire, "Payments", "2026-Q4", dt.date(2026, 10, 1), {}),
    )
    found = team_assessments(scan_folder(tmp_path, recursive=False).found, "Payments")
    assert [(f.assessment.label, f.assessment.date.month, f.path.name) for f in found] == [
        ("2026-Q4", 10, "c-first.toml"),
        ("2026-Q4", 12, "b-second.toml"),
        ("2027-Q1", 2, "a-latest.toml"),
    ]


def test_identity_comes_from_the_team_name_inside_the_file(tmp_path: Path) -> None:
    """A file named after another team is matched by its content, case and spacing aside."""
    questionnaire = build_questionnaire({"a": one_per_level("a")})
    day = dt.date(2026, 10, 1)
    _save(
        tmp_path,
        "search-2026-q3.toml",
        _assessment(questionnaire, "payments  team", "2026-Q3", day, {}),
    )
    _save(
        tmp_path,
        "payments-team-2026-q4.toml",
        _assessment(questionnaire, "Search", "2026-Q4", day, {}),
    )
    found = scan_folder(tmp_path, recursive=False).found
    assert [f.path.name for f in team_assessments(found, "Payments Team")] == [
        "search-2026-q3.toml"
    ]
    assert team_names(found) == ["payments team", "Search"]


def test_a_changed_questionnaire_lists_added_and_removed_questions_and_never_crashes(
    tmp_path: Path,
) -> None:
    """Questions are compared by id; an area the old file never asked about has no level."""
    kept = [Q("a.l1", 1), Q("a.l3", 3), Q("a.l4", 4)]
    old = build_questionnaire({"a": [*kept, Q("a.gone", 2)]}, version="1")
    new = build_questionnaire({"a": [*kept, Q("a.l2", 2)], "b": one_per_level("b")}, version="2")
    _save(
        tmp_path,
        "q3.toml",
        _assessment(
            old, "Payments", "2026-Q3", dt.date(2026, 8, 1), {"a.l1": FULLY, "a.gone": FULLY}
        ),
    )
    _save(
        tmp_path,
        "q4.toml",
        _assessment(
            new, "Payments", "2026-Q4", dt.date(2026, 11, 1), {"a.l1": FULLY, "b.l1": FULLY}
        ),
    )
    found = team_assessments(scan_folder(tmp_path, recursive=False).found, "Payments")
    history = build_history("Payments", new, found)
    first, second = history.entries
    assert (first.added, first.removed) == ((), ())
    assert set(second.added) == {"a.l2", "b.l1", "b.l2", "b.l3", "b.l4"}
    assert second.removed == ("a.gone",)
    assert first.area_levels == {"a": 1, "b": None}  # 'b' did not exist in 2026-Q3
    assert second.area_levels == {"a": 1, "b": 1}
    trend_b = next(t for t in history.area_trends if t.area.id == "b")
    assert trend_b.sparkline[0] == " "
    text = history_text(history)
    assert "a.gone" in text and "removed" in text


def test_a_level_drop_from_a_not_applicable_change_is_explained(tmp_path: Path) -> None:
    """A practice that was N/A and is now unmet is listed with the entry where it changed."""
    questionnaire = build_questionnaire({"a": one_per_level("a")})
    before: dict[str, int | SpecialAnswer] = {
        "a.l1": FULLY,
        "a.l2": SpecialAnswer.NOT_APPLICABLE,
        "a.l3": NOT_IN_PLACE,
    }
    after = {"a.l1": FULLY, "a.l2": NOT_IN_PLACE, "a.l3": NOT_IN_PLACE}
    _save(
        tmp_path,
        "q3.toml",
        _assessment(questionnaire, "Payments", "2026-Q3", dt.date(2026, 8, 1), before),
    )
    _save(
        tmp_path,
        "q4.toml",
        _assessment(questionnaire, "Payments", "2026-Q4", dt.date(2026, 11, 1), after),
    )
    found = team_assessments(scan_folder(tmp_path, recursive=False).found, "Payments")
    history = build_history("Payments", questionnaire, found)
    assert history.overall_levels == (2, 1)
    (change,) = history.entries[1].not_applicable_changes
    assert change.result.question.id == "a.l2"
    assert change.description == "not applicable → not met"
    assert "Question a.l2?: not applicable → not met" in history_markdown(history)


def test_sparkline_scales_levels_to_eight_blocks() -> None:
    """Level 0 is the lowest block and the top level the highest; unknown levels are blank."""
    assert sparkline([0, 4], 4) == "▁█"
    assert sparkline([None, 2], 4) == " ▅"
    levels = sparkline([0, 1, 2, 3, 4], 4)
    assert list(levels) == sorted(levels)  # never falls as the level rises


def test_trend_arrows() -> None:
    assert (trend_arrow(1, 2), trend_arrow(2, 1), trend_arrow(2, 2), trend_arrow(None, 2)) == (
        "↑",
        "↓",
        "→",
        "",
    )
