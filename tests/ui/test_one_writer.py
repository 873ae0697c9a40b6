"""Two instances on one assessment: the second is told who holds it and may only read it;
a file changed under the app is not overwritten; quitting releases the lock."""

from __future__ import annotations

import os
from pathlib import Path

from ops_maturity.core.files.lock import lock_path_for, read_lock_holder
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.dialogs.confirm import ConfirmDialog
from ops_maturity.ui.dialogs.confirmations import LOCKED
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.start import StartScreen
from textual.content import Content
from textual.widgets import Static


def _team_app(folder: Path, questionnaire: str) -> OpsMaturityApp:
    return make_app(questionnaire=questionnaire, team="Payments", label="2026-Q2", folder=folder)


def _messages(app: OpsMaturityApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def _text(app: OpsMaturityApp, selector: str) -> str:
    content = app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Content) else str(content)


async def test_second_instance_is_told_who_holds_the_file_and_can_only_read(
    half_finished: Path, minimal_path: str
) -> None:
    """The second app names the holder, opens read-only on request, and refuses every change."""
    first = make_app(resume=half_finished, folder=half_finished.parent)
    async with first.run_test(size=(80, 24)) as pilot_one:
        await pilot_one.pause()
        assert isinstance(first.screen, AssessScreen)
        holder = read_lock_holder(half_finished)
        assert holder is not None
        before = half_finished.read_bytes()
        second = make_app(resume=half_finished, folder=half_finished.parent)
        async with second.run_test(size=(80, 24)) as pilot_two:
            await pilot_two.pause()
            assert isinstance(second.screen, ConfirmDialog) and second.screen.id == LOCKED
            message = _text(second, "#confirm-message")
            assert f"process {holder.pid} on {holder.host}, since {holder.since}" in message
            await pilot_two.press("enter")
            await pilot_two.pause()
            assert isinstance(second.screen, AssessScreen)
            assert second.read_only
            assert "Read-only" in _text(second, "#save-warning")
            await pilot_two.press("3", "n", "e")
            await pilot_two.pause()
            assert isinstance(second.screen, AssessScreen)
            assert any("Read-only" in message for message in _messages(second))
            await pilot_two.press("ctrl+q")
        assert half_finished.read_bytes() == before
        assert read_lock_holder(half_finished) == holder, "the reader must not release it"
        await pilot_one.press("ctrl+q")
    assert not lock_path_for(half_finished).exists()


async def test_second_instance_can_go_back_to_start(tmp_path: Path, minimal_path: str) -> None:
    """Declining read-only at launch shows the Start screen with the holder named."""
    first = _team_app(tmp_path, minimal_path)
    async with first.run_test(size=(80, 24)) as pilot_one:
        await pilot_one.pause()
        second = _team_app(tmp_path, minimal_path)
        async with second.run_test(size=(100, 30)) as pilot_two:
            await pilot_two.pause()
            assert isinstance(second.screen, ConfirmDialog) and second.screen.id == LOCKED
            await pilot_two.press("escape")
            await pilot_two.pause()
            assert isinstance(second.screen, StartScreen)
            assert "open in another ops-maturity session" in _text(second, "#start-errors")


async def test_a_file_changed_under_the_app_is_not_overwritten(
    half_finished: Path, minimal: Questionnaire
) -> None:
    """Another program rewrites the file: the next answer is refused with a warning, not lost."""
    app = make_app(resume=half_finished, folder=half_finished.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        theirs = Assessment.start(minimal, "Payments", "2026-Q2", facilitator="Edited in git")
        save_assessment_atomically(theirs, half_finished)
        their_bytes = half_finished.read_bytes()
        await pilot.press("2")
        await pilot.pause()
        assert half_finished.read_bytes() == their_bytes
        assert "was changed by another program" in _text(app, "#save-warning")
        assert app.assessment is not None
        assert len(app.assessment.answers) == 4, "the answer is kept in memory"


async def test_a_file_deleted_under_the_app_is_written_again(half_finished: Path) -> None:
    """The file vanishes mid-session: the next answer writes every answer back."""
    app = make_app(resume=half_finished, folder=half_finished.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        half_finished.unlink()
        await pilot.press("2")
        await pilot.pause()
        assert len(load_assessment(half_finished).answers) == 4


async def test_declining_from_the_start_screen_explains_why(
    tmp_path: Path, minimal_path: str
) -> None:
    """Resuming a held file from the Start screen, then Back: the holder is named above the form."""
    first = _team_app(tmp_path, minimal_path)
    async with first.run_test(size=(80, 24)) as pilot_one:
        await pilot_one.pause()
        second = make_app(folder=tmp_path)
        async with second.run_test(size=(120, 40)) as pilot_two:
            await pilot_two.pause()
            await second.workers.wait_for_complete()
            await pilot_two.pause()
            await pilot_two.press("ctrl+r", "enter")
            await pilot_two.pause()
            assert isinstance(second.screen, ConfirmDialog) and second.screen.id == LOCKED
            await pilot_two.press("escape")
            await pilot_two.pause()
            assert isinstance(second.screen, StartScreen)
            assert "open in another ops-maturity session" in _text(second, "#start-errors")


async def test_two_names_of_one_file_open_read_only_and_neither_writes(
    half_finished: Path,
) -> None:
    """Hard-linked names once got two locks, both apps wrote, and each name ended with only its
    own votes. Now each opens read-only, says why, and the two names stay one file."""
    other_name = half_finished.with_name("linked.toml")
    os.link(half_finished, other_name)
    before = half_finished.read_bytes()
    first = make_app(resume=half_finished, folder=half_finished.parent)
    second = make_app(resume=other_name, folder=half_finished.parent)
    async with first.run_test(size=(80, 24)) as pilot_one:
        async with second.run_test(size=(80, 24)) as pilot_two:
            for app, pilot in ((first, pilot_one), (second, pilot_two)):
                await pilot.pause()
                assert isinstance(app.screen, AssessScreen)
                assert app.read_only
                assert "2 names (hard links)" in _text(app, "#save-warning")
                await pilot.press("4")
                await pilot.pause()
                assert any("hard links" in message for message in _messages(app))
            await pilot_two.press("ctrl+q")
        await pilot_one.press("ctrl+q")
    assert half_finished.read_bytes() == other_name.read_bytes() == before
    assert half_finished.stat().st_ino == other_name.stat().st_ino
    assert not lock_path_for(half_finished).exists()


async def test_a_read_only_assessment_opens_read_only_and_says_why(half_finished: Path) -> None:
    """`chmod 444` is respected: shown, never rewritten, with the way to make it writable."""
    half_finished.chmod(0o444)
    before = half_finished.read_bytes()
    app = make_app(resume=half_finished, folder=half_finished.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        assert app.read_only
        warning = _text(app, "#save-warning")
        assert "Read-only" in warning and "chmod u+w" in warning
        await pilot.press("4", "n")
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen), "no notes dialog on a read-only file"
        await pilot.press("ctrl+q")
    assert half_finished.read_bytes() == before
    assert half_finished.stat().st_mode & 0o777 == 0o444
