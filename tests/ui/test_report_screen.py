"""Pilot tests of the Report screen: rendering, saving (with confirmation), copying, failures."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
from pathlib import Path

import pytest
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.reports.report import render_report
from ops_maturity.core.reports.report_pages import report_pages
from ops_maturity.ui.dialogs.confirm import ConfirmDialog
from ops_maturity.ui.dialogs.confirmations import OVERWRITE_FILE
from ops_maturity.ui.dialogs.save_report import SaveReportDialog
from ops_maturity.ui.screens import report as report_module
from ops_maturity.ui.screens.report import ReportScreen
from textual.app import App
from textual.content import Content
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, Markdown, OptionList
from textual.widgets.markdown import MarkdownBlock

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "examples" / "minimal-questionnaire.toml"
MARKUP_TEAM = "[@click=app.quit]x[/] [/bold]"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="fake tools are shell scripts")


@pytest.fixture
def questionnaire() -> Questionnaire:
    return load_questionnaire(MINIMAL)


@pytest.fixture
def assessment(questionnaire: Questionnaire) -> Assessment:
    """3 of 8 answered, with a team name that is markup."""
    assessment = Assessment.start(questionnaire, MARKUP_TEAM, "2026-Q4", today=dt.date(2026, 11, 2))
    assessment.record("visibility.error-rates", Answer(3, owner="Ann"))
    assessment.record("visibility.dashboards", Answer(1))
    assessment.record("incidents.roles", Answer(2))
    return assessment


class HostApp(App[None]):
    """Shows one ReportScreen over the default screen and records clipboard copies."""

    def __init__(
        self, questionnaire: Questionnaire, assessment: Assessment, path: Path | None
    ) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.assessment = assessment
        self.assessment_path = path

    def on_mount(self) -> None:
        self.push_screen(ReportScreen(self.questionnaire, self.assessment, self.assessment_path))


def notifications(messages: list[Message]) -> list[tuple[str, str]]:
    return [
        (message.notification.message, message.notification.severity)
        for message in messages
        if isinstance(message, Notify)
    ]


async def shown(app: App[None]) -> ReportScreen:
    """Wait for the report to be rendered and mounted, then return the screen."""
    await app.workers.wait_for_complete()
    await app.workers.wait_for_complete()
    screen = app.screen
    assert isinstance(screen, ReportScreen)
    return screen


async def test_the_report_opens_on_its_markdown_source(
    questionnaire: Questionnaire, assessment: Assessment
) -> None:
    """The screen shows exactly what the core renders, as text: no Markdown widgets built."""
    expected = render_report(questionnaire, assessment)
    app = HostApp(questionnaire, assessment, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await shown(app)
        await pilot.pause()
        assert screen.report_text == expected
        assert screen.source_view.text == expected
        assert screen.source_view.read_only
        assert screen.formatted_view is None
        assert not screen.query(MarkdownBlock)


async def test_markup_team_name_shows_literally_in_both_views(
    questionnaire: Questionnaire, assessment: Assessment
) -> None:
    """The title shows the team name as typed, in the source and formatted; clicks do not quit."""
    title = f"Operational maturity roadmap: {MARKUP_TEAM}, 2026-Q4"
    app = HostApp(questionnaire, assessment, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await shown(app)
        first_line = render_report(questionnaire, assessment).splitlines()[0]
        assert screen.source_view.document.get_line(0) == first_line
        await pilot.click("#report-source", offset=(35, 0))
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        heading = screen.query_one("MarkdownH1", MarkdownBlock)
        assert isinstance(heading.content, Content)
        assert heading.content.plain == title
        await pilot.click("MarkdownH1", offset=(35, 0))
        await pilot.pause()
        assert app.is_running


async def test_v_builds_the_formatted_view_on_demand_and_switches_back(
    questionnaire: Questionnaire, assessment: Assessment
) -> None:
    """`v` shows the formatted view (built once, on first use) on the report's first page, its
    pages listed; a page chosen is rendered alone; `v` again shows the source."""
    app = HostApp(questionnaire, assessment, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await shown(app)
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        viewer = screen.formatted_view
        assert viewer is not None and screen.report_text is not None
        assert screen.showing_formatted and not screen.source_view.display
        assert viewer.pages == report_pages(screen.report_text)
        assert viewer.viewer.document.source == viewer.pages[0].markdown
        roadmap = next(i for i, page in enumerate(viewer.pages) if page.title == "Roadmap")
        viewer.page_list.highlighted = roadmap
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert viewer.shown == roadmap
        headings = [
            heading.content.plain
            for heading in screen.query("MarkdownH3").results(MarkdownBlock)
            if isinstance(heading.content, Content)
        ]
        assert "Short-term (0-3 months)" in headings
        h2 = [
            heading.content.plain
            for heading in screen.query("MarkdownH2").results(MarkdownBlock)
            if isinstance(heading.content, Content)
        ]
        assert h2 == ["Roadmap"], "one page at a time"
        await pilot.press("v")
        await pilot.pause()
        assert not screen.showing_formatted and screen.source_view.display
        await pilot.press("v")
        assert screen.formatted_view is viewer


async def test_s_saves_to_the_default_path_next_to_the_assessment(
    tmp_path: Path, questionnaire: Questionnaire, assessment: Assessment
) -> None:
    """The dialog offers team.md beside team.toml; enter writes the rendered report there."""
    messages: list[Message] = []
    app = HostApp(questionnaire, assessment, tmp_path / "team.toml")
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        await shown(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SaveReportDialog)
        assert app.screen.query_one(Input).value == str(tmp_path / "team.md")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)

    saved = tmp_path / "team.md"
    assert saved.read_text(encoding="utf-8") == render_report(questionnaire, assessment)
    assert (f"Saved report to {saved}", "information") in notifications(messages)


async def test_without_an_assessment_path_the_default_is_team_label_roadmap_in_cwd(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    questionnaire: Questionnaire,
    assessment: Assessment,
) -> None:
    """No assessment file: `<team>-<label>-roadmap.md` in the working folder, file-name safe."""
    monkeypatch.chdir(tmp_path)
    assessment.team = "Payments Team"
    app = HostApp(questionnaire, assessment, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await shown(app)
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "payments-team-2026-q4-roadmap.md"
        await pilot.press("enter")
        await pilot.pause()
    assert (tmp_path / "payments-team-2026-q4-roadmap.md").is_file()


async def test_saving_over_an_existing_file_asks_and_no_keeps_it(
    tmp_path: Path, questionnaire: Questionnaire, assessment: Assessment
) -> None:
    """An existing report is replaced only after a yes; `n` leaves it untouched."""
    saved = tmp_path / "team.md"
    saved.write_text("old report\n", encoding="utf-8")
    app = HostApp(questionnaire, assessment, tmp_path / "team.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await shown(app)
        await pilot.press("s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and app.screen.id == OVERWRITE_FILE
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert saved.read_text(encoding="utf-8") == "old report\n"

        await pilot.press("s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and app.screen.id == OVERWRITE_FILE
        await pilot.press("y")
        await pilot.pause()
    assert saved.read_text(encoding="utf-8") == render_report(questionnaire, assessment)


async def test_escape_in_the_save_dialog_saves_nothing(
    tmp_path: Path, questionnaire: Questionnaire, assessment: Assessment
) -> None:
    """Cancelling the path dialog writes no file."""
    app = HostApp(questionnaire, assessment, tmp_path / "team.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await shown(app)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
    assert list(tmp_path.iterdir()) == []


async def test_a_failed_write_is_reported_and_the_app_keeps_running(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    questionnaire: Questionnaire,
    assessment: Assessment,
) -> None:
    """An OSError while saving becomes an error notification naming the path, not a crash."""

    def fail(path: Path, text: str) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(report_module, "write_output_file", fail)
    messages: list[Message] = []
    app = HostApp(questionnaire, assessment, tmp_path / "team.toml")
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        await shown(app)
        await pilot.press("s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert app.is_running
    target = tmp_path / "team.md"
    assert (
        f"Could not save the report to {target}: Read-only file system",
        "error",
    ) in notifications(messages)
    assert not target.exists()


def fake_clipboard_tool(
    folder: Path, monkeypatch: pytest.MonkeyPatch, name: str, body: str
) -> None:
    """Put an executable `name` running `body` first on PATH, in an X11 session."""
    folder.mkdir()
    tool = folder / name
    tool.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


@posix_only
async def test_c_copies_with_osc_52_and_the_system_clipboard_tool(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    questionnaire: Questionnaire,
    assessment: Assessment,
) -> None:
    """`c` sends OSC 52 and also runs xclip with the Markdown on stdin, then names the tool."""
    received = tmp_path / "clipboard.md"
    fake_clipboard_tool(tmp_path / "bin", monkeypatch, "xclip", f'cat > "{received}"')
    copied: list[str] = []
    messages: list[Message] = []
    app = HostApp(questionnaire, assessment, None)
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        await shown(app)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
    expected = render_report(questionnaire, assessment)
    assert copied == [expected]
    assert received.read_text(encoding="utf-8") == expected
    lines = expected.count("\n")
    assert (
        f"Copied the report to the clipboard with xclip ({lines} lines of Markdown).",
        "information",
    ) in notifications(messages)


async def test_without_a_clipboard_tool_c_says_what_was_tried_and_offers_saving(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    questionnaire: Questionnaire,
    assessment: Assessment,
) -> None:
    """No tool on PATH: no claim of "copied"; the warning names OSC 52 and offers `s`."""
    monkeypatch.setenv("PATH", str(tmp_path))
    messages: list[Message] = []
    app = HostApp(questionnaire, assessment, None)
    monkeypatch.setattr(app, "copy_to_clipboard", lambda text: None)
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        await shown(app)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
    [(text, severity)] = notifications(messages)
    assert severity == "warning"
    assert not text.startswith("Copied")
    assert "OSC 52" in text
    assert "no clipboard tool (wl-copy, xclip, xsel, pbcopy, clip.exe) was found" in text
    assert "press s to save the report as a file" in text


@posix_only
async def test_a_failing_clipboard_tool_is_named_with_its_failure(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    questionnaire: Questionnaire,
    assessment: Assessment,
) -> None:
    """xclip exiting non-zero (say, no X server) is reported, with the offer to save instead."""
    fake_clipboard_tool(tmp_path / "bin", monkeypatch, "xclip", "cat >/dev/null; exit 1")
    messages: list[Message] = []
    app = HostApp(questionnaire, assessment, None)
    monkeypatch.setattr(app, "copy_to_clipboard", lambda text: None)
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        await shown(app)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
    [(text, severity)] = notifications(messages)
    assert severity == "warning"
    assert "xclip could not copy it: it exited with status 1" in text
    assert "press s to save the report as a file" in text


async def test_web_links_open_in_the_browser_and_do_not_load_as_files(
    monkeypatch: pytest.MonkeyPatch, questionnaire: Questionnaire, assessment: Assessment
) -> None:
    """The stock viewer would try to read a web link as a file and raise; ours opens it."""
    opened: list[str] = []
    app = HostApp(questionnaire, assessment, None)
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await shown(app)
        await pilot.press("v")
        await app.workers.wait_for_complete()
        formatted = screen.formatted_view
        assert formatted is not None
        document = formatted.viewer.document
        source = document.source
        document.post_message(Markdown.LinkClicked(document, "https://example.com/runbooks"))
        document.post_message(Markdown.LinkClicked(document, "notes.md"))
        await pilot.pause()
        assert app.is_running
        assert document.source == source
    assert opened == ["https://example.com/runbooks"]


async def test_escape_goes_back(questionnaire: Questionnaire, assessment: Assessment) -> None:
    """Escape pops the Report screen."""
    app = HostApp(questionnaire, assessment, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await shown(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReportScreen)


async def test_t_lists_the_headings_and_enter_jumps_to_one(
    questionnaire: Questionnaire, assessment: Assessment
) -> None:
    """The contents start hidden; `t` lists every heading, enter moves the source to it."""
    app = HostApp(questionnaire, assessment, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await shown(app)
        contents = screen.query_one("#report-contents", OptionList)
        assert not contents.display
        await pilot.press("t")
        assert contents.display
        prompts = [
            str(contents.get_option_at_index(i).prompt) for i in range(contents.option_count)
        ]
        assert prompts[0] == f"Operational maturity roadmap: {MARKUP_TEAM}, 2026-Q4"
        target = next(i for i, p in enumerate(prompts) if p.endswith("Short-term (0-3 months)"))
        contents.highlighted = target
        await pilot.press("enter")
        await pilot.pause()
        line = screen.source_view.cursor_location[0]
        assert screen.source_view.document.get_line(line) == "### Short-term (0-3 months)"
        assert screen.source_view.scroll_y > 0
        await pilot.press("t")
        assert not contents.display


async def test_t_in_the_formatted_view_focuses_then_hides_its_pages(
    questionnaire: Questionnaire, assessment: Assessment
) -> None:
    """In the formatted view the pages are listed; `t` focuses the list, `t` again hides it
    (the page gets the focus), and `t` once more shows it."""
    app = HostApp(questionnaire, assessment, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await shown(app)
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        formatted = screen.formatted_view
        assert formatted is not None
        page_list = formatted.page_list
        assert page_list.display and formatted.viewer.has_focus_within
        await pilot.press("t")
        assert page_list.has_focus
        await pilot.press("t")
        assert not page_list.display and formatted.viewer.has_focus_within
        await pilot.press("t")
        assert page_list.display and page_list.has_focus


async def test_brackets_turn_the_pages_of_the_formatted_view(
    questionnaire: Questionnaire, assessment: Assessment
) -> None:
    """`]` renders the next page and `[` the previous one; in the source view they do nothing."""
    app = HostApp(questionnaire, assessment, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await shown(app)
        assert not screen.active_bindings.get("right_square_bracket")
        await pilot.press("v")
        await app.workers.wait_for_complete()
        formatted = screen.formatted_view
        assert formatted is not None
        await pilot.press("right_square_bracket", "right_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert formatted.shown == 2 and formatted.page_list.highlighted == 2
        assert formatted.viewer.document.source == formatted.pages[2].markdown
        await pilot.press("left_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert formatted.shown == 1


async def test_report_shows_progress_since_the_teams_previous_assessment(tmp_path: Path) -> None:
    """With last quarter's file in the same folder, the report includes what changed since then."""
    from ops_maturity.core.questionnaires.bundled import load_default_questionnaire
    from ops_maturity.core.storage.assessment_store import load_assessment

    for name in ("payments-platform-2026-q3.toml", "payments-platform-2026-q4.toml"):
        (tmp_path / name).write_bytes((ROOT / "examples" / name).read_bytes())
    path = tmp_path / "payments-platform-2026-q4.toml"
    app = HostApp(load_default_questionnaire(), load_assessment(path), path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await shown(app)
        assert screen.report_text is not None
        assert "## Since 2026-Q3" in screen.report_text
        assert "| Incident management | 0 | 3 | ▲ +3 |" in screen.report_text
