"""Mermaid `xychart-beta` charts for Markdown that GitHub and GitLab render as pictures.

Only this module writes Mermaid. Every user text (area names, team names, labels) goes through
`mermaid_text`, which keeps it on one line and removes the characters Mermaid gives meaning to
(quotes, brackets, braces, `#`, `;`, `:`, `%`, `&`, `@`, backticks, angle brackets), so text can never end a string,
open a new statement or break out of the Markdown code fence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .text import clean_single_line

_UNSAFE = re.compile(r"[\"'`\[\]{}()<>#;:%|\\@&]")
MAX_TEXT = 60


def mermaid_text(text: str) -> str:
    """One line of plain text that is safe inside a Mermaid double-quoted string."""
    cleaned = clean_single_line(_UNSAFE.sub(" ", text.replace("\n", " ")))
    if len(cleaned) > MAX_TEXT:
        cleaned = cleaned[: MAX_TEXT - 1].rstrip() + "…"
    return cleaned or "-"


@dataclass(frozen=True)
class Series:
    """One bar or line series: a value per category (None is drawn as 0)."""

    kind: str
    """'bar' or 'line'."""
    values: tuple[float | None, ...]


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
) -> str:
    """An `xychart-beta` chart: categories on the x axis, 0..y_max on the y axis."""
    for one in series:
        if one.kind not in ("bar", "line"):
            raise ValueError(f"unknown series kind {one.kind!r}")
        if len(one.values) != len(categories):
            raise ValueError("every series needs one value per category")
    quoted = ", ".join(f'"{mermaid_text(c)}"' for c in categories)
    lines = [
        "xychart-beta",
        f'    title "{mermaid_text(title)}"',
        f"    x-axis [{quoted}]",
        f'    y-axis "{mermaid_text(y_label)}" 0 --> {max(y_max, 1)}',
    ]
    lines.extend(f"    {one.kind} [{', '.join(_number(v) for v in one.values)}]" for one in series)
    return "\n".join(lines)


def fenced(chart: str) -> str:
    """The chart in a ```mermaid fence, ready to paste into Markdown."""
    return f"```mermaid\n{chart}\n```"
