"""SVG snapshot tests of every screen and dialog, driven through `make_app` as the CLI does.

Snapshots are only worth keeping if they are the same on every run and every machine, so this
module pins everything that could vary: the clock (labels and dates of new assessments), the
input cursor (no blinking), the working folder (a relative `assessments` folder inside tmp_path,
so no temporary path is ever drawn), the colours (no NO_COLOR, the default theme), background
work (the report worker is awaited) and toasts (cleared before the picture, as their timeouts
could expire on a slow machine). Each test checks one screen in one state.

Update with `pytest tests/ui/test_snapshots.py --snapshot-update`, then look at every changed SVG
in tests/ui/__snapshots__/test_snapshots/ before committing it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Self

import ops_maturity.core.model.assessment as assessment_module
import pytest
from ops_maturity.core.model.assessment import Answer, Assessment, SessionRecord
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.file_names import default_assessment_path
from ops_maturity.core.storage.session import stored_questionnaire_path
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.dialogs.area_picker import AreaPickerDialog
from ops_maturity.ui.dialogs.not_applicable import NotApplicableDialog
from ops_maturity.ui.dialogs.notes import NotesDialog
from ops_maturity.ui.dialogs.session_plan import SessionPlanDialog
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.help import HelpScreen
from ops_maturity.ui.screens.report import ReportScreen
from ops_maturity.ui.screens.results import ResultsScreen
from ops_maturity.ui.screens.start import StartScreen
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "examples" / "minimal-questionnaire.toml"
PAYMENTS_Q4 = ROOT / "examples" / "payments-platform-2026-q4.toml"

FROZEN_TODAY = dt.date(2026, 5, 4)
"""'Today' for every snapshot: new assessments carry this date and the default label is LABEL.

It is in another quarter than the day these snapshots were made (2026-11-27), so they show that
the clock really is frozen."""

LABEL = "2026-Q2"
"""The quarter label of FROZEN_TODAY, used for the assessments the tests create."""

FOLDER = Path("assessments")
"""The assessments folder, relative to the test's working folder (tmp_path)."""

QUESTIONNAIRE = "minimal-questionnaire.toml"
"""The minimal example questionnaire, copied into the working folder under this relative name."""

SnapCompare = Callable[..., bool]
RunBefore = Callable[[Pilot[None]], Awaitable[None]]


class FrozenDate(dt.date):
    """A date whose today() is FROZEN_TODAY."""

    @classmethod
    def today(cls) -> Self:
        return cls.fromordinal(FROZEN_TODAY.toordinal())


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Freeze the date ops_maturity.core.model.assessment reads (current_quarter_label, Assessment.start)."""
    monkeypatch.setattr(assessment_module, "dt", SimpleNamespace(date=FrozenDate))
    assert assessment_module.current_quarter_label() == LABEL


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inputs and text areas show a steady cursor, so the picture never catches a blink."""
    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    monkeypatch.setattr(TextArea.cursor_blink, "_default", False)


@pytest.fixture(autouse=True)
def stable_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    """Colours do not depend on the machine: NO_COLOR unset, Textual's default dark theme."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(App.theme, "_default", "textual-dark")


@pytest.fixture(autouse=True)
def working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in tmp_path with the minimal questionnaire beside an empty `assessments` folder."""
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(MINIMAL, tmp_path / QUESTIONNAIRE)
    (tmp_path / FOLDER).mkdir()
    return tmp_path


def settle(*keys: str, expect: type[Screen[Any]]) -> RunBefore:
    """A run_before that presses `keys`, waits for workers, clears toasts and checks the screen.

    The check makes a test fail (instead of recording the wrong picture) when the keys did not
    lead to the `expect` screen, for example because a file failed to open.
    """

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        pilot.app.clear_notifications()
        await pilot.pause()
        assert isinstance(pilot.app.screen, expect), f"{pilot.app.screen!r} is not {expect}"

    return run_before


def team_app() -> OpsMaturityApp:
    """The app opened straight on a new assessment of the minimal questionnaire."""
    return make_app(questionnaire=QUESTIONNAIRE, team="Payments", label=LABEL, folder=FOLDER)


def save_partial_assessment() -> Path:
    """Payments · 2026-Q2 of the minimal questionnaire, 3 of 8 answered; returns its path."""
    questionnaire = load_questionnaire(Path(QUESTIONNAIRE))
    assessment = Assessment.start(
        questionnaire,
        "Payments",
        LABEL,
        facilitator="Priya",
        participants=["Ana", "Bo"],
        today=FROZEN_TODAY,
        questionnaire_path=stored_questionnaire_path(Path(QUESTIONNAIRE), FOLDER),
    )
    assessment.record("visibility.error-rates", Answer(3, owner="Ann"))
    assessment.record("visibility.dashboards", Answer(1))
    assessment.record("incidents.roles", Answer(2))
    assessment.refresh_status(questionnaire)
    path = default_assessment_path(FOLDER, "Payments", LABEL)
    save_assessment_atomically(assessment, path)
    return path


