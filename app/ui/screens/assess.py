"""The Assess screen: one question at a time, answered with single keys, saved before moving on.

The same widgets show every question; moving updates them and mounts nothing. An answer is
recorded, saved through the app (`OpsMaturityApp.save_assessment`) and only then highlighted on
screen, which is the acknowledgement; after a short beat the screen moves to the next question.
Scoring comes from `app.core.scoring`; this screen holds no domain rules of its own.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, ProgressBar, Static

from ...core.assessment import Answer, Assessment, SpecialAnswer, Status
from ...core.questionnaire import Question, Questionnaire
from ...core.scoring import AssessmentScore, rescore_area, score_assessment
from ..text import literal, literal_line
from ..widgets.area_sidebar import AreaSidebar
from ..widgets.choice_list import (
    CHOICE_KEYS,
    DONT_KNOW_KEY,
    NOT_APPLICABLE_KEY,
    ChoiceLine,
    ChoiceList,
)
from ..widgets.level_badge import LevelBadge

if TYPE_CHECKING:
    from ..app import OpsMaturityApp
    from ..dialogs.notes import NotesEdit


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


SPECIAL_LINES = (
    ChoiceLine(NOT_APPLICABLE_KEY, "Not applicable", "asks for a reason"),
    ChoiceLine(DONT_KNOW_KEY, "Don't know", "listed for follow-up"),
)


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
                tooltip=f"Answer with choice {number} of the scale",
            )
            for number, key in enumerate(CHOICE_KEYS, start=1)
        ),
        Binding(
            "n",
            "not_applicable",
            "N/A",
            id="assess.not-applicable",
            tooltip="Mark not applicable (asks for a reason)",
        ),
        Binding(
            "question_mark",
            "dont_know",
            "Don't know",
            show=False,
            key_display="?",
            id="assess.dont-know",
            tooltip="Answer don't know; it is listed for follow-up",
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
        Binding("f1", "help", "Help", id="assess.help", tooltip="List every key"),
        Binding(
            "up", "scroll_question(-1)", show=False, id="assess.scroll-up", tooltip="Scroll up"
        ),
        Binding(
            "down",
            "scroll_question(1)",
            show=False,
            id="assess.scroll-down",
            tooltip="Scroll down",
        ),
    ]
    """
    | Key | Description |
    | :- | :- |
    | 1-9 | Answer with that choice of the scale (1 is the first, lowest choice). |
    | n | Not applicable: asks for the reason. |
    | ? | Don't know: listed for follow-up. |
    | left, pageup | Previous question. |
    | right, pagedown | Next question. |
    | e | Edit the notes and owner of this question. |
    | a | Jump to an area. |
    | u | Next unanswered question. |
    | r | Results: levels and roadmap. |
    | p | Toggle presentation mode. |
    | f1 | Help. |
    | up, down | Scroll a long question. |
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
                yield Static(id="answer-details", markup=False)
        yield Static(id="complete-notice", markup=False)
        yield Static(id="save-warning", markup=False)
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
        self._show_details(answer)
        self._show_progress()
        self.query_one("#question-pane", QuestionPane).scroll_home(animate=False)

    def _show_details(self, answer: Answer) -> None:
        details = self.query_one("#answer-details", Static)
        parts: list[Content] = []
        if answer.value == SpecialAnswer.NOT_APPLICABLE and answer.na_reason:
            parts.append(
                Content.assemble(("Not applicable because: ", "bold"), literal(answer.na_reason))
            )
        if answer.owner:
            parts.append(Content.assemble(("Owner: ", "bold"), literal_line(answer.owner)))
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
            self._advance_timer = self.set_timer(
                self.advance_delay, lambda: self._advance_from(from_index)
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
        pane = self.query_one("#question-pane", QuestionPane)
        pane.scroll_relative(y=direction, animate=False)

    # -------------------------------------------------------------- answers

    def _store(self, answer: Answer, *, advance: bool) -> None:
        """Record, save, then acknowledge on screen; advance after a beat if asked."""
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
        return Answer(value, current.notes, current.owner, na_reason)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters:
            number = parameters[0]
            return isinstance(number, int) and number <= len(self.question.scale.choices)
        return True

    def action_answer(self, number: int) -> None:
        choices = self.question.scale.choices
        if not 1 <= number <= len(choices):
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
        self._store(self._answer_with(SpecialAnswer.DONT_KNOW), advance=True)

    def action_not_applicable(self) -> None:
        self._cancel_advance()
        question = self.question
        current = self._assessment.answer_for(question.id)

        def apply(reason: str | None) -> None:
            if reason is None or self.question.id != question.id:
                return
            self._store(
                self._answer_with(SpecialAnswer.NOT_APPLICABLE, na_reason=reason), advance=True
            )

        from ..dialogs.not_applicable import NotApplicableDialog

        self.app.push_screen(NotApplicableDialog(question.text, current.na_reason), apply)

    def action_edit_notes(self) -> None:
        self._cancel_advance()
        question = self.question
        current = self._assessment.answer_for(question.id)

        def apply(edit: NotesEdit | None) -> None:
            if edit is None or self.question.id != question.id:
                return
            latest = self._assessment.answer_for(question.id)
            self._store(
                Answer(latest.value, edit.notes, edit.owner, latest.na_reason), advance=False
            )

        from ..dialogs.notes import NotesDialog

        self.app.push_screen(NotesDialog(question.text, current.notes, current.owner), apply)

    def action_jump_to_area(self) -> None:
        self._cancel_advance()

        def apply(area_id: str | None) -> None:
            if area_id is not None:
                self.jump_to_area(area_id)

        from ..dialogs.area_picker import AreaPickerDialog

        self.app.push_screen(AreaPickerDialog(self._score, self.question.area_id), apply)

    def on_area_sidebar_area_chosen(self, event: AreaSidebar.AreaChosen) -> None:
        self.jump_to_area(event.area_id)

    # ------------------------------------------------------- other screens

    def action_results(self) -> None:
        self._cancel_advance()
        from .results import ResultsScreen

        self.app.push_screen(
            ResultsScreen(self._questionnaire, self._assessment, self.ops_app.assessment_path)
        )

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen())
