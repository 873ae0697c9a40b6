"""The one confirmation dialog: a title, a message, and two buttons; dismisses with a bool.

Every yes-or-no question the app asks is this dialog (`ui/dialogs/confirmations.py` holds their
texts): open read-only or go back, quit and lose unsaved answers or stay, replace a participant's
own vote or keep it, replace a file or keep it. The message is `Content`, so paths and names
reach the screen as data, never as markup. It dismisses with True for the confirming button (or
`y`, where the dialog offers it) and False for the other button, `n` and `escape`: declining is
always safe, so it is the key that works everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static
from textual.widgets.button import ButtonVariant


@dataclass(frozen=True)
class Choice:
    """One of the dialog's two buttons: its label (names in it as `Content`) and its look."""

    label: str | Content
    variant: ButtonVariant = "default"


class ConfirmDialog(ModalScreen[bool]):
    """Asks one question; True to go ahead, False to leave things as they are."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "y",
            "choose(True)",
            "Yes",
            id="confirm.yes",
            tooltip="Go ahead, where the dialog offers y, as in 'Replace (y)'",
        ),
        Binding(
            "n,escape",
            "choose(False)",
            "Keep",
            id="confirm.no",
            tooltip="Leave things as they are: stay, go back, keep the file or the vote",
        ),
    ]
    """
    | Key | Description |
    | :- | :- |
    | y | Go ahead (only where a button says "(y)"). |
    | n, escape | Leave things as they are. |
    | enter | Press the button that has focus. |
    """

    def __init__(
        self,
        title: str,
        message: Content,
        *,
        confirm: Choice | None,
        decline: Choice,
        note: str = "",
        warning: bool = False,
        confirm_first: bool = False,
        focus: Literal["confirm", "decline"] = "decline",
        yes_key: bool = False,
        id: str | None = None,
    ) -> None:
        """`confirm` None leaves only the declining button. `note` is a muted line under the
        message; `warning` shows the title in the error colour; `confirm_first` puts the
        confirming button on the left; `yes_key` lets `y` confirm."""
        super().__init__(id=id)
        self._title = title
        self._message = message
        self._confirm = confirm
        self._decline = decline
        self._note = note
        self._warning = warning
        self._confirm_first = confirm_first
        self._focus = focus if confirm is not None else "decline"
        self._yes_key = yes_key and confirm is not None

    def compose(self) -> ComposeResult:
        title_classes = "dialog-title dialog-warning" if self._warning else "dialog-title"
        with Vertical(classes="dialog"):
            yield Label(self._title, classes=title_classes, markup=False)
            yield Static(self._message, id="confirm-message")
            if self._note:
                yield Static(self._note, classes="dialog-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                buttons = [self._button(self._decline, "decline")]
                if self._confirm is not None:
                    confirm = self._button(self._confirm, "confirm")
                    buttons.insert(0 if self._confirm_first else 1, confirm)
                yield from buttons

    @staticmethod
    def _button(choice: Choice, button_id: str) -> Button:
        return Button(choice.label, variant=choice.variant, id=button_id, compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{self._focus}", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == (True,):
            return self._yes_key
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm")

    def action_choose(self, confirmed: bool) -> None:
        self.dismiss(confirmed)
