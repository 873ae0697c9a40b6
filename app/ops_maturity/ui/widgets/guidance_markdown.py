"""A recommendation's Markdown guidance (`how`, a choice's `how`), rendered as Markdown, safely.

The text comes from a questionnaire, so it is first made safe by the report's own rules
(`ops_maturity.core.reports.markdown_how.safe_markdown`: raw HTML as text, headings demoted to
bold lines, http(s) links only, fences closed), then shown with Textual's `Markdown` widget,
which builds its lines from the parse and never reads Textual markup. A link opens in the
browser only when it is http(s); any other link does nothing. Textual's Markdown widgets load
on first use of this module, so import it where guidance is shown, not at start-up.
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.widgets import Markdown

from ops_maturity.core.reports.markdown_how import safe_markdown


class GuidanceMarkdown(Markdown):
    """Markdown guidance made safe; `show(text)` replaces it (one widget, reused)."""

    DEFAULT_CSS = """
    GuidanceMarkdown {
        height: auto;
        padding: 0 1;
        margin: 0;
    }
    """

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(safe_markdown(text), id=id, classes=classes, open_links=False)

    def show(self, text: str) -> AwaitComplete:
        """Replace the guidance shown (made safe first); await it to wait for the blocks."""
        return self.update(safe_markdown(text))

    def on_markdown_link_clicked(self, message: Markdown.LinkClicked) -> None:
        message.prevent_default()
        message.stop()
        if message.href.startswith(("https://", "http://")):
            self.app.open_url(message.href)
