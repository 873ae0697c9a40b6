"""Pilot tests of the Assess screen: answers, N/A, don't know, notes, navigation, presentation,
failing saves. Each asserts on the app's state and on the file on disk, not only on no-crash.
"""

from __future__ import annotations

import dataclasses
import errno
import os
from pathlib import Path

import ops_maturity.core.storage.autosave as autosave
import pytest
from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.session import Session
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.dialogs.area_picker import AreaPickerDialog
from ops_maturity.ui.dialogs.confirm import ConfirmDialog
from ops_maturity.ui.dialogs.confirmations import UNSAVED_QUIT
from ops_maturity.ui.dialogs.not_applicable import NotApplicableDialog
from ops_maturity.ui.dialogs.notes import NotesDialog
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.themes import PROJECTOR_THEME_NAME
from ops_maturity.ui.widgets.area_sidebar import AreaSidebar
from ops_maturity.ui.widgets.choice_list import ChoiceList
from textual.content import Content
from textual.widgets import Input, OptionList, Static, TextArea
from timing import ManualClock, wait_for


def shown(app: OpsMaturityApp, selector: str) -> str:
    content = app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Content) else str(content)


def assess(app: OpsMaturityApp) -> AssessScreen:
    screen = app.screen
    assert isinstance(screen, AssessScreen)
    return screen


def sidebar_line(app: OpsMaturityApp, area_id: str) -> str:
    sidebar = app.screen.query_one(AreaSidebar)
    prompt = sidebar.get_option(area_id).prompt
    assert isinstance(prompt, Content)
    return prompt.plain


def team_app(tmp_path: Path, minimal_path: str, **options: object) -> OpsMaturityApp:
    return make_app(
        questionnaire=minimal_path,
        team="Payments",
        label="2026-Q2",
        folder=tmp_path,
        **options,  # type: ignore[arg-type]
    )


def saved(app: OpsMaturityApp) -> Assessment:
    assert app.assessment_path is not None
    return load_assessment(app.assessment_path)


async def test_answer_is_saved_before_it_is_acknowledged(
    tmp_path: Path, minimal_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the moment of saving, the screen does not yet show the new answer as chosen."""
    seen_when_saving: list[str | None] = []
    real_save = save_assessment_atomically
    app = team_app(tmp_path, minimal_path)

    def spy(assessment: Assessment, path: Path) -> os.stat_result:
        if isinstance(app.screen, AssessScreen):
            seen_when_saving.append(app.screen.query_one(ChoiceList).selected)
        return real_save(assessment, path)

    monkeypatch.setattr(autosave, "save_assessment_atomically", spy)
    monkeypatch.setattr(AssessScreen, "advance_delay", 30.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = assess(app).question.id
        await pilot.press("3")
        await pilot.pause()
        assert seen_when_saving[-1] is None
        assert assess(app).query_one(ChoiceList).selected == "3"
        assert saved(app).answer_for(first).value == 2
        assert assess(app).index == 0, "the answer stays visible for a beat before moving on"


async def test_not_applicable_needs_a_reason_and_saves_it(
    tmp_path: Path, minimal_path: str, minimal: Questionnaire
) -> None:
    """n asks for a reason; an empty one is refused in place; the reason reaches the file."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NotApplicableDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NotApplicableDialog)
        assert "reason is required" in shown(app, "#reason-error")
        await pilot.press(*"legacy")
        await pilot.press("enter")
        await pilot.pause()
        first = minimal.questions[0].id
        answer = saved(app).answer_for(first)
        assert answer.value == SpecialAnswer.NOT_APPLICABLE
        assert answer.na_reason == "legacy"
        assert assess(app).index == 1
        await pilot.press("left")
        await pilot.pause()
        assert assess(app).query_one(ChoiceList).selected == "n"
        assert "Not applicable because: legacy" in shown(app, "#answer-details")


async def test_not_applicable_escape_leaves_the_answer_alone(
    tmp_path: Path, minimal_path: str, minimal: Questionnaire
) -> None:
    """Escape in the reason dialog cancels: no answer is recorded and the question stays."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"half")
        await pilot.press("escape")
        await pilot.pause()
        assert assess(app).index == 0
        assert not saved(app).answer_for(minimal.questions[0].id).is_answered


async def test_dont_know_is_saved_and_advances(
    tmp_path: Path, minimal_path: str, minimal: Questionnaire
) -> None:
    """? records don't know, saves it and moves on."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert saved(app).answer_for(minimal.questions[0].id).value == SpecialAnswer.DONT_KNOW
        assert assess(app).index == 1
        assert "1/8 answered" in shown(app, "#progress-label")


async def test_notes_and_owner_are_saved_and_shown_on_revisit(
    tmp_path: Path, minimal_path: str, minimal: Questionnaire
) -> None:
    """e edits notes and owner; both are saved, kept with the answer, and shown on return."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.press("left")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NotesDialog)
        app.screen.query_one("#notes", TextArea).text = "Only [b]two[/b] services\nsecond line"
        app.screen.query_one("#owner", Input).focus()
        await pilot.press(*"Ana")
        await pilot.press("enter")
        await pilot.pause()
        first = minimal.questions[0].id
        answer = saved(app).answer_for(first)
        assert (answer.value, answer.notes, answer.owner) == (
            1,
            "Only [b]two[/b] services\nsecond line",
            "Ana",
        )
        assert assess(app).index == 0, "editing notes does not move on"
        await pilot.press("right")
        await pilot.press("left")
        await pilot.pause()
        details = shown(app, "#answer-details")
        assert "Owner: Ana" in details
        assert "Only [b]two[/b] services" in details
        assert assess(app).query_one(ChoiceList).selected == "2"


async def test_changing_an_answer_updates_the_sidebar_level(
    tmp_path: Path, minimal_path: str
) -> None:
    """Going back and changing an answer rescores the area live in the sidebar."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4", "4")
        await pilot.pause()
        assert assess(app).score.area_score("visibility").level == 2
        assert "2/4 answered · Level 2" in sidebar_line(app, "visibility")
        await pilot.press("left", "left")
        await pilot.press("1")
        await pilot.pause()
        assert assess(app).score.area_score("visibility").level == 0
        assert "2/4 answered · Level 0" in sidebar_line(app, "visibility")
        assert saved(app).answer_for("visibility.error-rates").value == 0


