"""A comparison of two assessments as plain text for a terminal (`ops-maturity compare`)."""

from __future__ import annotations

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.text import clean_single_line
from ops_maturity.core.trends.comparison import ScoreComparison
from ops_maturity.core.trends.sparkline import trend_arrow


def comparison_text(
    current: Assessment,
    comparison: ScoreComparison,
    added: tuple[str, ...] = (),
    removed: tuple[str, ...] = (),
) -> str:
    before = comparison.previous
    lines = [
        f"{current.team}: {before.label} → {current.label}",
        f"Overall level {comparison.previous_overall} → {comparison.current_overall} "
        f"{trend_arrow(comparison.previous_overall, comparison.current_overall)}",
        "",
    ]
    width = max((len(change.area.name) for change in comparison.areas), default=4)
    for change in comparison.areas:
        arrow = trend_arrow(change.previous_level, change.current_level)
        delta = f"{change.delta:+d}" if change.delta else ""
        lines.append(
            f"{change.area.name.ljust(width)}  {change.previous_level} → "
            f"{change.current_level}  {arrow} {delta}".rstrip()
        )
    sections = [
        ("No longer met", [r.question.text for r in comparison.no_longer_met]),
        ("Newly met", [r.question.text for r in comparison.newly_met]),
        (
            "Moved between not applicable and met or not met",
            [
                f"{c.result.question.text}: {c.description}"
                for c in comparison.not_applicable_changes
            ],
        ),
        (
            "Met then, not answered this time",
            [r.question.text for r in comparison.not_answered],
        ),
        ("Questions added since then", list(added)),
        ("Questions removed since then", list(removed)),
    ]
    for title, entries in sections:
        if entries:
            lines += ["", f"{title} ({len(entries)}):"]
            lines += [f"- {clean_single_line(entry)}" for entry in entries]
    return "\n".join(lines) + "\n"
