"""Write only what can be read back: notes, reasons, owners and names are capped where typed."""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.model.assessment import (
    NAME_MAX_CHARS,
    NOTES_MAX_CHARS,
    REASON_MAX_CHARS,
)
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.dialogs.not_applicable import NotApplicableDialog
from ops_maturity.ui.dialogs.notes import NotesDialog
from ops_maturity.ui.screens.start import StartScreen
from textual import events
from textual.widgets import Input, Static, TextArea


def _team_app(folder: Path, questionnaire: str) -> OpsMaturityApp:
    return make_app(questionnaire=questionnaire, team="Payments", label="2026-Q2", folder=folder)


async def test_a_pasted_log_is_cut_at_the_notes_limit_and_saves(
    tmp_path: Path, minimal_path: str, minimal: Questionnaire
) -> None:
    """Pasting 60,000 characters keeps the first NOTES_MAX_CHARS, says so, and the file reads back."""
    app = _team_app(tmp_path, minimal_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NotesDialog)
        notes = app.screen.query_one("#notes", TextArea)
        notes.post_message(events.Paste("2026-11-27 ERROR x\n" * 3_000))
        await pilot.pause()
        assert len(notes.text) == NOTES_MAX_CHARS
        limit = app.screen.query_one("#notes-limit", Static)
        assert limit.display and "at most 10,000 characters" in str(limit.content)
        owner = app.screen.query_one("#owner", Input)
        owner.focus()
        owner.insert_text_at_cursor("o" * NAME_MAX_CHARS)
        owner.insert_text_at_cursor("o")
        assert len(owner.value) == NAME_MAX_CHARS
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.assessment_path is not None
    answer = load_assessment(app.assessment_path).answer_for(minimal.questions[0].id)
    assert len(answer.notes) <= NOTES_MAX_CHARS and len(answer.owner) == NAME_MAX_CHARS


async def test_the_not_applicable_reason_is_capped(tmp_path: Path, minimal_path: str) -> None:
    app = _team_app(tmp_path, minimal_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NotApplicableDialog)
        reason = app.screen.query_one("#reason", Input)
        reason.insert_text_at_cursor("r" * REASON_MAX_CHARS)
        reason.insert_text_at_cursor("r")
        assert len(reason.value) == REASON_MAX_CHARS


async def test_start_fields_are_capped(tmp_path: Path) -> None:
    """Team and label stop at NAME_MAX_CHARS, which always makes a file name that saves."""
    app = make_app(folder=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        for field in ("#team", "#label", "#facilitator"):
            widget = app.screen.query_one(field, Input)
            widget.value = ""
            widget.insert_text_at_cursor("x" * NAME_MAX_CHARS)
            widget.insert_text_at_cursor("x")
            assert len(widget.value) == NAME_MAX_CHARS
