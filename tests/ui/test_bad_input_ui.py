"""Pilot tests of odd paths in the app: a clear message in place, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from ops_maturity.ui.app import make_app
from ops_maturity.ui.screens.start import StartScreen
from textual.content import Content
from textual.widgets import Input, Static


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("~nosuchuser-xyz/q.toml", "no such user"), ("q\x00.toml", "NUL character")],
)
async def test_start_screen_file_field_with_odd_path_explains_in_place(
    tmp_path: Path, typed: str, reason: str
) -> None:
    """An unknown ~user or a NUL in the questionnaire file field used to crash the app."""
    app = make_app(folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#questionnaire-file", Input).value = typed
        app.screen.query_one("#team", Input).value = "Payments"
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        content = app.screen.query_one("#questionnaire-error", Static).content
        message = content.plain if isinstance(content, Content) else str(content)
        assert reason in message
        assert "\x00" not in message
        assert app.assessment is None


async def test_resume_of_assessment_with_odd_path_field_opens_start_with_the_error(
    tmp_path: Path,
) -> None:
    """`run --resume` of a file whose `path` names an unknown user shows why on Start."""
    text = (
        '[assessment]\nformat_version = 1\nteam = "Payments"\nlabel = "2026-Q4"\n'
        'date = 2026-10-15\nstatus = "in-progress"\n\n[questionnaire]\n'
        'id = "minimal-example"\nversion = "1.0.0"\npath = "~nosuchuser-xyz/q.toml"\n'
    )
    resume = tmp_path / "a.toml"
    resume.write_text(text, encoding="utf-8")
    app = make_app(folder=tmp_path, resume=resume)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert app.assessment is None
        content = app.screen.query_one("#start-errors", Static).content
        message = content.plain if isinstance(content, Content) else str(content)
        assert message == "~nosuchuser-xyz/q.toml: cannot expand '~nosuchuser-xyz': no such user"
