"""Pick an area to jump to, each listed with its progress and current level.

Dismisses with the area id, or None when cancelled.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ops_maturity.core.model.scoring import AssessmentScore
from ops_maturity.ui.widgets.area_sidebar import area_prompt


class AreaPickerDialog(ModalScreen[str | None]):
    """An OptionList of the questionnaire's areas."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Stay where you are"),
    ]
    """
    | Key | Description |
    | :- | :- |
    | up/down | Move between areas. |
    | enter | Jump to the area's first unanswered question. |
    | escape | Cancel. |
    """

    def __init__(self, score: AssessmentScore, current_area_id: str) -> None:
        super().__init__()
        self._score = score
        self._current_area_id = current_area_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Jump to area", classes="dialog-title")
            options = [Option(area_prompt(area), id=area.area.id) for area in self._score.areas]
            yield OptionList(*options, id="areas")

    def on_mount(self) -> None:
        areas = self.query_one("#areas", OptionList)
        areas.highlighted = areas.get_option_index(self._current_area_id)
        areas.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
