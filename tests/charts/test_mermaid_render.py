"""Every kind of chart (report, history, rollup) drawn by the real Mermaid, and readable.

mermaid-cli (pinned in tests/charts/package.json, installed by .ci/run with
`npm ci --prefix tests/charts`) draws the charts of the examples with Debian's Chromium
(puppeteer-config.json). The SVG it writes is then checked as a reader would look at it: every
category name is there whole and no two overlap, every bar is drawn, and each series has the
colour the legend under the chart names. Without mermaid-cli or Chromium the test is skipped on a
developer's machine and fails under CI (the CI environment variable set), so CI always draws.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from ops_maturity.core.questionnaires.bundled import resolve_questionnaire
from ops_maturity.core.reports.history_output import history_chart, history_markdown
from ops_maturity.core.reports.mermaid import PALETTE, SWATCHES
from ops_maturity.core.reports.report import render_report
from ops_maturity.core.reports.rollup_output import rollup_chart, rollup_markdown
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.core.storage.folder import scan_folder
from ops_maturity.core.storage.records import scan_records
from ops_maturity.core.storage.team_assessments import team_assessments
from ops_maturity.core.trends.history import build_history
from ops_maturity.core.trends.rollup import build_rollup

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EXAMPLES = ROOT / "examples"
MMDC = HERE / "node_modules" / ".bin" / "mmdc"
PUPPETEER_CONFIG = HERE / "puppeteer-config.json"
FENCE = re.compile(r"```mermaid\n(.*?)\n```\n\n(.*?)\n", re.S)


@dataclass(frozen=True)
class Chart:
    kind: str
    source: str
    legend: str
    categories: tuple[str, ...]
    series: int


def _missing_tool() -> str:
    if not MMDC.exists():
        return f"{MMDC} is missing: run `PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/charts`"
    if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
        return "Chromium is missing: apt-get install chromium"
    return ""


def _categories(source: str) -> tuple[str, ...]:
    axis = re.search(r"x-axis \[(.*)\]", source)
    assert axis is not None
    return tuple(re.findall(r'"([^"]*)"', axis.group(1)))


def _chart(kind: str, markdown: str) -> Chart:
    match = FENCE.search(markdown)
    assert match is not None, kind
    source, legend = match.group(1), match.group(2)
    series = len(re.findall(r"^    (?:bar|line) \[", source, re.M))
    return Chart(kind, source, legend, _categories(source), series)


def _charts() -> list[Chart]:
    questionnaire = resolve_questionnaire("ops-maturity")
    report = render_report(
        questionnaire,
        load_assessment(EXAMPLES / "payments-platform-2027-q1.toml"),
        previous=load_assessment(EXAMPLES / "payments-platform-2026-q4.toml"),
    )
    found = scan_folder(EXAMPLES, recursive=False).found
    history = build_history(
        "Payments Platform", questionnaire, team_assessments(found, "Payments Platform")
    )
    records = scan_records(EXAMPLES, recursive=False)
    rollup = build_rollup(records.records, records.warnings)
    assert rollup is not None
    charts = [
        _chart("report", report),
        _chart("history", history_markdown(history)),
        _chart("rollup", rollup_markdown(rollup)),
    ]
    assert charts[1].source == history_chart(history)
    assert charts[2].source == rollup_chart(rollup)
    return charts


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Chart, str]]]:
    """Each chart kind and the SVG mermaid-cli drew for it (one browser for all three)."""
    missing = _missing_tool()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must draw the charts: {missing}")
        pytest.skip(missing)
    folder = tmp_path_factory.mktemp("charts")
    charts = _charts()
    source = folder / "charts.md"
    source.write_text(
        "".join(f"```mermaid\n{chart.source}\n```\n\n" for chart in charts), encoding="utf-8"
    )
    command = [str(MMDC), "-q", "-p", str(PUPPETEER_CONFIG), "-i", str(source)]
    subprocess.run(
        [*command, "-o", str(folder / "drawn.md"), "-e", "svg"],
        check=True,
        timeout=120,
        capture_output=True,
    )
    yield {
        chart.kind: (chart, (folder / f"drawn-{n}.svg").read_text(encoding="utf-8"))
        for n, chart in enumerate(charts, 1)
    }


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    size: float
    anchor: str

    def box(self) -> tuple[float, float, float, float]:
        """Left, top, right, bottom, with a generous width of 0.6 em per character."""
        width = len(self.text) * self.size * 0.6
        left = {"end": self.x - width, "middle": self.x - width / 2}.get(self.anchor, self.x)
        return (left, self.y - self.size / 2, left + width, self.y + self.size / 2)


def _labels(svg: str, texts: tuple[str, ...]) -> list[Label]:
    labels = []
    for match in re.finditer(r"<text([^>]*)>([^<]*)</text>", svg):
        attributes, text = match.groups()
        text = text.replace("&amp;", "&")
        if text not in texts:
            continue
        x, y = map(float, re.findall(r"translate\(([-\d.]+),\s*([-\d.]+)\)", attributes)[0])
        size = float(re.findall(r'font-size="([\d.]+)"', attributes)[0])
        anchor = re.findall(r'text-anchor="(\w+)"', attributes)[0]
        labels.append(Label(text, x, y, size, anchor))
    return labels


def _overlap(a: Label, b: Label) -> bool:
    left, top, right, bottom = a.box()
    other_left, other_top, other_right, other_bottom = b.box()
    return left < other_right and other_left < right and top < other_bottom and other_top < bottom


def test_every_chart_kind_is_drawn_readable_with_its_legend(
    drawn: dict[str, tuple[Chart, str]],
) -> None:
    """For the report, history and rollup charts: every category name is there, whole, and no
    two overlap at the drawn size; one bar per category in the first colour, each line in the
    next; and the legend under the chart names every series with the swatch of its colour.
    (One test, so one browser draws all three however the suite is spread over workers.)"""
    assert sorted(drawn) == ["history", "report", "rollup"]
    for kind, (chart, svg) in drawn.items():
        labels = _labels(svg, chart.categories)
        assert sorted(label.text for label in labels) == sorted(chart.categories), kind
        for index, label in enumerate(labels):
            for other in labels[index + 1 :]:
                assert not _overlap(label, other), (kind, label.text, other.text)
        bars = re.findall(rf'<rect[^>]*fill="{PALETTE[0]}"', svg)
        assert len(bars) == len(chart.categories), kind
        for colour in PALETTE[1 : chart.series]:
            assert f'stroke="{colour}"' in svg, (kind, colour)
        swatches = [part.split(" ", 1)[0] for part in chart.legend.split(" · ")]
        assert swatches == list(SWATCHES[: chart.series]), kind


def test_the_old_layout_would_fail_the_overlap_check() -> None:
    """The check has teeth: eight area names side by side on a vertical chart overlap."""
    chart = _charts()[0]
    spacing = 70.0  # what an 800-pixel chart gives each of eight columns
    side_by_side = [
        Label(name, 100 + spacing * index, 480, 14, "middle")
        for index, name in enumerate(chart.categories)
    ]
    assert any(_overlap(a, b) for i, a in enumerate(side_by_side) for b in side_by_side[i + 1 :])
