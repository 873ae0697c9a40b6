"""The ops-maturity Textual app and `make_app`, the factory the CLI and the tests both call.

The app decides the first screen from the launch options (Start, or straight to Assess for
`--team` and `--resume`), owns the open assessment and its autosaver (saving after every change
and retrying on a timer when the disk refuses), and switches presentation mode. It offers a small
API for screens and the command palette: `questionnaire`, `assessment`, `assessment_path`,
`jump_to_area`, `jump_to_question` and `action_toggle_presentation`. Domain rules live in app.core.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive

from ..core.assessment import Assessment, current_quarter_label
from ..core.bundled import DEFAULT_QUESTIONNAIRE_ID
from ..core.questionnaire import Questionnaire
from ..core.votes import Mode, make_votes_anonymous, mode_of
from .autosave import AutoSaver, SaveOutcome
from .screens.assess import AssessScreen
from .session import (
    OpenError,
    Session,
    describe_changes,
    load_questionnaire_reference,
    open_assessment_file,
    open_team_assessment,
    questionnaire_file_reference,
)
from .themes import PROJECTOR_THEME, PROJECTOR_THEME_NAME

if TYPE_CHECKING:
    from textual.command import Provider


@dataclass(frozen=True)
class LaunchOptions:
    """What the command line asked for; decides the first screen."""

    questionnaire: str | None = None
    team: str | None = None
    label: str | None = None
    facilitator: str = ""
    participants: list[str] = field(default_factory=list)
    folder: Path = Path("assessments")
    resume: Path | None = None
    presentation: bool = False
    anonymous_votes: bool = False
    """Team mode keeps vote counts only, never names (a new assessment only)."""
    timebox: int | None = None
    """Seconds per question in team mode: a countdown that warns and never advances."""


START_SCREEN_ID = "start"


def _ops_maturity_commands() -> type[Provider]:
    """The palette provider, imported only when the palette first opens."""
    from .providers.commands import OpsMaturityCommands

    return OpsMaturityCommands


class OpsMaturityApp(App[None]):
    """Walks a team through a maturity questionnaire and on to its results and roadmap."""

    CSS_PATH = "app.tcss"
    TITLE = "ops-maturity"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_ops_maturity_commands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            show=False,
            priority=True,
            id="app.quit",
            tooltip="Quit (everything acknowledged on screen is already saved)",
        ),
    ]

    save_retry_interval: ClassVar[float] = 5.0
    """Seconds between retries while the assessment cannot be saved."""

    presentation: reactive[bool] = reactive(False, init=False)
    """Presentation mode: no sidebar, centred question, high-contrast theme."""
    save_problem: reactive[str] = reactive("")
    """The plain warning shown while the assessment is not on disk ('' when it is)."""

    def __init__(self, options: LaunchOptions) -> None:
        super().__init__()
        self.options = options
        self._session: Session | None = None
        self._saver: AutoSaver | None = None
        self._theme_before_presentation: str | None = None
        self.timebox: int | None = options.timebox
        """Seconds per question in team mode (None: no countdown)."""
        self.register_theme(PROJECTOR_THEME)

    # ------------------------------------------------------------ the API

    @property
    def questionnaire(self) -> Questionnaire | None:
        """The questionnaire being answered (None before an assessment is open)."""
        return self._session.questionnaire if self._session else None

    @property
    def assessment(self) -> Assessment | None:
        return self._session.assessment if self._session else None

    @property
    def assessment_path(self) -> Path | None:
        return self._session.path if self._session else None

    @property
    def saver(self) -> AutoSaver | None:
        return self._saver

    def assess_screen(self) -> AssessScreen | None:
        """The Assess screen if it is in the screen stack."""
        return next((s for s in self.screen_stack if isinstance(s, AssessScreen)), None)

    def _bring_assess_to_front(self) -> AssessScreen | None:
        screen = self.assess_screen()
        if screen is None:
            return None
        while self.screen is not screen and len(self.screen_stack) > 1:
            self.pop_screen()
        return screen

    def jump_to_area(self, area_id: str) -> None:
        """Show the area's first unanswered question on the Assess screen."""
        screen = self._bring_assess_to_front()
        if screen is not None:
            screen.jump_to_area(area_id)

    def jump_to_question(self, question_id: str) -> None:
        """Show this question on the Assess screen."""
        screen = self._bring_assess_to_front()
        if screen is not None:
            screen.jump_to_question(question_id)

    def action_switch_team_mode(self) -> None:
        """Switch the open assessment between team and solo mode (on the Assess screen)."""
        screen = self._bring_assess_to_front()
        if screen is not None:
            screen.action_switch_mode()

    def action_toggle_presentation(self) -> None:
        """Switch presentation mode on or off."""
        self.presentation = not self.presentation

    def watch_presentation(self, presentation: bool) -> None:
        self.set_class(presentation, "-presentation")
        if presentation:
            if self.theme != PROJECTOR_THEME_NAME:
                self._theme_before_presentation = self.theme
            self.theme = PROJECTOR_THEME_NAME
        elif self.theme == PROJECTOR_THEME_NAME:
            self.theme = self._theme_before_presentation or "textual-dark"
        self.notify(
            "Presentation mode on: p turns it off." if presentation else "Presentation mode off.",
            timeout=3,
        )

    # -------------------------------------------------------------- saving

    def save_assessment(self) -> bool:
        """Save the open assessment now. Returns True when it is on disk."""
        if self._saver is None:
            return False
        outcome = self._saver.save()
        self._report_save(outcome)
        return outcome in (SaveOutcome.SAVED, SaveOutcome.RECOVERED)

    def retry_save(self) -> None:
        """Try again if the last save failed (called on a timer)."""
        if self._saver is not None and (outcome := self._saver.retry()) is not None:
            self._report_save(outcome)

    def _report_save(self, outcome: SaveOutcome) -> None:
        assert self._saver is not None
        if outcome in (SaveOutcome.FAILED, SaveOutcome.STILL_FAILING):
            self.save_problem = (
                f"Not saved: {self._saver.reason}. "
                "Your answers are kept and will be saved when possible."
            )
            if outcome is SaveOutcome.FAILED:
                self.notify(self.save_problem, severity="error", timeout=10, markup=False)
        elif outcome is SaveOutcome.RECOVERED:
            self.save_problem = ""
            self.notify(
                f"Saved to {self._saver.path}: every answer is on disk again.",
                title="Saved",
                timeout=6,
                markup=False,
            )

    # ------------------------------------------------------------ screens

    def on_mount(self) -> None:
        self.set_interval(self.save_retry_interval, self.retry_save, name="retry saving")
        if self.options.presentation:
            self.presentation = True
        options = self.options
        if options.resume is not None:
            try:
                session = open_assessment_file(options.resume, options.questionnaire)
            except OpenError as error:
                self._show_start(error.messages)
                return
            self.open_session(session)
        elif options.team:
            try:
                reference = options.questionnaire or DEFAULT_QUESTIONNAIRE_ID
                questionnaire = load_questionnaire_reference(reference)
                session = open_team_assessment(
                    questionnaire,
                    questionnaire_file_reference(reference),
                    options.folder,
                    options.team,
                    options.label or current_quarter_label(),
                    options.facilitator,
                    options.participants,
                )
            except OpenError as error:
                self._show_start(error.messages)
                return
            if options.anonymous_votes and session.created:
                make_votes_anonymous(session.assessment)
            self.open_session(session)
        else:
            self._show_start([])

    def _show_start(self, errors: list[str]) -> None:
        from .screens.start import StartScreen

        options = self.options
        self.push_screen(
            StartScreen(
                folder=options.folder,
                questionnaire=options.questionnaire,
                team=options.team or "",
                label=options.label,
                facilitator=options.facilitator,
                participants=options.participants,
                anonymous_votes=options.anonymous_votes,
                timebox=options.timebox,
                errors=errors,
                id=START_SCREEN_ID,
            )
        )

    def open_session(self, session: Session) -> None:
        """Make `session` the open assessment and show it on the Assess screen."""
        self._session = session
        self._saver = AutoSaver(session.assessment, session.path)
        self.save_problem = ""
        assessment, questionnaire = session.assessment, session.questionnaire
        if session.created or (session.changes is not None and session.changes.changed):
            self.save_assessment()
        first_open = assessment.first_unanswered_index(questionnaire)
        start = first_open or 0
        # A team session resumes where the last vote was recorded, hidden or revealed as it was.
        if mode_of(assessment) is Mode.TEAM and questionnaire.has_question(
            assessment.current_question
        ):
            start = questionnaire.question_index(assessment.current_question)
        screen = AssessScreen(questionnaire, assessment, start)
        if self.screen.id == START_SCREEN_ID:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if change_note := describe_changes(session.changes):
            self.notify(change_note, title="Questionnaire changed", timeout=12, markup=False)
        if not session.created:
            answered = assessment.answered_count(questionnaire)
            self.notify(
                f"Resumed {assessment.team} · {assessment.label}: "
                f"{answered} of {len(questionnaire.questions)} answered.",
                timeout=5,
                markup=False,
            )

    async def action_quit(self) -> None:
        """Quit, unless the latest changes are not on disk: then ask first."""
        if self._saver is not None and self._saver.pending:
            self.retry_save()
        if self._saver is None or not self._saver.pending:
            self.exit()
            return

        def decide(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        from .dialogs.unsaved import UnsavedQuitDialog

        self.push_screen(UnsavedQuitDialog(self._saver.path, self._saver.reason), decide)


def make_app(
    *,
    questionnaire: str | None = None,
    team: str | None = None,
    label: str | None = None,
    facilitator: str = "",
    participants: list[str] | None = None,
    folder: Path = Path("assessments"),
    resume: Path | None = None,
    presentation: bool = False,
    anonymous_votes: bool = False,
    timebox: int | None = None,
) -> OpsMaturityApp:
    """Build the app for these launch options; nothing is read until it runs."""
    return OpsMaturityApp(
        LaunchOptions(
            questionnaire=questionnaire,
            team=team,
            label=label,
            facilitator=facilitator,
            participants=list(participants or []),
            folder=folder,
            resume=resume,
            presentation=presentation,
            anonymous_votes=anonymous_votes,
            timebox=timebox,
        )
    )
