"""Mermaid `xychart-beta` charts for Markdown that GitHub and GitLab render as pictures.

Only this module writes Mermaid. Every user text (area names, team names, labels) goes through
`mermaid_text`, which keeps it on one line and removes the characters Mermaid gives meaning to
(quotes, brackets, braces, `#`, `;`, `:`, `%`, `&`, `@`, backticks, angle brackets), so text can never end a string,
open a new statement or break out of the Markdown code fence.

Charts must read at the size they are drawn: long category names (areas) are laid out
horizontally, one per row, so they never overlap; every series gets a fixed colour (bars blue,
then orange and purple lines) that `legend` names, since Mermaid's xychart draws no legend.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ops_maturity.core.text import clean_single_line

_UNSAFE = re.compile(r"[\"'`\[\]{}()<>#;:%|\\@&]")
MAX_TEXT = 60


def mermaid_text(text: str) -> str:
    """One line of plain text that is safe inside a Mermaid double-quoted string."""
    cleaned = clean_single_line(_UNSAFE.sub(" ", text.replace("\n", " ")))
    if len(cleaned) > MAX_TEXT:
        cleaned = cleaned[: MAX_TEXT - 1].rstrip() + "…"
    return cleaned or "-"


PALETTE = ("#4c78a8", "#f58518", "#b279a2")
"""The series' colours, in order: blue bars, an orange line, a purple line."""
SWATCHES = ("🟦", "🟧", "🟪")
"""The same colours as Markdown can show them, for the legend under a chart."""
HORIZONTAL_ABOVE = 12
"""Lay a chart out horizontally when its longest category name is longer than this."""


@dataclass(frozen=True)
class Series:
    """One bar or line series: a value per category (None is drawn as 0), and what it shows."""

    kind: str
    """'bar' or 'line'."""
    values: tuple[float | None, ...]
    meaning: str = ""
    """For the legend, such as 'level now' (plain text; the caller escapes it for Markdown)."""


def legend(series: Sequence[Series]) -> str:
    """'🟦 bars: level now · 🟧 line: target', in the chart's colours (plain text)."""
    return " · ".join(
        f"{swatch} {'bars' if one.kind == 'bar' else 'line'}: {one.meaning}"
        for swatch, one in zip(SWATCHES, series, strict=False)
    )


def _number(value: float | None) -> str:
    if value is None:
        return "0"
    rounded = round(value, 2)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def xychart(
    title: str,
    categories: Sequence[str],
    y_label: str,
    y_max: int,
    series: Sequence[Series],
    *,
    horizontal: bool | None = None,
) -> str:
    """An `xychart-beta` chart: categories on one axis, 0..y_max on the other.

    Horizontal (categories down the side) when asked, or by default when a category name is
    longer than HORIZONTAL_ABOVE characters, so names never overlap.
    """
    if len(series) > len(PALETTE):
        raise ValueError(f"at most {len(PALETTE)} series")
    for one in series:
        if one.kind not in ("bar", "line"):
            raise ValueError(f"unknown series kind {one.kind!r}")
        if len(one.values) != len(categories):
            raise ValueError("every series needs one value per category")
    names = [mermaid_text(c) for c in categories]
    if horizontal is None:
        horizontal = max((len(name) for name in names), default=0) > HORIZONTAL_ABOVE
    height = max(300, 110 + 42 * len(names)) if horizontal else 400
    quoted = ", ".join(f'"{name}"' for name in names)
    lines = [
        "---",
        "config:",
        "  xyChart:",
        "    width: 800",
        f"    height: {height}",
        "  themeVariables:",
        "    xyChart:",
        f'      plotColorPalette: "{", ".join(PALETTE[: len(series)])}"',
        "---",
        "xychart-beta horizontal" if horizontal else "xychart-beta",
        f'    title "{mermaid_text(title)}"',
        f"    x-axis [{quoted}]",
        f'    y-axis "{mermaid_text(y_label)}" 0 --> {max(y_max, 1)}',
    ]
    lines.extend(f"    {one.kind} [{', '.join(_number(v) for v in one.values)}]" for one in series)
    return "\n".join(lines)


def fenced(chart: str) -> str:
    """The chart in a ```mermaid fence, ready to paste into Markdown."""
    return f"```mermaid\n{chart}\n```"
