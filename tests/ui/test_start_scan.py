"""The Start screen scans ./assessments off the UI thread, with bounded reads: a FIFO or a link
to /dev/zero in the folder cannot freeze the app or fill its memory, and ctrl+q always works."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import ops_maturity.ui.screens.start as start_module
import pytest
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.storage.folder import AssessmentSummary, find_assessments
from ops_maturity.ui.app import make_app
from ops_maturity.ui.screens.start import StartScreen
from textual.content import Content
from textual.widgets import OptionList, Static

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero")


def _resume_lines(screen: StartScreen) -> list[str]:
    resume = screen.query_one("#resume-list", OptionList)
    lines = []
    for index in range(resume.option_count):
        prompt = resume.get_option_at_index(index).prompt
        lines.append(prompt.plain if isinstance(prompt, Content) else str(prompt))
    return lines


async def test_a_fifo_and_dev_zero_in_the_folder_are_listed_as_problems(
    half_finished: Path,
) -> None:
    """The readable assessment is listed; the FIFO and the /dev/zero link are named, not read."""
    folder = half_finished.parent
    os.mkfifo(folder / "stuck.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    app = make_app(folder=folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        assert any("Payments · 2026-Q2" in line for line in _resume_lines(screen))
        errors = screen.query_one("#resume-errors", Static).content
        text = errors.plain if isinstance(errors, Content) else str(errors)
        assert "stuck.toml: not a regular file (a FIFO)" in text
        assert "zero.toml: not a regular file (a character device)" in text
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_ctrl_q_quits_while_the_folder_is_still_being_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scan that takes its time (a slow network share) never holds the keyboard."""
    release = threading.Event()
    started = threading.Event()

    def slow_scan(folder: Path) -> tuple[list[AssessmentSummary], list[InvalidFileError]]:
        started.set()
        release.wait(timeout=120)  # released when the test ends, however slow the machine
        return find_assessments(folder)

    monkeypatch.setattr(start_module, "find_assessments", slow_scan)
    app = make_app(folder=tmp_path)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert started.wait(timeout=10)
            screen = app.screen
            assert isinstance(screen, StartScreen)
            assert any("Looking for saved assessments" in line for line in _resume_lines(screen))
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert not app.is_running
    finally:
        release.set()
