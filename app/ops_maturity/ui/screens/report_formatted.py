"""The Report screen's formatted view: Textual's MarkdownViewer, built only when asked for (`v`).

Kept apart so that Textual's Markdown widgets and markdown-it load only on demand: the Report
screen opens on the Markdown source. Web links open in the browser; nothing loads local files.
"""

from __future__ import annotations

from textual.widgets import Markdown, MarkdownViewer


class ReportViewer(MarkdownViewer):
    """A Markdown viewer that opens web links in the browser and never loads local files.

    The stock viewer treats every link as a document to load, which fails (and raises) for web
    links in the report.
    """

    def on_markdown_link_clicked(self, message: Markdown.LinkClicked) -> None:
        message.prevent_default()
        message.stop()
        href = message.href
        if href.startswith("#"):
            self.document.goto_anchor(href[1:])
        elif href.startswith(("https://", "http://")):
            self.app.open_url(href)
