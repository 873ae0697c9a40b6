"""Edit a question's notes (several lines), owner and due quarter (one line each).

Dismisses with a `NotesEdit` or None when cancelled. Text is cleaned of control characters by the
core's `Answer`; this dialog only collects it, capped where it is typed (NOTES_MAX_CHARS,
NAME_MAX_CHARS) so that what is saved can always be read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ops_maturity.core.model.assessment import NAME_MAX_CHARS, NOTES_MAX_CHARS
from ops_maturity.ui.text import literal
from ops_maturity.ui.widgets.bounded_text_area import BoundedTextArea

DUE_MAX_CHARS = 20
"""A due quarter such as 2027-Q2; a little room for "2027-Q2 (stretch)"."""


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
            yield BoundedTextArea(
                self._notes,
                max_length=NOTES_MAX_CHARS,
                id="notes",
                soft_wrap=True,
                tab_behavior="focus",
            )
            yield Static(id="notes-limit", classes="field-error", markup=False)
            yield Label("Owner (who follows this up) and due quarter", classes="dialog-prompt")
            with Horizontal(classes="dialog-owner-due"):
                yield Input(
                    self._owner,
                    placeholder="A name",
                    id="owner",
                    compact=True,
                    max_length=NAME_MAX_CHARS,
                )
                yield Input(
                    self._due,
                    placeholder="e.g. 2027-Q2",
                    id="due",
                    compact=True,
                    max_length=DUE_MAX_CHARS,
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#notes-limit", Static).display = False
        notes = self.query_one("#notes", BoundedTextArea)
        notes.move_cursor(notes.document.end)
        notes.focus()

    def on_bounded_text_area_truncated(self, event: BoundedTextArea.Truncated) -> None:
        event.stop()
        limit = self.query_one("#notes-limit", Static)
        limit.update(
            f"Notes hold at most {NOTES_MAX_CHARS:,} characters; the rest was not added. "
            "Keep long logs in a file and link to it."
        )
        limit.display = True

    def action_save(self) -> None:
        notes = self.query_one("#notes", BoundedTextArea).text
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
