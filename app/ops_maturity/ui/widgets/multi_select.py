"""The choices of a multi-select question ("which of these are in place?"), answered as a set.

One widget per screen, like `ChoiceList`: moving to another question calls `show(scale, picked)`,
which replaces its lines (an `OptionList`-based `SelectionList`, line API, fast at any length);
it never mounts a widget per question. Each listed choice is a line with a check box, then the
built-in "None of these" (the empty answer); picking it clears the others and picking another
clears it. The met rule ("Met with all 3 listed choices") is shown above the list.

Keys (a click toggles a line too):

| key | does |
| --- | --- |
| `1`-`9` | toggle the first nine choices |
| `0` | toggle "None of these" |
| `enter` | confirm: posts `MultiSelectChoices.Answered` with the set picked |
| `space` | toggle the highlighted line |
| `up`, `down` | move the highlight (unless `arrows_move_cursor` is off: then the screen's) |

Nothing is saved here: the screen that hosts it records the answer (or the vote) on `Answered`,
exactly as it does for a single choice. Labels are shown as `Content`, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Checkbox, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection as ListSelection

from ops_maturity.core.model.questionnaire import NONE_OF_THESE, Scale, Selection
from ops_maturity.core.text import clean_single_line

NONE_VALUE = -1_000_001
"""The list value of "None of these" (no scale value can be: values are within ±1,000,000)."""


def _line(key: str, label: str) -> Content:
    """'1  Blameless reviews': the key in bold, the label as plain text (never markup)."""
    return Content(f"{key}  ").stylize("bold", 0, len(key)) + Content(clean_single_line(label))


class ChoiceLines(SelectionList[int], inherit_bindings=False):
    """The check-box lines, drawn and clicked as a `SelectionList`, with none of its keys:
    `MultiSelectChoices` declares them all, so the footer shows its enter (Confirm), the help
    lists them with ids, and page up and down reach the screen (a presenter remote's buttons
    move between questions).

    Each box reads `[x]` when ticked and `[ ]` when not (as `PlainCheckbox` does), never
    SelectionList's `▐X▌` for both: in a plain terminal or on a projector without colours an
    unticked box would read as ticked."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        if len(segments) < 4 or segments[1].text != Checkbox.BUTTON_INNER:
            return line  # a line with no box (past the end)
        try:
            value = self.get_option_at_index(self.scroll_offset.y + y).value
        except OptionDoesNotExist:
            return line
        left, button, _right, space, *rest = segments
        click = Style(meta=left.style.meta) if left.style else Style()
        plain = (space.style or Style()) + click
        mark = "x" if value in self.selected else " "
        return Strip(
            [
                Segment("[", plain),
                Segment(mark, button.style),
                Segment("]", plain),
                space,
                *rest,
            ]
        )


