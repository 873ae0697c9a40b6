"""The Results screen: the overall level, each area's level as a bar, and the roadmap by horizon.

It asks the core for everything (`score_assessment`, `build_roadmap`) each time it is shown, so it
is right after any change made on the Assess screen, and it holds no scoring logic of its own.
Questionnaire and assessment text is shown as `Content`, never parsed as markup. The roadmap is one
`Static` per horizon built from Content lines, never a widget per item.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Digits, Footer, Header, ProgressBar, Static

from ...core.assessment import Assessment
from ...core.questionnaire import Area, Horizon, Questionnaire
from ...core.roadmap import Roadmap, RoadmapItem, build_roadmap
from ...core.scoring import AreaScore, AssessmentScore, score_assessment
from ..text import literal_line

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


def next_level_text(questionnaire: Questionnaire, area_score: AreaScore) -> Content:
    """What the area still needs for its next level: a count and the first practices."""
    next_level = area_score.next_level
    if next_level is None:
        return Content.styled("Top level reached.", "$success")
    needed = area_score.needed_for_next_level
    count = len(needed)
    practices = "practice" if count == 1 else "practices"
    parts: list[Content] = [
        Content.styled(f"Level {next_level} needs {count} {practices}: ", "bold"),
        Content("; ").join(
            literal_line(result.question.text) for result in needed[:NEEDED_PRACTICES_SHOWN]
        ),
    ]
    if count > NEEDED_PRACTICES_SHOWN:
        parts.append(Content(f"; +{count - NEEDED_PRACTICES_SHOWN} more"))
    return Content.assemble(*parts)


def horizon_heading(horizon: Horizon, item_count: int) -> Content:
    """The horizon's label from the questionnaire, with how many actions it holds."""
    actions = "action" if item_count == 1 else "actions"
    return Content.assemble(
        literal_line(horizon.label, "bold"),
        (f"  {item_count} {actions}", "not bold dim"),
    )


def roadmap_item_lines(item: RoadmapItem, number: int) -> Content:
    """Two lines for one roadmap item: the action, then area, level, quick win and owner."""
    details: list[Content] = [
        literal_line(item.area.name),
        Content(f"Level {item.level.number}"),
    ]
    if item.quick_win:
        details.append(Content.styled("★ quick win", "bold $success"))
    if item.owner:
        details.append(Content.assemble("Owner: ", literal_line(item.owner)))
    return Content.assemble(
        (f"{number:>2}. ", "bold $accent"),
        literal_line(item.action),
        "\n    ",
        Content(" · ").join(details).stylize_before("dim"),
    )


def horizon_items(items: tuple[RoadmapItem, ...], first_number: int) -> Content:
    """Every item of one horizon as Content lines, numbered on from `first_number`."""
    if not items:
        return Content.styled("Nothing planned in this horizon.", "italic dim")
    return Content("\n").join(
        roadmap_item_lines(item, number) for number, item in enumerate(items, first_number)
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
        yield Static(classes="area-next")

    def show_score(self, questionnaire: Questionnaire, area_score: AreaScore) -> None:
        """Update the bar and both labels for a new score of this area."""
        self.query_one(ProgressBar).update(progress=area_score.level)
        self.query_one(".area-level", Static).update(area_level_text(questionnaire, area_score))
        self.query_one(".area-next", Static).update(next_level_text(questionnaire, area_score))


class ResultsScreen(Screen[None]):
    """The overall level, the areas' levels and the roadmap of an assessment, complete or not.

    | Key          | Does                                   |
    | ------------ | -------------------------------------- |
    | `escape`/`b` | Go back to the previous screen.        |
    | `m`          | Open the Markdown report.              |
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
        self.title = "Results"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="summary"):
            yield Digits("0", id="overall-digits")
            with Vertical(id="summary-text"):
                yield Static(id="overall-name")
                yield Static(id="team-line")
                yield Static(id="completeness")
        with VerticalScroll(id="body"):
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
            with Vertical(id="roadmap-section"):
                yield Static("Roadmap", classes="section-title", markup=False)
                for horizon in self.questionnaire.horizons:
                    yield Static(id=f"heading-{horizon.id}", classes="horizon-heading")
                    yield Static(id=f"items-{horizon.id}", classes="horizon-items")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_results()
        self.query_one("#body").focus()
        self.call_after_refresh(self._prefetch_report)

    def _prefetch_report(self) -> None:
        """Render the report in the background now, so `m` shows it at once."""
        from .report import prefetch_report

        prefetch_report(self.questionnaire, self.assessment, self.assessment_path)

    def on_screen_resume(self) -> None:
        self.refresh_results()

    def refresh_results(self) -> None:
        """Score the assessment and build the roadmap again, and show both."""
        questionnaire = self.questionnaire
        score = score_assessment(questionnaire, self.assessment)
        roadmap = build_roadmap(questionnaire, score)
        self.score, self.roadmap = score, roadmap
        self.sub_title = f"{self.assessment.team} · {self.assessment.label}"

        self.query_one("#overall-digits", Digits).update(str(score.overall_level))
        self.query_one("#overall-name", Static).update(
            literal_line(overall_level_title(questionnaire, score.overall_level))
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

        for index, area_score in enumerate(score.areas):
            self.query_one(f"#area-{index}", AreaLevelRow).show_score(questionnaire, area_score)

        first_number = 1
        for plan in roadmap.horizons:
            self.query_one(f"#heading-{plan.horizon.id}", Static).update(
                horizon_heading(plan.horizon, len(plan.items))
            )
            self.query_one(f"#items-{plan.horizon.id}", Static).update(
                horizon_items(plan.items, first_number)
            )
            first_number += len(plan.items)

    def action_back(self) -> None:
        """Return to the screen below, if there is one."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_report(self) -> None:
        """Open the report screen for this assessment."""
        from .report import ReportScreen

        self.app.push_screen(
            ReportScreen(self.questionnaire, self.assessment, self.assessment_path)
        )

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen())