async def test_jump_to_area_goes_to_its_first_unanswered_question(
    tmp_path: Path, minimal_path: str
) -> None:
    """a opens the area picker; choosing an area shows its first unanswered question."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AreaPickerDialog)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert assess(app).question.id == "incidents.roles"
        await pilot.press("3")
        await pilot.pause()
        app.jump_to_area("incidents")
        await pilot.pause()
        assert assess(app).question.id == "incidents.reviews"
        app.jump_to_question("visibility.trends")
        await pilot.pause()
        assert assess(app).question.id == "visibility.trends"


async def test_clicking_an_area_in_the_sidebar_jumps_there(
    tmp_path: Path, minimal_path: str
) -> None:
    """The sidebar is clickable: an area's entry jumps to it."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # 'Measurement and visibility' wraps to two lines plus its progress line: row 3 is
        # the second area, 'Incident management'.
        await pilot.click(AreaSidebar, offset=(3, 3))
        await pilot.pause()
        assert assess(app).question.id == "incidents.roles"


async def test_moving_between_questions_mounts_no_widgets(
    tmp_path: Path, minimal_path: str, minimal: Questionnaire
) -> None:
    """Every question is shown by the same widgets: the widget count never grows."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = len(list(app.screen.query("*")))
        for _ in minimal.questions:
            await pilot.press("right")
        await pilot.press("2", "left", "left")
        await pilot.pause()
        assert len(list(app.screen.query("*"))) == before


async def test_presentation_mode_hides_sidebar_and_switches_theme(
    tmp_path: Path, minimal_path: str
) -> None:
    """p hides the sidebar and switches to the projector theme; p again restores both."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        theme_before = app.theme
        sidebar = app.screen.query_one(AreaSidebar)
        assert sidebar.region.width > 0
        await pilot.press("p")
        await pilot.pause()
        assert app.presentation
        assert app.theme == PROJECTOR_THEME_NAME
        assert sidebar.styles.display == "none"
        assert sidebar.region.width == 0
        assert app.screen.query_one(ChoiceList).spacious
        await pilot.press("p")
        await pilot.pause()
        assert not app.presentation
        assert app.theme == theme_before
        assert sidebar.styles.display == "block"


