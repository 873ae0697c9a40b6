"""The Results screen: the overall level, each area's level as a bar, this quarter's plan, the
follow-ups to answer first, and the later horizons of the roadmap.

It asks the core for everything (`score_assessment`, `build_roadmap`, the roadmap's words in
`roadmap_text`) each time it is shown, so it is right after any change made on the Assess screen,
and it holds no scoring or planning logic of its own. Questionnaire and assessment text is shown
as `Content`, never parsed as markup. The roadmap is one `Static` per horizon built from Content
lines, never a widget per item.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Digits, Footer, Header, ProgressBar, Static

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Area, Horizon, Questionnaire
from ops_maturity.core.model.roadmap import Roadmap, RoadmapItem, build_roadmap
from ops_maturity.core.model.roadmap_text import item_labels, plan_introduction
from ops_maturity.core.model.scoring import (
    AreaScore,
    AssessmentScore,
    QuestionState,
    score_assessment,
)
from ops_maturity.core.model.targets import AreaTarget, area_targets, set_target
from ops_maturity.core.storage.folder import FoundAssessment
from ops_maturity.core.trends.history import AreaTrend, TeamHistory, build_history
from ops_maturity.ui.hanging_lines import HangingLines, Row
from ops_maturity.ui.report_prefetch import report_prefetch_of
from ops_maturity.ui.text import literal_line

NEEDED_PRACTICES_SHOWN = 3
"""How many of the practices an area still needs for its next level are named on its line."""


def overall_level_title(questionnaire: Questionnaire, level: int) -> str:
    """'Level 2 · Proactive Monitoring', or the pseudo-level's name for level 0."""
    if level == 0:
        return questionnaire.level(0).name
    return f"Level {level} · {questionnaire.level(level).name}"


def completeness_text(score: AssessmentScore) -> str:
    """'Incomplete: 40/64 answered' for a partial assessment, else how many were answered."""
    if score.is_complete:
        return f"Complete: all {score.total} questions answered"
    return f"Incomplete: {score.answered}/{score.total} answered"


def area_level_text(questionnaire: Questionnaire, area_score: AreaScore) -> Content:
    """'2/4 · Proactive Monitoring' for an area's level."""
    level = area_score.level
    return Content.assemble(
        (f"{level}/{questionnaire.max_level}", "bold"),
        " · ",
        literal_line(questionnaire.level(level).name),
    )


def target_text(target: AreaTarget | None) -> Content:
    """'Target 3 · ' or 'Target 2 reached · ' before what the next level needs."""
    if target is None:
        return Content("")
    if target.reached:
        return Content.assemble((f"Target {target.target} reached", "$success"), " · ")
    return Content.assemble((f"Target {target.target}", "bold $accent"), " · ")


def trend_text(trend: AreaTrend | None) -> Content:
    """The area's arrow against the previous assessment and its sparkline over time."""
    if trend is None or len(trend.levels) < 2:
        return Content("")
    arrow_style = {"↑": "bold $success", "↓": "bold $error"}.get(trend.arrow, "dim")
    return Content.assemble((trend.arrow or " ", arrow_style), " ", (trend.sparkline, "$accent"))


def next_level_text(
    questionnaire: Questionnaire, area_score: AreaScore, target: AreaTarget | None = None
) -> Content:
    """The target, then what the area still needs for its next level: a count and the first
    practices."""
    next_level = area_score.next_level
    if area_score.answered == 0:
        count = len(area_score.results)
        return Content.assemble(
            target_text(target),
            Content.styled(f"Not assessed yet: answer its {count} questions.", "$warning"),
        )
    if next_level is None:
        return Content.assemble(
            target_text(target), Content.styled("Top level reached.", "$success")
        )
    needed = area_score.needed_for_next_level
    count = len(needed)
    practices = "practice" if count == 1 else "practices"
    parts: list[Content] = [
        target_text(target),
        Content.styled(f"Level {next_level} needs {count} {practices}: ", "bold"),
        Content("; ").join(
            literal_line(result.question.text) for result in needed[:NEEDED_PRACTICES_SHOWN]
        ),
    ]
    if count > NEEDED_PRACTICES_SHOWN:
        parts.append(Content(f"; +{count - NEEDED_PRACTICES_SHOWN} more"))
    return Content.assemble(*parts)


