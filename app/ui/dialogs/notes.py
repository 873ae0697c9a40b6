"""Edit a question's notes (several lines), owner and due quarter (one line each).

Dismisses with a `NotesEdit` or None when cancelled. Text is cleaned of control characters by the
core's `Answer`; this dialog only collects it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from ..text import literal


@dataclass(frozen=True)
class NotesEdit:
    """The notes, owner and due quarter as typed."""

    notes: str
    owner: str
    due: str = ""


class NotesDialog(ModalScreen[NotesEdit | None]):
    """A TextArea for notes, and Inputs for the owner and the quarter it is due."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close without changes"),
        Binding("ctrl+s", "save", "Save", id="dialog.save", tooltip="Save the notes and owner"),
    ]
    """
    | Key | Description |
    | :- | :- |
    | ctrl+s | Save the notes and owner (enter in the owner field does too). |
    | tab | Move between notes, owner, due quarter and the buttons. |
    | escape | Cancel; nothing changes. |
    """

    def __init__(self, question_text: str, notes: str = "", owner: str = "", due: str = "") -> None:
        super().__init__()
        self._question_text = question_text
        self._notes = notes
        self._owner = owner
        self._due = due

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label("Notes and owner", classes="dialog-title")
            yield Static(literal(self._question_text), classes="dialog-question")
            yield Label("Notes (what was said, evidence, follow-ups)", classes="dialog-prompt")
            yield TextArea(self._notes, id="notes", soft_wrap=True, tab_behavior="focus")
            yield Label("Owner (who follows this up) and due quarter", classes="dialog-prompt")
            with Horizontal(classes="dialog-owner-due"):
                yield Input(self._owner, placeholder="A name", id="owner", compact=True)
                yield Input(self._due, placeholder="e.g. 2027-Q2", id="due", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        notes = self.query_one("#notes", TextArea)
        notes.move_cursor(notes.document.end)
        notes.focus()

    def action_save(self) -> None:
        notes = self.query_one("#notes", TextArea).text
        owner = self.query_one("#owner", Input).value
        due = self.query_one("#due", Input).value
        self.dismiss(NotesEdit(notes, owner, due))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)
