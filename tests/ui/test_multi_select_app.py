"""Multi-select questions in the app: they open, are answered as a set with the check boxes in
solo mode, and voted, revealed, overridden and resumed in team mode.

tests/core/fixtures/multi-select.toml: ops.health (yes/no), ops.slo (yes/no), ops.detect (two
choices, met with both), learning.practices (three choices, met with two).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer
from ops_maturity.core.model.votes import record_vote, set_revealed, votes_for
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.assessment_toml import FORMAT_VERSION_WITH_SELECTIONS
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.dialogs.area_summary import AreaSummaryDialog
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.widgets.choice_list import ChoiceList
from ops_maturity.ui.widgets.multi_select import MultiSelectChoices
from ops_maturity.ui.widgets.vote_grid import VoteGrid
from textual.content import Content
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Static
from timing import wait_for

ROOT = Path(__file__).resolve().parents[2]
MULTI = ROOT / "tests" / "core" / "fixtures" / "multi-select.toml"
PEOPLE = ["Ana", "Bo", "Chen"]
DETECT = 2
"""Index of ops.detect, the first multi-select question."""
PRACTICES = 3
"""Index of learning.practices (met with at least 2 of 3)."""


def solo_app(folder: Path) -> OpsMaturityApp:
    return make_app(questionnaire=str(MULTI), team="Demo", label="2027-Q1", folder=folder)


def team_app(folder: Path) -> OpsMaturityApp:
    return make_app(
        questionnaire=str(MULTI),
        team="Demo",
        label="2027-Q1",
        folder=folder,
        participants=list(PEOPLE),
    )


def assess(app: OpsMaturityApp) -> AssessScreen:
    screen = app.screen
    assert isinstance(screen, AssessScreen)
    return screen


def checks(app: OpsMaturityApp) -> MultiSelectChoices:
    return app.screen.query_one(MultiSelectChoices)


def text_of(app: OpsMaturityApp, selector: str) -> str:
    content = app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Content) else str(content)


def grid_text(app: OpsMaturityApp) -> str:
    rendered = app.screen.query_one(VoteGrid).render()
    assert isinstance(rendered, Content)
    return " ".join(rendered.plain.split())  # the grid wraps its lines to the screen's width


def saved(app: OpsMaturityApp) -> Assessment:
    assert app.assessment_path is not None
    return load_assessment(app.assessment_path)


async def close_area_summary(pilot: Pilot[None], app: OpsMaturityApp) -> None:
    """The reveal of an area's last question shows its summary: close it."""
    await wait_for(lambda: isinstance(app.screen, AreaSummaryDialog), "the summary", pilot=pilot)
    await pilot.press("enter")
    await wait_for(lambda: isinstance(app.screen, AssessScreen), "the Assess screen", pilot=pilot)


async def go_to(pilot: Pilot[None], app: OpsMaturityApp, index: int) -> None:
    screen = assess(app)
    screen.go_to(index)
    await pilot.pause()


async def test_a_multi_select_questionnaire_opens_on_the_assess_screen(tmp_path: Path) -> None:
    """--team with a multi-select questionnaire opens it: the check boxes replace the choices."""
    app = solo_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        assert not checks(app).display, "a single-choice question shows the choice list"
        await go_to(pilot, app, DETECT)
        assert checks(app).display
        assert not app.screen.query_one(ChoiceList).display
        assert checks(app).options.has_focus
        assert "Met with both listed choices." in str(
            checks(app).query_one("#multi-select-rule", Static).render()
        )
        assert text_of(app, "#selection-saved").startswith("Not answered yet")


async def test_solo_ticks_then_enter_save_the_set(tmp_path: Path) -> None:
    """1, 2 tick; enter saves {1, 2} (format 3 or later), says 'Saved: ... · met' and moves on."""
    app = solo_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, app, DETECT)
        await pilot.press("1", "2")
        assert saved(app).answer_for("ops.detect").value is None, "ticks alone save nothing"
        await pilot.press("enter")
        await wait_for(lambda: assess(app).index == PRACTICES, "the next question", pilot=pilot)
        on_disk = saved(app)
        assert on_disk.answer_for("ops.detect").value == (1, 2)
        assert app.assessment_path is not None
        written = tomllib.loads(app.assessment_path.read_text(encoding="utf-8"))
        # A set needs format 3 or later (the session's log, [[sessions]], makes it 4).
        assert written["assessment"]["format_version"] >= FORMAT_VERSION_WITH_SELECTIONS
        await go_to(pilot, app, DETECT)
        assert checks(app).selection == (1, 2)
        assert text_of(app, "#selection-saved") == (
            "Saved: External probes; Error-rate alerts · met"
        )


