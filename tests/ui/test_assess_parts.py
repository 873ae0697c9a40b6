"""The pieces of the Assess screen, each doing its one job: which keys work (`check_action`), the
vote grid's pointer and its messages, the countdown, and a read-only assessment."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TypeVar

import ops_maturity.ui
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.widgets.choice_list import ChoiceList
from ops_maturity.ui.widgets.countdown import Countdown, countdown_text
from ops_maturity.ui.widgets.vote_grid import VoteGrid
from textual.message import Message
from textual.notifications import Notify
from timing import ManualClock, wait_for

PEOPLE = ["Ana", "Bo", "Chen"]
M = TypeVar("M", bound=Message)


def team_app(tmp_path: Path, minimal_path: str, **options: object) -> OpsMaturityApp:
    return make_app(
        questionnaire=minimal_path,
        team="Payments",
        label="2026-Q2",
        folder=tmp_path,
        participants=list(PEOPLE),
        **options,  # type: ignore[arg-type]
    )


def assess(app: OpsMaturityApp) -> AssessScreen:
    assert isinstance(app.screen, AssessScreen)
    return app.screen


def notes(messages: list[Message]) -> list[str]:
    return [m.notification.message for m in messages if isinstance(m, Notify)]


def posted(messages: list[Message], kind: type[M]) -> list[M]:
    """Each message of this kind once (the hook sees a message again at each node it bubbles to)."""
    seen: dict[int, M] = {}
    for message in messages:
        if isinstance(message, kind):
            seen.setdefault(id(message), message)
    return list(seen.values())


async def test_the_digits_answer_in_solo_mode_and_vote_in_team_mode(
    tmp_path: Path, minimal_path: str
) -> None:
    """One set of digit bindings is enabled at a time; the footer says which, with the scale's
    range, and switching modes switches them."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = assess(app)
        digit = screen.active_bindings["1"].binding
        assert (digit.action, digit.description) == ("vote(1)", "Vote")
        assert app.get_key_display(digit) == "1-4"
        assert "5" not in screen.active_bindings, "the scale has four choices"
        await pilot.press("t", "y")
        await pilot.pause()
        digit = screen.active_bindings["1"].binding
        assert (digit.action, digit.description) == ("answer(1)", "Answer")
        assert "v" not in screen.active_bindings, "reveal is team mode's"


async def test_the_vote_grid_owns_the_pointer_and_says_when_it_moves(
    tmp_path: Path, minimal_path: str
) -> None:
    """A vote moves the pointer to the next participant; o starts an override and escape ends
    it; the grid posts a message for each."""
    messages: list[Message] = []
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        grid = assess(app).query_one(VoteGrid)
        assert grid.highlighted_participant == "Ana"
        await pilot.press("3", "down")
        await pilot.pause()
        assert grid.highlighted_participant == "Chen"
        moves = posted(messages, VoteGrid.Highlighted)
        assert [m.participant for m in moves][-2:] == ["Bo", "Chen"]
        assert all(m.control is grid for m in moves)
        await pilot.press("v", "o")
        await pilot.pause()
        assert grid.override_pending
        assert "escape" in assess(app).active_bindings, "escape cancels while overriding"
        await pilot.press("escape")
        await pilot.pause()
        assert not grid.override_pending
        changes = posted(messages, VoteGrid.OverrideChanged)
        assert [m.pending for m in changes][-2:] == [True, False]


async def test_the_countdown_says_time_is_up_once(tmp_path: Path, minimal_path: str) -> None:
    """Ticks after time is up tell nobody again; the next question starts a new countdown."""
    messages: list[Message] = []
    clock = ManualClock()
    app = team_app(tmp_path, minimal_path, timebox=30, clock=clock)
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        countdown = assess(app).query_one(Countdown)
        assert countdown.display and countdown.text == "0:30"
        clock.advance(31)
        await wait_for(lambda: countdown.text == countdown_text(0), "time's up", pilot=pilot)
        countdown.tick()
        countdown.tick()
        await pilot.pause()
        assert len(posted(messages, Countdown.TimeUp)) == 1
        assert (
            notes(messages).count(
                "Time is up on this question. Reveal with v when the team is ready."
            )
            == 1
        )
        await pilot.press("right")
        await pilot.pause()
        assert countdown.text == "0:30"


async def test_a_read_only_assessment_shows_its_changing_keys_disabled(
    half_finished: Path,
) -> None:
    """Keys that would change it are in the footer but disabled; moving around still works, and
    a click on a choice says why nothing happens, as a key does."""
    half_finished.chmod(0o444)
    messages: list[Message] = []
    app = make_app(resume=half_finished, folder=half_finished.parent)
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        screen = assess(app)
        assert not screen.active_bindings["1"].enabled
        assert not screen.active_bindings["e"].enabled
        assert screen.active_bindings["r"].enabled
        assert screen.active_bindings["right"].enabled
        before = screen.index
        await pilot.click(ChoiceList, offset=(4, 0))
        await pilot.pause()
        assert any(message.startswith("Read-only") for message in notes(messages))
        assert screen.index == before
        await pilot.press("right")
        await pilot.pause()
        assert screen.index == before + 1


def test_the_ui_uses_no_private_textual_attribute() -> None:
    """No `_bindings`, `_keymap` or other underscore attribute of Textual's objects, and no
    import of Textual's private modules, anywhere in the UI."""
    root = Path(ops_maturity.ui.__file__).parent
    private = {"_bindings", "_keymap", "_nodes", "_compose_stacks"}
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                assert node.attr not in private, f"{path}:{node.lineno}: .{node.attr}"
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("textual._"), f"{path}:{node.lineno}"
