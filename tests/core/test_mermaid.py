"""Mermaid charts: the text is valid `xychart-beta` and user text cannot escape its string."""

from __future__ import annotations

import re

import pytest
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.reports.history_output import history_markdown
from ops_maturity.core.reports.mermaid import Series, mermaid_text, xychart
from ops_maturity.core.reports.report import render_report
from ops_maturity.core.trends.history import build_history

from .builders import DAY, Q, build_questionnaire

_STRING = r'"[^"\n]*"'
_NUMBERS = r"\[(?:-?\d+(?:\.\d+)?(?:, -?\d+(?:\.\d+)?)*)?\]"
_CONFIG = [
    re.compile(r"^---$"),
    re.compile(r"^config:$"),
    re.compile(r"^  xyChart:$"),
    re.compile(r"^    width: \d+$"),
    re.compile(r"^    height: \d+$"),
    re.compile(r"^  themeVariables:$"),
    re.compile(r"^    xyChart:$"),
    re.compile(r'^      plotColorPalette: "#[0-9a-f]{6}(?:, #[0-9a-f]{6})*"$'),
    re.compile(r"^---$"),
]
_GRAMMAR = [
    ("header", re.compile(r"^xychart-beta(?: horizontal)?$")),
    ("title", re.compile(rf"^    title {_STRING}$")),
    ("x-axis", re.compile(rf"^    x-axis \[{_STRING}(?:, {_STRING})*\]$")),
    ("y-axis", re.compile(rf"^    y-axis {_STRING} -?\d+ --> \d+$")),
]
_SERIES = re.compile(rf"^    (bar|line) ({_NUMBERS})$")


def check_xychart(chart: str) -> None:
    """A small grammar of the xychart-beta subset we emit: the fixed front matter (size and
    colours), header, title, axes, then series with exactly one number per x-axis category.
    Raises AssertionError on any deviation."""
    lines = chart.split("\n")
    for pattern, line in zip(_CONFIG, lines, strict=False):
        assert pattern.match(line), f"bad configuration line: {line!r}"
    lines = lines[len(_CONFIG) :]
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

    from ops_maturity.core.storage.folder import FoundAssessment

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


def test_long_names_lay_the_chart_out_horizontally_and_short_ones_not() -> None:
    """Area names longer than a short label put the categories down the side, one per row."""
    long_names = xychart("t", ["Measurement and visibility", "b"], "y", 4, [Series("bar", (1, 2))])
    short_names = xychart("t", ["2026-Q3", "2026-Q4"], "y", 4, [Series("bar", (1, 2))])
    assert "\nxychart-beta horizontal\n" in long_names
    assert "\nxychart-beta\n" in short_names


def test_the_legend_names_each_series_in_its_colour() -> None:
    """Bars blue, then an orange and a purple line: the legend says which is which."""
    from ops_maturity.core.reports.mermaid import legend

    series = [Series("bar", (1,), "level now"), Series("line", (2,), "target")]
    assert legend(series) == "🟦 bars: level now · 🟧 line: target"
    chart = xychart("t", ["a"], "y", 4, series)
    assert 'plotColorPalette: "#4c78a8, #f58518"' in chart
