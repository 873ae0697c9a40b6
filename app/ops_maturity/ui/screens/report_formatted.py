"""The Report screen's formatted view: the report's pages listed, one page rendered at a time.

Textual's Markdown widgets cost time in proportion to what they show (about 13 µs a character
here: 13 s for a 1 MB report), so the view never renders the whole report. The core cuts it into
pages at its sections, and long sections into pages of at most `PAGE_CHARACTERS`
(`ops_maturity.core.reports.report_pages`); the list on the left names them ("Roadmap (3/14) ·
Short-term"), and only the highlighted page is rendered, in a worker (a newer choice cancels an
older render), so keys never wait and a page of any report shows in about 0.2 s.

Kept apart so that Textual's Markdown widgets and markdown-it load only on demand (`v`). Web links
open in the browser; nothing loads local files.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Markdown, MarkdownViewer, OptionList
from textual.widgets.option_list import Option

from ops_maturity.core.reports.report_pages import PAGE_CHARACTERS, ReportPage, report_pages


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


def page_option(page: ReportPage) -> Option:
    """A page's line in the list: a section's first page at the margin, its later pages marked
    as the source view's contents mark subsections."""
    return Option(Content(("· " if page.part > 1 else "") + page.label))


class FormattedReport(Horizontal):
    """The list of the report's pages and the page on show."""

    page_characters = PAGE_CHARACTERS
    """The longest page (tests make it shorter, to show a long report's pages)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pages: list[ReportPage] = []
        self.current: int | None = None
        """The page on show (or being rendered)."""
        self.shown: int | None = None
        """The page whose render has finished."""

    def compose(self) -> ComposeResult:
        yield OptionList(id="formatted-pages")
        yield ReportViewer(show_table_of_contents=False, open_links=False, id="formatted-page")

    @property
    def page_list(self) -> OptionList:
        return self.query_one("#formatted-pages", OptionList)

    @property
    def viewer(self) -> ReportViewer:
        return self.query_one("#formatted-page", ReportViewer)

    def load(self, report: str) -> None:
        """Cut the report into pages, list them and show the first."""
        self.pages = report_pages(report, self.page_characters)
        page_list = self.page_list
        page_list.clear_options()
        page_list.add_options(page_option(page) for page in self.pages)
        self.show_page(0)

    def show_page(self, index: int) -> None:
        """Render page `index` (clamped), unless it is already on show."""
        if not self.pages:
            return
        index = max(0, min(index, len(self.pages) - 1))
        if index != self.page_list.highlighted:
            self.page_list.highlighted = index  # its message comes back here: nothing to do
        if index == self.current:
            return
        self.current = index
        self._render_page(index)

    @work(exclusive=True, group="report-page")
    async def _render_page(self, index: int) -> None:
        self.shown = None
        await self.viewer.document.update(self.pages[index].markdown)
        self.viewer.scroll_home(animate=False)
        self.shown = index

    def move(self, step: int) -> None:
        """The next page (1) or the previous one (-1)."""
        self.show_page((self.current or 0) + step)

    @on(OptionList.OptionHighlighted, "#formatted-pages")
    def _page_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_page(event.option_index)

    @on(OptionList.OptionSelected, "#formatted-pages")
    def _page_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a page: show it and read it (the arrows scroll it)."""
        event.stop()
        self.show_page(event.option_index)
        self.viewer.document.focus()

    def toggle_pages(self) -> None:
        """`t`: focus the list of pages; again: hide it; again: show and focus it."""
        page_list = self.page_list
        if not page_list.display:
            page_list.display = True
            page_list.focus()
        elif page_list.has_focus:
            page_list.display = False
            self.viewer.document.focus()
        else:
            page_list.focus()
