"""Comparing an assessment with an earlier one: level changes, newly met and regressed practices."""

from __future__ import annotations

from ops_maturity.core.assessment import SpecialAnswer
from ops_maturity.core.comparison import compare_assessments
from ops_maturity.core.questionnaire import Questionnaire
from ops_maturity.core.report import render_report
from ops_maturity.core.scoring import score_assessment

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
    assert "- Does everyone know their role when an incident starts? (now: Unanswered)" in compared
