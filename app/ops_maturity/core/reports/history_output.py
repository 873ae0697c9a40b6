"""A team's history as plain text (for terminals) or Markdown (with an optional Mermaid chart).

Text output is for people at a terminal: a table of levels per label, a sparkline and an arrow
per area. Markdown escapes every user value with `escape_markdown`; the chart comes from
`ops_maturity.core.reports.mermaid`, which cleans its own text.
"""

from __future__ import annotations

from ops_maturity.core.reports.markdown_text import escape_markdown
from ops_maturity.core.reports.mermaid import Series, fenced, legend, xychart
from ops_maturity.core.text import clean_single_line
from ops_maturity.core.trends.history import HistoryEntry, TeamHistory
from ops_maturity.core.trends.sparkline import trend_arrow


def _level(level: int | None) -> str:
    return "-" if level is None else str(level)


def _entry_notes(history: TeamHistory, entry: HistoryEntry) -> list[str]:
    """Plain sentences about questionnaire changes and N/A moves at this entry."""
    notes = []
    if entry.added:
        notes.append(f"{len(entry.added)} question(s) added: {', '.join(entry.added)}")
    if entry.removed:
        notes.append(f"{len(entry.removed)} question(s) removed: {', '.join(entry.removed)}")
    for change in entry.not_applicable_changes:
        notes.append(f"{change.result.question.text}: {change.description}")
    # Question ids come from the files as written: never let one carry an escape sequence.
    return [clean_single_line(note) for note in notes]


def _overall_arrow(history: TeamHistory) -> str:
    levels = history.overall_levels
    return trend_arrow(levels[-2], levels[-1]) if len(levels) > 1 else ""


def history_text(history: TeamHistory) -> str:
    """A fixed-width table: one row per area, one column per label, sparkline and arrow."""
    q = history.questionnaire
    header = [f"{history.team} · {q.title} {q.version} · {len(history.entries)} assessment(s)"]
    names = [trend.area.name for trend in history.area_trends] + ["Overall"]
    name_width = max(len(name) for name in names)
    widths = [max(len(label), 2) for label in history.labels]
    rows = [
        "".ljust(name_width)
        + "  "
        + "  ".join(label.rjust(w) for label, w in zip(history.labels, widths, strict=True))
    ]
    trends = [(t.area.name, t.levels, t.sparkline, t.arrow) for t in history.area_trends]
    trends.append(
        ("Overall", history.overall_levels, history.overall_sparkline, _overall_arrow(history))
    )
    for name, levels, spark, arrow in trends:
        cells = "  ".join(_level(v).rjust(w) for v, w in zip(levels, widths, strict=True))
        rows.append(f"{name.ljust(name_width)}  {cells}  {spark} {arrow}".rstrip())
    notes = [
        f"{entry.label}: {note}"
        for entry in history.entries
        for note in _entry_notes(history, entry)
    ]
    parts = [*header, "", *rows]
    if notes:
        parts += ["", "Changes:"] + [f"- {note}" for note in notes]
    return "\n".join(parts) + "\n"


def history_chart(history: TeamHistory) -> str:
    """A Mermaid chart of the overall level (bars) and the mean area level (line) per label."""
    means: list[float | None] = []
    for entry in history.entries:
        known = [v for v in entry.area_levels.values() if v is not None]
        means.append(sum(known) / len(known) if known else None)
    return xychart(
        f"{history.team} · levels over time",
        history.labels,
        "Level",
        history.questionnaire.max_level,
        history_series(tuple(float(v) for v in history.overall_levels), tuple(means)),
        horizontal=len(history.labels) > HISTORY_COLUMNS or None,
    )


HISTORY_COLUMNS = 8
"""More labels than this are laid out horizontally, one per row."""


def history_series(
    overall: tuple[float | None, ...], means: tuple[float | None, ...]
) -> list[Series]:
    return [
        Series("bar", overall, "overall level (the weakest area)"),
        Series("line", means, "mean of the area levels"),
    ]


def history_markdown(history: TeamHistory, *, charts: bool = True) -> str:
    """A Markdown table of levels per label with sparklines, a chart, and the changes."""
    q = history.questionnaire
    e = escape_markdown
    lines = [
        f"# History: {e(history.team)}",
        "",
        f"{e(q.title)} (version {e(q.version)}), {len(history.entries)} assessment(s).",
        "",
        "| Area | " + " | ".join(e(label) for label in history.labels) + " | Trend |",
        "| --- | " + " | ".join("---" for _ in history.labels) + " | --- |",
    ]
    for trend in history.area_trends:
        cells = " | ".join(_level(v) for v in trend.levels)
        lines.append(f"| {e(trend.area.name)} | {cells} | `{trend.sparkline}` {trend.arrow} |")
    overall = " | ".join(str(v) for v in history.overall_levels)
    lines.append(
        f"| **Overall** | {overall} | `{history.overall_sparkline}` {_overall_arrow(history)} |"
    )
    if charts and len(history.entries) > 0:
        lines += [
            "",
            fenced(history_chart(history)),
            "",
            e(legend(history_series((), ()))) + ".",
        ]
    notes = [
        (entry.label, note) for entry in history.entries for note in _entry_notes(history, entry)
    ]
    if notes:
        lines += ["", "## Changes", ""]
        lines += [f"- {e(label)}: {e(note)}" for label, note in notes]
    return "\n".join(lines) + "\n"
