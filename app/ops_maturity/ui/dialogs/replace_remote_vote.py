"""Confirm replacing a vote a participant cast from their own device.

The facilitator's keys never change such a vote silently: this asks first, naming the
participant, their vote and the replacement. Dismisses with True to replace, False to keep it
(the default, and Esc).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from ops_maturity.ui.text import literal_line


class ReplaceRemoteVoteDialog(ModalScreen[bool]):
    """Asks before the facilitator's key replaces a participant's own vote."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep", "Keep", id="dialog.cancel", tooltip="Keep their vote"),
    ]
    """
    | Key | Description |
    | :- | :- |
    | escape | Keep the participant's vote. |
    """

    def __init__(self, name: str, their_vote: str, replacement: str) -> None:
        super().__init__()
        self._participant = name
        self._their_vote = their_vote
        self._replacement = replacement

    def compose(self) -> ComposeResult:
        name = literal_line(self._participant, "bold")
        with Vertical(classes="dialog"):
            yield Label("Replace a remote vote?", classes="dialog-title dialog-warning")
            yield Static(
                Content.assemble(
                    name,
                    " voted ",
                    literal_line(self._their_vote, "bold"),
                    " from their own device. Replace it with ",
                    literal_line(self._replacement, "bold"),
                    "? Their page will show the change.",
                )
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    Content.assemble("Keep ", literal_line(self._participant), "'s vote"),
                    variant="primary",
                    id="keep",
                    compact=True,
                )
                yield Button("Replace it", variant="warning", id="replace", compact=True)

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "replace")

    def action_keep(self) -> None:
        self.dismiss(False)
