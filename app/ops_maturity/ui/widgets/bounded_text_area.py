"""A TextArea that holds at most `max_length` characters, like Input's `max_length`.

Typing or pasting past the limit keeps what fits and posts `Truncated`, so the dialog can say
why the rest did not go in. The notes it collects can then always be saved and read back.
"""

from __future__ import annotations

from typing import Literal

from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult


class BoundedTextArea(TextArea):
    """A TextArea with a character limit."""

    class Truncated(Message):
        """An edit was cut short at the limit."""

        def __init__(self, text_area: BoundedTextArea) -> None:
            super().__init__()
            self.text_area = text_area

        @property
        def control(self) -> BoundedTextArea:
            return self.text_area

    def __init__(
        self,
        text: str = "",
        *,
        max_length: int,
        id: str | None = None,
        soft_wrap: bool = True,
        tab_behavior: Literal["focus", "indent"] = "focus",
    ) -> None:
        super().__init__(text[:max_length], id=id, soft_wrap=soft_wrap, tab_behavior=tab_behavior)
        self.max_length = max_length

    def edit(self, edit: Edit) -> EditResult:
        replaced = len(self.get_text_range(edit.top, edit.bottom))
        room = max(0, self.max_length - (len(self.text) - replaced))
        if len(edit.text) > room:
            edit.text = edit.text[:room]
            self.post_message(self.Truncated(self))
        return super().edit(edit)
