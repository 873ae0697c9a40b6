"""Pilot tests of team mode: hidden votes, the reveal, the median, overrides, the discuss flag,
absent and N/A votes, resuming in the hidden state, anonymous votes and duplicate names.

Each test drives the keys a facilitator presses and asserts on the screen and on the file on disk.
"""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.votes import Mode, SpecialVote, mode_of, votes_for
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.dialogs.area_summary import AreaSummaryDialog
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.start import StartScreen
from ops_maturity.ui.widgets.choice_list import ChoiceList
from ops_maturity.ui.widgets.countdown import Countdown
from ops_maturity.ui.widgets.vote_grid import VoteGrid
from textual.content import Content
from textual.widgets import Checkbox, Input, Static
from timing import ManualClock, wait_for

PEOPLE = ["Ana", "Bo", "Chen", "Dev", "Eli"]


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
    screen = app.screen
    assert isinstance(screen, AssessScreen)
    return screen


def grid_text(app: OpsMaturityApp) -> str:
    rendered = app.screen.query_one(VoteGrid).render()
    assert isinstance(rendered, Content)
    return rendered.plain


def grid_words(app: OpsMaturityApp) -> str:
    """The grid's text with its lines joined: a sentence the grid wrapped reads whole."""
    return " ".join(grid_text(app).split())


def countdown_text(app: OpsMaturityApp) -> str:
    countdown = app.screen.query_one(Countdown)
    return countdown.text and f"⏱ {countdown.text}"


def saved_bytes(app: OpsMaturityApp) -> bytes:
    assert app.assessment_path is not None
    return app.assessment_path.read_bytes()


async def test_votes_are_hidden_then_revealed_with_median_discuss_and_override(
    tmp_path: Path, minimal_path: str, minimal: Questionnaire
) -> None:
    """Five votes stay hidden; v reveals the median and the discuss flag; o 4 overrides."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = assess(app)
        question = screen.question
        assert screen.team_mode
        assert screen.query_one(VoteGrid).display and not screen.query_one(ChoiceList).display
        await pilot.press("4", "2", "2", "1")
        await pilot.pause()
        text = grid_text(app)
        assert "4 of 5 voted" in text and "Votes hidden" in text
        rows = [line for line in text.splitlines() if any(name in line for name in PEOPLE)]
        assert len(rows) == 5
        for row in rows:  # a ticked name, never the value
            assert not any(label in row for label in ("Fully", "Partially", "Not in place"))
        await pilot.press("4")
        await pilot.pause()
        on_disk = load_assessment(app.assessment_path)  # type: ignore[arg-type]
        assert votes_for(on_disk, question.id).votes == {
            "Ana": 3,
            "Bo": 1,
            "Chen": 1,
            "Dev": 0,
            "Eli": 3,
        }
        assert not on_disk.answer_for(question.id).is_answered
        assert screen.index == 0, "recording votes never leaves the question"

        await pilot.press("v")
        await pilot.pause()
        text = grid_text(app)
        assert "Revealed" in text and "5 of 5 voted" in text
        assert "spread 3" in text and "DISCUSS" in text
        assert "Bo, Chen" in text  # the names under their choice
        assert "Team answer: 2 Partially" in text and "median of 5 votes" in text
        on_disk = load_assessment(app.assessment_path)  # type: ignore[arg-type]
        assert on_disk.answer_for(question.id).value == 1
        assert votes_for(on_disk, question.id).revealed

        await pilot.press("o", "4")
        await pilot.pause()
        assert "Team answer: 4 Fully" in grid_text(app)
        assert "set by the facilitator" in grid_text(app)
        on_disk = load_assessment(app.assessment_path)  # type: ignore[arg-type]
        assert on_disk.answer_for(question.id).value == 3
        assert votes_for(on_disk, question.id).overridden
        assert app.assessment is not None
        assert app.assessment.answered_count(minimal) == 1


async def test_even_count_rounds_down_and_says_why(tmp_path: Path, minimal_path: str) -> None:
    """Four votes 2 2 3 3: the team's answer is 2, the cautious middle, with the reason shown."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2", "3", "2", "3", "x", "v")
        await pilot.pause()
        text = grid_words(app)
        assert "Team answer: 2 Partially" in text
        assert "rounded down to the cautious choice" in text
        assert "DISCUSS" not in text