def copy_payments_example() -> Path:
    """The complete example assessment (bundled questionnaire), copied into the folder."""
    path = FOLDER / PAYMENTS_Q4.name
    shutil.copyfile(PAYMENTS_Q4, path)
    return path


class TestStartScreen:
    def test_resume_list_shows_the_saved_assessment(self, snap_compare: SnapCompare) -> None:
        """The Start form with the default label, and one in-progress assessment to resume."""
        save_partial_assessment()
        app = make_app(folder=FOLDER)
        assert snap_compare(app, terminal_size=(80, 24), run_before=settle(expect=StartScreen))

    def test_empty_team_is_explained_in_place(self, snap_compare: SnapCompare) -> None:
        """Enter with no team name shows the error under the Team field."""
        app = make_app(folder=FOLDER)
        assert snap_compare(
            app, terminal_size=(80, 24), run_before=settle("enter", expect=StartScreen)
        )


class TestAssessScreen:
    def test_narrow_layout_shows_progress(self, snap_compare: SnapCompare) -> None:
        """80x24 after two answers: the third question, the sidebar and the progress bar."""
        assert snap_compare(
            team_app(), terminal_size=(80, 24), run_before=settle("3", "2", expect=AssessScreen)
        )

    def test_wide_layout_shows_progress(self, snap_compare: SnapCompare) -> None:
        """160x45 after two answers: sidebar with area levels beside the question card."""
        assert snap_compare(
            team_app(), terminal_size=(160, 45), run_before=settle("3", "2", expect=AssessScreen)
        )

    def test_presentation_mode(self, snap_compare: SnapCompare) -> None:
        """160x45 in presentation mode: no sidebar, spacious choices, projector theme."""
        assert snap_compare(
            team_app(),
            terminal_size=(160, 45),
            run_before=settle("3", "2", "p", expect=AssessScreen),
        )


PARTICIPANTS = ["Ana", "Bo", "Chen", "Dev", "Eli", "Farah", "Goran", "Hana"]
"""Eight people in the room, for the team-mode snapshots."""

TEAM_VOTES = ("4", "2", "2", "1", "4", "3", "x")
"""Seven of eight rows filled (one absent), spread 3: flagged 'discuss' once revealed."""


def voting_app(*, presentation: bool = False) -> OpsMaturityApp:
    """A new team-mode assessment of the minimal questionnaire with eight participants."""
    return make_app(
        questionnaire=QUESTIONNAIRE,
        team="Payments",
        label=LABEL,
        folder=FOLDER,
        participants=PARTICIPANTS,
        presentation=presentation,
    )


class TestVoteGrid:
    def test_votes_hidden_before_the_reveal(self, snap_compare: SnapCompare) -> None:
        """80x24: '6 of 8 voted', names ticked, no value anywhere."""
        assert snap_compare(
            voting_app(),
            terminal_size=(80, 24),
            run_before=settle(*TEAM_VOTES, expect=AssessScreen),
        )

    def test_votes_revealed(self, snap_compare: SnapCompare) -> None:
        """80x24 after v: a bar per choice with names, spread, DISCUSS and the team's answer."""
        assert snap_compare(
            voting_app(),
            terminal_size=(80, 24),
            run_before=settle(*TEAM_VOTES, "v", expect=AssessScreen),
        )

    def test_override_prompt_fits_at_80x24(self, snap_compare: SnapCompare) -> None:
        """80x24, the bundled questionnaire's long first question: after v and o the reveal
        replaces the help, and the team's answer and the override prompt ('1-4') are in view."""
        app = make_app(team="Payments", label=LABEL, folder=FOLDER, participants=PARTICIPANTS)
        assert snap_compare(
            app,
            terminal_size=(80, 24),
            run_before=settle(*TEAM_VOTES, "3", "v", "o", expect=AssessScreen),
        )

    def test_votes_revealed_in_presentation_mode(self, snap_compare: SnapCompare) -> None:
        """160x45 in presentation mode: longer bars, spaced rows, projector theme."""
        assert snap_compare(
            voting_app(presentation=True),
            terminal_size=(160, 45),
            run_before=settle(*TEAM_VOTES, "v", expect=AssessScreen),
        )


