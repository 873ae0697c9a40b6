"""Confirm quitting while the last changes could not be saved.

Dismisses with True to quit anyway (losing the unsaved changes) or False to stay, which is the
default: the app keeps retrying the save while it stays open.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class UnsavedQuitDialog(ModalScreen[bool]):
    """Warns that quitting now loses the changes not yet on disk."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stay", "Stay", id="dialog.cancel", tooltip="Stay; keep retrying"),
    ]
    """
    | Key | Description |
    | :- | :- |
    | escape | Stay in the app; saving is retried. |
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__()
        self._path = path
        self._reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Answers not saved", classes="dialog-title dialog-warning")
            yield Static(
                Content.from_markup(
                    "The latest answers could not be written to [b]$path[/b]: $reason.\n\n"
                    "If you quit now they are lost. Stay, free some space or fix the folder's "
                    "permissions, and the app saves them on its next try.",
                    path=str(self._path),
                    reason=self._reason,
                )
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Stay", variant="primary", id="stay", compact=True)
                yield Button("Quit and lose them", variant="error", id="quit", compact=True)

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "quit")

    def action_stay(self) -> None:
        self.dismiss(False)
