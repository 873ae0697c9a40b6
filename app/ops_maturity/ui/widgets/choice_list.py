"""The numbered answer choices of the current question, with the saved answer highlighted.

One widget for the whole assessment: moving to another question replaces its lines, it never
mounts anything. Each choice is one key and a label ('1 Not in place'); not applicable and don't
know follow. The line of the saved answer is highlighted; that highlight is the acknowledgement
that the answer is on disk (or kept in memory when the disk refuses). Clicking a line chooses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ops_maturity.core.model.assessment import Answer, SpecialAnswer
from ops_maturity.core.model.questionnaire import Question
from ops_maturity.core.text import clean_single_line

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

CHOICE_KEYS = tuple(str(digit) for digit in range(1, 10))
"""Digit keys, in scale order: '1' is the first (lowest) choice."""
NOT_APPLICABLE_KEY = "n"
DONT_KNOW_KEY = "?"


@dataclass(frozen=True)
class ChoiceLine:
    """One selectable line: the key that picks it, its label and an optional description."""

    key: str
    label: str
    description: str = ""


SPECIAL_LINES = (
    ChoiceLine(NOT_APPLICABLE_KEY, "Not applicable", "asks for a reason"),
    ChoiceLine(DONT_KNOW_KEY, "Don't know", "listed for follow-up"),
)
"""The two answers every question offers after its scale."""


def key_range(count: int) -> str:
    """The digits that choose on a scale of `count` choices: '1-4', '1-2', '1' (at most '1-9')."""
    top = max(1, min(count, 9))
    return "1" if top == 1 else f"1-{top}"


def _choice_key(index: int) -> str:
    """'1'..'9' for the first nine choices, '#10' and on after (chosen by a click)."""
    return CHOICE_KEYS[index] if index < len(CHOICE_KEYS) else f"#{index + 1}"


def choice_lines(question: Question) -> tuple[ChoiceLine, ...]:
    """The scale's choices in order, numbered from 1."""
    return tuple(
        ChoiceLine(_choice_key(index), choice.label, choice.description)
        for index, choice in enumerate(question.scale.choices)
    )


def answer_key(question: Question, answer: Answer) -> str | None:
    """The key that gives `answer` on this question's list ('1'.., 'n', '?'), or None."""
    value = answer.value
    if value is None:
        return None
    if value == SpecialAnswer.NOT_APPLICABLE:
        return NOT_APPLICABLE_KEY
    if value == SpecialAnswer.DONT_KNOW:
        return DONT_KNOW_KEY
    for index, choice in enumerate(question.scale.choices):
        if choice.value == value:
            return _choice_key(index)
    return None


class ChoiceList(Widget):
    """Renders choice lines; posts `ChoiceList.Chosen` when one is clicked."""

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        width: 1fr;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "choice-list--key",
        "choice-list--selected",
        "choice-list--description",
        "choice-list--special",
    }

    selected: reactive[str | None] = reactive(None, layout=True)
    """The key of the saved answer, or None when unanswered."""
    spacious: reactive[bool] = reactive(False, layout=True)
    """Leave a blank line between choices (presentation mode)."""

    class Chosen(Message):
        """A choice line was clicked."""

        def __init__(self, choice_list: ChoiceList, key: str) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.key = key

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._choices: tuple[ChoiceLine, ...] = ()
        self._specials: tuple[ChoiceLine, ...] = ()
        self._line_keys: list[str | None] = []

    @property
    def choices(self) -> tuple[ChoiceLine, ...]:
        return self._choices

    def set_choices(
        self,
        choices: tuple[ChoiceLine, ...],
        specials: tuple[ChoiceLine, ...],
        selected: str | None,
    ) -> None:
        """Replace the lines and the highlighted key in one refresh."""
        self._choices = choices
        self._specials = specials
        self.selected = selected
        self.refresh(layout=True)

    def _head(self, choice: ChoiceLine) -> Content:
        marker = "✔" if choice.key == self.selected else " "
        key_style = self.get_visual_style("choice-list--key")
        return Content.assemble(
            f"{marker} ",
            Content.styled(f" {choice.key} ", key_style),
            " ",
            Content(clean_single_line(choice.label)),
        )

    def _lines(self, width: int) -> list[tuple[Content, str | None]]:
        """Each line with the key it chooses (None for spacing)."""
        entries = [(choice, False) for choice in self._choices]
        entries += [(choice, True) for choice in self._specials]
        heads = [self._head(choice) for choice, _ in entries]
        label_width = max((head.cell_length for head in heads), default=0)
        descriptions = [clean_single_line(choice.description) for choice, _ in entries]
        # Descriptions are shown for every choice or for none, so the list reads evenly.
        show_descriptions = all(
            label_width + 3 + len(text) <= width for text in descriptions if text
        )
        selected_style = self.get_visual_style("choice-list--selected")
        special_style = self.get_visual_style("choice-list--special")
        description_style = self.get_visual_style("choice-list--description")
        lines: list[tuple[Content, str | None]] = []
        for index, ((choice, special), head, text) in enumerate(
            zip(entries, heads, descriptions, strict=True)
        ):
            if index and (self.spacious or (special and not entries[index - 1][1])):
                lines.append((Content(""), None))
            line = head
            if show_descriptions and text:
                line = line.pad_right(label_width - head.cell_length) + Content.styled(
                    f" · {text}", description_style
                )
            if choice.key == self.selected:
                line = line.pad_right(max(0, width - line.cell_length)).stylize(selected_style)
            elif special:
                line = line.stylize(special_style)
            lines.append((line.truncate(width, ellipsis=True), choice.key))
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Measured at the width the layout offers: asking for `self.size` while the screen is
        # being arranged would make the compositor arrange the whole screen again, from within
        # its own arrangement (about 15% of the first frame's work).
        if not width:
            return 0
        lines = self._lines(max(width, 20))
        return (
            Content("\n")
            .join(line for line, _ in lines)
            .get_height(cast("RulesMap", self.styles), width)
        )

    def render(self) -> Content:
        lines = self._lines(max(self.size.width, 20))
        self._line_keys = [key for _, key in lines]
        return Content("\n").join(line for line, _ in lines)

    def on_click(self, event: events.Click) -> None:
        line = event.y
        if 0 <= line < len(self._line_keys) and (key := self._line_keys[line]) is not None:
            event.stop()
            self.post_message(self.Chosen(self, key))