async def test_zero_answers_none_of_these(tmp_path: Path) -> None:
    """0 then enter is the empty set: answered, not met."""
    app = solo_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, app, PRACTICES)
        await pilot.press("0", "enter")
        await wait_for(
            lambda: saved(app).answer_for("learning.practices").value == (),
            "the empty set on disk",
            pilot=pilot,
        )
        await go_to(pilot, app, PRACTICES)
        assert checks(app).none_picked
        assert text_of(app, "#selection-saved") == "Saved: None of these · not in place"


async def test_enter_with_nothing_ticked_saves_nothing(tmp_path: Path) -> None:
    """Enter with no box ticked asks for the ticks (or 0) and writes nothing."""
    messages: list[Message] = []
    app = solo_app(tmp_path)
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await go_to(pilot, app, DETECT)
        await pilot.press("enter")
        await pilot.pause()
        notes = [m.notification.message for m in messages if isinstance(m, Notify)]
        assert any("0 for none of these" in note for note in notes)
        assert assess(app).index == DETECT
        assert app.assessment is not None
        assert app.assessment.answer_for("ops.detect").value is None


async def test_special_answers_and_single_choices_still_work_around_it(tmp_path: Path) -> None:
    """? is don't know on a multi-select question; back on a yes/no question, 2 answers it (the
    check boxes gave the focus back)."""
    app = solo_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, app, DETECT)
        await pilot.press("question_mark")
        await wait_for(lambda: assess(app).index == PRACTICES, "the next question", pilot=pilot)
        assert saved(app).answer_for("ops.detect").value == SpecialAnswer.DONT_KNOW
        await go_to(pilot, app, DETECT)
        assert text_of(app, "#selection-saved") == "Saved: Don't know"
        assert checks(app).selection == () and not checks(app).none_picked
        await go_to(pilot, app, 1)
        assert app.focused is None
        await pilot.press("2")
        await wait_for(
            lambda: saved(app).answer_for("ops.slo").value == 1, "yes on ops.slo", pilot=pilot
        )


async def test_resuming_shows_the_saved_ticks(tmp_path: Path) -> None:
    """A file with a set answer reopens with those boxes ticked and the answer scored."""
    questionnaire = load_questionnaire(MULTI)
    assessment = Assessment.start(questionnaire, "Demo", "2027-Q1", questionnaire_path=str(MULTI))
    assessment.record("learning.practices", Answer((1,)))
    path = tmp_path / "demo.toml"
    save_assessment_atomically(assessment, path)
    app = make_app(resume=path, folder=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, app, PRACTICES)
        assert checks(app).selection == (1,)
        assert text_of(app, "#selection-saved") == "Saved: Blameless reviews · partly in place"
        await pilot.press("3", "enter")
        await wait_for(
            lambda: load_assessment(path).answer_for("learning.practices").value == (1, 3),
            "the new set on disk",
            pilot=pilot,
        )


async def test_a_read_only_file_refuses_enter_and_says_why(tmp_path: Path) -> None:
    """On a read-only file the ticks are not saved: enter says why, and the file is unchanged."""
    questionnaire = load_questionnaire(MULTI)
    assessment = Assessment.start(questionnaire, "Demo", "2027-Q1", questionnaire_path=str(MULTI))
    path = tmp_path / "demo.toml"
    save_assessment_atomically(assessment, path)
    path.chmod(0o444)
    before = path.read_bytes()
    messages: list[Message] = []
    app = make_app(resume=path, folder=tmp_path)
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await go_to(pilot, app, DETECT)
        await pilot.press("1", "enter")
        await pilot.pause()
        notes = [m.notification.message for m in messages if isinstance(m, Notify)]
        assert any(note.startswith("Read-only") for note in notes)
        assert app.assessment is not None
        assert app.assessment.answer_for("ops.detect").value is None
    assert path.read_bytes() == before


# ----------------------------------------------------------------------------- team mode


