"""The end-of-area summary in team mode: the area's level and where the team disagreed most.

Shown once when the last question of an area is revealed; any of its keys closes it, and the
facilitator carries on. Texts are questionnaire and user text, shown literally.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ops_maturity.core.model.discussion import DiscussionTopic
from ops_maturity.core.model.questionnaire import Area, Level
from ops_maturity.ui.text import literal_line

SUMMARY_SPREADS = 3
"""How many of the widest spreads the summary lists."""


def _topic_lines(topic: DiscussionTopic) -> Content:
    counts = ", ".join(f"{row.label} {row.count}" for row in topic.distribution if row.count)
    flag = "⚑ " if topic.needs_discussion else ""
    answer = topic.team_answer + (" (overridden)" if topic.overridden else "")
    return Content.assemble(
        (f"{flag}spread {topic.spread} · ", "bold"),
        literal_line(topic.question.text),
        "\n   ",
        literal_line(f"votes: {counts} · team answer: {answer}", "dim"),
    )


class AreaSummaryDialog(ModalScreen[None]):
    """One screen: the finished area's level and its widest spreads."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter,space",
            "close",
            "Continue",
            id="area-summary.close",
            tooltip="Close the area summary and carry on",
        ),
    ]
    """
    | Key | Description |
    | :- | :- |
    | escape, enter, space | Close the summary. |
    """

    def __init__(self, area: Area, level: Level | None, topics: list[DiscussionTopic]) -> None:
        super().__init__()
        self._area = area
        self._level = level
        self._topics = topics

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(
                Content.assemble("Area finished: ", literal_line(self._area.name)),
                classes="dialog-title",
            )
            level = (
                Content.assemble(
                    (f"Level {self._level.number}, ", "bold"),
                    literal_line(self._level.name, "bold"),
                )
                if self._level is not None
                else Content.styled("Not yet at Level 1", "bold")
            )
            yield Static(level, id="area-summary-level")
            if self._topics:
                yield Static(
                    "Widest spreads (discuss before moving on):",
                    classes="dialog-question",
                    markup=False,
                )
                yield Static(
                    Content("\n").join(_topic_lines(topic) for topic in self._topics),
                    id="area-summary-spreads",
                )
            else:
                yield Static(
                    "The team agreed within one step on every question.",
                    id="area-summary-spreads",
                    markup=False,
                )
            yield Static("enter or esc: continue", classes="dialog-question", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
