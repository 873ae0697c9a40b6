"""Team mode's widgets (the countdown and the vote grid) and the remote-voting panel are mounted
when first needed: a solo first screen does without them, and team mode still finds them, in
their place, however it starts (at launch, or switched to with t).
"""

from __future__ import annotations

from pathlib import Path

from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.widgets.countdown import Countdown
from ops_maturity.ui.widgets.question_card import QuestionCard
from ops_maturity.ui.widgets.remote_panel import RemotePanel
from ops_maturity.ui.widgets.vote_grid import VoteGrid

PEOPLE = ["Ana", "Bo", "Chen"]
TEAM_WIDGETS = (VoteGrid, Countdown, RemotePanel)
CARD_ORDER = ["last-answer", "countdown", "vote-grid", "answer-details"]
"""The card's lines under the choices, in the order they were composed before they were lazy."""


def assess(app: OpsMaturityApp) -> AssessScreen:
    screen = app.screen
    assert isinstance(screen, AssessScreen), screen
    return screen


def card_order(screen: AssessScreen) -> list[str]:
    ids = [child.id for child in screen.query_one(QuestionCard).children]
    return [name for name in ids if name in CARD_ORDER]


async def test_a_solo_first_screen_mounts_no_team_widget(tmp_path: Path, minimal_path: str) -> None:
    app = make_app(questionnaire=minimal_path, team="Solo", folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = assess(app)
        for widget in TEAM_WIDGETS:
            assert not screen.query(widget), f"{widget.__name__} mounted in solo mode"
        await pilot.press("3")  # answering, moving on, checking keys: still none of them
        await pilot.pause()
        for widget in TEAM_WIDGETS:
            assert not screen.query(widget), f"{widget.__name__} mounted in solo mode"


async def test_team_mode_at_launch_has_its_grid_and_countdown_in_place(
    tmp_path: Path, minimal_path: str
) -> None:
    app = make_app(
        questionnaire=minimal_path,
        team="Team",
        folder=tmp_path,
        participants=PEOPLE,
        timebox=90,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = assess(app)
        assert screen.query_one(VoteGrid).display
        assert screen.query_one(Countdown).display and screen.query_one(Countdown).text == "1:30"
        assert card_order(screen) == CARD_ORDER
        assert not screen.query(RemotePanel), "no panel before remote voting starts"


async def test_switching_a_solo_session_to_team_mode_mounts_them(
    tmp_path: Path, minimal_path: str
) -> None:
    """A team assessment resumed in solo mode never needed the grid; t then y mounts it, and
    the votes work as ever."""
    app = make_app(questionnaire=minimal_path, team="Team", folder=tmp_path, participants=PEOPLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t", "y")  # to solo mode, saved
        await pilot.pause()
        assert not assess(app).team_mode
        path = app.assessment_path
    assert path is not None
    app = make_app(resume=path, folder=tmp_path, timebox=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = assess(app)
        assert not screen.team_mode
        assert not screen.query(VoteGrid) and not screen.query(Countdown)
        await pilot.press("t", "y")
        await pilot.pause()
        assert screen.team_mode
        grid = screen.query_one(VoteGrid)
        assert grid.display and not screen.query_one("#choices").display
        assert screen.query_one(Countdown).text == "1:00"
        assert card_order(screen) == CARD_ORDER
        await pilot.press("2")  # Ana's vote
        await pilot.pause()
        assert app.assessment is not None
        votes = app.assessment.votes[screen.question.id]
        assert len(votes.all_votes) == 1
        await pilot.press("t", "y")  # back to solo: the grid hides, the countdown stops
        await pilot.pause()
        assert not grid.display and not screen.query_one(Countdown).display
