"""SVG snapshots of remote voting's two dialogs: how to join (address, code, QR code) and the
confirmation before a remote vote is replaced. Fixed address and code, so they never vary.

Update with `pytest tests/ui/test_remote_snapshots.py --snapshot-update`, then look at each SVG.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ops_maturity.ui.dialogs.confirmations import replace_remote_vote_dialog
from ops_maturity.ui.dialogs.remote_join import RemoteJoinDialog
from textual.app import App
from textual.screen import Screen

SnapCompare = Callable[..., bool]


class DialogHost(App[None]):
    """An empty app that opens one dialog."""

    def __init__(self, dialog: Screen[Any]) -> None:
        super().__init__()
        self._dialog = dialog

    def on_mount(self) -> None:
        self.push_screen(self._dialog)


def test_how_to_join_shows_the_address_the_code_and_a_qr_code(snap_compare: SnapCompare) -> None:
    """The QR code is drawn black on white, whatever the theme, under the address and code."""
    dialog = RemoteJoinDialog(
        "https://vote.example.org", "K7QF3M", "https://vote.example.org/#code=K7QF3M"
    )
    assert snap_compare(DialogHost(dialog), terminal_size=(100, 40))


def test_replacing_a_remote_vote_names_both_votes(snap_compare: SnapCompare) -> None:
    """The confirmation names the participant, their vote and the replacement; Keep has focus."""
    dialog = replace_remote_vote_dialog("[b]Ana[/b]", "Mostly", "Not in place")
    assert snap_compare(DialogHost(dialog), terminal_size=(80, 24))
