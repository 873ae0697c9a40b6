"""Comparing an assessment with an earlier one: level changes, newly met and regressed practices."""

from __future__ import annotations

import datetime as dt

from ops_maturity.core.model.assessment import Answer, SpecialAnswer
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.reports.report import render_report
from ops_maturity.core.trends.comparison import compare_assessments

from .builders import FULLY, MOSTLY, NOT_IN_PLACE, PARTIALLY, assess

# examples/minimal-questionnaire.toml: two areas, one question per level each.
VISIBILITY = ("visibility.error-rates", "visibility.dashboards", "visibility.trends")
INCIDENTS_ROLES = "incidents.roles"


def test_area_levels_and_overall_change_are_reported(minimal: Questionnaire) -> None:
    """Visibility rises from 1 to 3, incidents falls from 1 to 0, and the overall level follows."""
    previous = assess(minimal, {VISIBILITY[0]: MOSTLY, INCIDENTS_ROLES: FULLY})
    current = assess(minimal, {**dict.fromkeys(VISIBILITY, FULLY), INCIDENTS_ROLES: PARTIALLY})
    comparison = compare_assessments(minimal, previous, score_assessment(minimal, current))
    changes = {
        change.area.id: (change.previous_level, change.current_level, change.delta)
        for change in comparison.areas
    }
    assert changes == {"visibility": (1, 3, 2), "incidents": (1, 0, -1)}
    assert (comparison.previous_overall, comparison.current_overall, comparison.overall_delta) == (
        1,
        0,
        -1,
    )


def test_newly_met_and_no_longer_met_practices_are_listed(minimal: Questionnaire) -> None:
    """A practice met only now is newly met; one met only before is a regression; others are neither."""
    previous = assess(
        minimal, {VISIBILITY[0]: FULLY, INCIDENTS_ROLES: FULLY, VISIBILITY[2]: NOT_IN_PLACE}
    )
    current = assess(
        minimal,
        {VISIBILITY[0]: FULLY, VISIBILITY[1]: MOSTLY, INCIDENTS_ROLES: SpecialAnswer.DONT_KNOW},
    )
    comparison = compare_assessments(minimal, previous, score_assessment(minimal, current))
    assert [r.question.id for r in comparison.newly_met] == [VISIBILITY[1]]
    assert [r.question.id for r in comparison.no_longer_met] == [INCIDENTS_ROLES]


def test_comparison_does_not_change_the_previous_assessment(minimal: Questionnaire) -> None:
    """Scoring the previous assessment leaves it exactly as it was."""
    previous = assess(minimal, {VISIBILITY[0]: FULLY})
    before = repr(previous)
    compare_assessments(minimal, previous, score_assessment(minimal, assess(minimal, {})))
    assert repr(previous) == before


def test_report_has_a_since_section_only_when_comparing(minimal: Questionnaire) -> None:
    """With a previous assessment the report says what changed; without one it has no such section."""
    previous = assess(minimal, {INCIDENTS_ROLES: FULLY})
    previous.label = "2026-Q3 | old"
    current = assess(minimal, {VISIBILITY[0]: FULLY})
    plain = render_report(minimal, current)
    compared = render_report(minimal, current, previous=previous)
    assert "## Since" not in plain
    assert "## Since 2026-Q3 \\| old" in compared
    assert "| Incident management | 1 | 0 | ▼ -1 |" in compared
    assert "| Measurement and visibility | 0 | 1 | ▲ +1 |" in compared
    assert (
        "Met in 2026-Q3 \\| old, not answered this time: 1 practice (see Follow-ups)." in compared
    )
    assert "(now: Unanswered)" not in compared


def test_a_move_from_met_to_not_applicable_is_counted_once_as_moved(minimal: Questionnaire) -> None:
    """Met then, not applicable now (and back): listed as moved, never also as no longer met
    or newly met."""
    na = Answer(SpecialAnswer.NOT_APPLICABLE, na_reason="No incidents here.")
    previous = assess(minimal, {INCIDENTS_ROLES: FULLY, VISIBILITY[1]: na})
    current = assess(minimal, {INCIDENTS_ROLES: na, VISIBILITY[1]: FULLY})
    comparison = compare_assessments(minimal, previous, score_assessment(minimal, current))
    assert [c.result.question.id for c in comparison.not_applicable_changes] == [
        VISIBILITY[1],
        INCIDENTS_ROLES,
    ]
    assert comparison.no_longer_met == () and comparison.newly_met == ()


def test_met_then_unanswered_now_is_not_a_regression(minimal: Questionnaire) -> None:
    """A practice met before that this (partial) assessment has not answered is listed apart."""
    previous = assess(minimal, {INCIDENTS_ROLES: FULLY})
    current = assess(minimal, {})
    comparison = compare_assessments(minimal, previous, score_assessment(minimal, current))
    assert comparison.no_longer_met == ()
    assert [r.question.id for r in comparison.not_answered] == [INCIDENTS_ROLES]


def test_comparing_two_teams_or_swapped_dates_warns(minimal: Questionnaire) -> None:
    """Another team's file, or an 'earlier' file dated after this one, gives a warning each."""
    current = assess(minimal, {})
    previous = assess(minimal, {})
    same = compare_assessments(minimal, previous, score_assessment(minimal, current), current)
    assert same.warnings == ()
    previous.team = "Search"
    previous.date = current.date + dt.timedelta(days=30)
    odd = compare_assessments(minimal, previous, score_assessment(minimal, current), current)
    assert len(odd.warnings) == 2
    assert "different teams: 'Payments' and 'Search'" in odd.warnings[0]
    assert "is dated after this one" in odd.warnings[1]
    report = render_report(minimal, current, previous=previous)
    assert report.count("> **Warning:**") == 2
