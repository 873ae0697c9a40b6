"""Remote voting end to end without a browser: the facilitator's app (headless, in this process)
serves the page, participants join and vote over the real websocket, and the app records, saves
and only then says "Counted"."""

from __future__ import annotations

import json
import socket
import tomllib
from pathlib import Path
from typing import Any

import pytest
from ops_maturity.core.remote.options import RemoteOptions
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.dialogs.confirm import ConfirmDialog
from ops_maturity.ui.dialogs.confirmations import REPLACE_REMOTE_VOTE
from ops_maturity.ui.dialogs.remote_join import RemoteJoinDialog
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.widgets.remote_panel import RemotePanel
from ops_maturity.ui.widgets.vote_grid import VoteGrid

from .client import MINIMAL, Participant, remote_running, team_app, until


def _saved_votes(app: OpsMaturityApp, question_id: str) -> dict[str, Any]:
    path = app.assessment_path
    assert path is not None
    answers = tomllib.loads(path.read_text(encoding="utf-8")).get("answers", {})
    return dict(answers.get(question_id, {}).get("votes", {}))


def _screen(app: OpsMaturityApp) -> AssessScreen:
    screen = app.screen
    assert isinstance(screen, AssessScreen)
    return screen


def _panel_text(app: OpsMaturityApp) -> str:
    return str(_screen(app).query_one(RemotePanel).render())


def _asks(app: OpsMaturityApp, question: str) -> bool:
    """The confirmation with this id is on screen."""
    return isinstance(app.screen, ConfirmDialog) and app.screen.id == question


def _grid_text(app: OpsMaturityApp) -> str:
    return str(_screen(app).query_one(VoteGrid).render())


async def test_a_remote_vote_is_counted_only_once_saved(tmp_path: Path) -> None:
    """Join, vote: "Counted" arrives when the vote is already in the saved file."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        assert session.url in _panel_text(app) and session.room.code in _panel_text(app)
        async with Participant(session.url) as ana:
            await ana.join(session.room.code, "Ana")
            await until(lambda: "1 of 3 joined: Ana" in _panel_text(app), pilot)
            question = ana.question["id"]
            assert question == _screen(app).question.id
            reply = await ana.vote(ana.choice(2))
            assert reply["type"] == "counted" and reply["label"].startswith("2 · ")
            assert _saved_votes(app, question) == {"Ana": ana.choice(2)}  # on disk already
            await until(lambda: "voted remotely" in _grid_text(app), pilot)
            assert "1 of 3 voted" in _grid_text(app)


async def test_a_vote_sent_after_the_reveal_is_refused_and_not_counted(tmp_path: Path) -> None:
    """A vote still naming the round before the reveal is refused; the saved votes stay."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with Participant(session.url) as ana:
            await ana.join(session.room.code, "Ana")
            assert (await ana.vote(ana.choice(1)))["type"] == "counted"
            before_reveal = dict(ana.state)
            await pilot.press("v")
            state = await ana.next("state")
            assert state["question"]["revealed"] is True
            assert state["question"]["distribution"][0]["names"] == ["Ana"]
            ana.state = before_reveal  # the page had not heard of the reveal yet
            reply = await ana.vote(ana.choice(4))
            assert reply["type"] == "refused"
            assert "revealed before it arrived" in reply["reason"]
            assert _saved_votes(app, ana.question["id"]) == {"Ana": ana.choice(1)}


async def test_a_vote_sent_before_next_is_never_counted_on_another_question(
    tmp_path: Path,
) -> None:
    """After the facilitator moves on, a vote for the previous question is refused, and the new
    question gets no vote from it."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with Participant(session.url) as bo:
            await bo.join(session.room.code, "Bo")
            old = dict(bo.state)
            first = bo.question["id"]
            await pilot.press("right")
            await bo.next("state")
            second = bo.question["id"]
            bo.state = old
            reply = await bo.vote(bo.choice(3))
            assert reply["type"] == "refused" and "moved on to question 2" in reply["reason"]
            assert _saved_votes(app, first) == {} and _saved_votes(app, second) == {}
            assert "moved on" in _panel_text(app)


async def test_the_facilitators_digits_skip_a_remote_voter(tmp_path: Path) -> None:
    """Ana voted from her phone: the digits record Bo's and Chen's votes, never over hers."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with Participant(session.url) as ana:
            await ana.join(session.room.code, "Ana")
            await ana.vote(ana.choice(4))
            await pilot.press("1", "2")
            question = _screen(app).question
            values = [choice.value for choice in question.scale.choices]
            assert _saved_votes(app, question.id) == {
                "Ana": values[3],
                "Bo": values[0],
                "Chen": values[1],
            }


