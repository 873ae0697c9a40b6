"""A Visual of lines that wrap under their own indent, for lists such as the roadmap's items.

Textual wraps a long line back to the widget's left edge, which breaks a numbered list in a
narrow column ("12. Build one clear health" / "dashboard per service..." under the number). Each
row here is a prefix (a number, or spaces) and a body; the body wraps at the width left after
the prefix, and its continuation lines are indented by the prefix's width.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

Row = tuple[Content, Content]
"""A prefix such as ' 1. ' and the text that follows it."""


class HangingLines(Visual):
    """Rows whose wrapped text stays indented under the row's prefix."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = tuple(rows)
        self._wrapped: dict[int, Content] = {}

    def __str__(self) -> str:
        """The text unwrapped, one row per line."""
        return "\n".join(prefix.plain + body.plain for prefix, body in self.rows)

    @property
    def plain(self) -> str:
        return str(self)

    def wrapped(self, width: int) -> Content:
        """The rows wrapped at `width` cells."""
        if width not in self._wrapped:
            lines: list[Content] = []
            for prefix, body in self.rows:
                indent = prefix.cell_length
                parts = body.wrap(max(width - indent, 1)) if body.plain else [Content("")]
                lines.append(prefix + parts[0])
                lines.extend(Content(" " * indent) + part for part in parts[1:])
            self._wrapped[width] = Content("\n").join(lines)
        return self._wrapped[width]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.wrapped(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((p.cell_length + b.cell_length for p, b in self.rows), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.rows) and self.wrapped(width).plain.count("\n") + 1

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max((prefix.cell_length for prefix, _ in self.rows), default=0) + 1