def overall_trend_text(history: TeamHistory | None, level_known: bool = True) -> Content:
    """'Overall since 2026-Q2: ▁▃▅ ↑' or a note that there is nothing to compare with (yet)."""
    if history is None or len(history.entries) < 2:
        return Content.styled("No earlier assessment of this team in the folder.", "dim")
    if not level_known:
        return Content.styled(
            f"Overall trend once every area has answers ({len(history.entries)} assessments)",
            "dim",
        )
    levels = history.overall_levels
    arrow = "↑" if levels[-1] > levels[-2] else "↓" if levels[-1] < levels[-2] else "→"
    return Content.assemble(
        "Overall since ",
        literal_line(history.labels[0]),
        ": ",
        (history.overall_sparkline, "$accent"),
        " ",
        (arrow, "bold"),
        (f"  ({len(levels)} assessments)", "dim"),
    )


def horizon_heading(horizon: Horizon, item_count: int) -> Content:
    """The horizon's label from the questionnaire, with how many actions it holds."""
    actions = "action" if item_count == 1 else "actions"
    return Content.assemble(
        literal_line(horizon.label, "bold"),
        (f"  {item_count} {actions}", "not bold dim"),
    )


def roadmap_item_rows(item: RoadmapItem, number: int, in_plan: bool = False) -> list[Row]:
    """Rows for one roadmap item: the action after its number, then area, level, owner
    (Unassigned is flagged in this quarter's plan) and due quarter, then the item's labels."""
    details: list[Content] = [
        literal_line(item.area.name),
        Content(f"Level {item.level.number}"),
    ]
    if item.owner:
        details.append(Content.assemble("Owner: ", literal_line(item.owner)))
    elif in_plan:
        details.append(Content.styled("Unassigned", "bold $warning"))
    if item.due:
        details.append(Content.assemble("Due: ", literal_line(item.due)))
    indent = Content("    ")
    rows: list[Row] = [
        (Content.styled(f"{number:>2}. ", "bold $accent"), literal_line(item.action)),
        (indent, Content(" · ").join(details).stylize_before("dim")),
    ]
    if labels := item_labels(item):
        rows.append((indent, Content.styled(" · ".join(labels), "italic $text-muted")))
    return rows


def horizon_items(
    items: tuple[RoadmapItem, ...], first_number: int, in_plan: bool = False
) -> HangingLines | Content:
    """Every item of one horizon, in roadmap order, numbered on from `first_number`; wrapped
    lines stay under their item's text."""
    if not items:
        return Content.styled("Nothing planned in this horizon.", "italic dim")
    return HangingLines(
        [
            row
            for number, item in enumerate(items, first_number)
            for row in roadmap_item_rows(item, number, in_plan)
        ]
    )


def follow_ups_text(score: AssessmentScore) -> Content:
    """'Follow-ups: 49 to answer first (48 unanswered, 1 don't know)', or that there are none."""
    unanswered = len(score.results_in(QuestionState.UNANSWERED))
    dont_know = len(score.results_in(QuestionState.DONT_KNOW))
    if not unanswered + dont_know:
        return Content.styled("Follow-ups: none, every question has a definite answer.", "dim")
    return Content.assemble(
        (f"Follow-ups: {unanswered + dont_know} to answer first", "bold $warning"),
        (f" ({unanswered} unanswered, {dont_know} don't know): not on the roadmap yet", "dim"),
    )


class AreaLevelRow(Vertical):
    """One area: its name, its level as a bar and a label, and what the next level needs."""

    def __init__(self, area: Area, max_level: int, *, id: str) -> None:
        super().__init__(id=id, classes="area-row")
        self.area = area
        self.max_level = max_level

    def compose(self) -> ComposeResult:
        with Horizontal(classes="area-line"):
            yield Static(literal_line(self.area.name), classes="area-name")
            yield ProgressBar(
                total=self.max_level,
                show_percentage=False,
                show_eta=False,
                classes="area-bar",
            )
            yield Static(classes="area-level")
            yield Static(classes="area-trend")
        yield Static(classes="area-next")

    def show_score(
        self,
        questionnaire: Questionnaire,
        area_score: AreaScore,
        target: AreaTarget | None = None,
        trend: AreaTrend | None = None,
    ) -> None:
        """Update the bar, level, trend and what the next level (and the target) needs."""
        self.query_one(ProgressBar).update(progress=area_score.level)
        self.query_one(".area-level", Static).update(area_level_text(questionnaire, area_score))
        self.query_one(".area-trend", Static).update(trend_text(trend))
        self.query_one(".area-next", Static).update(
            next_level_text(questionnaire, area_score, target)
        )


