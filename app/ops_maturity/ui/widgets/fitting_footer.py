"""A footer that is never cut off: when its keys do not fit, the least needed are left out.

Textual's `Footer` lays every shown key in one row and cuts the row at the screen's edge, so at
80 columns the Assess screen lost its Help key (F1), the one that lists the others. This footer
measures its keys against the screen's width and leaves out, in the order the screen gives
(`drop_first`), the keys that are least needed there, until the rest fit; Help (F1) lists every
key. It measures again when the width changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer

SAFETY_CELLS = 1
"""Cells kept free at the right edge."""


def footer_action(widget: Widget) -> str | None:
    """The action of one of the keys `Footer.compose` yields (None for anything else). Textual
    does not export its key widget's class, so it is recognised by what it holds."""
    action = getattr(widget, "action", None)
    return action if isinstance(action, str) and hasattr(widget, "key_display") else None


def key_cells(widget: Widget, *, compact: bool) -> int:
    """The cells one key takes in the footer's row (as Footer's styles lay it out)."""
    key_width = Content(str(getattr(widget, "key_display", ""))).cell_length
    description = Content(str(getattr(widget, "description", ""))).cell_length
    if compact:
        return key_width + (1 + description if description else 0) + 1
    return 2 + key_width + (description + 1 if description else 0)


class FittingFooter(Footer):
    """A `Footer` whose keys always fit in the width: `drop_first` lists actions (as in the
    bindings, such as 'jump_to_area') to leave out first when they do not."""

    def __init__(self, *, drop_first: Sequence[str] = (), compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._drop_first = tuple(drop_first)
        self._dropped: frozenset[str] = frozenset()
        self._width = 0

    @property
    def dropped(self) -> frozenset[str]:
        """The actions left out at the current width."""
        return self._dropped

    def compose(self) -> ComposeResult:
        width = self.app.size.width
        keys = list(super().compose())
        self._width = width
        self._dropped = self._to_drop(keys, width)
        for widget in keys:
            if footer_action(widget) not in self._dropped:
                yield widget

    def _to_drop(self, widgets: Iterable[Widget], width: int) -> frozenset[str]:
        keys = [widget for widget in widgets if footer_action(widget) is not None]
        used = sum(key_cells(key, compact=self.compact) for key in keys) + SAFETY_CELLS
        dropped: set[str] = set()
        for action in self._drop_first:
            if used <= width:
                break
            for key in keys:
                if footer_action(key) == action and action not in dropped:
                    used -= key_cells(key, compact=self.compact)
                    dropped.add(action)
        return frozenset(dropped)

    def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self._width:
            self.call_after_refresh(self.recompose)
