"""Ask why a question does not apply. A reason is required; escape cancels.

Dismisses with the reason (cleaned of control characters) or None when cancelled.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ops_maturity.core.model.assessment import REASON_MAX_CHARS
from ops_maturity.core.text import strip_control_characters
from ops_maturity.ui.text import literal


class NotApplicableDialog(ModalScreen[str | None]):
    """Asks for the reason a question is not applicable."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close without changes"),
    ]
    """
    | Key | Description |
    | :- | :- |
    | enter | Mark not applicable with the reason typed. |
    | escape | Cancel; the answer is unchanged. |
    """

    def __init__(self, question_text: str, reason: str = "") -> None:
        super().__init__()
        self._question_text = question_text
        self._reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Not applicable", classes="dialog-title")
            yield Static(literal(self._question_text), classes="dialog-question")
            yield Label("Why does this not apply to the team?", classes="dialog-prompt")
            yield Input(
                self._reason,
                placeholder="For example: we run no databases",
                id="reason",
                select_on_focus=False,
                compact=True,
                max_length=REASON_MAX_CHARS,
            )
            yield Static("", id="reason-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Not applicable", variant="primary", id="confirm", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def _confirm(self) -> None:
        reason = strip_control_characters(self.query_one("#reason", Input).value).strip()
        if not reason:
            self.query_one("#reason-error", Static).update(
                "A reason is required, so the team remembers why this was left out."
            )
            self.query_one("#reason", Input).focus()
            return
        self.dismiss(reason)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._confirm()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.query_one("#reason-error", Static).update("")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "confirm":
            self._confirm()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
