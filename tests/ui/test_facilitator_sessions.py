"""Pilot tests at 80x24 of a facilitator's session over several retros: today's plan and the
time left on the app's clock, the plan offered on resume, the Start screen's Today field and
the palette's plan; the timebox and absent participants kept across a resume; flags for
discussion listed in the palette."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Self

import ops_maturity.core.model.assessment as assessment_module
import pytest
from ops_maturity.core.model.assessment import SessionRecord
from ops_maturity.core.model.votes import SpecialVote, votes_for
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.dialogs.session_plan import SessionPlanDialog
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.start import StartScreen
from ops_maturity.ui.widgets.countdown import Countdown
from ops_maturity.ui.widgets.vote_grid import VoteGrid
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.widgets import Input, Static
from timing import ManualClock, wait_for

SMALL = (80, 24)
TODAY = dt.date(2026, 11, 9)
LAST_WEEK = dt.date(2026, 11, 2)


class FrozenDate(dt.date):
    """A date whose today() is TODAY."""

    @classmethod
    def today(cls) -> Self:
        return cls.fromordinal(TODAY.toordinal())


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """'Today' is Monday 9 November 2026 for the sessions these tests record."""
    monkeypatch.setattr(assessment_module, "dt", SimpleNamespace(date=FrozenDate))
    assert assessment_module.today() == TODAY


def assess(app: OpsMaturityApp) -> AssessScreen:
    screen = app.screen
    assert isinstance(screen, AssessScreen), screen
    return screen


def palette_highlights(app: OpsMaturityApp, text: str) -> bool:
    """The palette is open with `text` in its highlighted command (ready for enter)."""
    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return False
    commands = palette.query_one(CommandList)
    if commands.highlighted is None:
        return False
    return text in str(commands.get_option_at_index(commands.highlighted).prompt)


def today_text(app: OpsMaturityApp) -> str:
    widget = assess(app).query_one("#today", Static)
    return str(widget.render()) if widget.display else ""


def grid_text(app: OpsMaturityApp) -> str:
    rendered = assess(app).query_one(VoteGrid).render()
    assert isinstance(rendered, Content)
    return rendered.plain


async def test_today_shows_the_plan_and_the_time_left_from_this_sessions_pace(
    tmp_path: Path, minimal_path: str
) -> None:
    """`run --areas visibility`: 'today: 0 of 4', then after two answers 120 s apart on the
    app's clock 'about 4 min left' for the two still open; the file keeps the session."""
    clock = ManualClock()
    app = make_app(
        questionnaire=minimal_path,
        team="Payments",
        label="2026-Q4",
        folder=tmp_path,
        areas=("visibility",),
        clock=clock,
    )
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert today_text(app) == "today: 0 of 4 · time left after 2 answers"
        await pilot.press("3")
        await pilot.pause()
        assert today_text(app) == "today: 1 of 4 · time left after 2 answers"
        clock.advance(120)
        await pilot.press("2")
        await wait_for(
            lambda: today_text(app) == "today: 2 of 4 · about 4 min left",
            "the time left from the pace",
            pilot=pilot,
        )
        progress_row = assess(app).query_one("#progress-row")
        assert assess(app).query_one("#today", Static).region.right <= progress_row.region.right
    assert app.assessment_path is not None
    saved = load_assessment(app.assessment_path)
    assert saved.sessions == [
        SessionRecord(
            TODAY,
            ["visibility"],
            [],
            ["visibility.error-rates", "visibility.dashboards"],
            pace_seconds=120,
        )
    ]


async def test_a_plan_of_a_later_area_opens_on_it_and_answers_stay_inside_it(
    tmp_path: Path, minimal_path: str
) -> None:
    """`run --areas incidents` opens on Incident management's first question, not on the
    questionnaire's first; an answer given outside the plan moves back to the plan's next open
    question instead of on in questionnaire order."""
    app = make_app(
        questionnaire=minimal_path,
        team="Solo",
        label="2026-Q4",
        folder=tmp_path,
        areas=("incidents",),
        ack_delay=0,
    )
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(
            lambda: isinstance(app.screen, AssessScreen), "the Assess screen", pilot=pilot
        )
        screen = assess(app)
        assert screen.question.id == "incidents.roles"
        assert "Incident management" in str(screen.card.query_one("#area-name", Static).render())
        await pilot.press("left")  # back to the last visibility question, outside the plan
        await pilot.pause()
        assert screen.question.id == "visibility.anomalies"
        await pilot.press("2")  # answered: moves on to the plan's next open question
        await wait_for(
            lambda: screen.question.id == "incidents.roles", "back inside the plan", pilot=pilot
        )


