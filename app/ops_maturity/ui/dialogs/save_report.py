"""Ask where to save the report, prefilled with the default path; dismisses with the path.

A path that cannot be used (empty, a NUL character, an unknown `~user`, a folder) is explained in
place, and the dialog stays open. Whether the file already exists is the caller's question (a
`ConfirmDialog`).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ops_maturity.core.files.user_paths import InvalidPathError, user_path


class SaveReportDialog(ModalScreen[Path | None]):
    """An Input with the path to save to."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="report.save-dialog.cancel",
            tooltip="Close without saving",
        ),
    ]
    """
    | Key | Description |
    | :- | :- |
    | enter | Save to the path shown. |
    | escape | Cancel. |
    """

    def __init__(self, default_path: Path) -> None:
        super().__init__()
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Save the report as", classes="dialog-title")
            yield Input(value=str(self.default_path), id="save-path", compact=True)
            yield Static(id="save-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        path_input = self.query_one("#save-path", Input)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)

    @on(Input.Submitted, "#save-path")
    @on(Button.Pressed, "#save")
    def submit(self) -> None:
        """Dismiss with the entered path, or explain in place why it cannot be used."""
        text = self.query_one("#save-path", Input).value.strip()
        if not text:
            self._show_error("Enter a file name.")
            return
        try:
            path = user_path(text)
        except InvalidPathError as error:
            self._show_error(f"{error.reason}.")
            return
        if path.is_dir():
            self._show_error("That is a folder: add a file name.")
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _show_error(self, message: str) -> None:
        self.query_one("#save-error", Static).update(Content(message))