async def test_changing_a_remote_vote_asks_first(tmp_path: Path) -> None:
    """A key on a remote voter opens a confirmation; Esc keeps her vote, Replace changes it and
    her page hears of it."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with Participant(session.url) as ana:
            await ana.join(session.room.code, "Ana")
            await ana.vote(ana.choice(4))
            screen = _screen(app)
            question = screen.question
            await pilot.press("up", "up", "up")
            assert screen.highlighted_participant == "Ana"
            await pilot.press("1")
            await until(lambda: _asks(app, REPLACE_REMOTE_VOTE), pilot)
            await pilot.press("escape")
            await until(lambda: app.screen is screen, pilot)
            assert _saved_votes(app, question.id) == {"Ana": ana.choice(4)}
            await pilot.press("up", "up", "up", "1")  # back on the screen, the highlight skips her
            await until(lambda: _asks(app, REPLACE_REMOTE_VOTE), pilot)
            await pilot.click("#confirm")
            await until(lambda: _saved_votes(app, question.id) == {"Ana": ana.choice(1)}, pilot)
            state = await ana.next("state")
            while state["question"]["own"] != ana.choice(1):
                state = await ana.next("state")
            assert "voted remotely" not in _grid_text(app)


async def test_off_scale_votes_and_unknown_names_are_refused_on_the_status_line(
    tmp_path: Path,
) -> None:
    """A vote off the scale (99) and a join as someone not in the participants are refused,
    with the reason on the page and on the facilitator's status line; nothing is saved."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with Participant(session.url) as chen:
            await chen.join(session.room.code, "Chen")
            reply = await chen.vote(99)
            assert reply["type"] == "refused"
            assert "99 is not a choice on this question" in reply["reason"]
            await until(lambda: "99 is not a choice" in _panel_text(app), pilot)
            assert _saved_votes(app, chen.question["id"]) == {}
            status, refused = await chen.post_join(session.room.code, "Mallory")
            assert status == 403 and "not one of this session's participants" in refused["reason"]
            await until(lambda: "Mallory" in _panel_text(app), pilot)


async def test_no_message_a_participant_sends_crashes_the_app(tmp_path: Path) -> None:
    """Garbage of every kind is refused message by message; the next real vote still counts."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with Participant(session.url) as bo:
            await bo.join(session.room.code, "Bo")
            assert bo.ws is not None
            garbage = [
                "",
                "{",
                "[]",
                "null",
                '{"type": "vote", "question": "x", "round": 1, "value": ' + "9" * 1900 + "}",
                json.dumps({"type": "vote", "question": {"a": 1}, "round": 1, "value": 1}),
                json.dumps(
                    {"type": "vote", "question": bo.question["id"], "round": 1, "value": 1.5}
                ),
                json.dumps({"type": "hello", "name": "Ana"}),
                "[" * 900 + "]" * 900,
            ]
            for text in garbage:
                await bo.ws.send_str(text)
                assert (await bo.next("refused"))["type"] == "refused"
            await bo.ws.send_bytes(b"\x00\xff" * 10)
            assert (await bo.next("refused"))["reason"] == "Not a JSON message."
            assert (await bo.vote(bo.choice(3)))["type"] == "counted"
            assert app.is_running


async def test_a_page_that_reconnects_still_shows_its_counted_vote(tmp_path: Path) -> None:
    """A lost connection loses no acknowledged vote: the new socket's state carries it."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with Participant(session.url) as ana:
            await ana.join(session.room.code, "Ana")
            assert (await ana.vote(ana.choice(2)))["type"] == "counted"
            assert ana.ws is not None
            await ana.ws.close()
            await until(lambda: "(offline)" in _panel_text(app), pilot)
            await ana.connect()
            state = await ana.next("state")
            assert state["question"]["own"] == ana.choice(2)
            assert state["question"]["own_label"].startswith("2 · ")


async def test_releasing_a_name_signs_its_page_out_and_lets_it_join_again(tmp_path: Path) -> None:
    """The facilitator releases Bo: Bo's page is told and closed, another device can join."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with Participant(session.url) as first, Participant(session.url) as second:
            await first.join(session.room.code, "Bo")
            status, _ = await second.post_join(session.room.code, "Bo")
            assert status == 409
            assert session.release("Bo")
            assert "released your name" in (await first.next("signed-out"))["reason"]
            await second.join(session.room.code, "Bo")
            assert (await second.vote(second.choice(1)))["type"] == "counted"


async def test_quitting_closes_every_connection(tmp_path: Path) -> None:
    """ctrl+q tells every page why and closes it; the port stops answering."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        port = session.server.port if session.server else 0
        async with Participant(session.url) as ana, Participant(session.url) as bo:
            await ana.join(session.room.code, "Ana")
            await bo.join(session.room.code, "Bo")
            await pilot.press("ctrl+q")
            for page in (ana, bo):
                ended = await page.next("ended")
                assert ended["reason"] == "The facilitator closed the app."
            with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), 2):
                pass


