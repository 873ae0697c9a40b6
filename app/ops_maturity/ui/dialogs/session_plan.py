"""Plan today's session: tick the areas to assess today, or type a number of questions.

Each area is listed with its progress ('[x] Alerting · 3 of 8 answered'); space or enter ticks
it. A number of questions instead plans the next that many unanswered ones. The estimate under
the list uses the pace of the last session that measured one. Dismisses with a `PlanChoice`
(no areas and no number: no plan, the whole assessment), or None to leave the plan as it is.
Area names are questionnaire text, shown literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Area, Questionnaire
from ops_maturity.core.model.sessions import plan_estimate
from ops_maturity.ui.text import literal_line


@dataclass(frozen=True)
class PlanChoice:
    """Today's plan as picked: areas, or a number of questions (neither: no plan)."""

    areas: tuple[str, ...] = ()
    question_count: int | None = None


class SessionPlanDialog(ModalScreen[PlanChoice | None]):
    """Ticks areas (or takes a number of questions) for today's session."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Stay where you are"),
        Binding(
            "space",
            "toggle_area",
            "Tick",
            id="plan.tick",
            tooltip="Tick or untick the highlighted area for today",
        ),
        Binding("ctrl+s", "plan", "Plan", id="plan.confirm", tooltip="Plan today as ticked"),
    ]
    """
    | Key | Description |
    | :- | :- |
    | up/down | Move between areas. |
    | space, enter | Tick or untick the area. |
    | ctrl+s | Plan today as ticked (or as the number of questions typed). |
    | escape | Leave the plan as it is. |
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        assessment: Assessment,
        ticked: list[str],
        pace: int | None,
        *,
        resumed: bool = False,
    ) -> None:
        super().__init__()
        self._questionnaire = questionnaire
        self._assessment = assessment
        self._ticked = [area.id for area in questionnaire.areas if area.id in ticked]
        self._pace = pace
        self._resumed = resumed

    def compose(self) -> ComposeResult:
        intro = (
            "Resumed: the next unfinished areas are ticked. "
            if self._resumed
            else "The Assess screen counts down today's plan. "
        )
        with Vertical(classes="dialog"):
            yield Label("Plan today's session", classes="dialog-title")
            yield Static(
                intro + "Tick today's areas (space), or type a number of questions.",
                classes="dialog-question",
                markup=False,
            )
            yield OptionList(
                *(Option(self._prompt(area), id=area.id) for area in self._questionnaire.areas),
                compact=True,
                id="plan-areas",
            )
            with Horizontal(classes="dialog-row"):
                yield Label("…or questions ", classes="dialog-prompt")
                yield Input(
                    placeholder="e.g. 16",
                    restrict=r"[0-9]*",
                    max_length=5,
                    compact=True,
                    id="plan-count",
                )
                yield Static(id="plan-estimate", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Plan today", variant="primary", compact=True, id="plan")
                yield Button("No plan: everything", compact=True, id="no-plan")

    def on_mount(self) -> None:
        areas = self.query_one("#plan-areas", OptionList)
        areas.highlighted = 0
        areas.focus()
        self._show_estimate()

    # -------------------------------------------------------------- state

    def _answered(self, area: Area) -> int:
        return sum(1 for q in area.questions if self._assessment.is_answered(q.id))

    def _prompt(self, area: Area) -> Content:
        answered = self._answered(area)
        total = len(area.questions)
        progress = "done" if answered == total else f"{answered} of {total} answered"
        box = "[x] " if area.id in self._ticked else "[ ] "
        return Content.assemble(box, literal_line(area.name), (f" · {progress}", "dim"))

    @property
    def ticked(self) -> tuple[str, ...]:
        """The ticked areas, in questionnaire order."""
        return tuple(self._ticked)

    def _count(self) -> int | None:
        text = self.query_one("#plan-count", Input).value
        return int(text) if text.isdigit() and int(text) > 0 else None

    def _to_answer(self) -> int:
        """How many unanswered questions the plan as picked holds."""
        open_questions = [
            q for q in self._questionnaire.questions if not self._assessment.is_answered(q.id)
        ]
        count = self._count()
        if count is not None:
            return min(count, len(open_questions))
        return sum(1 for q in open_questions if q.area_id in self._ticked)

    def _show_estimate(self) -> None:
        self.query_one("#plan-estimate", Static).update(
            "to answer: " + plan_estimate(self._to_answer(), self._pace)
        )

    # ------------------------------------------------------------ actions

    def action_toggle_area(self) -> None:
        areas = self.query_one("#plan-areas", OptionList)
        index = areas.highlighted
        if index is None:
            return
        area = self._questionnaire.areas[index]
        if area.id in self._ticked:
            self._ticked.remove(area.id)
        else:
            self._ticked = [
                a.id for a in self._questionnaire.areas if a.id in {*self._ticked, area.id}
            ]
        areas.replace_option_prompt_at_index(index, self._prompt(area))
        self._show_estimate()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_toggle_area()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_estimate()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_plan()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "no-plan":
            self.dismiss(PlanChoice())
        else:
            self.action_plan()

    def action_plan(self) -> None:
        count = self._count()
        if count is not None:
            self.dismiss(PlanChoice(question_count=count))
        else:
            self.dismiss(PlanChoice(self.ticked))

    def action_cancel(self) -> None:
        self.dismiss(None)
