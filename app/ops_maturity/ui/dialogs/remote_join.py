"""How to join remote voting, big enough for the projector: the address, the code, a QR code.

Shown when remote voting starts and from the palette ("Show how to join remote voting"). The QR
code holds the address with the code (`…/#code=K7QF3M`), so a phone that scans it joins without
typing; it is drawn black on white, as scanners expect, whatever the theme. Any key in the list
below closes it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ops_maturity.core.remote.qr import qr_lines
from ops_maturity.ui.text import literal_line


class RemoteJoinDialog(ModalScreen[None]):
    """The join address, code and QR code, until the facilitator closes it."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter,space",
            "close",
            "Close",
            id="remote-join.close",
            tooltip="Close how to join remote voting",
        ),
    ]
    """
    | Key | Description |
    | :- | :- |
    | escape, enter, space | Close. |
    """

    def __init__(self, url: str, code: str, link: str) -> None:
        super().__init__()
        self._url = url
        self._code = code
        self._link = link

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Vote from your phone or laptop", classes="dialog-title")
            yield Static(
                Content.assemble(
                    "Open  ",
                    literal_line(self._url, "bold"),
                    "\nCode  ",
                    (self._code, "bold $accent"),
                ),
                id="join-address",
            )
            yield Static(Content("\n".join(qr_lines(self._link))), id="join-qr")
            yield Static(
                "Scan the code to join without typing. Enter closes this; ctrl+p, "
                "'Show how to join' opens it again.",
                classes="dialog-hint",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)