async def test_absent_and_not_applicable_votes(tmp_path: Path, minimal_path: str) -> None:
    """x marks absent (not a vote), n votes not applicable; both are saved as such."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = assess(app).question
        await pilot.press("x", "n", "3", "minus", "?")
        await pilot.pause()
        assert "3 of 5 voted" in grid_text(app)
        assert "absent" in grid_text(app)
        on_disk = load_assessment(app.assessment_path)  # type: ignore[arg-type]
        assert votes_for(on_disk, question.id).votes == {
            "Ana": SpecialVote.ABSENT,
            "Bo": SpecialVote.NOT_APPLICABLE,
            "Chen": 2,
            "Dev": SpecialVote.ABSENT,
            "Eli": SpecialVote.DONT_KNOW,
        }
        await pilot.press("backspace")  # the highlight stays on Eli, the last row
        await pilot.pause()
        assert "2 of 5 voted" in grid_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert "Team answer: 3 Mostly" in grid_text(app)


async def test_resume_returns_to_the_same_question_still_hidden(
    tmp_path: Path, minimal_path: str
) -> None:
    """Votes on question 3, unrevealed; reopening the file shows question 3 with votes hidden."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right", "right", "3", "1")
        await pilot.pause()
        path = app.assessment_path
        await pilot.press("ctrl+q")
    assert path is not None
    again = make_app(resume=path, folder=tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = assess(again)
        assert screen.index == 2
        text = grid_text(again)
        assert "Votes hidden" in text and "2 of 5 voted" in text
        assert "Mostly  " not in text and "Team answer" not in text
        await pilot.press("v")
        await pilot.pause()
        assert "Team answer: 1 Not in place" in grid_text(again)


async def test_anonymous_votes_never_write_a_name(tmp_path: Path, minimal_path: str) -> None:
    """With anonymous votes the grid shows seats and the file holds counts, never a name."""
    app = team_app(tmp_path, minimal_path, anonymous_votes=True, facilitator="Priya")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4", "4", "1", "x", "2", "v", "o", "3", "e")
        await pilot.pause()
        await pilot.press(*"kept", "ctrl+s")
        await pilot.pause()
        text = grid_text(app)
        assert "Voter 1: voted" in text, "a seat's vote is never shown next to it"
        assert "Fully" in text and "Voter 2" not in text
        written = saved_bytes(app)
        assert b"vote_counts" in written and b"Priya" in written
        for name in PEOPLE:
            assert name.encode() not in written
        on_disk = load_assessment(app.assessment_path)  # type: ignore[arg-type]
        assert on_disk.anonymous_votes and len(on_disk.participants) == 5


async def test_switching_to_solo_mode_answers_directly(tmp_path: Path, minimal_path: str) -> None:
    """t switches to solo mode: digits answer the question as before, and it is saved."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = assess(app)
        await pilot.press("t")
        await pilot.pause()
        assert app.assessment is not None
        assert mode_of(app.assessment) is Mode.TEAM, "t asks first: nothing switches yet"
        await pilot.press("y")
        await pilot.pause()
        assert not screen.team_mode and screen.query_one(ChoiceList).display
        await pilot.press("3")
        await pilot.pause()
        on_disk = load_assessment(app.assessment_path)  # type: ignore[arg-type]
        assert mode_of(on_disk) is Mode.SOLO
        assert on_disk.answers and screen.index == 1


async def test_finishing_an_area_shows_its_summary(
    tmp_path: Path, minimal_path: str, minimal: Questionnaire
) -> None:
    """Revealing the last question of an area shows its level and widest spread."""
    app = team_app(tmp_path, minimal_path)
    area = minimal.areas[0]
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for number in range(len(area.questions)):
            keys = ["1", "4", "3", "3", "3"] if number == 0 else ["3", "3", "3", "3", "3"]
            await pilot.press(*keys, "v")
            await pilot.pause()
            if number + 1 < len(area.questions):
                assert not isinstance(app.screen, AreaSummaryDialog)
                await pilot.press("right")
        assert isinstance(app.screen, AreaSummaryDialog)
        spreads = app.screen.query_one("#area-summary-spreads", Static).content
        assert isinstance(spreads, Content)
        assert "spread 3" in spreads.plain
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)


async def test_duplicate_participants_are_refused_on_the_start_screen(
    tmp_path: Path, minimal_path: str
) -> None:
    """'Ana, Bo, ana' is refused under the field, and no file is written."""
    app = make_app(questionnaire=minimal_path, folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"Payments")
        app.screen.query_one("#participants", Input).value = "Ana, Bo, ana"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        error = app.screen.query_one("#participants-error", Static)
        assert error.display and "Ana" in str(error.render())
        assert not list(tmp_path.glob("*.toml"))


async def test_start_screen_offers_anonymous_votes(tmp_path: Path, minimal_path: str) -> None:
    """Ticking 'Anonymous votes' on the Start screen keeps names out of the new file."""
    app = make_app(questionnaire=minimal_path, folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"Payments")
        app.screen.query_one("#participants", Input).value = "Ana, Bo, Chen"
        app.screen.query_one("#anonymous", Checkbox).value = True
        app.screen.query_one("#team", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        await pilot.press("2", "3")
        await pilot.pause()
        written = saved_bytes(app)
        assert b"voter_count = 3" in written
        assert not any(name.encode() in written for name in ("Ana", "Bo", "Chen"))


async def test_timebox_counts_down_warns_and_never_advances(
    tmp_path: Path, minimal_path: str
) -> None:
    """A 90-second timebox counts down on the app's clock, then says "Time's up", and the
    question stays put. The test moves the clock: the countdown cannot end before it looks."""
    clock = ManualClock()
    app = team_app(tmp_path, minimal_path, timebox=90, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "⏱ 1:30" in countdown_text(app)
        await pilot.press("3", "3")
        clock.advance(60)
        await wait_for(
            lambda: "⏱ 0:30" in countdown_text(app), "the countdown at 0:30", pilot=pilot
        )
        clock.advance(30)
        await wait_for(lambda: "Time's up" in countdown_text(app), "time to be up", pilot=pilot)
        assert "Time's up" in countdown_text(app) and "Votes hidden" in grid_text(app)
        assert assess(app).index == 0
        await pilot.press("v")
        await pilot.pause()
        assert "⏱" not in countdown_text(app), "the countdown stops at the reveal"
