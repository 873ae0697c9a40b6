"""A checkbox that reads the same in every terminal: `[x]` ticked, `[ ]` not.

Textual's `Checkbox` draws `▐X▌` whether it is ticked or not and tells the two apart by colour
alone. In a terminal without colours (NO_COLOR, a Linux console, a screen reader) or a font
without the half blocks it reads `▐X▌` or `?X?` either way: unticked looks ticked. This one
draws ASCII brackets and an `x` only when ticked; colour still marks it.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class PlainCheckbox(Checkbox):
    """`[x] label` when ticked, `[ ] label` when not: readable without colours or Unicode."""

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"
    TICKED = "x"
    UNTICKED = " "

    @property
    def box(self) -> str:
        """What the box shows now: '[x]' or '[ ]'."""
        return (
            f"{self.BUTTON_LEFT}{self.TICKED if self.value else self.UNTICKED}{self.BUTTON_RIGHT}"
        )

    def render(self) -> Content:
        mark_style = self.get_visual_style("toggle--button")
        label_style = self.get_visual_style("toggle--label")
        box = Content.assemble(
            self.BUTTON_LEFT,
            (self.TICKED if self.value else self.UNTICKED, mark_style),
            self.BUTTON_RIGHT,
        )
        return Content.assemble(box, self.label.pad(1, 1).stylize_before(label_style))
