"""The Assess screen: one question at a time, answered with single keys, saved before moving on.

The same widgets show every question; moving updates them and mounts nothing. An answer is
recorded, saved through the app (`OpsMaturityApp.save_assessment`) and only then highlighted on
screen, which is the acknowledgement; after a short beat the screen moves to the next question.
Scoring comes from `ops_maturity.core.model.scoring`; this screen holds no domain rules of its own.
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, ProgressBar, Static

from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer, Status
from ops_maturity.core.model.questionnaire import Question, Questionnaire
from ops_maturity.core.model.scoring import (
    AssessmentScore,
    answer_label,
    rescore_area,
    score_assessment,
)
from ops_maturity.core.model.votes import (
    Mode,
    SpecialVote,
    Vote,
    mode_of,
    override_answer,
    record_vote,
    set_revealed,
    switch_mode,
    vote_label,
    votes_for,
)
from ops_maturity.core.remote.intake import record_remote_vote
from ops_maturity.core.remote.question import room_question
from ops_maturity.core.remote.room import Refusal, VoteOutcome
from ops_maturity.core.trends.history import previous_answer
from ops_maturity.ui.text import literal, literal_line
from ops_maturity.ui.widgets.area_sidebar import AreaSidebar
from ops_maturity.ui.widgets.choice_list import (
    CHOICE_KEYS,
    DONT_KNOW_KEY,
    NOT_APPLICABLE_KEY,
    ChoiceLine,
    ChoiceList,
)
from ops_maturity.ui.widgets.level_badge import LevelBadge
from ops_maturity.ui.widgets.remote_panel import RemotePanel
from ops_maturity.ui.widgets.vote_grid import VoteGrid, VoteGridState

if TYPE_CHECKING:
    from ops_maturity.core.storage.folder import FoundAssessment
    from ops_maturity.ui.app import OpsMaturityApp
    from ops_maturity.ui.dialogs.notes import NotesEdit
    from ops_maturity.ui.remote.session import RemoteVoteCast, RemoteVoting


def answer_key(question: Question, answer: Answer) -> str | None:
    """The key that gives `answer` on this question's list ('1'.., 'n', '?'), or None."""
    value = answer.value
    if value is None:
        return None
    if value == SpecialAnswer.NOT_APPLICABLE:
        return NOT_APPLICABLE_KEY
    if value == SpecialAnswer.DONT_KNOW:
        return DONT_KNOW_KEY
    for index, choice in enumerate(question.scale.choices):
        if choice.value == value:
            return CHOICE_KEYS[index] if index < len(CHOICE_KEYS) else f"#{index + 1}"
    return None


def choice_lines(question: Question) -> tuple[ChoiceLine, ...]:
    """The scale's choices in order, numbered from 1."""
    return tuple(
        ChoiceLine(
            CHOICE_KEYS[index] if index < len(CHOICE_KEYS) else f"#{index + 1}",
            choice.label,
            choice.description,
        )
        for index, choice in enumerate(question.scale.choices)
    )


def last_answer_text(earlier: tuple[FoundAssessment, ...], question: Question) -> Content | None:
    """What the team answered to this question at its previous assessment, or None."""
    previous = previous_answer(earlier, question.id)
    if previous is None:
        return None
    assessment, asked = previous
    heading = Content.assemble(("Last time", "bold"), " (", literal_line(assessment.label), "): ")
    if not asked:
        return Content.assemble(heading, ("not asked then (a new question)", "italic"))
    return Content.assemble(
        heading, literal_line(answer_label(question, assessment.answer_for(question.id)))
    )


SPECIAL_LINES = (
    ChoiceLine(NOT_APPLICABLE_KEY, "Not applicable", "asks for a reason"),
    ChoiceLine(DONT_KNOW_KEY, "Don't know", "listed for follow-up"),
)


_TEAM_ACTIONS = frozenset({"reveal", "override", "absent", "clear_vote"})
"""Actions that only team mode offers (hidden from the footer in solo mode)."""


class QuestionPane(VerticalScroll):
    """Scrolls a long question; never takes focus, so every key reaches the screen."""

    can_focus = False


