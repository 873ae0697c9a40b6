"""The Report screen: the Markdown roadmap in Textual's Markdown viewer, to save or copy.

The report is rendered by `app.core.report`, which is the only module that imports Jinja2; it is
imported here only inside the rendering function, in a worker thread, so Jinja2 never loads at app
start-up. Saving goes through `write_text_atomically`, asks before replacing a file, and turns a
failed write into a plain error notification. Paths and messages are shown without markup.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Header, Input, Markdown, MarkdownViewer, Static

from ...core.assessment import Assessment
from ...core.assessment_store import find_previous_assessment, reconcile, slugify
from ...core.atomic_file import write_text_atomically
from ...core.questionnaire import Questionnaire
from ...core.system_clipboard import KNOWN_TOOLS, SystemCopyResult, copy_with_system_tool
from ...core.text import describe_os_error
from ..text import literal_line

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

RENDERING_PLACEHOLDER = "*Rendering the report…*"


def render_report_markdown(
    questionnaire: Questionnaire, assessment: Assessment, assessment_path: Path | None = None
) -> tuple[str | None, str]:
    """Render the report: (markdown, "") on success, (None, message) when the template fails.

    When the assessment's folder holds an earlier assessment of the same team, the report says
    what changed since then. Imports `app.core.report` (and so Jinja2) only when called.
    """
    from ...core.report import ReportTemplateError, render_report

    previous = None
    if assessment_path is not None:
        previous = find_previous_assessment(assessment, assessment_path)
        if previous is not None:
            try:
                reconcile(previous, questionnaire)
            except ValueError:
                previous = None
    try:
        return render_report(questionnaire, assessment, previous=previous), ""
    except ReportTemplateError as error:
        return None, str(error)


def default_report_path(assessment: Assessment, assessment_path: Path | None) -> Path:
    """Next to the assessment file (same name, .md), else `<team>-<label>-roadmap.md` here."""
    if assessment_path is not None:
        return assessment_path.with_suffix(".md")
    return Path(f"{slugify(assessment.team)}-{slugify(assessment.label)}-roadmap.md")


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


class SaveReportDialog(ModalScreen[Path | None]):
    """Ask where to save the report, prefilled with the default path; dismisses with the path.

    | Key      | Does                    |
    | -------- | ----------------------- |
    | `enter`  | Save to the path shown. |
    | `escape` | Cancel.                 |
    """

    CSS_PATH = "report.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="report.save-dialog.cancel",
            tooltip="Close without saving",
        ),
    ]

    def __init__(self, default_path: Path) -> None:
        super().__init__()
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Save the report as", classes="dialog-title", markup=False)
            yield Input(value=str(self.default_path), id="save-path")
            yield Static(id="save-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        path_input = self.query_one("#save-path", Input)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)

    @on(Input.Submitted, "#save-path")
    @on(Button.Pressed, "#save")
    def submit(self) -> None:
        """Dismiss with the entered path, or explain in place why it cannot be used."""
        text = self.query_one("#save-path", Input).value.strip()
        if not text:
            self._show_error("Enter a file name.")
            return
        path = Path(text).expanduser()
        if path.is_dir():
            self._show_error("That is a folder: add a file name.")
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _show_error(self, message: str) -> None:
        self.query_one("#save-error", Static).update(Content(message))


class ConfirmOverwriteDialog(ModalScreen[bool]):
    """Ask before replacing an existing file; dismisses with True to replace it.

    | Key          | Does                       |
    | ------------ | -------------------------- |
    | `y`          | Replace the file.          |
    | `n`/`escape` | Keep the file; do nothing. |
    """

    CSS_PATH = "report.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Replace", id="report.overwrite.yes", tooltip="Replace it"),
        Binding(
            "n,escape",
            "answer(False)",
            "Keep",
            id="report.overwrite.no",
            tooltip="Keep the existing file",
        ),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Content.assemble(
                    literal_line(str(self.path), "bold"), " already exists. Replace it?"
                ),
                classes="dialog-title",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Replace (y)", variant="warning", id="yes")
                yield Button("Keep it (n)", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, replace: bool) -> None:
        self.dismiss(replace)


class ReportScreen(Screen[None]):
    """The rendered Markdown report, with keys to save it to a file or copy it.

    | Key      | Does                                        |
    | -------- | ------------------------------------------- |
    | `s`      | Save the report (asks before replacing).    |
    | `c`      | Copy the report (OSC 52 and a system tool). |
    | `t`      | Show or hide the table of contents.         |
    | `f1`     | List every key.                             |
    | `escape` | Go back to the previous screen.             |
    """

    CSS_PATH = "report.tcss"

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
            tooltip="Show or hide the table of contents",
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
        self.title = "Report"
        self.sub_title = f"{assessment.team} · {assessment.label}"

    def compose(self) -> ComposeResult:
        yield Header()
        yield ReportViewer(
            RENDERING_PLACEHOLDER,
            show_table_of_contents=False,
            open_links=False,
            id="report",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.render_report()

    @work(exclusive=True, group="report-render")
    async def render_report(self) -> None:
        """Render the Markdown in a thread, then show it.

        Saving and copying work as soon as the text exists; the viewer then mounts the document
        in batches (a long report takes seconds), showing the first part at once.
        """
        viewer = self.query_one(ReportViewer)
        viewer.loading = True
        try:
            text, problem = await asyncio.to_thread(
                render_report_markdown, self.questionnaire, self.assessment, self.assessment_path
            )
        finally:
            viewer.loading = False
        if text is None:
            self.notify(
                f"The report could not be rendered: {problem}", severity="error", markup=False
            )
            await viewer.document.update("*The report could not be rendered.*")
            return
        self.report_text = text
        viewer.document.focus()
        await viewer.document.update(text)

    def default_save_path(self) -> Path:
        return default_report_path(self.assessment, self.assessment_path)

    def action_back(self) -> None:
        """Return to the screen below, if there is one."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_toggle_contents(self) -> None:
        viewer = self.query_one(ReportViewer)
        viewer.show_table_of_contents = not viewer.show_table_of_contents

    def action_save(self) -> None:
        """Ask for a path (prefilled with the default) and save the report there."""
        if self.report_text is None:
            self.notify("The report is not ready yet.", severity="warning")
            return
        self.app.push_screen(SaveReportDialog(self.default_save_path()), self._path_chosen)

    def _path_chosen(self, path: Path | None) -> None:
        if path is None:
            return
        if path.exists():
            self.app.push_screen(ConfirmOverwriteDialog(path), partial(self._overwrite, path))
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
            write_text_atomically(path, self.report_text)
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