async def test_resuming_a_planned_assessment_offers_the_next_unfinished_areas(
    tmp_path: Path, half_finished: Path
) -> None:
    """Last week planned Measurement and visibility; today the dialog ticks what is still
    unfinished, as many areas as last week planned; ctrl+s plans it and the screen counts it."""
    assessment = load_assessment(half_finished)
    assessment.sessions = [
        SessionRecord(LAST_WEEK, ["visibility"], answered=["visibility.error-rates"])
    ]
    save_assessment_atomically(assessment, half_finished)
    app = make_app(resume=half_finished, folder=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SessionPlanDialog)
        assert dialog.ticked == ("visibility",)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert today_text(app).startswith("today: 3 of 4")
        assert assess(app).question.id == "visibility.anomalies", "the first open planned one"
    saved = load_assessment(half_finished)
    assert [record.date for record in saved.sessions] == [LAST_WEEK, TODAY]
    assert saved.sessions[-1].planned_areas == ["visibility"]


async def test_the_start_screens_today_field_plans_a_number_of_questions(
    tmp_path: Path, minimal_path: str
) -> None:
    """Typing 3 in Today plans the next three unanswered questions; a wrong area is refused in
    place, naming the areas."""
    app = make_app(questionnaire=minimal_path, folder=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        start.query_one("#team", Input).value = "Payments"
        start.query_one("#today-plan", Input).value = "alerting"
        start.query_one("#team", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        error = start.query_one("#today-error", Static)
        assert error.display and "no area 'alerting'" in str(error.render())
        start.query_one("#today-plan", Input).value = "3"
        start.query_one("#team", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert today_text(app) == "today: 0 of 3 · time left after 2 answers"


async def test_the_palette_plans_today_and_lists_flagged_questions(
    tmp_path: Path, minimal_path: str
) -> None:
    """ctrl+p 'plan today' opens the plan; 2 questions are planned. d flags a question; the
    palette lists it as 'Flagged for discussion' and takes the facilitator back to it."""
    app = make_app(questionnaire=minimal_path, team="Payments", label="2026-Q4", folder=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"plan today")
        await wait_for(
            lambda: palette_highlights(app, "Plan today's session"), "the plan command", pilot=pilot
        )
        await pilot.press("enter")
        await wait_for(
            lambda: isinstance(app.screen, SessionPlanDialog), "the plan dialog", pilot=pilot
        )
        await pilot.press("tab", "2", "enter")
        await pilot.pause()
        assert today_text(app) == "today: 0 of 2 · time left after 2 answers"
        await pilot.press("d")
        await pilot.pause()
        flagged = assess(app).question
        assert app.assessment is not None and app.assessment.discuss == [flagged.id]
        position = assess(app).query_one("#question-position", Static)
        assert str(position.render()).startswith("⚑ Question 1")
        await pilot.press("right", "right")
        await pilot.press("ctrl+p", *"flagged")
        await wait_for(
            lambda: palette_highlights(app, "Flagged for discussion"),
            "the flagged one",
            pilot=pilot,
        )
        await pilot.press("enter")
        await wait_for(lambda: assess(app).question is flagged, "back to it", pilot=pilot)
    assert app.assessment_path is not None
    assert load_assessment(app.assessment_path).discuss == [flagged.id]


async def test_the_timebox_and_absent_participants_survive_a_resume(
    tmp_path: Path, minimal_path: str
) -> None:
    """A 90 s timebox and Dev marked absent; after quitting and resuming the file, the countdown
    runs again, Dev is shown absent on the next question and skipped by the pointer, and a
    vote of Dev's marks them back."""
    app = make_app(
        questionnaire=minimal_path,
        team="Payments",
        label="2026-Q4",
        folder=tmp_path,
        participants=["Ana", "Bo", "Dev"],
        timebox=90,
    )
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("3", "2", "x", "v")
        await pilot.pause()
        path = app.assessment_path
        await pilot.press("ctrl+q")
    assert path is not None
    again = make_app(resume=path, folder=tmp_path, clock=ManualClock())
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        screen = assess(again)
        assert screen.query_one(Countdown).text == "1:30", "the timebox was kept"
        dev_row = next(line for line in grid_text(again).splitlines() if "Dev" in line)
        assert "absent" in dev_row
        await pilot.press("1", "1")
        await pilot.pause()
        assert screen.query_one(VoteGrid).highlighted_participant == "Bo", "Dev is skipped"
        assert again.assessment is not None
        assert votes_for(again.assessment, screen.question.id).votes["Dev"] == SpecialVote.ABSENT
        await pilot.press("down", "3")
        await pilot.pause()
        assert again.assessment.absent == [], "a vote of Dev's marks them back"
