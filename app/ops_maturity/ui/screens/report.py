"""The Report screen: the Markdown roadmap, to read, save or copy; formatted on demand.

The report is rendered by the core (`ops_maturity.core.reports.folder_report`, which imports Jinja2
only when it runs) in a background thread, so Jinja2 never loads at app start-up. The Results
screen starts that render as soon as it is drawn (the app's `ReportPrefetch`), so `m` usually finds
the text ready. Saving asks where (`SaveReportDialog`), asks before replacing a file (a
`ConfirmDialog`), goes through `write_output_file` (atomic for files, never replacing a device) and
turns a failed write into a plain error notification. `c` tries OSC 52 and the system clipboard
tool and says what worked. Paths and messages are shown without markup.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, TextArea
from textual.widgets.option_list import Option

from ops_maturity.core.files.output_file import write_output_file
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.reports.clipboard import KNOWN_TOOLS, SystemCopyResult, copy_with_system_tool
from ops_maturity.core.reports.folder_report import default_report_path
from ops_maturity.core.reports.report_pages import report_headings
from ops_maturity.core.text import describe_os_error
from ops_maturity.ui.report_prefetch import ReportPrefetch, report_prefetch_of

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from ops_maturity.ui.screens.report_formatted import FormattedReport

RENDERING_PLACEHOLDER = "Rendering the report…"


_SUBHEADING_MARK = "· "
"""Marks a heading below the sections (###) in the contents, once per level."""


class ReportScreen(Screen[None]):
    """The Markdown report, with keys to save or copy it, its contents and a formatted view.

    It opens on the Markdown source in a read-only TextArea: the very text that is saved and
    copied, readable at once at any size (the TextArea draws only the lines on screen). The
    formatted view (Textual's Markdown widgets, one per block: seconds for a long report) is
    built only when asked for, one page at a time (`FormattedReport`), so keys never wait.

    | Key      | Does                                                      |
    | -------- | --------------------------------------------------------- |
    | `s`      | Save the report (asks before replacing).                  |
    | `c`      | Copy the report (OSC 52 and a system tool).               |
    | `t`      | Show or hide the contents; enter jumps to a heading.      |
    | `v`      | Switch between the Markdown source and the formatted view. |
    | `[`, `]` | Formatted view: the previous or next page.                |
    | `f1`     | List every key.                                           |
    | `escape` | Go back to the previous screen.                           |
    """

    CSS_PATH = "report.tcss"
    AUTO_FOCUS = "#report-source"
    """Focus the report at once (each change of focus rebuilds the Footer)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="report.back", tooltip="Go back to the results"),
        Binding(
            "s",
            "save",
            "Save",
            id="report.save",
            tooltip="Save the report as a Markdown file, next to the assessment by default",
        ),
        Binding(
            "c",
            "copy",
            "Copy",
            id="report.copy",
            tooltip="Copy the Markdown to the clipboard (OSC 52, and wl-copy, xclip, xsel, pbcopy or clip.exe)",
        ),
        Binding(
            "t",
            "toggle_contents",
            "Contents",
            id="report.contents",
            tooltip="Show or hide the contents; enter jumps to the heading",
        ),
        Binding(
            "v",
            "toggle_view",
            "Formatted",
            id="report.view",
            tooltip="Switch between the Markdown source and the formatted view",
        ),
        Binding(
            "left_square_bracket",
            "turn_page(-1)",
            "Page",
            key_display="[ ]",
            id="report.previous-page",
            tooltip="Formatted view: the previous page (a section, or part of a long one)",
        ),
        Binding(
            "right_square_bracket",
            "turn_page(1)",
            "Next page",
            show=False,
            key_display="]",
            id="report.next-page",
            tooltip="Formatted view: the next page (a section, or part of a long one)",
        ),
        Binding("f1", "help", "Help", id="report.help", tooltip="List every key"),
    ]

    def __init__(
        self,
        questionnaire: Questionnaire,
        assessment: Assessment,
        assessment_path: Path | None,
    ) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.assessment = assessment
        self.assessment_path = assessment_path
        self.report_text: str | None = None
        """The rendered Markdown, once rendering has finished."""
        self._headings: list[tuple[int, int, str]] = []
        self.title = "Report"
        self.sub_title = f"{assessment.team} · {assessment.label}"

    def compose(self) -> ComposeResult:
        prefetch = report_prefetch_of(self.app)
        made_from = (self.questionnaire, self.assessment, self.assessment_path)
        if prefetch is not None and (text := prefetch.ready_text(*made_from)):
            self._show_text(text)  # rendered while the Results screen was read: no reload
        yield Header()
        with Horizontal(id="report-body"):
            yield OptionList(id="report-contents")
            yield TextArea(
                self.report_text or RENDERING_PLACEHOLDER,
                read_only=True,
                soft_wrap=True,
                id="report-source",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-contents", OptionList).display = False
        if self.report_text is None:
            self.render_report()

    def _show_text(self, text: str) -> None:
        self.report_text = text
        self._headings = report_headings(text)

    @property
    def source_view(self) -> TextArea:
        return self.query_one("#report-source", TextArea)

    @property
    def formatted_view(self) -> FormattedReport | None:
        """The formatted view, once `v` has asked for it."""
        return cast("FormattedReport | None", next(iter(self.query("#report-formatted")), None))

    @property
    def showing_formatted(self) -> bool:
        viewer = self.formatted_view
        return viewer is not None and viewer.display

    @work(exclusive=True, group="report-render")
    async def render_report(self) -> None:
        """Render the Markdown in a thread, then show its source (instant at any length)."""
        source = self.source_view
        # An app without a prefetch (a test's host app) gets a render of its own.
        prefetch = report_prefetch_of(self.app) or ReportPrefetch()
        text, problem = await prefetch.rendered(
            self.questionnaire, self.assessment, self.assessment_path
        )
        if text is None:
            self.notify(
                f"The report could not be rendered: {problem}", severity="error", markup=False
            )
            source.load_text("The report could not be rendered.")
            return
        self._show_text(text)
        source.load_text(text)

    def action_toggle_contents(self) -> None:
        """Show the headings (built now, from the source) or hide them."""
        if (formatted := self.formatted_view) is not None and formatted.display:
            formatted.toggle_pages()
            return
        contents = self.query_one("#report-contents", OptionList)
        if contents.display:
            contents.display = False
            self.source_view.focus()
            return
        contents.clear_options()
        contents.add_options(
            Option(Content(_SUBHEADING_MARK * max(0, level - 2) + text), id=str(line))
            for line, level, text in self._headings
        )
        contents.display = True
        contents.focus()

    @on(OptionList.OptionSelected, "#report-contents")
    def jump_to_heading(self, event: OptionList.OptionSelected) -> None:
        """Scroll the source so the chosen heading is at the top, with the cursor on it."""
        line = int(event.option.id or 0)
        source = self.source_view
        source.move_cursor((line, 0))
        source.scroll_to(y=source.wrapped_document.location_to_offset((line, 0)).y, animate=False)
        source.focus()

    async def action_toggle_view(self) -> None:
        """Switch to the formatted view (built on first use, a page at a time) and back."""
        if self.report_text is None:
            self.notify("The report is not ready yet.", severity="warning")
            return
        formatted = self.formatted_view
        if formatted is None:
            from ops_maturity.ui.screens.report_formatted import (
                FormattedReport,  # Markdown parsing loads only on demand
            )

            formatted = FormattedReport(id="report-formatted")
            formatted.display = False
            await self.query_one("#report-body").mount(formatted)
            formatted.load(self.report_text)
        showing = not formatted.display
        formatted.display = showing
        self.source_view.display = not showing
        self.query_one("#report-contents", OptionList).display = False
        (formatted.viewer.document if showing else self.source_view).focus()
        self.refresh_bindings()  # [ and ] work in the formatted view only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "turn_page":
            return self.showing_formatted
        return True

    def action_turn_page(self, step: int) -> None:
        if (formatted := self.formatted_view) is not None:
            formatted.move(step)

    def default_save_path(self) -> Path:
        return default_report_path(self.assessment, self.assessment_path)

    def action_back(self) -> None:
        """Return to the screen below, if there is one."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_help(self) -> None:
        from ops_maturity.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_save(self) -> None:
        """Ask for a path (prefilled with the default) and save the report there."""
        if self.report_text is None:
            self.notify("The report is not ready yet.", severity="warning")
            return
        from ops_maturity.ui.dialogs.save_report import SaveReportDialog

        self.app.push_screen(SaveReportDialog(self.default_save_path()), self._path_chosen)

    def _path_chosen(self, path: Path | None) -> None:
        if path is None:
            return
        if path.is_file():
            from ops_maturity.ui.dialogs.confirmations import overwrite_file_dialog

            self.app.push_screen(overwrite_file_dialog(path), partial(self._overwrite, path))
        else:
            self.save_to(path)

    def _overwrite(self, path: Path, replace: bool | None) -> None:
        if replace:
            self.save_to(path)
        else:
            self.notify("Nothing saved: the existing file was kept.")

    def save_to(self, path: Path) -> None:
        """Write the report atomically; say plainly if that fails."""
        if self.report_text is None:
            return
        try:
            write_output_file(path, self.report_text)
        except OSError as error:
            reason = describe_os_error(error)
            self.notify(
                f"Could not save the report to {path}: {reason}",
                title="Not saved",
                severity="error",
                markup=False,
            )
            return
        self.notify(f"Saved report to {path}", markup=False)

    def action_copy(self) -> None:
        """Send the Markdown to the terminal (OSC 52) and to the system clipboard tool, if any."""
        if self.report_text is None:
            self.notify("The report is not ready yet.", severity="warning")
            return
        self.app.copy_to_clipboard(self.report_text)
        self.copy_with_system_tool(self.report_text)

    @work(exclusive=True, group="report-copy")
    async def copy_with_system_tool(self, text: str) -> None:
        """Run the system clipboard tool in a thread (never blocking keys), then say what worked."""
        result = await asyncio.to_thread(copy_with_system_tool, text)
        message, severity = describe_copy(result, text.count("\n"))
        self.notify(message, title="Clipboard", severity=severity, timeout=10, markup=False)


def describe_copy(result: SystemCopyResult, lines: int) -> tuple[str, SeverityLevel]:
    """What to tell the user after a copy: what was tried, and what to do if it did not work.

    OSC 52 was always sent, but the app cannot know whether the terminal took it.
    """
    if result.copied:
        return (
            f"Copied the report to the clipboard with {result.tool} ({lines} lines of Markdown).",
            "information",
        )
    terminal = (
        "Sent the report to the terminal's clipboard (OSC 52), but many terminals ignore that "
        "(tmux, GNOME Terminal and macOS Terminal do by default)"
    )
    if result.tool is None:
        tried = f"no clipboard tool ({KNOWN_TOOLS}) was found"
    else:
        tried = f"{result.tool} could not copy it: {result.problem}"
    return (
        f"{terminal}, and {tried}. If nothing was copied, press s to save the report as a file.",
        "warning",
    )
