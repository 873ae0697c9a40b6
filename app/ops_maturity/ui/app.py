"""The ops-maturity Textual app and `make_app`, the factory the CLI and the tests both call.

The app decides the first screen from the launch options (Start, or straight to Assess for
`--team` and `--resume`, `ui/launch.py`), owns the open assessment, its one-writer lock (offering
read-only when another session holds the file, releasing it on quit), its autosaver (saving after
every change and retrying on a timer when the disk refuses) and the report rendered ahead of time
(`report_prefetch`), applies the user's keymap (`keymap`, checked by `ui/keymap.py`), and switches
presentation mode. It offers a small API for screens and the command palette: `questionnaire`,
`assessment`, `assessment_path`, `read_only`, `jump_to_area`, `jump_to_question` and
`action_toggle_presentation`. Domain rules live in ops_maturity.core.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive

from ops_maturity.core.files.atomic_file import resolve_target
from ops_maturity.core.files.lock import AssessmentLock, AssessmentLockedError
from ops_maturity.core.model.assessment import Assessment, today
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.sessions import opening_index
from ops_maturity.core.storage.autosave import AutoSaver, SaveOutcome
from ops_maturity.core.storage.session import OpenError, Session, claim_session, describe_changes
from ops_maturity.ui.breakpoints import breakpoint_classes
from ops_maturity.ui.clock import Clock
from ops_maturity.ui.example_copy import read_only_note
from ops_maturity.ui.launch import LaunchOptions, first_session
from ops_maturity.ui.providers import palette_commands
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.assess_keys import CHOICE_KEYS_DISPLAY, choice_keys_display
from ops_maturity.ui.start_up_gc import restore_collection_after_start_up
from ops_maturity.ui.styles import LATER_STYLES, START_STYLES, read_styles
from ops_maturity.ui.themes import PROJECTOR_THEME, PROJECTOR_THEME_NAME
from ops_maturity.ui.toasts import ScreenToasts

if TYPE_CHECKING:
    from textual.notifications import Notify

    from ops_maturity.core.remote.options import RemoteOptions
    from ops_maturity.core.storage.folder import FoundAssessment
    from ops_maturity.ui.remote.session import RemoteVoting
    from ops_maturity.ui.report_prefetch import ReportPrefetch


START_SCREEN_ID = "start"


class OpsMaturityApp(App[None]):
    """Walks a team through a maturity questionnaire and on to its results and roadmap."""

    # The Assess screen's styles are read with the app's, the Start and Report screens' before
    # they are needed (`ui/styles.py`): a screen bringing a .tcss file the app has not read yet
    # makes Textual re-parse every style sheet. The screens keep their own CSS_PATH too.
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/assess.tcss"]
    TITLE = "ops-maturity"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {palette_commands}

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
    earlier: reactive[tuple[FoundAssessment, ...]] = reactive((), init=False)
    """The team's earlier assessments in the folder, oldest first: found once, in a thread,
    when an assessment opens; () until then and when there are none."""
    remote_voting: reactive[RemoteVoting | None] = reactive(None, init=False)
    """The remote-voting session, running or stopped (to say so); None before the first."""

    def __init__(
        self,
        options: LaunchOptions,
        *,
        clock: Clock = time.monotonic,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.options = options
        self.clock = clock
        """What the answer delay and the timebox read the time from (tests pass their own)."""
        self.keymap = dict(keymap or {})
        """Binding id -> keys, from the user's keymap file (`ui/keymap.py`), already checked."""
        if self.keymap:
            self.set_keymap(self.keymap)
        self._session: Session | None = None
        self._saver: AutoSaver | None = None
        self._lock: AssessmentLock | None = None
        self._theme_before_presentation: str | None = None
        self.read_only_reason = ""
        """Why the open assessment is read-only here, one or two sentences ('' when it is not)."""
        self.register_theme(PROJECTOR_THEME)
        self._toasts = ScreenToasts(self)

    # ------------------------------------------------------------ the API

    @cached_property
    def report_prefetch(self) -> ReportPrefetch:
        """The report the Results screen renders ahead, for the Report screen (this app's own;
        made when first asked for, so start-up does not load it)."""
        from ops_maturity.ui.report_prefetch import ReportPrefetch

        return ReportPrefetch()

    @property
    def session(self) -> Session | None:
        """The open assessment, its questionnaire and file (None before one is open)."""
        return self._session

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
            screen.perform("switch_mode")

    def action_plan_session(self) -> None:
        """Plan today's session (areas, or a number of questions) on the Assess screen."""
        if (screen := self._bring_assess_to_front()) is not None and not self.read_only:
            screen.facilitation.open_plan_dialog()

    def get_key_display(self, binding: Binding) -> str:
        """The digits show the range of the question on the Assess screen ('1-4', '1-2' for
        yes/no), else the open questionnaire's widest ('1-5'), never every digit ('1-9')."""
        if binding.key_display == CHOICE_KEYS_DISPLAY and self.questionnaire is not None:
            screen = self.assess_screen()
            if screen is not None:
                return screen.choice_keys_display
            return choice_keys_display(self.questionnaire)
        return super().get_key_display(binding)

    def on_notify(self, event: Notify) -> None:
        """Each toast stays with the screen it was raised on (`ui/toasts.py`)."""
        self._toasts.raised(event.notification)

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
        """Try again if the last save failed (called on a timer), or save if a save is due."""
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
        self.screen_change_signal.subscribe(self, self._toasts.screen_changed, immediate=True)
        self.set_interval(self.save_retry_interval, self.retry_save, name="retry saving")
        if self.options.presentation:
            self.presentation = True
        # Once the app's start-up batch is over: a screen pushed within it is drawn, then
        # dropped, and drawn again after (twice the work before anything is on screen).
        self.call_later(self._open_first_session)

    def _open_first_session(self) -> None:
        try:
            session = first_session(self.options)
        except OpenError as error:
            self._show_start(error.messages)
        else:
            if session is None:
                self._show_start([])
            else:
                self.open_session(session)
        self.call_after_refresh(restore_collection_after_start_up)  # after its first frame
        self.call_after_refresh(read_styles, self, LATER_STYLES)

    def _show_start(self, errors: list[str]) -> None:
        from ops_maturity.ui.screens.start import StartScreen

        read_styles(self, (START_STYLES,))
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
                today_plan=", ".join(options.areas) or str(options.question_count or ""),
                errors=errors,
                id=START_SCREEN_ID,
            )
        )

    def open_session(self, session: Session, *, announce_resume: bool = True) -> None:
        """Make `session` the open assessment, holding its lock, and show it on the Assess screen.

        When another session holds the file, a dialog names it and offers to open it read-only.
        A bundled example, or a file that saves would refuse to replace (read-only, or
        hard-linked), opens read-only, saying why, and takes no lock: nothing is written beside it.
        `announce_resume=False` leaves out the "Resumed" notice (a copy says what it did itself).
        """
        if session.read_only_reason:
            note = read_only_note(session, self.options.folder)
            self._activate(session, None, read_only_because=note)
            return
        if self._lock is not None and resolve_target(self._lock.path) == resolve_target(
            session.path
        ):
            self._activate(session, self._lock, announce_resume=announce_resume)
            return
        try:
            lock: AssessmentLock | None = claim_session(session)
        except AssessmentLockedError as error:
            self._offer_read_only(session, error)
            return
        except OSError:
            lock = None  # a read-only folder or a full disk: the first save will say so
        self._activate(session, lock, announce_resume=announce_resume)

    def _offer_read_only(self, session: Session, error: AssessmentLockedError) -> None:
        from ops_maturity.ui.dialogs.confirmations import locked_dialog

        def decide(read_only: bool | None) -> None:
            if read_only:
                self._activate(
                    session,
                    None,
                    read_only_because=f"{session.path} is open in another session. Close that "
                    "session, then open the file again to edit it.",
                )
            elif self.screen.id == START_SCREEN_ID:
                from ops_maturity.ui.screens.start import StartScreen

                if isinstance(self.screen, StartScreen):
                    self.screen.show_errors([str(error)])
            elif self.assess_screen() is None:
                self._show_start([str(error)])

        self.push_screen(locked_dialog(str(error), can_open=not session.created), decide)

    def _activate(
        self,
        session: Session,
        lock: AssessmentLock | None,
        *,
        read_only_because: str = "",
        announce_resume: bool = True,
    ) -> None:
        """Show `session`; with `read_only_because`, read-only, saying that reason."""
        if self._lock is not None and self._lock is not lock:
            self._lock.release()
        read_only = bool(read_only_because)
        if self.remote_voting is not None and self._session is not session:
            self.call_later(self.stop_remote_voting, "The facilitator opened another assessment.")
        self._lock = lock
        self._session = session
        self.read_only_reason = read_only_because
        self._saver = AutoSaver(
            session.assessment, session.path, expected=session.stamp, read_only=read_only
        )
        self.save_problem = ""
        self.earlier = ()
        if (session.created or session.changed) and not read_only:
            self._saver.due = True  # saved once the question is on screen (fsync: 1 to 14 ms)
            self.call_after_refresh(self.retry_save)
        # Once the question is on screen: the thread would hold the GIL while it is drawn.
        self.call_after_refresh(self._find_earlier, session.assessment, session.path)
        assessment, questionnaire = session.assessment, session.questionnaire
        start = opening_index(questionnaire, assessment, today())
        screen = AssessScreen(questionnaire, assessment, start)
        screen.add_class(*breakpoint_classes(AssessScreen, self.size), update=False)
        if self.options.ack_delay is not None:
            screen.advance_delay = self.options.ack_delay
        if self.screen.id == START_SCREEN_ID or isinstance(self.screen, AssessScreen):
            self.switch_screen(screen)  # a copied example replaces the read-only example
        else:
            self.push_screen(screen)
        if read_only:
            self.save_problem = f"Read-only: {read_only_because} Answers cannot be changed here."
        if self.options.remote is not None and not read_only and self.remote_voting is None:
            self.call_later(self.start_remote_voting, self.options.remote)
        if change_note := describe_changes(session.changes):
            self.notify(change_note, title="Questionnaire changed", timeout=12, markup=False)
        if not session.created and announce_resume:
            answered = assessment.answered_count(questionnaire)
            self.notify(
                f"Resumed {assessment.team} · {assessment.label}: "
                f"{answered} of {len(questionnaire.questions)} answered.",
                timeout=5,
                markup=False,
            )

    @property
    def read_only(self) -> bool:
        """True when the open assessment is another session's, shown but not changeable."""
        return self._saver is not None and self._saver.read_only

    def release_lock(self) -> None:
        """Give up the open assessment's lock (on quit). Safe to call more than once."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    async def start_remote_voting(self, options: RemoteOptions | None = None) -> None:
        """Serve the voting page for the open team assessment; the palette's start too."""
        from ops_maturity.ui.remote.session import start_remote_voting

        await start_remote_voting(self, options)

    async def stop_remote_voting(
        self, reason: str = "The facilitator stopped remote voting."
    ) -> None:
        """Tell every participant's page why, and close every connection."""
        if self.remote_voting is not None:
            await self.remote_voting.stop(reason)

    async def on_unmount(self) -> None:
        await self.stop_remote_voting("The facilitator closed the app.")
        self.release_lock()

    @work(thread=True, exclusive=True, group="earlier", exit_on_error=False)
    def _find_earlier(self, assessment: Assessment, path: Path) -> None:
        """Find last quarter's assessments off the UI thread; never fails the app."""
        from ops_maturity.core.storage.team_assessments import earlier_assessments

        try:
            found = earlier_assessments(assessment, path)
        except OSError:
            return
        self.call_from_thread(self._set_earlier, assessment, found)

    def _set_earlier(self, assessment: Assessment, found: tuple[FoundAssessment, ...]) -> None:
        if self.assessment is assessment:  # still the open assessment
            self.earlier = found

    async def action_quit(self) -> None:
        """Quit, unless the latest changes are not on disk: then ask first."""
        if self._saver is not None and (self._saver.pending or self._saver.due):
            self.retry_save()
        if self._saver is None or not self._saver.pending or self._saver.read_only:
            await self.stop_remote_voting("The facilitator closed the app.")
            self.release_lock()
            self.exit()
            return

        async def decide(quit_anyway: bool | None) -> None:
            if quit_anyway:
                await self.stop_remote_voting("The facilitator closed the app.")
                self.release_lock()
                self.exit()

        from ops_maturity.ui.dialogs.confirmations import unsaved_quit_dialog

        self.push_screen(unsaved_quit_dialog(self._saver.path, self._saver.reason), decide)


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
    areas: tuple[str, ...] = (),
    question_count: int | None = None,
    ack_delay: float | None = None,
    remote: RemoteOptions | None = None,
    clock: Clock = time.monotonic,
    keymap: Mapping[str, str] | None = None,
) -> OpsMaturityApp:
    """Build the app for these launch options; nothing is read until it runs. `clock` is for
    tests: the timers read the time from it. `keymap` remaps keys by binding id (checked by
    `ui.keymap.load_keymap`)."""
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
            areas=areas,
            question_count=question_count,
            ack_delay=ack_delay,
            remote=remote,
        ),
        clock=clock,
        keymap=keymap,
    )