async def test_stopping_says_so_on_the_status_line(tmp_path: Path) -> None:
    """The palette's stop closes the pages and the status line says when it stopped."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with Participant(session.url) as chen:
            await chen.join(session.room.code, "Chen")
            await app.stop_remote_voting()
            assert "stopped remote voting" in (await chen.next("ended"))["reason"]
            await until(lambda: "Remote voting stopped at" in _panel_text(app), pilot)


async def test_a_port_in_use_is_reported_plainly(tmp_path: Path) -> None:
    """--port on a busy port: the status line says why, and the session goes on without it."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        app = make_app(
            questionnaire=str(MINIMAL),
            team="Payments",
            participants=["Ana", "Bo"],
            folder=tmp_path,
            remote=RemoteOptions(port=port),
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await until(
                lambda: (
                    app.remote_voting is not None
                    and app.remote_voting.status.startswith("Remote voting could not start")
                ),
                pilot,
            )
            assert "the port is in use" in _panel_text(app)
            assert not app.remote_voting.running  # type: ignore[union-attr]
            await pilot.press("1")
            assert isinstance(app.screen, AssessScreen)


async def test_the_palette_starts_remote_voting_and_shows_the_qr_code(tmp_path: Path) -> None:
    """'Start remote voting' on a running team session serves the page and shows how to join."""
    app = make_app(
        questionnaire=str(MINIMAL), team="Payments", participants=["Ana", "Bo"], folder=tmp_path
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, AssessScreen), pilot)
        # Nothing about remote voting on screen before it starts (the panel is not even mounted).
        assert not any(panel.display for panel in _screen(app).query(RemotePanel))
        await pilot.press("ctrl+p")
        await pilot.press(*"start remote")
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, RemoteJoinDialog), pilot)
        session = app.remote_voting
        assert session is not None and session.running
        qr = str(app.screen.query_one("#join-qr").render())
        assert "█" in qr and len(qr.splitlines()) >= 12
        assert session.room.code in str(app.screen.query_one("#join-address").render())
        await pilot.press("escape")
        async with Participant(session.url) as ana:
            await ana.join(session.room.code, "Ana")
            assert (await ana.vote("dont-know"))["type"] == "counted"
        await pilot.press("ctrl+p")
        await pilot.press(*"stop remote")
        await pilot.press("enter")
        await until(lambda: not session.running, pilot)


async def test_solo_mode_offers_no_remote_voting(tmp_path: Path) -> None:
    """One participant is solo mode: the palette does not offer to start remote voting."""
    app = make_app(questionnaire=str(MINIMAL), team="Solo", folder=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, AssessScreen), pilot)
        await app.start_remote_voting()
        assert app.remote_voting is None


async def test_anonymous_votes_hand_out_seats_and_reveal_counts_only(tmp_path: Path) -> None:
    """With anonymous votes the code alone joins (a free seat); the reveal shows no seat."""
    app = make_app(
        questionnaire=str(MINIMAL),
        team="Payments",
        participants=["Ana", "Bo"],
        anonymous_votes=True,
        folder=tmp_path,
        remote=RemoteOptions(port=0),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with Participant(session.url) as page:
            status, reply = await page.post_join(session.room.code)
            assert status == 200 and reply == {"ok": True, "joined": "Voter 1"}
            await page.connect()
            await page.next("state")
            assert (await page.vote(page.choice(3)))["type"] == "counted"
            await pilot.press("v")
            state = await page.next("state")
            bars = state["question"]["distribution"]
            assert all(bar["names"] == [] for bar in bars) and sum(b["count"] for b in bars) == 1


async def test_switching_to_solo_mode_leaves_remote_pages_nothing_to_vote_on(
    tmp_path: Path,
) -> None:
    """t, y switches to solo mode: pages are told there is no question; votes are refused."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with Participant(session.url) as ana:
            await ana.join(session.room.code, "Ana")
            before = dict(ana.state)
            await pilot.press("t", "y")  # t asks first (issue 16)
            state = await ana.next("state")
            assert state["question"] is None
            ana.state = before
            reply = await ana.vote(ana.choice(1))
            assert reply["type"] == "refused" and "no question open" in reply["reason"]