class MultiSelectChoices(Widget, can_focus=False):
    """A multi-select question's choices and its met rule; posts `Answered` on enter."""

    DEFAULT_CSS = """
    MultiSelectChoices {
        height: auto;
        width: 1fr;
    }
    MultiSelectChoices > #multi-select-rule {
        color: $text-muted;
        margin-bottom: 1;
    }
    MultiSelectChoices ChoiceLines, MultiSelectChoices ChoiceLines:focus {
        height: auto;
        max-height: 24;
        border: none;
        padding: 0;
        background: transparent;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(n),
                f"toggle_number({n})",
                "Tick",
                show=n == 1,
                key_display="1-9",
                id=f"multi-select.tick-{n}",
                tooltip="Multi-select question: tick or untick that choice",
            )
            for n in range(1, 10)
        ),
        Binding(
            "0",
            "toggle_none",
            "None of these",
            id="multi-select.none",
            tooltip="Multi-select question: none of the choices is in place (clears the others)",
        ),
        Binding(
            "enter",
            "confirm",
            "Confirm",
            id="multi-select.confirm",
            tooltip="Multi-select question: answer with the choices ticked",
        ),
        Binding(
            "space",
            "toggle_highlighted",
            "Tick",
            show=False,
            id="multi-select.toggle",
            tooltip="Multi-select question: tick or untick the highlighted choice",
        ),
        Binding(
            "up",
            "move(-1)",
            "Up",
            show=False,
            id="multi-select.up",
            tooltip="Multi-select question: highlight the choice above (team mode: the participant above)",
        ),
        Binding(
            "down",
            "move(1)",
            "Down",
            show=False,
            id="multi-select.down",
            tooltip="Multi-select question: highlight the choice below (team mode: the participant below)",
        ),
    ]
    """Digits toggle a choice, 0 "None of these", enter confirms; space toggles the highlighted
    choice and up and down move the highlight, unless `arrows_move_cursor` is off (team mode:
    the keys fall through to the screen, whose up and down move the vote pointer)."""

    class Answered(Message):
        """The user confirmed the set of choices picked (empty: none of these)."""

        def __init__(self, choices: MultiSelectChoices, selection: Selection) -> None:
            super().__init__()
            self.choices = choices
            self.selection = selection

        @property
        def control(self) -> MultiSelectChoices:
            return self.choices

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._scale: Scale | None = None
        self._updating = False
        self.arrows_move_cursor = True
        """Up and down move the highlight (True), or are left to the screen."""

    def compose(self) -> ComposeResult:
        yield Static(id="multi-select-rule", markup=False)
        yield ChoiceLines(id="multi-select-list")

    @property
    def options(self) -> ChoiceLines:
        return self.query_one("#multi-select-list", ChoiceLines)

    @property
    def selection(self) -> Selection:
        """The choices picked now, in scale order (empty for none of these or nothing yet)."""
        return tuple(sorted(value for value in self.options.selected if value != NONE_VALUE))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Off: the binding falls through to the screen's.
        return action != "move" or self.arrows_move_cursor

    def action_move(self, direction: int) -> None:
        if direction < 0:
            self.options.action_cursor_up()
        else:
            self.options.action_cursor_down()

    def action_toggle_highlighted(self) -> None:
        options = self.options
        if options.highlighted is None:
            return
        value = options.get_option_at_index(options.highlighted).value
        options.toggle(value)
        self._exclusive(value)

    @property
    def none_picked(self) -> bool:
        return NONE_VALUE in self.options.selected

    def show(self, scale: Scale, picked: Selection | None = None) -> None:
        """Show `scale`'s choices with `picked` ticked (() ticks "None of these"; None: nothing)."""
        self._scale = scale
        rule = f"Met with {scale.met_rule}." if scale.multiple else ""
        self.query_one("#multi-select-rule", Static).update(Content(rule))
        options = self.options
        self._updating = True
        options.clear_options()
        chosen = set(picked or ())
        options.add_options(
            [
                ListSelection(_line(str(index), choice.label), choice.value, choice.value in chosen)
                for index, choice in enumerate(scale.choices, 1)
            ]
            + [ListSelection(_line("0", NONE_OF_THESE), NONE_VALUE, picked == ())]
        )
        self._updating = False
        options.highlighted = 0
        options.focus()

    def on_selection_list_selection_toggled(
        self, message: SelectionList.SelectionToggled[int]
    ) -> None:
        """Keep "None of these" exclusive: it clears the others, and another choice clears it."""
        message.stop()
        self._exclusive(message.selection.value)

    def _exclusive(self, toggled: int) -> None:
        options = self.options
        if toggled not in options.selected:
            return
        if toggled == NONE_VALUE:
            for value in list(options.selected):
                if value != NONE_VALUE:
                    options.deselect(value)
        elif NONE_VALUE in options.selected:
            options.deselect(NONE_VALUE)

    def action_toggle_number(self, number: int) -> None:
        if self._scale is None or number > len(self._scale.choices):
            return
        value = self._scale.choices[number - 1].value
        self.options.toggle(value)
        self._exclusive(value)

    def action_toggle_none(self) -> None:
        self.options.toggle(NONE_VALUE)
        self._exclusive(NONE_VALUE)

    def action_confirm(self) -> None:
        """Post the set picked; nothing when no line is ticked (not even "None of these")."""
        if not self.options.selected:
            self.notify("Tick the choices in place, or 0 for none of these.", timeout=3)
            return
        self.post_message(self.Answered(self, self.selection))
