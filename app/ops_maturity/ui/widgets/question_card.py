"""The question on the Assess screen: its area, level and position, its text and help, how it is
answered (the choice list, the check boxes of a multi-select question, or the vote grid of team
mode with its countdown), what the team answered last time, and the answer's notes, owner and
reason.

One card for the whole assessment: moving to another question updates its widgets and mounts
nothing. It only shows: the screen decides what changes and when. Questionnaire and user text is
shown literally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ops_maturity.core.model.assessment import Answer, SpecialAnswer
from ops_maturity.core.model.questionnaire import Question, Questionnaire, Selection
from ops_maturity.core.model.scoring import QuestionState, answer_label, question_state
from ops_maturity.ui.clock import Clock
from ops_maturity.ui.text import literal, literal_line
from ops_maturity.ui.widgets.choice_list import SPECIAL_LINES, ChoiceList, answer_key, choice_lines
from ops_maturity.ui.widgets.level_badge import LevelBadge

if TYPE_CHECKING:
    from ops_maturity.core.storage.folder import FoundAssessment
    from ops_maturity.ui.widgets.countdown import Countdown
    from ops_maturity.ui.widgets.multi_select import MultiSelectChoices
    from ops_maturity.ui.widgets.vote_grid import VoteGrid

SELECTION_STATES = {
    QuestionState.MET: "met",
    QuestionState.PARTIAL: "partly in place",
    QuestionState.UNMET: "not in place",
}
"""How a saved multi-select answer scores, after 'Saved:'."""


def last_answer_text(earlier: tuple[FoundAssessment, ...], question: Question) -> Content | None:
    """What the team answered to this question at its previous assessment, or None."""
    if not earlier:
        return None  # the first frame: the history's modules are loaded once there is one
    from ops_maturity.core.trends.history import previous_answer

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


def answer_details(answer: Answer) -> Content:
    """The reason it does not apply, the owner, the due quarter and the notes ('' for none)."""
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
    return Content("\n").join(parts)


def saved_selection_text(question: Question, answer: Answer) -> Content:
    """Under a multi-select question's check boxes: what is saved and how it scores (the
    acknowledgement that enter saved the ticks), or how to answer."""
    if answer.value is None:
        return Content.styled(
            "Not answered yet: tick what is in place (1-9, or 0 for none of these), then enter.",
            "italic",
        )
    state = SELECTION_STATES.get(question_state(question, answer))
    return Content.assemble(
        ("Saved: ", "bold"),
        literal_line(answer_label(question, answer)),
        (f" · {state}" if state else "", "bold"),
    )


def picked_choices(answer_value: object) -> Selection | None:
    """The ticks to show for an answer or a vote: its set, or None (nothing ticked) for a
    special answer or none."""
    return answer_value if isinstance(answer_value, tuple) else None


class QuestionPane(VerticalScroll):
    """Scrolls a long question; never takes focus, so every key reaches the screen."""

    can_focus = False


class QuestionCard(Vertical):
    """Shows one question and its answer; the Assess screen fills it."""

    def __init__(self, clock: Clock, *, multi_select: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock
        self._multi_select = multi_select
        """The questionnaire has multi-select questions: the check boxes are composed (and
        their module loaded) only then."""
        self._position = ""
        self._vote_grid: VoteGrid | None = None
        self._countdown: Countdown | None = None
        """Team mode's widgets, mounted when team mode first needs them: a solo assessment
        never composes, styles or lays them out (a first frame with fewer widgets)."""

    def compose(self) -> ComposeResult:
        yield Static(id="area-name", markup=False)
        with Horizontal(id="question-meta"):
            yield LevelBadge(id="level-badge", markup=False)
            yield Static(id="question-position", markup=False)
        yield Static(id="question-text", markup=False)
        with Vertical(id="question-help"):
            yield Static("What good looks like", id="help-title", markup=False)
            yield Static(id="help-text", markup=False)
        yield ChoiceList(id="choices")
        if self._multi_select:
            from ops_maturity.ui.widgets.multi_select import MultiSelectChoices

            yield Static(id="ticks-for", markup=False)
            yield MultiSelectChoices(id="multi-choices")
            yield Static(id="selection-saved", markup=False)
        yield Static(id="last-answer", markup=False)
        # Here, when team mode needs them: the countdown and the vote grid (see `vote_grid`).
        yield Static(id="answer-details", markup=False)

    @property
    def spacious(self) -> bool:
        return self.choices.spacious

    @spacious.setter
    def spacious(self, spacious: bool) -> None:
        """Presentation mode with room to spare: a blank line between choices, longer bars."""
        self.choices.spacious = spacious
        if self._vote_grid is not None:
            self._vote_grid.spacious = spacious

    @property
    def choices(self) -> ChoiceList:
        return self.query_one(ChoiceList)

    @property
    def vote_grid(self) -> VoteGrid:
        """Team mode's vote grid, mounted (before the answer's details) when first asked for."""
        if self._vote_grid is None:
            from ops_maturity.ui.widgets.vote_grid import VoteGrid

            self._vote_grid = VoteGrid(id="vote-grid")
            self._vote_grid.spacious = self.choices.spacious
            self.mount(self._vote_grid, before="#answer-details")
        return self._vote_grid

    @property
    def countdown(self) -> Countdown:
        """Team mode's countdown, mounted (under the last answer) when first asked for."""
        if self._countdown is None:
            from ops_maturity.ui.widgets.countdown import Countdown

            self._countdown = Countdown(self._clock, id="countdown")
            self.mount(self._countdown, after="#last-answer")
        return self._countdown

    @property
    def override_pending(self) -> bool:
        """Team mode: the vote grid waits for the override's answer (never before it exists)."""
        return self._vote_grid is not None and self._vote_grid.override_pending

    def leave_team_mode(self) -> None:
        """Solo mode: no override pending, no countdown (nothing to do if never in team mode)."""
        if self._vote_grid is not None:
            self._vote_grid.override_pending = False
        if self._countdown is not None:
            self._countdown.stop()

    @property
    def multi_choices(self) -> MultiSelectChoices | None:
        """The check boxes of multi-select questions (None when the questionnaire has none)."""
        if not self._multi_select:
            return None
        from ops_maturity.ui.widgets.multi_select import MultiSelectChoices

        return self.query_one(MultiSelectChoices)

    def show_ticks(
        self, question: Question, picked: Selection | None, whose: Content | None = None
    ) -> None:
        """Tick `picked` in the check boxes of a multi-select question (and focus them); in
        team mode `whose` says above them whose set they are."""
        if (multi := self.multi_choices) is not None and question.scale.multiple:
            multi.show(question.scale, picked)
            if whose is not None:
                self.query_one("#ticks-for", Static).update(whose)

    def show_question(
        self, questionnaire: Questionnaire, index: int, answer: Answer, *, team: bool
    ) -> None:
        """The question at `index`, its saved answer, and the list or the grid to answer it."""
        question = questionnaire.questions[index]
        area = questionnaire.area(question.area_id)
        area_name = self.query_one("#area-name", Static)
        area_name.update(literal_line(area.name))
        position = area.questions.index(question) + 1
        area_name.tooltip = f"Question {position} of {len(area.questions)} in this area"
        self.query_one(LevelBadge).show_level(questionnaire.level(question.level))
        self._position = f"Question {index + 1} of {len(questionnaire.questions)}"
        self.query_one("#question-position", Static).update(self._position)
        self.query_one("#question-text", Static).update(literal(question.text))
        self.query_one("#question-help").display = bool(question.help)
        self.query_one("#help-text", Static).update(literal(question.help))
        multiple = question.scale.multiple
        self.choices.set_choices(
            () if multiple else choice_lines(question),
            SPECIAL_LINES,
            answer_key(question, answer),
        )
        self.choices.display = not team and not multiple
        if team or self._vote_grid is not None:
            self.vote_grid.display = team
        self._show_multi_select(question, answer, team=team)
        self.show_details(answer)

    def _show_multi_select(self, question: Question, answer: Answer, *, team: bool) -> None:
        """The check boxes for a multi-select question (focused, so digits tick), else hidden
        and unfocused, so every key reaches the screen again."""
        multi = self.multi_choices
        if multi is None:
            return
        multiple = question.scale.multiple
        multi.display = multiple
        multi.arrows_move_cursor = not team  # team mode: up and down move the vote pointer
        saved = self.query_one("#selection-saved", Static)
        saved.display = multiple and not team
        ticks_for = self.query_one("#ticks-for", Static)
        ticks_for.display = multiple and team
        # Solo: the boxes take the choice list's place; team mode: under the vote grid.
        grid = self.vote_grid if team else self._vote_grid
        if grid is None:
            pass  # never in team mode: the boxes are where they were composed
        elif self.children.index(multi) < self.children.index(grid) and team:
            for widget in (saved, multi, ticks_for):
                self.move_child(widget, after=grid)
        elif self.children.index(multi) > self.children.index(grid) and not team:
            for widget in (saved, multi, ticks_for):
                self.move_child(widget, after=self.choices)
        if not multiple:
            if multi.has_focus_within:
                self.screen.set_focus(None)
            return
        if not team:
            multi.show(question.scale, picked_choices(answer.value))
            saved.update(saved_selection_text(question, answer))

    def show_answer(self, question: Question, answer: Answer, *, team: bool = False) -> None:
        """The answer just saved: its choice highlighted, or on a multi-select question its
        ticks and 'Saved: ...' (the acknowledgement), and its details."""
        self.choices.selected = answer_key(question, answer)
        if question.scale.multiple and not team:
            self.show_ticks(question, picked_choices(answer.value))
            self.query_one("#selection-saved", Static).update(
                saved_selection_text(question, answer)
            )
        self.show_details(answer)

    def show_details(self, answer: Answer) -> None:
        details = self.query_one("#answer-details", Static)
        text = answer_details(answer)
        details.display = bool(text)
        details.update(text)

    def show_last_answer(self, earlier: tuple[FoundAssessment, ...], question: Question) -> None:
        """'Last time (2026-Q3): Mostly' under the choices, from the team's previous assessment."""
        widget = self.query_one("#last-answer", Static)
        found = last_answer_text(earlier, question)
        widget.display = found is not None
        if found is not None:
            widget.update(found)

    def show_discussion_flag(self, flagged: bool) -> None:
        """'⚑ Question 3 of 64', in the warning colour, while the question is flagged for
        discussion."""
        position = self.query_one("#question-position", Static)
        position.update(f"⚑ {self._position}" if flagged else self._position)
        position.set_class(flagged, "-flagged")
