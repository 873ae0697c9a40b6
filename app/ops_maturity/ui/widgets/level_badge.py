"""A badge such as 'Level 2 · Proactive Monitoring', coloured by level.

The level name comes from the questionnaire, so it is shown as data. Colours live in the screens'
TCSS through the `-level-N` classes this widget sets.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ops_maturity.core.model.questionnaire import Level
from ops_maturity.ui.text import literal_line

_LEVEL_CLASSES = tuple(f"-level-{number}" for number in range(10))


def level_text(level: Level) -> Content:
    """'Level 2 · Proactive Monitoring', or the pseudo level's name for level 0."""
    if level.number == 0:
        return literal_line(level.name)
    return Content.assemble(f"Level {level.number} · ", literal_line(level.name))


class LevelBadge(Static):
    """Shows one level's number and name."""

    DEFAULT_CSS = """
    LevelBadge {
        width: auto;
        padding: 0 1;
        text-style: bold;
        background: $primary-muted;
        color: $text;
    }
    """

    _level: Level | None = None

    def show_level(self, level: Level) -> None:
        """Display `level` and set the `-level-N` class for its colour."""
        if level == self._level:
            return
        self._level = level
        self.remove_class(*_LEVEL_CLASSES)
        self.add_class(f"-level-{min(level.number, 9)}")
        self.update(level_text(level))
