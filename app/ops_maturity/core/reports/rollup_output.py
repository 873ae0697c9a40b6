"""The roll-up as Markdown: heatmap, weakest areas, common roadmap items, falls, and a chart.

Every user value (team names, labels, area names, actions) goes through `escape_markdown`; the
Mermaid chart cleans its own text.
"""

from __future__ import annotations

from ops_maturity.core.reports.markdown_text import escape_markdown
from ops_maturity.core.reports.mermaid import Series, fenced, legend, xychart
from ops_maturity.core.trends.rollup import RollUp, TeamStanding

HEAT = ("🟥", "🟧", "🟨", "🟩", "🟦")
"""Level 0 to 4 and above, from red to blue: the heatmap's colour per cell."""


NOT_ASSESSED = "⬜ –"
"""The cell of an area none of whose questions the team has answered yet."""


def heat_cell(level: int) -> str:
    return f"{HEAT[min(level, len(HEAT) - 1)]} {level}"


def _label_cell(team: TeamStanding) -> str:
    """The label, with how much was answered when the assessment is incomplete."""
    label = escape_markdown(team.label)
    if team.is_complete:
        return label
    return f"{label} (incomplete: {team.score.answered}/{team.score.total})"


def rollup_chart(rollup: RollUp) -> str:
    """Mean level per area: now (bars) and at each team's previous assessment (line)."""
    areas = rollup.questionnaire.areas
    now = tuple(summary.mean_level for summary in rollup.area_summaries)
    earlier = [team.previous_score.levels for team in rollup.counted if team.previous_score]
    before: tuple[float | None, ...] = tuple(
        sum(levels[i] for levels in earlier) / len(earlier) if earlier else None
        for i in range(len(areas))
    )
    return xychart(
        "Mean level per area across teams",
        [area.name for area in areas],
        "Level",
        rollup.questionnaire.max_level,
        rollup_series(now, before),
        horizontal=True,
    )


def rollup_series(now: tuple[float | None, ...], before: tuple[float | None, ...]) -> list[Series]:
    return [
        Series("bar", now, "mean level now"),
        Series("line", before, "mean level at each team's previous assessment"),
    ]


def rollup_markdown(rollup: RollUp, *, charts: bool = True) -> str:
    e = escape_markdown
    q = rollup.questionnaire
    areas = q.areas
    lines = [
        "# Operational maturity across teams",
        "",
        f"{len(rollup.teams)} team(s), each at its latest assessment of {e(q.title)}"
        f" (version {e(q.version)}).",
        "",
        "## Levels by team and area",
        "",
        "| Team | Label | Overall | " + " | ".join(e(area.name) for area in areas) + " |",
        "| --- | --- | --- | " + " | ".join("---" for _ in areas) + " |",
    ]
    for team in rollup.teams:
        answered = team.score.answered_by_area or (1,) * len(team.score.levels)
        cells = " | ".join(
            heat_cell(level) if count else NOT_ASSESSED
            for level, count in zip(team.score.levels, answered, strict=True)
        )
        lines.append(
            f"| {e(team.team)} | {_label_cell(team)} | **{team.overall_level}** | {cells} |"
        )
    lines += [
        "",
        "Levels: "
        + ", ".join(f"{mark} {n}" for n, mark in enumerate(HEAT))
        + f"+; {NOT_ASSESSED} not assessed yet.",
    ]
    if rollup.incomplete:
        if rollup.include_incomplete:
            lines += [
                "",
                f"{len(rollup.incomplete)} incomplete assessment(s) counted in everything "
                "below (--include-incomplete): their unanswered questions count as not met.",
            ]
        else:
            lines += [
                "",
                f"{len(rollup.incomplete)} incomplete assessment(s), marked above, left out of "
                "everything below: their unanswered questions would count as not met. "
                "`--include-incomplete` counts them.",
            ]
    if charts:
        lines += [
            "",
            fenced(rollup_chart(rollup)),
            "",
            e(legend(rollup_series((), ()))) + ".",
        ]
    lines += ["", "## Weakest areas", ""]
    if not rollup.weakest_areas:
        lines.append("No complete assessment to rank the areas by.")
    for summary in rollup.weakest_areas:
        lines.append(
            f"- **{e(summary.area.name)}**: mean level {summary.mean_level:.1f}, lowest "
            f"{summary.lowest_level}; {summary.teams_below(2)} team(s) below Level 2"
        )
    lines += [
        "",
        "## Most common roadmap items",
        "",
        "Practices the most teams still need for their next level: candidates for shared work.",
        "",
    ]
    if rollup.common_items:
        lines += ["| Action | Area | Level | Teams |", "| --- | --- | --- | --- |"]
        for item in rollup.common_items:
            area = q.area(item.question.area_id)
            lines.append(
                f"| {e(item.question.recommendation.action)} | {e(area.name)} | "
                f"{item.question.level} | {item.team_count} |"
            )
    else:
        lines.append("No team has a practice left for its next level.")
    lines += ["", "## Teams whose level fell", ""]
    if rollup.falls:
        for fall in rollup.falls:
            team = fall.team
            areas_text = ", ".join(fall.areas_fell) or "no single area"
            lines.append(
                f"- **{e(team.team)}**: overall {fall.previous_overall} in "
                f"{e(fall.previous_label)} → {team.overall_level} in "
                f"{e(team.label)}; fell: {e(areas_text)}"
            )
    else:
        lines.append("No team's level fell since its previous assessment.")
    if rollup.warnings:
        lines += ["", "## Files skipped", ""]
        lines += [f"- {e(str(warning))}" for warning in rollup.warnings]
    return "\n".join(lines) + "\n"
