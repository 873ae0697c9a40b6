"""Mermaid charts: the text is valid `xychart-beta` and user text cannot escape its string."""

from __future__ import annotations

import re

import pytest
from ops_maturity.core.assessment import Assessment
from ops_maturity.core.history import build_history
from ops_maturity.core.history_output import history_markdown
from ops_maturity.core.mermaid import Series, mermaid_text, xychart
from ops_maturity.core.questionnaire import Questionnaire
from ops_maturity.core.report import render_report

from .builders import DAY, Q, build_questionnaire

_STRING = r'"[^"\n]*"'
_NUMBERS = r"\[(?:-?\d+(?:\.\d+)?(?:, -?\d+(?:\.\d+)?)*)?\]"
_GRAMMAR = [
    ("header", re.compile(r"^xychart-beta$")),
    ("title", re.compile(rf"^    title {_STRING}$")),
    ("x-axis", re.compile(rf"^    x-axis \[{_STRING}(?:, {_STRING})*\]$")),
    ("y-axis", re.compile(rf"^    y-axis {_STRING} -?\d+ --> \d+$")),
]
_SERIES = re.compile(rf"^    (bar|line) ({_NUMBERS})$")


def check_xychart(chart: str) -> None:
    """A small grammar of the xychart-beta subset we emit: header, title, axes, then series
    with exactly one number per x-axis category. Raises AssertionError on any deviation."""
    lines = chart.split("\n")
    assert len(lines) >= 5, chart
    for (name, pattern), line in zip(_GRAMMAR, lines, strict=False):
        assert pattern.match(line), f"bad {name} line: {line!r}"
    categories = re.findall(_STRING, lines[2].removeprefix("    x-axis "))
    for line in lines[4:]:
        match = _SERIES.match(line)
        assert match, f"bad series line: {line!r}"
        assert len(match.group(2).strip("[]").split(", ")) == len(categories), line


def mermaid_blocks(markdown: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)\n```", markdown, flags=re.DOTALL)


NASTY = 'Ops "team"]\n  bar [9]; %%{init} #quot; `x` <b>@all</b> & (a)'


def test_user_text_is_one_harmless_line() -> None:
    cleaned = mermaid_text(NASTY)
    assert "\n" not in cleaned
    assert not set(cleaned) & set("\"'`[]{}()<>#;:%|\\@&")
    assert mermaid_text("") == "-"
    assert len(mermaid_text("x" * 500)) <= 60


def test_chart_with_nasty_names_is_still_valid() -> None:
    chart = xychart(
        NASTY, [NASTY, "ok"], NASTY, 4, [Series("bar", (1, 2)), Series("line", (2.5, None))]
    )
    check_xychart(chart)


def test_a_series_must_match_the_categories() -> None:
    with pytest.raises(ValueError):
        xychart("t", ["a", "b"], "y", 4, [Series("bar", (1,))])


def test_report_chart_is_valid_and_switchable(minimal: Questionnaire) -> None:
    """The report's chart parses; `charts=False` leaves no Mermaid at all."""
    assessment = Assessment.start(minimal, NASTY, "2026-Q4", today=DAY)
    previous = Assessment.start(minimal, NASTY, "2026-Q3", today=DAY)
    report = render_report(minimal, assessment, previous=previous)
    (chart,) = mermaid_blocks(report)
    check_xychart(chart)
    assert chart.count("\n    line ") == 2  # target and last quarter
    assert mermaid_blocks(render_report(minimal, assessment, charts=False)) == []


def test_history_chart_is_valid(tmp_path: object) -> None:
    questionnaire = build_questionnaire({"a": [Q("a.1", 1), Q("a.2", 2), Q("a.3", 3), Q("a.4", 4)]})
    from pathlib import Path

    from ops_maturity.core.assessment_folder import FoundAssessment

    found = [
        FoundAssessment(
            Path(f"{label}.toml"), Assessment.start(questionnaire, NASTY, label, today=DAY)
        )
        for label in ("2026-Q3", 'Q4"]')
    ]
    markdown = history_markdown(build_history(NASTY, questionnaire, found))
    (chart,) = mermaid_blocks(markdown)
    check_xychart(chart)
    assert (
        mermaid_blocks(history_markdown(build_history(NASTY, questionnaire, found), charts=False))
        == []
    )
