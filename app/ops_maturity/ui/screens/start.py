"""The Start screen: begin a team's assessment, or resume one from the assessments folder.

It collects the questionnaire, team, label, facilitator and participants, checks them and explains
any problem next to the field it concerns (an empty team, a questionnaire file that cannot be read,
with its `path:line:col` messages). Opening the files is `ops_maturity.core.storage.session`'s job; once a session is
open the app switches to the Assess screen. Nothing here can crash on a bad file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    Static,
)
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ops_maturity.core.files.user_paths import InvalidPathError, user_path
from ops_maturity.core.model.assessment import (
    NAME_MAX_CHARS,
    PARTICIPANTS_MAX_CHARS,
    Status,
    current_quarter_label,
)
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.sessions import PlanError, parse_plan
from ops_maturity.core.model.votes import make_votes_anonymous, participant_problems
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.storage.folder import AssessmentSummary, find_assessments
from ops_maturity.core.storage.session import (
    OpenError,
    Session,
    load_bundled_choices,
    open_assessment_file,
    open_team_assessment,
    prepare_session,
    questionnaire_file_reference,
)
from ops_maturity.core.text import describe_os_error
from ops_maturity.ui.text import literal, literal_line, plain_line
from ops_maturity.ui.widgets.plain_checkbox import PlainCheckbox

if TYPE_CHECKING:
    from ops_maturity.ui.app import OpsMaturityApp


def summary_prompt(summary: AssessmentSummary) -> Content:
    """'Payments · 2026-Q2 · 45% · 2026-05-02' for the resume list."""
    status = "complete" if summary.status == Status.COMPLETE else f"{summary.percent}%"
    return Content.assemble(
        literal_line(summary.team, "bold"),
        " · ",
        literal_line(summary.label),
        " · ",
        (status, "bold" if summary.status == Status.COMPLETE else ""),
        (f" ({summary.answered}/{summary.total})", "dim"),
        " · ",
        (summary.date.isoformat(), "dim"),
    )


def split_participants(text: str) -> list[str]:
    """'Ana, Bo ,, Chen' -> ['Ana', 'Bo', 'Chen']."""
    return [name.strip() for name in text.split(",") if name.strip()]


class StartScreen(Screen[None]):
    """Start or resume an assessment."""

    CSS_PATH = "start.tcss"
    # Textual declares this without ClassVar, so mypy refuses one here.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (110, "-wide"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s", "start", "Start", id="start.start", tooltip="Start (or resume) this team"
        ),
        Binding(
            "ctrl+r",
            "focus_resume",
            "Resume list",
            id="start.resume",
            tooltip="Move to the list of saved assessments",
        ),
        Binding("f1", "help", "Help", id="start.help", tooltip="List every key"),
    ]
    """
    | Key | Description |
    | :- | :- |
    | enter | In a field: start the assessment. In the resume list: resume that one. |
    | ctrl+s | Start the assessment. |
    | ctrl+r | Move to the resume list. |
    | tab | Next field. |
    | f1 | Help. |
    """

    def __init__(
        self,
        *,
        folder: Path,
        questionnaire: str | None = None,
        team: str = "",
        label: str | None = None,
        facilitator: str = "",
        participants: list[str] | None = None,
        anonymous_votes: bool = False,
        timebox: int | None = None,
        today_plan: str = "",
        errors: list[str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._folder = folder
        self._questionnaire_reference = questionnaire
        # Launch options come from the command line: shown cleaned, like everything typed.
        self._team = plain_line(team)
        self._label = plain_line(label or "") or current_quarter_label()
        self._facilitator = plain_line(facilitator)
        self._participants = [name for p in participants or [] if (name := plain_line(p))]
        self._anonymous_votes = anonymous_votes
        self._timebox = timebox
        self._today_plan = plain_line(today_plan)
        self._errors = errors or []
        self._bundled, self._bundled_problems = load_bundled_choices()

    @property
    def ops_app(self) -> OpsMaturityApp:
        return cast("OpsMaturityApp", self.app)

    def _initial_file(self) -> str:
        reference = self._questionnaire_reference
        if reference and questionnaire_file_reference(reference) is not None:
            return reference
        if reference and not any(q.id == reference for q in self._bundled):
            return reference
        return ""

    def _initial_select(self) -> str | None:
        reference = self._questionnaire_reference
        ids = [q.id for q in self._bundled]
        if reference in ids:
            return reference
        from ops_maturity.core.questionnaires.bundled import DEFAULT_QUESTIONNAIRE_ID

        if DEFAULT_QUESTIONNAIRE_ID in ids:
            return DEFAULT_QUESTIONNAIRE_ID
        return ids[0] if ids else None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="start-body"):
            with Vertical(id="new-assessment", classes="start-panel"):
                yield Label("Start an assessment", classes="panel-title")
                yield Static(
                    "Type the team's name and press Enter. Every answer is saved as you go.",
                    classes="hint",
                    markup=False,
                )
                yield Static(id="start-errors", classes="field-error", markup=False)
                with Horizontal(classes="form-row"):
                    yield Label("Questionnaire", classes="form-label")
                    options = [
                        (
                            Content.assemble(
                                literal_line(q.title),
                                (f"  ({len(q.questions)} questions)", "dim"),
                            ),
                            q.id,
                        )
                        for q in self._bundled
                    ]
                    initial = self._initial_select()
                    yield Select(
                        options,
                        allow_blank=not options,
                        value=initial if initial is not None else Select.NULL,
                        prompt="No bundled questionnaire",
                        compact=True,
                        id="questionnaire-select",
                    )
                with Horizontal(classes="form-row"):
                    yield Label("…or a file", classes="form-label")
                    yield Input(
                        self._initial_file(),
                        placeholder="path/to/questionnaire.toml (optional)",
                        compact=True,
                        id="questionnaire-file",
                    )
                yield Static(id="questionnaire-error", classes="field-error", markup=False)
                with Horizontal(classes="form-row"):
                    yield Label("Team", classes="form-label")
                    yield Input(
                        self._team,
                        placeholder="Team name",
                        compact=True,
                        id="team",
                        max_length=NAME_MAX_CHARS,
                    )
                yield Static(id="team-error", classes="field-error", markup=False)
                with Horizontal(classes="form-row"):
                    yield Label("Label", classes="form-label")
                    yield Input(
                        self._label,
                        placeholder="2026-Q4",
                        compact=True,
                        id="label",
                        max_length=NAME_MAX_CHARS,
                    )
                yield Static(id="label-error", classes="field-error", markup=False)
                with Horizontal(classes="form-row"):
                    yield Label("Facilitator", classes="form-label")
                    yield Input(
                        self._facilitator,
                        placeholder="Who runs it",
                        compact=True,
                        id="facilitator",
                        max_length=NAME_MAX_CHARS,
                    )
                with Horizontal(classes="form-row"):
                    yield Label("Participants", classes="form-label")
                    yield Input(
                        ", ".join(self._participants),
                        placeholder="Comma-separated names",
                        compact=True,
                        id="participants",
                        max_length=PARTICIPANTS_MAX_CHARS,
                    )
                yield Static(id="participants-error", classes="field-error", markup=False)
                with Horizontal(classes="form-row"):
                    yield Label("Team votes", classes="form-label")
                    yield PlainCheckbox(
                        "Anonymous votes (counts only, no names)",
                        self._anonymous_votes,
                        compact=True,
                        id="anonymous",
                    )
                    yield Input(
                        "" if self._timebox is None else str(self._timebox),
                        placeholder="timebox, seconds",
                        compact=True,
                        restrict=r"[0-9]*",
                        max_length=4,
                        id="timebox",
                        tooltip="Seconds per question in team mode, kept in the assessment; "
                        "0 turns it off, empty keeps it",
                    )
                with Horizontal(classes="form-row"):
                    yield Label("Today", classes="form-label")
                    yield Input(
                        self._today_plan,
                        placeholder="all · areas: visibility, alerting · or a number: 16",
                        compact=True,
                        id="today-plan",
                        max_length=PARTICIPANTS_MAX_CHARS,
                        tooltip="Today's session: area ids or names, comma-separated, or a "
                        "number of questions; empty: the whole assessment",
                    )
                yield Static(id="today-error", classes="field-error", markup=False)
                with Horizontal(classes="form-row button-row"):
                    yield Button("Start ▶", variant="primary", compact=True, id="start")
                    yield Static(id="folder-note", markup=False)
            with Vertical(id="resume", classes="start-panel"):
                yield Label("Resume", classes="panel-title")
                yield OptionList(id="resume-list", markup=False)
                yield Static(id="resume-errors", classes="field-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "ops-maturity"
        self.sub_title = "Start"
        self.query_one("#folder-note", Static).update(
            Content.assemble(("saved in ", "dim"), literal_line(str(self._folder), "dim"))
        )
        self._show_lines("#start-errors", [*self._errors, *self._bundled_problems])
        self.refresh_resume_list()
        self.query_one("#team", Input).focus()

    # ----------------------------------------------------------- messages

    def show_errors(self, lines: list[str]) -> None:
        """Show problems above the form, such as a file held by another session."""
        self._show_lines("#start-errors", lines)

    def _show_lines(self, selector: str, lines: list[str]) -> None:
        widget = self.query_one(selector, Static)
        widget.update(literal("\n".join(lines)))
        widget.display = bool(lines)

    def refresh_resume_list(self) -> None:
        """Look for assessments in the folder, off the UI thread; the list fills in when done.

        Every file is read through the bounded loader, so a FIFO or a link to /dev/zero in the
        folder is listed as a problem: it can neither freeze the app nor fill its memory.
        """
        resume = self.query_one("#resume-list", OptionList)
        resume.clear_options()
        resume.add_option(
            Option(
                literal_line(f"Looking for saved assessments in {self._folder}/…", "dim"),
                disabled=True,
            )
        )
        self._scan_folder()

    @work(thread=True, exclusive=True, group="resume-scan", exit_on_error=False)
    def _scan_folder(self) -> None:
        folder = self._folder
        try:
            summaries, failures = find_assessments(folder)
        except OSError as error:
            problems = [f"{folder}: cannot read: {describe_os_error(error)}"]
            summaries = []
        else:
            problems = [str(problem) for failure in failures for problem in failure.problems]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_resume_list, summaries, problems)

    def _show_resume_list(self, summaries: list[AssessmentSummary], problems: list[str]) -> None:
        """Fill the resume list with what the scan found, newest first."""
        if not self.is_mounted:
            return
        resume = self.query_one("#resume-list", OptionList)
        resume.clear_options()
        self._show_lines("#resume-errors", problems)
        if summaries:
            resume.add_options(
                Option(summary_prompt(summary), id=str(summary.path)) for summary in summaries
            )
            resume.highlighted = 0
        else:
            resume.add_option(
                Option(
                    literal_line(
                        f"No saved assessments yet (they are kept in {self._folder}/).", "dim"
                    ),
                    disabled=True,
                )
            )

    # -------------------------------------------------------------- start

    def _selected_questionnaire(self) -> tuple[Questionnaire, Path | None] | None:
        """The chosen questionnaire and its file (None when bundled); shows problems in place."""
        error_widget = "#questionnaire-error"
        file_text = self.query_one("#questionnaire-file", Input).value.strip()
        if file_text:
            try:
                path = user_path(file_text)
            except InvalidPathError as error:
                self._show_lines(error_widget, [str(error)])
                return None
            try:
                questionnaire = load_questionnaire(path, file_text)
            except InvalidFileError as error:
                self._show_lines(error_widget, [str(problem) for problem in error.problems])
                return None
            self._show_lines(error_widget, [])
            return questionnaire, path
        value = self.query_one("#questionnaire-select", Select).value
        chosen = next((q for q in self._bundled if q.id == value), None)
        if chosen is None:
            self._show_lines(error_widget, ["Choose a questionnaire, or give a file's path."])
            return None
        self._show_lines(error_widget, [])
        return chosen, None

    def action_start(self) -> None:
        team = self.query_one("#team", Input).value.strip()
        label = self.query_one("#label", Input).value.strip()
        self._show_lines("#team-error", [] if team else ["Enter the team's name."])
        self._show_lines(
            "#label-error", [] if label else ["Enter a label, such as the quarter (2026-Q4)."]
        )
        selected = self._selected_questionnaire()
        if not team:
            self.query_one("#team", Input).focus()
            return
        if not label:
            self.query_one("#label", Input).focus()
            return
        if selected is None:
            self.query_one("#questionnaire-file", Input).focus()
            return
        participants = split_participants(self.query_one("#participants", Input).value)
        problems = participant_problems(participants)
        self._show_lines("#participants-error", problems)
        if problems:
            self.query_one("#participants", Input).focus()
            return
        questionnaire, questionnaire_file = selected
        try:
            session = open_team_assessment(
                questionnaire,
                questionnaire_file,
                self._folder,
                team,
                label,
                self.query_one("#facilitator", Input).value,
                participants,
            )
        except OpenError as error:
            self._show_lines("#start-errors", error.messages)
            return
        if session.created and self.query_one("#anonymous", Checkbox).value:
            make_votes_anonymous(session.assessment)
        self._open(session)

    def _open(self, session: Session) -> None:
        """Open the session with the timebox and today's plan typed here (both optional)."""
        timebox = self.query_one("#timebox", Input).value
        try:
            areas, count = parse_plan(
                session.questionnaire, self.query_one("#today-plan", Input).value
            )
            prepare_session(
                session,
                timebox=int(timebox) if timebox.isdigit() else None,
                areas=areas,
                question_count=count,
            )
        except (PlanError, OpenError) as error:
            lines = error.messages if isinstance(error, OpenError) else [str(error)]
            self._show_lines("#today-error", lines)
            self.query_one("#today-plan", Input).focus()
            return
        self._show_lines("#today-error", [])
        self._show_lines("#start-errors", [])
        self.ops_app.open_session(session)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "questionnaire-file" and event.value.strip():
            if self._selected_questionnaire() is not None:
                self.query_one("#team", Input).focus()
            return
        self.action_start()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "team" and event.value.strip():
            self._show_lines("#team-error", [])
        elif event.input.id == "label" and event.value.strip():
            self._show_lines("#label-error", [])
        elif event.input.id == "questionnaire-file" and not event.value.strip():
            self._show_lines("#questionnaire-error", [])

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            event.stop()
            self.action_start()

    # ------------------------------------------------------------- resume

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "resume-list" or event.option.id is None:
            return
        event.stop()
        path = Path(event.option.id)
        try:
            session = open_assessment_file(path)
        except OpenError as error:
            self._show_lines("#resume-errors", error.messages)
            return
        self._open(session)

    def action_focus_resume(self) -> None:
        self.query_one("#resume-list", OptionList).focus()

    def action_help(self) -> None:
        from ops_maturity.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
