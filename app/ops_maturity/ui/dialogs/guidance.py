"""Guidance, shown on demand (`g`): one practice's `how` and its choices' guidance, rendered as
Markdown, made safe by the report's rules.

From the Assess screen it shows the question on screen; from the Results screen every roadmap
item is listed (one line each, `OptionList`: fast at any length) and only the highlighted item's
guidance is rendered, in one `GuidanceMarkdown` reused for every item: a long roadmap never
mounts a widget per item. Each entry builds its Markdown only when shown
(`ops_maturity.core.reports.guidance_text`). Links open in the browser, http(s) only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ops_maturity.core.model.questionnaire import Question, Questionnaire
from ops_maturity.core.model.roadmap import Roadmap
from ops_maturity.core.reports.guidance_text import question_guidance, roadmap_item_guidance
from ops_maturity.ui.text import literal_line
from ops_maturity.ui.widgets.guidance_markdown import GuidanceMarkdown


@dataclass(frozen=True)
class GuidanceEntry:
    """One practice: its line in the list, and how to build its guidance when it is shown."""

    label: str
    markdown: Callable[[], str]


class GuidanceDialog(ModalScreen[None]):
    """A practice's guidance, or a list of practices with the highlighted one's guidance."""

    CSS_PATH = "guidance.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,g",
            "close",
            "Close",
            id="guidance.close",
            tooltip="Close the guidance",
        ),
        Binding(
            "tab",
            "switch_focus",
            "List/text",
            id="guidance.switch",
            tooltip="Move between the list of practices and the guidance (to scroll it)",
        ),
    ]
    """| Key | Does |
    | --- | --- |
    | `escape`, `g` | Close. |
    | `tab` | Between the list and the text. |
    | `up`, `down` | The previous or next practice (in the list), or scroll the text. |
    """

    def __init__(self, title: str, entries: Sequence[GuidanceEntry], start: int = 0) -> None:
        super().__init__()
        self._title = title
        self.entries = tuple(entries)
        self._start = max(0, min(start, len(self.entries) - 1))
        self.shown: int | None = None
        """The entry whose guidance has been rendered."""

    def compose(self) -> ComposeResult:
        with Vertical(id="guidance-panel"):
            yield Static(literal_line(self._title), id="guidance-title")
            with Horizontal(id="guidance-body"):
                yield OptionList(
                    *(Option(literal_line(entry.label)) for entry in self.entries),
                    id="guidance-list",
                )
                with VerticalScroll(id="guidance-scroll"):
                    yield GuidanceMarkdown(id="guidance-text")
            yield Static(id="guidance-hint")

    def on_mount(self) -> None:
        listed = len(self.entries) > 1
        page_list = self.query_one("#guidance-list", OptionList)
        page_list.display = listed
        hint = "esc or g closes · ↑↓ a practice · tab the text" if listed else "esc or g closes"
        self.query_one("#guidance-hint", Static).update(Content(hint))
        if listed:
            page_list.highlighted = self._start
            page_list.focus()
        else:
            self.query_one("#guidance-scroll").focus()
        self.show_entry(self._start)

    @on(OptionList.OptionHighlighted, "#guidance-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_entry(event.option_index)

    @on(OptionList.OptionSelected, "#guidance-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#guidance-scroll").focus()

    def show_entry(self, index: int) -> None:
        if self.entries:
            self._render_entry(index)

    @work(exclusive=True, group="guidance")
    async def _render_entry(self, index: int) -> None:
        self.shown = None
        await self.query_one(GuidanceMarkdown).show(self.entries[index].markdown())
        self.query_one("#guidance-scroll", VerticalScroll).scroll_home(animate=False)
        self.shown = index

    def action_switch_focus(self) -> None:
        page_list = self.query_one("#guidance-list", OptionList)
        if page_list.display and not page_list.has_focus:
            page_list.focus()
        else:
            self.query_one("#guidance-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)


def question_guidance_dialog(questionnaire: Questionnaire, question: Question) -> GuidanceDialog:
    """The guidance of the question on the Assess screen."""
    entry = GuidanceEntry(question.text, partial(question_guidance, questionnaire, question))
    return GuidanceDialog(f"Guidance: {question.text}", [entry])


def roadmap_guidance_dialog(roadmap: Roadmap) -> GuidanceDialog:
    """Every roadmap item, numbered as on the Results screen, with its guidance on demand."""
    items = [item for plan in roadmap.horizons for item in plan.items]
    entries = [
        GuidanceEntry(f"{number}. {item.action}", partial(roadmap_item_guidance, item))
        for number, item in enumerate(items, 1)
    ]
    return GuidanceDialog(f"Roadmap guidance: {len(items)} items", entries)