def save_planned_last_week() -> Path:
    """The partial assessment with last week's session: Measurement and visibility planned,
    three questions answered at 90 s each. Opening it today offers a plan."""
    path = save_partial_assessment()
    assessment = load_assessment(path)
    assessment.sessions = [
        SessionRecord(
            FROZEN_TODAY - dt.timedelta(days=7),
            ["visibility"],
            answered=["visibility.error-rates", "visibility.dashboards", "incidents.roles"],
            pace_seconds=90,
        )
    ]
    save_assessment_atomically(assessment, path)
    return path


class TestSessions:
    def test_resume_offers_todays_plan(self, snap_compare: SnapCompare) -> None:
        """80x24: resumed on a new day, the plan dialog ticks the next unfinished area and
        estimates the time at last session's pace."""
        app = make_app(resume=save_planned_last_week(), folder=FOLDER)
        assert snap_compare(
            app, terminal_size=(80, 24), run_before=settle(expect=SessionPlanDialog)
        )

    def test_today_and_time_left(self, snap_compare: SnapCompare) -> None:
        """80x24 after ctrl+s: the progress row says 'today: 2 of 4 · about 3 min left at last
        session's pace' beside the count of answers."""
        app = make_app(resume=save_planned_last_week(), folder=FOLDER)
        assert snap_compare(
            app, terminal_size=(80, 24), run_before=settle("ctrl+s", expect=AssessScreen)
        )


class TestDialogs:
    def test_not_applicable_asks_for_a_reason(self, snap_compare: SnapCompare) -> None:
        """n opens the reason dialog over the question, the reason field focused."""
        assert snap_compare(
            team_app(), terminal_size=(80, 24), run_before=settle("n", expect=NotApplicableDialog)
        )

    def test_notes_dialog_edits_notes_and_owner(self, snap_compare: SnapCompare) -> None:
        """e opens the notes and owner dialog; typed notes and owner are shown."""
        keys = ("e", *"Runbook is in the wiki", "tab", *"Ann")
        assert snap_compare(
            team_app(), terminal_size=(80, 24), run_before=settle(*keys, expect=NotesDialog)
        )

    def test_area_picker_lists_the_areas(self, snap_compare: SnapCompare) -> None:
        """a opens the area picker with each area's progress, the current area highlighted."""
        assert snap_compare(
            team_app(), terminal_size=(80, 24), run_before=settle("3", "a", expect=AreaPickerDialog)
        )


class TestResultsScreen:
    def test_complete_assessment(self, snap_compare: SnapCompare) -> None:
        """The complete example: overall level, area bars and the start of the roadmap."""
        app = make_app(resume=copy_payments_example(), folder=FOLDER)
        assert snap_compare(
            app, terminal_size=(80, 24), run_before=settle("r", expect=ResultsScreen)
        )

    def test_partial_assessment_is_marked_incomplete(self, snap_compare: SnapCompare) -> None:
        """A partial assessment says 'Incomplete: 3/8 answered' under the overall level."""
        app = make_app(resume=save_partial_assessment(), folder=FOLDER)
        assert snap_compare(
            app, terminal_size=(80, 24), run_before=settle("r", expect=ResultsScreen)
        )


class TestReportScreen:
    def test_report_is_rendered(self, snap_compare: SnapCompare) -> None:
        """m on the results opens the rendered Markdown report (worker finished)."""
        app = make_app(resume=copy_payments_example(), folder=FOLDER)
        assert snap_compare(
            app, terminal_size=(80, 24), run_before=settle("r", "m", expect=ReportScreen)
        )


class TestHelpScreen:
    def test_help_lists_every_key(self, snap_compare: SnapCompare) -> None:
        """f1 on the Start screen opens the table of keys."""
        app = make_app(folder=FOLDER)
        assert snap_compare(app, terminal_size=(80, 24), run_before=settle("f1", expect=HelpScreen))


class TestTrendsAndTargets:
    def test_results_with_trend_and_target(self, snap_compare: SnapCompare) -> None:
        """Q4 after Q3 in the folder, with a stored target: arrows, sparklines and targets."""
        shutil.copyfile(ROOT / "examples" / "payments-platform-2026-q3.toml", FOLDER / "q3.toml")
        path = copy_payments_example()
        assessment = load_assessment(path)
        assessment.targets["automation"] = 3
        save_assessment_atomically(assessment, path)
        app = make_app(resume=path, folder=FOLDER)
        assert snap_compare(
            app, terminal_size=(100, 30), run_before=settle("r", expect=ResultsScreen)
        )