async def test_team_votes_are_sets_and_the_reveal_takes_the_majority(tmp_path: Path) -> None:
    """Each participant's set is ticked and entered in turn; the votes stay hidden; the reveal
    takes the choices more than half picked, marked in the grid."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(pilot, app, PRACTICES)
        screen = assess(app)
        assert screen.highlighted_participant == "Ana"
        assert checks(app).options.has_focus
        await pilot.press("1", "2", "enter")
        await wait_for(lambda: screen.highlighted_participant == "Bo", "Bo's turn", pilot=pilot)
        assert checks(app).selection == (), "Bo has not voted: nothing ticked"
        await pilot.press("1", "enter")
        await wait_for(lambda: screen.highlighted_participant == "Chen", "Chen", pilot=pilot)
        await pilot.press("0", "enter")
        await pilot.pause()
        assert "3 of 3 voted" in grid_text(app)
        assert "a set: the ticks below, then enter" in grid_text(app)
        assert "Blameless" not in grid_text(app), "hidden: no choice, no bar"
        votes = votes_for(saved(app), "learning.practices")
        assert votes.selections == {"Ana": (1, 2), "Bo": (1,), "Chen": ()}
        assert saved(app).answer_for("learning.practices").value is None, "hidden: no answer"
        await pilot.press("v")
        await close_area_summary(pilot, app)
        assert saved(app).answer_for("learning.practices").value == (1,)
        text = grid_text(app)
        assert "✔ 1 Blameless reviews" in text and "Ana, Bo" in text
        assert "Team answer: Blameless reviews" in text
        assert "the choices more than half of 3 voters picked" in text


async def test_arrows_move_the_vote_pointer_and_the_ticks_follow(tmp_path: Path) -> None:
    """In team mode up and down move between participants, not through the check boxes, and
    the boxes show the highlighted participant's set."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(pilot, app, PRACTICES)
        screen = assess(app)
        await pilot.press("2", "3", "enter")
        await wait_for(lambda: screen.highlighted_participant == "Bo", "Bo's turn", pilot=pilot)
        await pilot.press("up")
        await wait_for(lambda: checks(app).selection == (2, 3), "Ana's ticks", pilot=pilot)
        assert screen.highlighted_participant == "Ana"
        await pilot.press("down", "down")
        await wait_for(lambda: screen.highlighted_participant == "Chen", "Chen", pilot=pilot)
        assert checks(app).selection == ()


async def test_override_sets_the_team_set_and_o_o_returns_to_the_majority(tmp_path: Path) -> None:
    """o shows the team's set ticked; ticking and enter override it; o o goes back."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(pilot, app, PRACTICES)
        await pilot.press("1", "enter", "1", "enter", "2", "enter", "v")
        await close_area_summary(pilot, app)
        await wait_for(
            lambda: saved(app).answer_for("learning.practices").value == (1,),
            "the majority",
            pilot=pilot,
        )
        await pilot.press("o")
        await wait_for(lambda: checks(app).selection == (1,), "the team's set", pilot=pilot)
        assert "Override: tick the team's set, then enter" in grid_text(app)
        await pilot.press("2", "enter")
        await wait_for(
            lambda: saved(app).answer_for("learning.practices").value == (1, 2),
            "the override on disk",
            pilot=pilot,
        )
        assert votes_for(saved(app), "learning.practices").overridden
        assert "set by the facilitator" in grid_text(app)
        await pilot.press("o", "o")
        await wait_for(
            lambda: saved(app).answer_for("learning.practices").value == (1,),
            "back to the majority",
            pilot=pilot,
        )


async def test_a_team_session_resumes_with_its_sets(tmp_path: Path) -> None:
    """Votes and the reveal saved by one session are shown by the next, sets ticked."""
    questionnaire = load_questionnaire(MULTI)
    assessment = Assessment.start(
        questionnaire,
        "Demo",
        "2027-Q1",
        participants=list(PEOPLE),
        questionnaire_path=str(MULTI),
    )
    question = questionnaire.question("learning.practices")
    record_vote(assessment, question, "Ana", (1, 3))
    record_vote(assessment, question, "Bo", (3,))
    set_revealed(assessment, question, True)
    path = tmp_path / "demo.toml"
    save_assessment_atomically(assessment, path)
    app = make_app(resume=path, folder=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = assess(app)
        assert screen.question.id == "learning.practices", "resumes at the last vote"
        text = grid_text(app)
        assert "Revealed" in text and "2 of 3 voted" in text
        assert "Team answer: Shared lessons" in text
        assert screen.highlighted_participant == "Chen", "the first open seat"
        await pilot.press("up", "up")
        await wait_for(lambda: checks(app).selection == (1, 3), "Ana's set", pilot=pilot)
        await pilot.press("2", "enter")
        await wait_for(
            lambda: votes_for(load_assessment(path), question.id).selections["Ana"] == (1, 2, 3),
            "Ana's new set on disk",
            pilot=pilot,
        )
        assert load_assessment(path).answer_for(question.id).value == (3,)


async def test_presenter_keys_move_on_from_the_check_boxes(tmp_path: Path) -> None:
    """Page down and page up (a presenter remote) move between questions even while the check
    boxes have the focus; space ticks the highlighted line."""
    app = solo_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, app, DETECT)
        await pilot.press("down", "space")
        assert checks(app).selection == (2,)
        await pilot.press("pagedown")
        await wait_for(lambda: assess(app).index == PRACTICES, "the next question", pilot=pilot)
        await pilot.press("pageup")
        await wait_for(lambda: assess(app).index == DETECT, "back again", pilot=pilot)