class ResultsScreen(Screen[None]):
    """The overall level, the areas' levels and the roadmap of an assessment, complete or not.

    | Key          | Does                                   |
    | ------------ | -------------------------------------- |
    | `escape`/`b` | Go back to the previous screen.        |
    | `m`          | Open the Markdown report.              |
    | `t`          | Set each area's target level.          |
    | `g`          | Each roadmap item's guidance.          |
    | `f1`         | List every key.                        |
    | `q`          | Quit the app.                          |
    """

    CSS_PATH = "results.tcss"
    # Textual annotates this as an instance variable, so it cannot be marked ClassVar here.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,b",
            "back",
            "Back",
            id="results.back",
            tooltip="Go back to the previous screen",
        ),
        Binding(
            "m",
            "report",
            "Report",
            id="results.report",
            tooltip="Open the Markdown report, to save it or copy it",
        ),
        Binding(
            "t",
            "targets",
            "Targets",
            id="results.targets",
            tooltip="Set each area's target level (default: the next level up)",
        ),
        Binding(
            "g",
            "guidance",
            "Guidance",
            id="results.guidance",
            tooltip="Each roadmap item's guidance, as Markdown: how to do it, missing choices",
        ),
        Binding("f1", "help", "Help", id="results.help", tooltip="List every key"),
        Binding("q", "app.quit", "Quit", id="results.quit", tooltip="Quit ops-maturity"),
    ]

    def __init__(
        self,
        questionnaire: Questionnaire,
        assessment: Assessment,
        assessment_path: Path | None,
    ) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.assessment = assessment
        self.assessment_path = assessment_path
        self.score: AssessmentScore | None = None
        self.roadmap: Roadmap | None = None
        self.targets: tuple[AreaTarget, ...] = ()
        self.title = "Results"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="summary"):
            yield Digits("0", id="overall-digits")
            with Vertical(id="summary-text"):
                yield Static(id="overall-name")
                yield Static(id="team-line")
                yield Static(id="completeness")
                yield Static(id="trend-line")
        with VerticalScroll(id="body"):
            with Vertical(id="roadmap-section"):
                yield Static("This quarter's plan", classes="section-title", markup=False)
                yield Static(id="plan-intro")
                first, *later = self.questionnaire.horizons
                yield Static(id=f"heading-{first.id}", classes="horizon-heading")
                yield Static(id=f"items-{first.id}", classes="horizon-items")
                yield Static(id="follow-ups")
                yield Static("Later", classes="section-title", markup=False)
                for horizon in later:
                    yield Static(id=f"heading-{horizon.id}", classes="horizon-heading")
                    yield Static(id=f"items-{horizon.id}", classes="horizon-items")
            with Vertical(id="areas-section"):
                yield Static(
                    Content.assemble(
                        "Levels by area",
                        ("  the weakest area sets the overall level", "not bold dim"),
                    ),
                    classes="section-title",
                )
                for index, area in enumerate(self.questionnaire.areas):
                    yield AreaLevelRow(area, self.questionnaire.max_level, id=f"area-{index}")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "earlier", self._earlier_found, init=False)
        self.refresh_results()
        self.query_one("#body").focus()
        self.call_after_refresh(self._prefetch_report)

    def _prefetch_report(self) -> None:
        """Render the report in the background now, so `m` shows it at once."""
        if (prefetch := report_prefetch_of(self.app)) is not None:
            prefetch.start(self.questionnaire, self.assessment, self.assessment_path)

    def _earlier_found(self, _: object) -> None:
        self.refresh_results()

    def _history(self) -> TeamHistory | None:
        """The team's history ending with this assessment, when earlier ones were found."""
        earlier: tuple[FoundAssessment, ...] = getattr(self.app, "earlier", ())
        if not earlier or self.assessment_path is None:
            return None
        found = [*earlier, FoundAssessment(self.assessment_path, self.assessment)]
        return build_history(self.assessment.team, self.questionnaire, found)

    def on_screen_resume(self) -> None:
        self.refresh_results()

    def refresh_results(self) -> None:
        """Score the assessment and build the roadmap again, and show both."""
        questionnaire = self.questionnaire
        score = score_assessment(questionnaire, self.assessment)
        roadmap = build_roadmap(questionnaire, score, self.assessment)
        self.score, self.roadmap = score, roadmap
        self.sub_title = f"{self.assessment.team} · {self.assessment.label}"

        level_known = score.overall_level_known
        self.query_one("#overall-digits", Digits).update(
            str(score.overall_level) if level_known else "-"
        )
        self.query_one("#overall-name", Static).update(
            literal_line(overall_level_title(questionnaire, score.overall_level))
            if level_known
            else literal_line(
                f"Level not known yet: {len(score.unassessed_areas)} of {len(score.areas)} "
                "areas not assessed"
            )
        )
        self.query_one("#team-line", Static).update(
            Content.assemble(
                literal_line(self.assessment.team, "bold"),
                " · ",
                literal_line(self.assessment.label),
            )
        )
        completeness = self.query_one("#completeness", Static)
        completeness.update(Content(completeness_text(score)))
        completeness.set_class(not score.is_complete, "-incomplete")

        targets = area_targets(questionnaire, self.assessment, score)
        self.targets = targets
        history = self._history()
        trends = history.area_trends if history else None
        self.query_one("#trend-line", Static).update(overall_trend_text(history, level_known))
        for index, area_score in enumerate(score.areas):
            self.query_one(f"#area-{index}", AreaLevelRow).show_score(
                questionnaire,
                area_score,
                targets[index],
                trends[index] if trends else None,
            )

        self.query_one("#plan-intro", Static).update(literal_line(plan_introduction(roadmap)))
        self.query_one("#follow-ups", Static).update(follow_ups_text(score))
        first_number = 1
        for index, plan in enumerate(roadmap.horizons):
            self.query_one(f"#heading-{plan.horizon.id}", Static).update(
                horizon_heading(plan.horizon, len(plan.items))
            )
            self.query_one(f"#items-{plan.horizon.id}", Static).update(
                horizon_items(plan.items, first_number, in_plan=index == 0)
            )
            first_number += len(plan.items)

    def action_back(self) -> None:
        """Return to the screen below, if there is one."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_report(self) -> None:
        """Open the report screen for this assessment."""
        from ops_maturity.ui.screens.report import ReportScreen

        self.app.push_screen(
            ReportScreen(self.questionnaire, self.assessment, self.assessment_path)
        )

    def action_guidance(self) -> None:
        """Every roadmap item listed, the highlighted one's guidance rendered (Markdown)."""
        if self.roadmap is None:
            return
        from ops_maturity.ui.dialogs.guidance import roadmap_guidance_dialog

        self.app.push_screen(roadmap_guidance_dialog(self.roadmap))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """On a read-only assessment `t` (targets) is shown but disabled."""
        if action == "targets" and getattr(self.app, "read_only", False):
            return None
        return True

    def on_key(self, event: events.Key) -> None:
        """A disabled key on a read-only assessment says why nothing happens."""
        active = self.active_bindings.get(event.key)
        if active is not None and not active.enabled:
            reason = getattr(self.app, "read_only_reason", "")
            self.notify(
                f"Read-only: targets cannot be set here. {reason}",
                title="Read-only",
                severity="warning",
                timeout=6,
                markup=False,
            )

    def action_targets(self) -> None:
        """Ask for each area's target, then store the ones that changed and save."""
        from ops_maturity.ui.dialogs.targets import TargetsDialog

        def apply(levels: dict[str, int] | None) -> None:
            if levels is None:
                return
            changed = False
            for target in self.targets:
                level = levels.get(target.area.id, target.target)
                if level != target.target:  # an untouched default stays a default
                    set_target(self.assessment, target.area.id, level, self.questionnaire.max_level)
                    changed = True
            if changed:
                save = getattr(self.app, "save_assessment", None)
                if save is not None:
                    save()
            self.refresh_results()

        self.app.push_screen(TargetsDialog(self.targets, self.questionnaire.max_level), apply)

    def action_help(self) -> None:
        from ops_maturity.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