async def test_presentation_at_launch_and_from_the_app_api(
    tmp_path: Path, minimal_path: str
) -> None:
    """`presentation=True` starts in presentation mode; the app action toggles it (palette)."""
    app = team_app(tmp_path, minimal_path, presentation=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.presentation and app.theme == PROJECTOR_THEME_NAME
        assert app.screen.query_one(AreaSidebar).styles.display == "none"
        app.action_toggle_presentation()
        await pilot.pause()
        assert not app.presentation


def _failing_save(assessment: Assessment, path: Path) -> None:
    raise OSError(errno.EROFS, "Read-only file system")


async def test_failed_save_warns_keeps_answers_and_retries_on_next_change(
    tmp_path: Path, minimal_path: str, minimal: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused save shows a plain warning, keeps the answer, and the next change saves all."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        real_save = save_assessment_atomically
        monkeypatch.setattr(autosave, "save_assessment_atomically", _failing_save)
        await pilot.press("3")
        await pilot.pause()
        warning = app.screen.query_one("#save-warning", Static)
        assert warning.display
        assert shown(app, "#save-warning") == (
            "Not saved: Read-only file system. "
            "Your answers are kept and will be saved when possible."
        )
        first, second = minimal.questions[0].id, minimal.questions[1].id
        assert app.assessment is not None
        assert app.assessment.answer_for(first).value == 2
        assert not saved(app).answer_for(first).is_answered
        assert assess(app).index == 1, "the session goes on while saving is retried"
        monkeypatch.setattr(autosave, "save_assessment_atomically", real_save)
        await pilot.press("4")
        await pilot.pause()
        assert not warning.display
        on_disk = saved(app)
        assert on_disk.answer_for(first).value == 2
        assert on_disk.answer_for(second).value == 3


async def test_failed_save_is_retried_on_a_timer(
    tmp_path: Path, minimal_path: str, minimal: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no further key press, the retry timer writes the kept answers once the disk allows."""
    monkeypatch.setattr(OpsMaturityApp, "save_retry_interval", 0.05)
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        real_save = save_assessment_atomically
        monkeypatch.setattr(autosave, "save_assessment_atomically", _failing_save)
        await pilot.press("2")
        await pilot.pause()
        assert app.save_problem.startswith("Not saved: Read-only file system.")
        saver = app.saver
        assert saver is not None
        await wait_for(lambda: saver.attempts >= 2, "a retry on the timer", pilot=pilot)
        monkeypatch.setattr(autosave, "save_assessment_atomically", real_save)
        await wait_for(lambda: app.save_problem == "", "a retry that saves", pilot=pilot)
        assert not app.screen.query_one("#save-warning").display
        assert saved(app).answer_for(minimal.questions[0].id).value == 1


async def test_quit_with_unsaved_answers_asks_first(
    tmp_path: Path, minimal_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+q while answers are not on disk asks before quitting; staying keeps the app open."""
    app = team_app(tmp_path, minimal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(autosave, "save_assessment_atomically", _failing_save)
        await pilot.press("2")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and app.screen.id == UNSAVED_QUIT
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, AssessScreen)


async def test_control_characters_never_reach_the_screen(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """Even a questionnaire built without the loader shows escape sequences stripped."""
    question = dataclasses.replace(minimal.questions[0], text="Red \x1b[31mtext\x07 [/bold]")
    area = dataclasses.replace(
        minimal.areas[0], questions=(question, *minimal.areas[0].questions[1:])
    )
    questionnaire = dataclasses.replace(minimal, areas=(area, *minimal.areas[1:]))
    assessment = Assessment.start(questionnaire, "Ops\x1b[2J", "2026-Q2")
    assessment.record(question.id, Answer(None, notes="note \x1b]52;c;AAAA\x07"))
    app = make_app(folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_session(Session(questionnaire, assessment, tmp_path / "ops.toml", created=True))
        await pilot.pause()
        assert shown(app, "#question-text") == "Red [31mtext [/bold]"
        assert "\x1b" not in shown(app, "#answer-details")
        assert "\x1b" not in (app.screen.sub_title or "")


async def test_area_picker_lists_progress(tmp_path: Path, half_finished: Path) -> None:
    """The area picker shows each area's answered count and level."""
    app = make_app(resume=half_finished, folder=half_finished.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        areas = app.screen.query_one("#areas", OptionList)
        prompts = [areas.get_option_at_index(i).prompt for i in range(areas.option_count)]
        texts = [p.plain if isinstance(p, Content) else str(p) for p in prompts]
        assert "3/4 answered · Level 3" in texts[0]
        assert "0/4 answered · Level 0" in texts[1]
        await pilot.press("escape")
        await pilot.pause()
        assert assess(app).index == 3


async def test_resumed_answers_are_shown_on_revisit(half_finished: Path) -> None:
    """A saved answer is highlighted when its question is revisited after a resume."""
    assessment = load_assessment(half_finished)
    assessment.record("visibility.error-rates", Answer(3, notes="dashboards", owner="Bo"))
    save_assessment_atomically(assessment, half_finished)
    app = make_app(resume=half_finished, folder=half_finished.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.jump_to_question("visibility.error-rates")
        await pilot.pause()
        assert assess(app).query_one(ChoiceList).selected == "4"
        assert "Owner: Bo" in shown(app, "#answer-details")


async def test_the_ack_delay_setting_keeps_the_answer_on_screen_that_long(
    tmp_path: Path, minimal_path: str
) -> None:
    """With --ack-delay 0.4 the saved answer stays highlighted until 0.4 s have passed on the
    app's clock, then the next question follows. The test moves the clock, so a slow machine
    cannot let the delay run out before the test has looked."""
    clock = ManualClock()
    app = team_app(tmp_path, minimal_path, ack_delay=0.4, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessScreen)
        assert screen.advance_delay == 0.4
        await pilot.press("3")
        await pilot.pause()
        assert screen.index == 0
        assert screen.query_one(ChoiceList).selected == "3"
        clock.advance(0.3)
        await pilot.pause()
        assert screen.index == 0, "0.3 s on the clock: still on the answered question"
        clock.advance(0.1)
        await wait_for(lambda: screen.index == 1, "the next question", pilot=pilot)
