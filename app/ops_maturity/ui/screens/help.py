"""The Help screen: every key of every screen, read from the bindings themselves.

Nothing here is a hand-written list of keys that could drift: the rows come from the `BINDINGS` of
the app and of every screen and dialog (`ui/binding_catalog.py`, imported only when help opens),
with the keys the user remapped in their keymap file (`ui/keymap.py`) in place of the defaults.
Only `BINDINGS` are read; this module must not define keys for other screens.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ops_maturity.ui.binding_catalog import binding_groups
from ops_maturity.ui.keymap import app_keymap, remapped

WHERE_WIDTH = 14
KEYS_WIDTH = 9
"""Longer screen names and keys wrap in their cells."""
HELP_PANEL_WIDTH = 96
"""The panel's widest width (help.tcss); narrower terminals get the whole width."""
HELP_PANEL_CHROME = 12
"""Columns the table cannot use: border and padding (4), scrollbar (2), cell padding (6)."""


@dataclass(frozen=True)
class KeyHelp:
    """One row of help: where a key works, the keys, what it is called and what it does."""

    where: str
    keys: str
    description: str
    details: str


def _rows_for(
    where: str, app: App[Any], bindings: Iterable[Binding], keymap: Mapping[str, str]
) -> list[KeyHelp]:
    """One row per action, all its keys together ('esc / b'), as remapped in `keymap`."""
    grouped: dict[tuple[str, str], list[Binding]] = {}
    for binding in remapped(bindings, keymap):
        # Bindings that share a key display ('1-9') are one row, whatever their actions.
        group = binding.key_display or binding.action
        grouped.setdefault((group, binding.description), []).append(binding)
    rows = []
    for (_, description), members in grouped.items():
        if len({binding.action for binding in members}) == 1:
            # One action: list its own keys ('← / pgup'), not a display it shares in the footer.
            displays = (
                app.get_key_display(dataclasses.replace(binding, key_display=None))
                for binding in members
            )
        else:  # several actions under one display, such as the digits '1-9'
            displays = (app.get_key_display(binding) for binding in members)
        keys = " / ".join(dict.fromkeys(displays))
        tooltips = {binding.tooltip for binding in members}
        tooltip = tooltips.pop() if len(tooltips) == 1 else ""
        rows.append(KeyHelp(where, keys, description or tooltip or members[0].action, tooltip))
    return rows


def collect_key_help(app: App[Any]) -> list[KeyHelp]:
    """Every key of the app: the screens in session order, then dialogs, then the keys that
    work everywhere, with the user's remapped keys."""
    keymap = app_keymap(app)
    rows: list[KeyHelp] = []
    for where, bindings in binding_groups(app):
        rows.extend(_rows_for(where, app, bindings, keymap))
    return rows


class HelpScreen(ModalScreen[None]):
    """A table of every key: where it works, the key, and what it does.

    | Key            | Does             |
    | -------------- | ---------------- |
    | `escape`/`f1`  | Close this help. |
    """

    CSS_PATH = "help.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1", "close", "Close", id="help.close", tooltip="Close this help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[KeyHelp] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="help-panel"):
            yield Static("Keys", id="help-title", markup=False)
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            yield Static("Press esc or F1 to close. ↑↓ to scroll.", id="help-hint", markup=False)

    def on_mount(self) -> None:
        self.rows = collect_key_help(self.app)
        self._fill_table()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        self._fill_table()

    def _fill_table(self) -> None:
        """(Re)build the table, wrapping the last column to the width the panel has."""
        table = self.query_one(DataTable)
        table.clear(columns=True)
        where_width = min(WHERE_WIDTH, max((len(row.where) for row in self.rows), default=5))
        keys_width = min(KEYS_WIDTH, max((len(row.keys) for row in self.rows), default=3))
        panel_width = min(HELP_PANEL_WIDTH, self.app.size.width)
        does_width = max(20, panel_width - HELP_PANEL_CHROME - where_width - keys_width)
        table.add_column("Where", width=where_width, key="where")
        table.add_column("Key", width=keys_width, key="key")
        table.add_column("Does", width=does_width, key="does")
        previous_where = ""
        for row in self.rows:
            does = Text(row.description, style="bold")
            if row.details and row.details != row.description:
                does.append("\n")
                does.append(row.details, style="dim")
            table.add_row(
                Text(row.where if row.where != previous_where else "", style="bold"),
                Text(row.keys),
                does,
                height=None,
            )
            previous_where = row.where

    def action_close(self) -> None:
        self.dismiss(None)
