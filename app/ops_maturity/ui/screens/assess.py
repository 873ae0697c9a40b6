"""The Assess screen: one question at a time, answered with single keys, saved before moving on.

The same widgets show every question (`QuestionCard`); moving updates them and mounts nothing.
Every change to the assessment (an answer, a vote, a reveal, an override, votes from remote
pages) takes one path, `save_and_show`: status, save through the app
(`OpsMaturityApp.save_assessment`), rescore, then the change on screen, which is the
acknowledgement. In solo mode an answer then moves on after a short beat. Team mode's keys act
through `TeamVoting`, the vote grid owns the facilitator's pointer, the countdown owns the timebox
and `RemoteVoteRelay` keeps remote voting in step. Which keys work is decided in one place,
`check_action`: on a read-only assessment the keys that would change it are disabled, and
pressing one says why. Scoring comes from `ops_maturity.core.model.scoring`; this screen holds no
domain rules of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Static

from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer, Status, today
from ops_maturity.core.model.questionnaire import Question, Questionnaire, Selection
from ops_maturity.core.model.scoring import AssessmentScore, rescore_area, score_assessment
from ops_maturity.core.model.sessions import after_answer
from ops_maturity.core.model.votes import Mode, SpecialVote, mode_of
from ops_maturity.ui.clock import ClockAlarm
from ops_maturity.ui.remote.relay import RemoteVoteRelay
from ops_maturity.ui.screens import assess_dialogs
from ops_maturity.ui.screens.assess_keys import ASSESS_BINDINGS, FOOTER_DROP_ORDER
from ops_maturity.ui.screens.facilitation import Facilitation
from ops_maturity.ui.screens.team_voting import TEAM_ACTIONS, TeamVoting
from ops_maturity.ui.widgets.answer_progress import AnswerProgress
from ops_maturity.ui.widgets.area_sidebar import AreaSidebar
from ops_maturity.ui.widgets.choice_list import (
    DONT_KNOW_KEY,
    NOT_APPLICABLE_KEY,
    ChoiceList,
    key_range,
)
from ops_maturity.ui.widgets.fitting_footer import FittingFooter
from ops_maturity.ui.widgets.question_card import QuestionCard, QuestionPane

if TYPE_CHECKING:
    from ops_maturity.core.model.assessment import AnswerValue
    from ops_maturity.ui.app import OpsMaturityApp
    from ops_maturity.ui.remote.session import RemoteVoteCast
    from ops_maturity.ui.widgets.countdown import Countdown
    from ops_maturity.ui.widgets.multi_select import MultiSelectChoices
    from ops_maturity.ui.widgets.vote_grid import VoteGrid

_ANSWERS = ("answer", "answer_selection", "not_applicable", "dont_know", "edit_notes")
CHANGES = frozenset({*_ANSWERS, "switch_mode", "flag_discussion", *TEAM_ACTIONS})
"""Actions that change the assessment: disabled (shown, greyed) on a read-only one."""


class AssessScreen(Screen[None]):
    """Walks through the questionnaire one question at a time."""

    CSS_PATH = "assess.tcss"
    # Textual declares this without ClassVar, so mypy refuses one here.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (110, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]  # noqa: RUF012
    """Under 34 rows (80x24) the revealed votes take the place of the question's help."""

    advance_delay: float = 0.3
    """Seconds the chosen answer stays highlighted before the next question (`--ack-delay`)."""

    BINDINGS: ClassVar[list[BindingType]] = ASSESS_BINDINGS
    """The keys, with their table, are in `assess_keys`."""

    def __init__(
        self, questionnaire: Questionnaire, assessment: Assessment, index: int = 0
    ) -> None:
        super().__init__()
        self._questionnaire = questionnaire
        self._assessment = assessment
        self._index = max(0, min(index, len(questionnaire.questions) - 1))
        self._advance: ClockAlarm
        """Moves on after an answer's acknowledgement beat (made at mount: it reads the app's clock)."""
        self._shown_before = False
        self._keys_shown: tuple[bool, str] | None = None
        """Team mode and the digits' range the footer shows now."""
        self._progress_shown: tuple[AssessmentScore, tuple[str, Status]] | None = None
        """The score, area and status the progress widgets show now."""
        self._score: AssessmentScore = score_assessment(questionnaire, assessment)
        self.remote = RemoteVoteRelay(self)
        self.team = TeamVoting(self)
        self.facilitation = Facilitation(self)

    # ----------------------------------------------------------------- state

    @property
    def ops_app(self) -> OpsMaturityApp:
        return cast("OpsMaturityApp", self.app)

    @property
    def questionnaire(self) -> Questionnaire:
        return self._questionnaire

    @property
    def assessment(self) -> Assessment:
        return self._assessment

    @property
    def index(self) -> int:
        """Position of the question on screen in `questionnaire.questions`."""
        return self._index

    @property
    def question(self) -> Question:
        return self._questionnaire.questions[self._index]

    @property
    def choice_keys_display(self) -> str:
        """The digits of this question's scale, as the footer and Help show them ('1-4')."""
        return key_range(len(self.question.scale.choices))

    @property
    def score(self) -> AssessmentScore:
        return self._score

    @property
    def team_mode(self) -> bool:
        return mode_of(self._assessment) is Mode.TEAM

    @property
    def card(self) -> QuestionCard:
        return self.query_one(QuestionCard)

    @property
    def vote_grid(self) -> VoteGrid:
        return self.card.vote_grid

    @property
    def countdown(self) -> Countdown:
        return self.card.countdown

    @property
    def highlighted_participant(self) -> str | None:
        """Team mode: the participant whose vote the next key records."""
        return self.vote_grid.highlighted_participant

    # --------------------------------------------------------------- compose

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="assess-body"):
            yield AreaSidebar(id="sidebar")
            with QuestionPane(id="question-pane"):
                multiple = any(scale.multiple for scale in self._questionnaire.scales.values())
                yield QuestionCard(self.ops_app.clock, multi_select=multiple, id="question-card")
        yield Static(id="complete-notice", markup=False)
        yield Static(id="save-warning", markup=False)
        if self.ops_app.remote_voting is not None:  # else mounted once remote voting starts
            from ops_maturity.ui.widgets.remote_panel import RemotePanel

            yield RemotePanel(id="remote-panel")
        yield AnswerProgress(len(self._questionnaire.questions), id="progress-row")
        yield FittingFooter(drop_first=FOOTER_DROP_ORDER, compact=True)

    def on_mount(self) -> None:
        self._advance = ClockAlarm(self, self.ops_app.clock)
        self.title = "ops-maturity"
        self.sub_title = f"{self._assessment.team} · {self._assessment.label}"
        self.watch(self.app, "save_problem", self._show_save_problem)
        self.watch(self.app, "presentation", lambda _: self._update_spacing())
        self.watch(self.app, "earlier", self._show_last_answer, init=False)
        self.watch(self.app, "remote_voting", self.remote.follow, init=False)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Show the question when the screen first appears, and refresh it on every return.

        The first time, every widget was styled as it was mounted, a moment ago: Textual (whose
        handler runs after this one) need not style them all again before the first frame."""
        if self._shown_before:
            self._score = score_assessment(self._questionnaire, self._assessment)
        else:
            event.refresh_styles = False
        self._shown_before = True
        self.show_question()
        self.facilitation.first_shown()

    def _show_save_problem(self, problem: str) -> None:
        warning = self.query_one("#save-warning", Static)
        warning.update(problem)
        warning.display = bool(problem)

    def on_resize(self) -> None:
        self._update_spacing()

    def _update_spacing(self) -> None:
        """Spread the choices out in presentation mode, when the screen has the room."""
        roomy = self.size.height >= 36 and self.size.width >= 100
        self.card.spacious = self.ops_app.presentation and roomy

    # --------------------------------------------------------------- display

    def show_question(self) -> None:
        """Fill the widgets with the current question, its saved answer and the live scores."""
        team = self.team_mode
        answer = self._assessment.answer_for(self.question.id)
        self.card.show_question(self._questionnaire, self._index, answer, team=team)
        keys = (team, self.choice_keys_display)
        if keys != self._keys_shown:
            self._keys_shown = keys
            self.refresh_bindings()  # the digits' footer label: a vote or the answer, its range
        self.set_class(team, "-team")
        if team:
            self.team.show_question()
        else:
            self.team.leave()
        self._show_last_answer()
        self._show_progress()
        self.facilitation.question_shown()
        self.query_one("#question-pane", QuestionPane).scroll_home(animate=False)

    def _show_last_answer(self, _: object = None) -> None:
        self.card.show_last_answer(self.ops_app.earlier, self.question)

    def _show_progress(self) -> None:
        score = self._score
        shown = (self.question.area_id, self._assessment.status)
        if self._progress_shown is not None:
            shown_score, shown_rest = self._progress_shown
            if shown_score is score and shown_rest == shown:
                return  # already on screen: moving within an area changes nothing here
        self._progress_shown = (score, shown)
        self.query_one(AnswerProgress).show(score)
        self.query_one(AreaSidebar).show_score(score, self.question.area_id)
        notice = self.query_one("#complete-notice", Static)
        complete = self._assessment.status == Status.COMPLETE
        notice.display = complete
        if complete:
            notice.update("All questions answered. Press r for the results and roadmap.")

    def save_and_show(self) -> bool:
        """The one path of every change: status, save, rescore, then the change on screen.

        The change showing is the acknowledgement that it is on disk (or kept in memory while
        the disk refuses, which the save warning says). Returns True when it is on disk."""
        question = self.question
        self._assessment.refresh_status(self._questionnaire)
        self.facilitation.before_save()
        saved = self.ops_app.save_assessment()
        self._score = rescore_area(
            self._score, self._questionnaire, self._assessment, question.area_id
        )
        answer = self._assessment.answer_for(question.id)
        self.card.show_answer(question, answer, team=self.team_mode)
        if self.team_mode:
            self.team.show_votes()
        self._show_progress()
        self.facilitation.after_save()
        return saved

    # ----------------------------------------------------------- navigation

    def go_to(self, index: int) -> None:
        """Show the question at `index` (clamped), cancelling any pending advance."""
        self.cancel_advance()
        self._index = max(0, min(index, len(self._questionnaire.questions) - 1))
        self.show_question()

    def jump_to_question(self, question_id: str) -> None:
        self.go_to(self._questionnaire.question_index(question_id))

    def jump_to_area(self, area_id: str) -> None:
        """Go to the area's first unanswered question, or its first question when all are."""
        area = self._questionnaire.area(area_id)
        target = next(
            (q for q in area.questions if not self._assessment.answer_for(q.id).is_answered),
            area.questions[0],
        )
        self.jump_to_question(target.id)

    def cancel_advance(self) -> None:
        self._advance.cancel()

    def _schedule_advance(self) -> None:
        from_index = self._index
        self._advance.set(self.advance_delay, lambda: self._advance_from(from_index))

    def _advance_from(self, from_index: int) -> None:
        if self._index != from_index:
            return
        target = after_answer(self._questionnaire, self._assessment, today(), from_index)
        if target is not None:
            self.go_to(target)
            if target < from_index:
                self.notify("Back to an unanswered question.", timeout=3)

    def action_previous(self) -> None:
        if self._index == 0:
            self.notify("This is the first question.", timeout=2)
            return
        self.go_to(self._index - 1)

    def action_next(self) -> None:
        if self._index + 1 >= len(self._questionnaire.questions):
            self.notify("This is the last question.", timeout=2)
            return
        self.go_to(self._index + 1)

    def action_next_unanswered(self) -> None:
        questions = self._questionnaire.questions
        count = len(questions)
        for step in range(1, count + 1):
            index = (self._index + step) % count
            if not self._assessment.answer_for(questions[index].id).is_answered:
                self.go_to(index)
                return
        self.notify("Every question is answered.", timeout=3)

    def action_scroll_question(self, direction: int) -> None:
        if self.team_mode and self._assessment.participants:
            self.vote_grid.move_highlight(direction)
            return
        pane = self.query_one("#question-pane", QuestionPane)
        pane.scroll_relative(y=direction, animate=False)

    # ------------------------------------------------------------ which keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The one place that decides which keys work: the digits of the scale (answers in solo
        mode, votes in team mode), team mode's keys, escape while overriding; on a read-only
        assessment, every key that would change it is shown but disabled."""
        if action in ("answer", "vote"):
            number = parameters[0] if parameters else None
            scale = self.question.scale  # a multi-select question's digits tick its check boxes
            if scale.multiple or not (
                isinstance(number, int) and 1 <= number <= len(scale.choices)
            ):
                return False
            if (action == "vote") != self.team_mode:
                return False
        elif action in TEAM_ACTIONS and not self.team_mode:
            return False
        elif action == "cancel_override":
            return self.card.override_pending
        if action in CHANGES and self.ops_app.read_only:
            return None
        return True

    def on_key(self, event: events.Key) -> None:
        """A key that would change a read-only assessment: say why nothing happens."""
        if not self.ops_app.read_only:
            return
        active = self.active_bindings.get(event.key)
        if active is not None and not active.enabled:
            self.explain_read_only()

    def explain_read_only(self) -> None:
        self.notify(
            f"Read-only: nothing can be changed here. {self.ops_app.read_only_reason}",
            title="Read-only",
            severity="warning",
            timeout=6,
            markup=False,
        )

    def perform(self, action: str, *parameters: object) -> None:
        """Run an action from a click or the palette, allowed exactly as its key would be."""
        allowed = self.check_action(action, parameters)
        if allowed is None and self.ops_app.read_only:
            self.explain_read_only()
        elif allowed:
            getattr(self, f"action_{action}")(*parameters)

    def on_vote_grid_override_changed(self, event: VoteGrid.OverrideChanged) -> None:
        self.refresh_bindings()  # escape cancels an override only while one is pending
        self.team.show_ticks()

    def on_vote_grid_highlighted(self, event: VoteGrid.Highlighted) -> None:
        self.team.show_ticks()
        self.team.keep_pointer_in_view()

    # -------------------------------------------------------------- answers

    def store_answer(self, answer: Answer, *, advance: bool) -> None:
        """Solo mode: record the answer, save and show it; advance after a beat if asked."""
        was_complete = self._assessment.status == Status.COMPLETE
        self._assessment.record(self.question.id, answer)
        self.save_and_show()
        if self._assessment.status == Status.COMPLETE and not was_complete:
            self.notify(
                "Every question is answered. Press r for the results and roadmap.",
                title="Assessment complete",
                timeout=8,
            )
        if advance:
            self._schedule_advance()

    def answer_with(self, value: AnswerValue, na_reason: str = "") -> Answer:
        current = self._assessment.answer_for(self.question.id)
        return Answer(value, current.notes, current.owner, na_reason, current.due)

    def action_answer(self, number: int) -> None:
        self.store_answer(
            self.answer_with(self.question.scale.choices[number - 1].value), advance=True
        )

    def on_multi_select_choices_answered(self, event: MultiSelectChoices.Answered) -> None:
        """Enter on a multi-select question's check boxes: the set ticked."""
        self.perform("answer_selection", event.selection)

    def action_answer_selection(self, selection: Selection) -> None:
        """A multi-select question's answer (solo), or a vote or the override (team mode)."""
        if self.team_mode:
            self.team.choose(selection)
        else:
            self.store_answer(self.answer_with(selection), advance=True)

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        """A click on a line: as its key would (choices past the ninth are '#10' and on)."""
        if event.key == NOT_APPLICABLE_KEY:
            self.perform("not_applicable")
        elif event.key == DONT_KNOW_KEY:
            self.perform("dont_know")
        else:
            self.perform("answer", int(event.key.removeprefix("#")))

    def action_dont_know(self) -> None:
        if self.team_mode:
            self.team.choose(SpecialVote.DONT_KNOW)
        else:
            self.store_answer(self.answer_with(SpecialAnswer.DONT_KNOW), advance=True)

    def action_not_applicable(self) -> None:
        if self.team_mode:
            self.team.choose(SpecialVote.NOT_APPLICABLE)
        else:
            assess_dialogs.ask_not_applicable_reason(self)

    def action_edit_notes(self) -> None:
        assess_dialogs.edit_notes(self)

    def action_jump_to_area(self) -> None:
        assess_dialogs.pick_area(self)

    def on_area_sidebar_area_chosen(self, event: AreaSidebar.AreaChosen) -> None:
        self.jump_to_area(event.area_id)

    # ------------------------------------------------------------ team mode

    def action_vote(self, number: int) -> None:
        self.team.choose(self.question.scale.choices[number - 1].value)

    def action_absent(self) -> None:
        self.team.absent()

    def action_clear_vote(self) -> None:
        self.team.clear_vote()

    def action_reveal(self) -> None:
        self.team.reveal()

    def action_override(self) -> None:
        self.team.override()

    def action_cancel_override(self) -> None:
        self.vote_grid.override_pending = False

    def action_switch_mode(self) -> None:
        self.team.ask_to_switch_mode()

    def action_flag_discussion(self) -> None:
        self.facilitation.toggle_flag()

    def on_countdown_time_up(self, event: Countdown.TimeUp) -> None:
        self.team.time_up()

    def on_remote_vote_cast(self, event: RemoteVoteCast) -> None:
        """A vote from a participant's device: recorded in turn with the keys, then saved."""
        self.remote.receive(event)

    # ------------------------------------------------------- other screens

    def action_results(self) -> None:
        assess_dialogs.open_results(self)

    def action_guidance(self) -> None:
        assess_dialogs.show_guidance(self)

    def action_help(self) -> None:
        from ops_maturity.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
