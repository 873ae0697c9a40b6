"""The one confirmation dialog: its keys, its default, and names and paths shown as data."""

from __future__ import annotations

from pathlib import Path

from ops_maturity.ui.dialogs.confirm import ConfirmDialog
from ops_maturity.ui.dialogs.confirmations import (
    locked_dialog,
    overwrite_file_dialog,
    replace_remote_vote_dialog,
    unsaved_quit_dialog,
)
from textual.app import App
from textual.content import Content
from textual.widgets import Button, Static

MARKUP = "[@click=app.quit]x[/] [/bold]\x1b[31m"


class Asker(App[None]):
    """Pushes one dialog and keeps what it dismissed with."""

    def __init__(self, dialog: ConfirmDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.answers: list[bool | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.answers.append)


async def answer_with(dialog: ConfirmDialog, *keys: str) -> list[bool | None]:
    app = Asker(dialog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    return app.answers


async def test_y_confirms_where_the_dialog_offers_it() -> None:
    """'Replace (y)': y replaces the file."""
    assert await answer_with(overwrite_file_dialog(Path("team.md")), "y") == [True]


async def test_y_does_nothing_where_no_button_offers_it() -> None:
    """Quitting and losing answers takes the button, never a stray y."""
    assert await answer_with(unsaved_quit_dialog(Path("team.toml"), "disk full"), "y") == []


async def test_n_and_escape_leave_things_as_they_are() -> None:
    """Both keys dismiss with False in every confirmation."""
    for key in ("n", "escape"):
        for dialog in (
            overwrite_file_dialog(Path("team.md")),
            unsaved_quit_dialog(Path("team.toml"), "disk full"),
            replace_remote_vote_dialog("Ana", "Mostly", "Fully"),
            locked_dialog("Held by process 1"),
        ):
            assert await answer_with(dialog, key) == [False], (key, dialog.id)


async def test_enter_presses_the_focused_button() -> None:
    """The safe button has focus where answering yes loses something; read-only is offered."""
    assert await answer_with(unsaved_quit_dialog(Path("t.toml"), "disk full"), "enter") == [False]
    assert await answer_with(replace_remote_vote_dialog("Ana", "1", "2"), "enter") == [False]
    assert await answer_with(overwrite_file_dialog(Path("team.md")), "enter") == [False]
    assert await answer_with(locked_dialog("Held by process 1"), "enter") == [True]


async def test_a_file_that_cannot_be_opened_offers_only_back() -> None:
    """Without can_open there is one button, Back, and enter goes back."""
    app = Asker(locked_dialog("Held by process 1", can_open=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [str(button.label) for button in app.screen.query(Button)] == ["Back"]
        await pilot.press("enter")
        await pilot.pause()
    assert app.answers == [False]


async def test_names_and_paths_are_shown_as_data() -> None:
    """Markup in a path or a name is shown literally, with control characters removed."""
    for dialog in (
        overwrite_file_dialog(Path(MARKUP)),
        unsaved_quit_dialog(Path(MARKUP), MARKUP),
        replace_remote_vote_dialog(MARKUP, MARKUP, MARKUP),
        locked_dialog(MARKUP),
    ):
        app = Asker(dialog)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            message = app.screen.query_one("#confirm-message", Static).content
            assert isinstance(message, Content)
            assert "[@click=app.quit]x[/] [/bold]" in message.plain
            assert "\x1b" not in message.plain
            assert app.is_running