class AssessScreen(Screen[None]):
    """Walks through the questionnaire one question at a time."""

    CSS_PATH = "assess.tcss"
    # Textual declares this without ClassVar, so mypy refuses one here.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (110, "-wide"),
    ]

    advance_delay: float = 0.3
    """Seconds the chosen answer stays highlighted before the next question (`--ack-delay`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                key,
                f"answer({number})",
                "Answer",
                show=number == 1,
                key_display="1-9",
                id=f"assess.answer-{number}",
                tooltip=f"Answer with choice {number} of the scale (team mode: the highlighted participant's vote)",
            )
            for number, key in enumerate(CHOICE_KEYS, start=1)
        ),
        Binding(
            "n",
            "not_applicable",
            "N/A",
            id="assess.not-applicable",
            tooltip="Mark not applicable (asks for a reason); in team mode, a vote",
        ),
        Binding(
            "question_mark",
            "dont_know",
            "Don't know",
            show=False,
            key_display="?",
            id="assess.dont-know",
            tooltip="Answer don't know; it is listed for follow-up. In team mode, a vote",
        ),
        Binding(
            "left,pageup",
            "previous",
            "Move",
            key_display="←→",
            id="assess.previous",
            tooltip="Previous question (PageUp too, for presenter remotes)",
        ),
        Binding(
            "right,pagedown",
            "next",
            "Next",
            show=False,
            key_display="→",
            id="assess.next",
            tooltip="Next question (PageDown too, for presenter remotes)",
        ),
        Binding("e", "edit_notes", "Notes", id="assess.notes", tooltip="Edit notes and owner"),
        Binding("a", "jump_to_area", "Areas", id="assess.areas", tooltip="Jump to another area"),
        Binding(
            "u",
            "next_unanswered",
            "Unanswered",
            show=False,
            id="assess.next-unanswered",
            tooltip="Go to the next unanswered question",
        ),
        Binding("r", "results", "Results", id="assess.results", tooltip="Levels and roadmap"),
        Binding(
            "p",
            "app.toggle_presentation",
            "Present",
            id="assess.presentation",
            tooltip="Presentation mode for projectors: no sidebar, high contrast",
        ),
        Binding(
            "v",
            "reveal",
            "Reveal",
            id="assess.reveal",
            tooltip="Team mode: reveal the votes (the team's answer becomes their median), or hide them",
        ),
        Binding(
            "o",
            "override",
            "Override",
            id="assess.override",
            tooltip="Team mode: set the team's answer yourself (then a choice key); o o returns to the median",
        ),
        Binding(
            "x,minus",
            "absent",
            "Absent",
            show=False,
            key_display="x",
            id="assess.absent",
            tooltip="Team mode: the highlighted participant abstains or is absent (not a vote)",
        ),
        Binding(
            "backspace,delete",
            "clear_vote",
            "Clear vote",
            show=False,
            id="assess.clear-vote",
            tooltip="Team mode: remove the highlighted participant's vote",
        ),
        Binding(
            "escape",
            "cancel_override",
            "Cancel",
            show=False,
            id="assess.cancel-override",
            tooltip="Team mode: cancel an override",
        ),
        Binding(
            "t",
            "switch_mode",
            "Team/solo",
            show=False,
            id="assess.switch-mode",
            tooltip="Switch between team mode (a vote per participant) and solo mode (one answer)",
        ),
        Binding("f1", "help", "Help", id="assess.help", tooltip="List every key"),
        Binding(
            "up",
            "scroll_question(-1)",
            show=False,
            id="assess.scroll-up",
            tooltip="Scroll up; in team mode, the participant above",
        ),
        Binding(
            "down",
            "scroll_question(1)",
            show=False,
            id="assess.scroll-down",
            tooltip="Scroll down; in team mode, the participant below",
        ),
    ]
    """
    | Key | Description |
    | :- | :- |
    | 1-9 | Answer with that choice of the scale (1 is the first, lowest choice); in team mode, the highlighted participant's vote. |
    | n | Not applicable: asks for the reason (team mode: a vote). |
    | ? | Don't know: listed for follow-up (team mode: a vote). |
    | x, minus | Team mode: the highlighted participant is absent or abstains. |
    | backspace, delete | Team mode: clear the highlighted participant's vote. |
    | v | Team mode: reveal the votes, or hide them again. |
    | o | Team mode: override the team's answer with the next choice key (o again: the median). |
    | escape | Team mode: cancel an override. |
    | t | Switch between team and solo mode. |
    | left, pageup | Previous question. |
    | right, pagedown | Next question. |
    | e | Edit the notes and owner of this question. |
    | a | Jump to an area. |
    | u | Next unanswered question. |
    | r | Results: levels and roadmap. |
    | p | Toggle presentation mode. |
    | f1 | Help. |
    | up, down | Scroll a long question; in team mode, move between participants. |
    """

    def __init__(
        self, questionnaire: Questionnaire, assessment: Assessment, index: int = 0
    ) -> None:
        super().__init__()
        self._questionnaire = questionnaire
        self._assessment = assessment
        self._index = max(0, min(index, len(questionnaire.questions) - 1))
        self._advance_timer: Timer | None = None
        self._shown_before = False
        self._highlight = 0
        """Team mode: the participant whose vote the next key records."""
        self._override_pending = False
        self._remote_acks: list[tuple[asyncio.Future[VoteOutcome], str]] = []
        """Remote votes recorded but not yet saved, with their pages' answers."""
        self._deadline: float | None = None
        """Team mode with a timebox: when time is up on this question (on the app's clock)."""
        self._time_up_told = False
        self._timer_shown = ""
        """The countdown text on screen now: a tick redraws only when it changes."""
        self._progress_shown: tuple[AssessmentScore, tuple[str, Status]] | None = None
        """The score, area and status the progress widgets show now."""
        self._score: AssessmentScore = score_assessment(questionnaire, assessment)
        largest = min(
            max((len(scale.choices) for scale in questionnaire.scales.values()), default=1),
            len(CHOICE_KEYS),
        )
        key_display = "1" if largest == 1 else f"1-{largest}"
        binding = self._bindings.key_to_bindings.get("1", [])
        self._bindings.key_to_bindings["1"] = [
            dataclasses.replace(b, key_display=key_display) for b in binding
        ]

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
    def score(self) -> AssessmentScore:
        return self._score

    @property
    def team_mode(self) -> bool:
        return mode_of(self._assessment) is Mode.TEAM

    @property
    def highlighted_participant(self) -> str | None:
        participants = self._assessment.participants
        return participants[self._highlight] if 0 <= self._highlight < len(participants) else None

    # --------------------------------------------------------------- compose

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="assess-body"):
            yield AreaSidebar(id="sidebar")
            with QuestionPane(id="question-pane"), Vertical(id="question-card"):
                yield Static(id="area-name", markup=False)
                with Horizontal(id="question-meta"):
                    yield LevelBadge(id="level-badge", markup=False)
                    yield Static(id="question-position", markup=False)
                yield Static(id="question-text", markup=False)
                with Vertical(id="question-help"):
                    yield Static("What good looks like", id="help-title", markup=False)
                    yield Static(id="help-text", markup=False)
                yield ChoiceList(id="choices")
                yield Static(id="last-answer", markup=False)
                yield VoteGrid(id="vote-grid")
                yield Static(id="answer-details", markup=False)
        yield Static(id="complete-notice", markup=False)
        yield Static(id="save-warning", markup=False)
        yield RemotePanel(id="remote-panel")
        with Horizontal(id="progress-row"):
            yield ProgressBar(
                total=len(self._questionnaire.questions),
                show_eta=False,
                show_percentage=True,
                id="progress",
            )
            yield Static(id="progress-label", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "ops-maturity"
        self.sub_title = f"{self._assessment.team} · {self._assessment.label}"
        self.watch(self.app, "save_problem", self._show_save_problem)
        self.watch(self.app, "presentation", self._show_presentation)
        self.watch(self.app, "earlier", self._show_last_answer, init=False)
        self.watch(self.app, "remote_voting", self._follow_remote_voting, init=False)
        if self.ops_app.timebox:
            # Four ticks a second, so the countdown never lags its clock by up to a second; the
            # grid is redrawn only when the shown time changes.
            self.set_interval(0.25, self.tick_timebox, name="timebox countdown")

    def on_screen_resume(self) -> None:
        """Show the question when the screen first appears, and refresh it on every return."""
        if self._shown_before:
            self._score = score_assessment(self._questionnaire, self._assessment)
        self._shown_before = True
        self.show_question()

    def _show_save_problem(self, problem: str) -> None:
        warning = self.query_one("#save-warning", Static)
        warning.update(problem)
        warning.display = bool(problem)

    def _show_presentation(self, presentation: bool) -> None:
        self._update_spacing()

    def on_resize(self) -> None:
        self._update_spacing()

    def _update_spacing(self) -> None:
        """Spread the choices out in presentation mode, when the screen has the room."""
        roomy = self.size.height >= 36 and self.size.width >= 100
        self.query_one(ChoiceList).spacious = self.ops_app.presentation and roomy
        self.query_one(VoteGrid).spacious = self.ops_app.presentation and roomy

    # --------------------------------------------------------------- display

    def show_question(self) -> None:
        """Fill the widgets with the current question, its saved answer and the live scores."""
        question = self.question
        area = self._questionnaire.area(question.area_id)
        answer = self._assessment.answer_for(question.id)
        total = len(self._questionnaire.questions)
        area_position = area.questions.index(question) + 1

        area_name = self.query_one("#area-name", Static)
        area_name.update(literal_line(area.name))
        area_name.tooltip = f"Question {area_position} of {len(area.questions)} in this area"
        self.query_one(LevelBadge).show_level(self._questionnaire.level(question.level))
        self.query_one("#question-position", Static).update(
            f"Question {self._index + 1} of {total}"
        )
        self.query_one("#question-text", Static).update(literal(question.text))
        self.query_one("#question-help").display = bool(question.help)
        self.query_one("#help-text", Static).update(literal(question.help))
        self.query_one(ChoiceList).set_choices(
            choice_lines(question), SPECIAL_LINES, answer_key(question, answer)
        )
        self._show_mode()
        self._show_details(answer)
        self._show_last_answer()
        self._show_progress()
        self.query_one("#question-pane", QuestionPane).scroll_home(animate=False)

    def _show_last_answer(self, _: object = None) -> None:
        """'Last time (2026-Q3): Mostly' under the choices, from the team's previous assessment."""
        widget = self.query_one("#last-answer", Static)
        found = last_answer_text(self.ops_app.earlier, self.question)
        widget.display = found is not None
        if found is not None:
            widget.update(found)

    def _show_mode(self) -> None:
        """Team mode shows the vote grid instead of the choice list; solo mode as before."""
        team = self.team_mode
        if team != self.has_class("-team"):
            # The digits' footer label says what they do now: a vote, or the answer.
            self._bindings.key_to_bindings["1"] = [
                dataclasses.replace(binding, description="Vote" if team else "Answer")
                for binding in self._bindings.key_to_bindings.get("1", [])
            ]
            self.refresh_bindings()
        self.set_class(team, "-team")
        self.query_one(ChoiceList).display = not team
        self.query_one(VoteGrid).display = team
        self._override_pending = False
        if team:
            votes = votes_for(self._assessment, self.question.id)
            participants = self._assessment.participants
            self._highlight = self._first_open_seat(participants, votes.votes)
            self._start_timebox()
            self._show_votes()
        else:
            self._publish_remote()  # solo mode: remote pages have nothing to vote on

    # ---------------------------------------------------------------- timebox

    def _start_timebox(self) -> None:
        """Start this question's countdown (team mode, a timebox set, votes still hidden)."""
        timebox = self.ops_app.timebox
        revealed = votes_for(self._assessment, self.question.id).revealed
        self._deadline = self.ops_app.clock() + timebox if timebox and not revealed else None
        self._time_up_told = False

    def _timer_text(self) -> tuple[str, bool]:
        """('0:42', False) while counting, ("Time's up", True) after, ('', False) without."""
        if self._deadline is None:
            return "", False
        remaining = math.ceil(self._deadline - self.ops_app.clock())
        if remaining <= 0:
            return "Time's up: reveal when ready", True
        return f"{remaining // 60}:{remaining % 60:02d}", False

    def tick_timebox(self) -> None:
        """Redraw the countdown when it changes; tell the facilitator once when time is up.

        It never reveals or advances by itself: the facilitator decides.
        """
        if self._deadline is None or not self.team_mode or not self.is_current:
            return
        timer, time_up = self._timer_text()
        if timer == self._timer_shown:
            return
        self._timer_shown = timer
        if time_up and not self._time_up_told:
            self._time_up_told = True
            self.app.bell()
            self.notify(
                "Time is up on this question. Reveal with v when the team is ready.",
                title="Timebox",
                severity="warning",
                timeout=6,
            )
        self._show_votes()

    def _show_votes(self) -> None:
        question = self.question
        timer, time_up = self._timer_text()
        remote = self.ops_app.remote_voting
        room = remote.room if remote is not None else None
        self.query_one(VoteGrid).show(
            VoteGridState(
                question,
                votes_for(self._assessment, question.id),
                tuple(self._assessment.participants),
                self._highlight,
                self._assessment.answer_for(question.id).value,
                anonymous=self._assessment.anonymous_votes,
                override_pending=self._override_pending,
                timer=timer,
                time_up=time_up,
                remote_votes=room.voted_remotely(question.id) if room else frozenset(),
                joined_remotely=frozenset(room.joined()) if room else frozenset(),
            )
        )
        self._publish_remote()

    # --------------------------------------------------------- remote voting

    def _publish_remote(self) -> None:
        """Tell remote voters the question on screen and whether its votes are revealed."""
        remote = self.ops_app.remote_voting
        if remote is not None:
            remote.publish(
                room_question(self._questionnaire, self._assessment, self._index)
                if self.team_mode
                else None
            )

    def _follow_remote_voting(self, remote: RemoteVoting | None) -> None:
        """Remote voting started or stopped: mark who joined and publish the question."""
        if remote is not None:
            remote.subscribe(self._remote_room_changed)
        self._remote_room_changed()

    def _remote_room_changed(self) -> None:
        """Someone joined or left: the highlight leaves a participant who now votes remotely."""
        if not (self.team_mode and self.is_attached):
            return
        name = self.highlighted_participant
        if name is not None and self._is_remote_voter(name):
            votes = votes_for(self._assessment, self.question.id).votes
            self._highlight = self._first_open_seat(self._assessment.participants, votes)
        self._show_votes()

    def _first_open_seat(self, participants: list[str], votes: Mapping[str, Vote]) -> int:
        """The first participant whose vote the keys should record next (0 when none)."""
        return next(
            (
                index
                for index, name in enumerate(participants)
                if name not in votes and not self._is_remote_voter(name)
            ),
            0,
        )

    def _is_remote_voter(self, name: str) -> bool:
        """The highlight skips participants who vote from their own device."""
        remote = self.ops_app.remote_voting
        return remote is not None and remote.room.is_remote_voter(self.question.id, name)

    def on_remote_vote_cast(self, event: RemoteVoteCast) -> None:
        """Record a vote cast from a participant's device, in turn with the keys; save; answer."""
        remote = self.ops_app.remote_voting
        if remote is None or event.reply.done():
            return  # the page was already told its vote may not count
        if self.ops_app.read_only:
            event.reply.set_result(VoteOutcome(False, reason="Not counted: read-only session."))
            return
        try:
            label = record_remote_vote(
                remote.room, self._questionnaire, self._assessment, event.vote
            )
        except Refusal as refusal:
            event.reply.set_result(VoteOutcome(False, reason=refusal.reason))
            return
        if self.highlighted_participant == event.vote.name:  # their own key now: move on
            self._highlight = self._next_highlight(self._highlight)
        self._remote_acks.append((event.reply, label))
        if len(self._remote_acks) == 1:  # after the votes already queued: one save for all
            self.call_later(self._save_remote_votes)

    def _save_remote_votes(self) -> None:
        """Save the remote votes recorded since the last save; only then are they 'Counted'."""
        acks, self._remote_acks = self._remote_acks, []
        saved = self._after_team_change()
        reason = "" if saved else "Received, but not saved yet: the facilitator's app cannot "
        reason += "" if saved else "write its file. It keeps trying."
        for reply, label in acks:
            if not reply.done():
                reply.set_result(VoteOutcome(True, saved=saved, label=label, reason=reason))

    def _show_details(self, answer: Answer) -> None:
        details = self.query_one("#answer-details", Static)
        parts: list[Content] = []
        if answer.value == SpecialAnswer.NOT_APPLICABLE and answer.na_reason:
            parts.append(
                Content.assemble(("Not applicable because: ", "bold"), literal(answer.na_reason))
            )
        if answer.owner:
            parts.append(Content.assemble(("Owner: ", "bold"), literal_line(answer.owner)))
        if answer.due:
            parts.append(Content.assemble(("Due: ", "bold"), literal_line(answer.due)))
        if answer.notes:
            parts.append(Content.assemble(("Notes: ", "bold"), literal(answer.notes)))
        details.display = bool(parts)
        details.update(Content("\n").join(parts))

    def _show_progress(self) -> None:
        score = self._score
        shown = (self.question.area_id, self._assessment.status)
        if self._progress_shown is not None:
            shown_score, shown_rest = self._progress_shown
            if shown_score is score and shown_rest == shown:
                return  # already on screen: moving within an area changes nothing here
        self._progress_shown = (score, shown)
        self.query_one(ProgressBar).update(total=score.total, progress=score.answered)
        self.query_one("#progress-label", Static).update(f"{score.answered}/{score.total} answered")
        self.query_one(AreaSidebar).show_score(score, self.question.area_id)
        notice = self.query_one("#complete-notice", Static)
        complete = self._assessment.status == Status.COMPLETE
        notice.display = complete
        if complete:
            notice.update("All questions answered. Press r for the results and roadmap.")

    # ----------------------------------------------------------- navigation

    def go_to(self, index: int) -> None:
        """Show the question at `index` (clamped), cancelling any pending advance."""
        self._cancel_advance()
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

    def _cancel_advance(self) -> None:
        if self._advance_timer is not None:
            self._advance_timer.stop()
            self._advance_timer = None

    def _schedule_advance(self) -> None:
        self._cancel_advance()
        from_index = self._index
        if self.advance_delay <= 0:
            self._advance_from(from_index)
        else:
            self._advance_when(from_index, self.ops_app.clock() + self.advance_delay)

    def _advance_when(self, from_index: int, due: float) -> None:
        """Advance once the app's clock reaches `due`; the timer only wakes the screen to ask."""
        remaining = due - self.ops_app.clock()
        if remaining <= 0:
            self._advance_from(from_index)
        else:
            self._advance_timer = self.set_timer(
                remaining, lambda: self._advance_when(from_index, due)
            )

    def _advance_from(self, from_index: int) -> None:
        self._advance_timer = None
        if self._index != from_index:
            return
        if from_index + 1 < len(self._questionnaire.questions):
            self.go_to(from_index + 1)
            return
        first_open = self._assessment.first_unanswered_index(self._questionnaire)
        if first_open is not None:
            self.go_to(first_open)
            self.notify("Back to the first unanswered question.", timeout=3)

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
            self._move_highlight(direction)
            return
        pane = self.query_one("#question-pane", QuestionPane)
        pane.scroll_relative(y=direction, animate=False)

    # -------------------------------------------------------------- answers

    def _refuse_if_read_only(self) -> bool:
        """True (and says why) when this assessment is read-only here and cannot change."""
        if not self.ops_app.read_only:
            return False
        self.notify(
            f"Read-only: nothing can be changed here. {self.ops_app.read_only_reason}",
            title="Read-only",
            severity="warning",
            timeout=6,
            markup=False,
        )
        return True

    def _store(self, answer: Answer, *, advance: bool) -> None:
        """Record, save, then acknowledge on screen; advance after a beat if asked."""
        if self._refuse_if_read_only():
            return
        question = self.question
        was_complete = self._assessment.status == Status.COMPLETE
        self._assessment.record(question.id, answer)
        self._assessment.refresh_status(self._questionnaire)
        self.ops_app.save_assessment()
        self._score = rescore_area(
            self._score, self._questionnaire, self._assessment, question.area_id
        )
        self.query_one(ChoiceList).selected = answer_key(question, answer)
        self._show_details(answer)
        self._show_progress()
        if self._assessment.status == Status.COMPLETE and not was_complete:
            self.notify(
                "Every question is answered. Press r for the results and roadmap.",
                title="Assessment complete",
                timeout=8,
            )
        if advance:
            self._schedule_advance()

    def _answer_with(self, value: int | SpecialAnswer, na_reason: str = "") -> Answer:
        current = self._assessment.answer_for(self.question.id)
        return Answer(value, current.notes, current.owner, na_reason, current.due)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters:
            number = parameters[0]
            return isinstance(number, int) and number <= len(self.question.scale.choices)
        if action in _TEAM_ACTIONS:
            return self.team_mode
        if action == "cancel_override":
            return self._override_pending
        return True

    def action_answer(self, number: int) -> None:
        choices = self.question.scale.choices
        if not 1 <= number <= len(choices):
            return
        if self.team_mode:
            self._team_key(choices[number - 1].value)
            return
        self._store(self._answer_with(choices[number - 1].value), advance=True)

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        if event.key == NOT_APPLICABLE_KEY:
            self.action_not_applicable()
        elif event.key == DONT_KNOW_KEY:
            self.action_dont_know()
        elif event.key in CHOICE_KEYS:
            self.action_answer(CHOICE_KEYS.index(event.key) + 1)
        elif event.key.startswith("#"):
            self.action_answer(int(event.key[1:]))

    def action_dont_know(self) -> None:
        if self.team_mode:
            self._team_key(SpecialVote.DONT_KNOW)
            return
        self._store(self._answer_with(SpecialAnswer.DONT_KNOW), advance=True)

    def action_not_applicable(self) -> None:
        if self.team_mode:
            self._team_key(SpecialVote.NOT_APPLICABLE)
            return
        self._cancel_advance()
        if self._refuse_if_read_only():
            return
        question = self.question
        current = self._assessment.answer_for(question.id)

        def apply(reason: str | None) -> None:
            if reason is None or self.question.id != question.id:
                return
            self._store(
                self._answer_with(SpecialAnswer.NOT_APPLICABLE, na_reason=reason), advance=True
            )

        from ops_maturity.ui.dialogs.not_applicable import NotApplicableDialog

        self.app.push_screen(NotApplicableDialog(question.text, current.na_reason), apply)

    def action_edit_notes(self) -> None:
        self._cancel_advance()
        if self._refuse_if_read_only():
            return
        question = self.question
        current = self._assessment.answer_for(question.id)

        def apply(edit: NotesEdit | None) -> None:
            if edit is None or self.question.id != question.id:
                return
            latest = self._assessment.answer_for(question.id)
            self._store(
                Answer(latest.value, edit.notes, edit.owner, latest.na_reason, edit.due),
                advance=False,
            )

        from ops_maturity.ui.dialogs.notes import NotesDialog

        self.app.push_screen(
            NotesDialog(question.text, current.notes, current.owner, current.due), apply
        )

    def action_jump_to_area(self) -> None:
        self._cancel_advance()

        def apply(area_id: str | None) -> None:
            if area_id is not None:
                self.jump_to_area(area_id)

        from ops_maturity.ui.dialogs.area_picker import AreaPickerDialog

        self.app.push_screen(AreaPickerDialog(self._score, self.question.area_id), apply)

    def on_area_sidebar_area_chosen(self, event: AreaSidebar.AreaChosen) -> None:
        self.jump_to_area(event.area_id)

    # ------------------------------------------------------------ team mode

    def _team_key(self, vote: Vote) -> None:
        """A choice, N/A or don't know key: the team's answer while overriding, else a vote."""
        if self._refuse_if_read_only():
            return
        if not self._override_pending:
            self._vote(vote)
            return
        self._override_pending = False
        value: int | SpecialAnswer = (
            SpecialAnswer(vote.value) if isinstance(vote, SpecialVote) else vote
        )
        override_answer(self._assessment, self.question, value)
        self._after_team_change()

    def _vote(self, vote: Vote | None) -> None:
        if self._refuse_if_read_only():
            return
        name = self.highlighted_participant
        if name is None:
            self.notify("Add participants to record their votes.", timeout=3)
            return
        if name in self._remote_votes_here():
            self._confirm_replacing(name, vote)
            return
        record_vote(self._assessment, self.question, name, vote)
        if vote is not None:
            self._highlight = self._next_highlight(self._highlight)
        self._after_team_change()

    def _remote_votes_here(self) -> frozenset[str]:
        remote = self.ops_app.remote_voting
        return remote.room.voted_remotely(self.question.id) if remote is not None else frozenset()

    def _next_highlight(self, after: int) -> int:
        """The next participant after `after` whose vote the keys record (remote voters skipped)."""
        participants = self._assessment.participants
        return next(
            (
                index
                for index in range(after + 1, len(participants))
                if not self._is_remote_voter(participants[index])
            ),
            min(after, len(participants) - 1),
        )

    def _confirm_replacing(self, name: str, vote: Vote | None) -> None:
        """A key on a participant who voted from their device: ask before replacing it."""
        question = self.question
        current = votes_for(self._assessment, question.id).votes.get(name)

        def apply(replace: bool | None) -> None:
            remote = self.ops_app.remote_voting
            if not replace or self.question.id != question.id:
                return
            if remote is not None:
                remote.room.forget_remote_vote(question.id, name)
            record_vote(self._assessment, question, name, vote)
            self._after_team_change()

        from ops_maturity.ui.dialogs.confirmations import replace_remote_vote_dialog

        self.app.push_screen(
            replace_remote_vote_dialog(
                name,
                vote_label(question, current) if current is not None else "nothing",
                vote_label(question, vote) if vote is not None else "no vote (cleared)",
            ),
            apply,
        )

    def _after_team_change(self) -> bool:
        """Save, rescore, and redraw the votes and progress (the acknowledgement).

        Returns True when the change is on disk."""
        question = self.question
        self._assessment.refresh_status(self._questionnaire)
        saved = self.ops_app.save_assessment()
        self._score = rescore_area(
            self._score, self._questionnaire, self._assessment, question.area_id
        )
        answer = self._assessment.answer_for(question.id)
        self.query_one(ChoiceList).selected = answer_key(question, answer)
        self._show_votes()
        self._show_details(answer)
        self._show_progress()
        return saved

    def _move_highlight(self, direction: int) -> None:
        count = len(self._assessment.participants)
        self._highlight = max(0, min(self._highlight + direction, count - 1))
        self._show_votes()

    def action_absent(self) -> None:
        self._override_pending = False
        self._vote(SpecialVote.ABSENT)

    def action_clear_vote(self) -> None:
        self._override_pending = False
        self._vote(None)

    def area_finished(self, area_id: str) -> bool:
        area = self._questionnaire.area(area_id)
        return all(self._assessment.answer_for(q.id).is_answered for q in area.questions)

    def action_reveal(self) -> None:
        if self._refuse_if_read_only():
            return
        self._override_pending = False
        question = self.question
        votes = votes_for(self._assessment, question.id)
        finished_before = self.area_finished(question.area_id)
        try:
            set_revealed(self._assessment, question, not votes.revealed)
        except ValueError as error:
            self.notify(str(error), timeout=3)
            return
        self._deadline = None  # the countdown is for the vote, not the discussion
        self._after_team_change()
        if not finished_before and self.area_finished(question.area_id):
            self.show_area_summary(question.area_id)

    def show_area_summary(self, area_id: str) -> None:
        """The finished area's level and its widest spreads, on one screen."""
        from ops_maturity.core.model.discussion import discussion_topics
        from ops_maturity.ui.dialogs.area_summary import SUMMARY_SPREADS, AreaSummaryDialog

        area_score = self._score.area_score(area_id)
        level = self._questionnaire.level(area_score.level) if area_score.level >= 1 else None
        topics = discussion_topics(
            self._questionnaire,
            self._assessment,
            area_id=area_id,
            limit=SUMMARY_SPREADS,
            minimum_spread=1,
        )
        self.app.push_screen(AreaSummaryDialog(self._questionnaire.area(area_id), level, topics))

    def action_override(self) -> None:
        if self._refuse_if_read_only():
            return
        votes = votes_for(self._assessment, self.question.id)
        if not votes.revealed:
            self.notify("Reveal the votes first (v).", timeout=3)
            return
        if self._override_pending:  # o o: back to the median
            self._override_pending = False
            override_answer(self._assessment, self.question, None)
            self._after_team_change()
            return
        self._override_pending = True
        self._show_votes()

    def action_cancel_override(self) -> None:
        self._override_pending = False
        self._show_votes()

    def action_switch_mode(self) -> None:
        if self._refuse_if_read_only():
            return
        try:
            mode = switch_mode(self._assessment)
        except ValueError as error:
            self.notify(str(error), timeout=5)
            return
        self.ops_app.save_assessment()
        self.show_question()
        self.notify(
            "Team mode: a vote per participant, hidden until v."
            if mode is Mode.TEAM
            else "Solo mode: one answer per question.",
            timeout=3,
        )

    # ------------------------------------------------------- other screens

    def action_results(self) -> None:
        self._cancel_advance()
        from ops_maturity.ui.screens.results import ResultsScreen

        self.app.push_screen(
            ResultsScreen(self._questionnaire, self._assessment, self.ops_app.assessment_path)
        )

    def action_help(self) -> None:
        from ops_maturity.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
