"""Say that another session holds the assessment, and offer to open it read-only.

Dismisses with True to open read-only, or False (escape) to go back. The message names the
holder (process, host, since when) and the lock file to delete if that session is gone.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from ops_maturity.ui.text import literal


class LockedDialog(ModalScreen[bool]):
    """The assessment is open in another session: read it here, or go back."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="dialog.cancel", tooltip="Go back; open nothing"),
    ]
    """
    | Key | Description |
    | :- | :- |
    | enter | Open read-only (when offered). |
    | escape | Go back without opening it. |
    """

    def __init__(self, message: str, *, can_open: bool = True) -> None:
        super().__init__()
        self._message = message
        self._can_open = can_open

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Open in another session", classes="dialog-title dialog-warning")
            yield Static(literal(self._message), id="locked-message")
            if self._can_open:
                yield Static(
                    "You can read it here, read-only: answers cannot be changed in this window.",
                    classes="dialog-question",
                    markup=False,
                )
            with Horizontal(classes="dialog-buttons"):
                if self._can_open:
                    yield Button("Open read-only", variant="primary", id="read-only", compact=True)
                yield Button("Back", id="back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#read-only" if self._can_open else "#back", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "read-only")

    def action_back(self) -> None:
        self.dismiss(False)
