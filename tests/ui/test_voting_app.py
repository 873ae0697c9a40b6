"""The voting app a remote participant sees: join, vote before the reveal, see the reveal."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from ops_maturity.core.remote import (
    BarView,
    ChoiceView,
    ServeInfo,
    SessionState,
    collect_votes,
    prepare_remote_folder,
    release_participant,
    write_serve_info,
    write_session_state,
)
from ops_maturity.ui.voting.app import JoinScreen, VoteScreen, VotingApp
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

PEOPLE = ("Ana", "Bo", "[@click=app.quit]Eve")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "team.toml.remote"
    prepare_remote_folder(folder)
    write_serve_info(
        folder, ServeInfo("http://127.0.0.1:8000", "K7QF3M", os.getpid(), "h", 0.0, "s1")
    )
    return folder


def _state(**changes: Any) -> SessionState:
    base = SessionState(
        session_id="s1",
        team="Payments",
        participants=PEOPLE,
        question_id="alerting.symptoms",
        question_number=3,
        question_count=64,
        area_title="Alerting",
        prompt="Do alerts fire on user-facing symptoms?",
        # Scale values need not be 1..N: key 1 is the first choice, whatever its value.
        choices=(ChoiceView(0, "Not in place"), ChoiceView(1, "Partly"), ChoiceView(2, "Yes")),
    )
    return dataclasses.replace(base, **changes)


async def _join(app: VotingApp, pilot: Pilot[None], name_index: int) -> None:
    """Join with the right code as the participant at `name_index`."""
    await pilot.pause()
    app.screen.query_one("#join-code", Input).value = "K7QF3M"
    app.screen.query_one("#join-names", OptionList).highlighted = name_index
    await pilot.click("#join")
    await pilot.pause()


def _text(app: VotingApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_join_refuses_a_wrong_code_then_votes_and_sees_the_reveal(tmp_path: Path) -> None:
    """Wrong code refused; right code joins; a vote is saved; the reveal shows the bars."""
    folder = _folder(tmp_path)
    write_session_state(folder, _state())
    app = VotingApp(folder)
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen)
        app.screen.query_one("#join-code", Input).value = "WRONG1"
        app.screen.query_one("#join-names", OptionList).highlighted = 1
        await pilot.click("#join")
        await pilot.pause()
        assert "not right" in _text(app, "#join-message")
        assert isinstance(app.screen, JoinScreen)

        code = app.screen.query_one("#join-code", Input)
        code.value = ""
        code.focus()
        await pilot.press(*"k7qf3m", "enter")  # the keyboard way: code, Enter, Enter on a name
        assert app.screen.focused is app.screen.query_one("#join-names", OptionList)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VoteScreen), _text(app, "#join-message")
        assert "Question 3 of 64 · Alerting" in _text(app, "#where")
        assert "hidden" in _text(app, "#distribution")

        await pilot.press("2")
        await pilot.pause()
        assert "Saved ✓ 2 · Partly" in _text(app, "#vote-message")
        assert collect_votes(folder, "s1", PEOPLE).votes == {"Bo": {"alerting.symptoms": 1}}

        await pilot.press("9")
        await pilot.pause()
        assert "no choice 9" in _text(app, "#vote-message")

        await pilot.press("3")  # change of mind before the reveal
        await pilot.pause()
        assert collect_votes(folder, "s1", PEOPLE).votes == {"Bo": {"alerting.symptoms": 2}}

        bars = (BarView("Partly", 1, ("Ana",)), BarView("Yes", 1, ("Bo",)))
        write_session_state(folder, _state(revealed=True, distribution=bars))
        await pilot.pause(0.6)
        shown = _text(app, "#distribution")
        assert "Votes revealed" in shown
        assert "Ana" in shown and "Bo" in shown

        await pilot.press("1")  # closed after the reveal
        await pilot.pause()
        assert "closed" in _text(app, "#vote-message")
        assert collect_votes(folder, "s1", PEOPLE).votes == {"Bo": {"alerting.symptoms": 2}}


async def test_the_next_question_follows_the_facilitator_and_ending_stops_votes(
    tmp_path: Path,
) -> None:
    """The page moves on with the facilitator and stops taking votes when the session ends."""
    folder = _folder(tmp_path)
    write_session_state(folder, _state())
    app = VotingApp(folder)
    async with app.run_test(size=(90, 30)) as pilot:
        await _join(app, pilot, 2)
        assert isinstance(app.screen, VoteScreen)
        assert "[@click=app.quit]Eve" in _text(app, ".title")  # shown literally, no action
        write_session_state(
            folder, _state(question_id="oncall.rota", question_number=4, prompt="Fair rota?")
        )
        await pilot.pause(0.6)
        assert "Fair rota?" in _text(app, "#prompt")
        assert "not voted yet" in _text(app, "#own-vote")

        write_session_state(folder, _state(question_id="oncall.rota", ended=True))
        await pilot.pause(0.6)
        await pilot.press("1")
        await pilot.pause()
        assert "ended" in _text(app, "#vote-message")
        assert collect_votes(folder, "s1", PEOPLE).votes == {}


async def test_a_released_name_stops_voting(tmp_path: Path) -> None:
    """When the facilitator releases the name, this page says so and no longer votes."""
    folder = _folder(tmp_path)
    write_session_state(folder, _state())
    app = VotingApp(folder)
    async with app.run_test(size=(90, 30)) as pilot:
        await _join(app, pilot, 0)
        release_participant(folder, "Ana")
        await pilot.pause(0.6)
        await pilot.press("2")
        await pilot.pause()
        assert "released" in _text(app, "#vote-message")
        assert collect_votes(folder, "s1", PEOPLE).votes == {}


async def test_the_voting_app_offers_no_command_palette(tmp_path: Path) -> None:
    """ctrl+p opens nothing: no command in the voting app can reach the disk."""
    folder = _folder(tmp_path)
    write_session_state(folder, _state())
    app = VotingApp(folder)
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen)
        assert not app.ENABLE_COMMAND_PALETTE
