"""Pilot tests: trend arrows on Results, last quarter's answer on Assess, and setting targets."""

from __future__ import annotations

import shutil
from pathlib import Path

from ops_maturity.core.model.scoring import answer_label, score_assessment
from ops_maturity.core.questionnaires.bundled import resolve_questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.core.trends.sparkline import trend_arrow
from ops_maturity.ui.app import make_app
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.results import ResultsScreen
from textual.widgets import Static

ROOT = Path(__file__).resolve().parents[2]
Q3 = ROOT / "examples" / "payments-platform-2026-q3.toml"
Q4 = ROOT / "examples" / "payments-platform-2026-q4.toml"


def two_quarters(folder: Path) -> Path:
    """Both example quarters of Payments Platform in `folder`; returns the Q4 copy."""
    shutil.copyfile(Q3, folder / "older-file-name.toml")
    latest = folder / "q4.toml"
    shutil.copyfile(Q4, latest)
    return latest


def plain(static: Static) -> str:
    return str(static.render()).strip()


async def test_results_show_a_trend_arrow_per_area(tmp_path: Path) -> None:
    """Each area's arrow compares Q4 with Q3, found by team name in the same folder."""
    app = make_app(resume=two_quarters(tmp_path), folder=tmp_path)
    questionnaire = resolve_questionnaire("ops-maturity")
    before = score_assessment(questionnaire, load_assessment(Q3))
    now = score_assessment(questionnaire, load_assessment(Q4))
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [f.path.name for f in app.earlier] == ["older-file-name.toml"]
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        arrows = [
            plain(screen.query_one(f"#area-{i} .area-trend", Static))[0]
            for i in range(len(questionnaire.areas))
        ]
        expected = [
            trend_arrow(then.level, current.level)
            for then, current in zip(before.areas, now.areas, strict=True)
        ]
        assert arrows == expected
        assert {"↑", "→"} <= set(arrows)
        assert "Overall since 2026-Q3" in plain(screen.query_one("#trend-line", Static))


async def test_assess_shows_last_quarters_answer(tmp_path: Path) -> None:
    """Beside the question: what the team answered in 2026-Q3, updated as questions change."""
    app = make_app(resume=two_quarters(tmp_path), folder=tmp_path)
    previous = load_assessment(Q3)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessScreen)
        for _ in range(2):
            question = screen.question
            label = answer_label(question, previous.answer_for(question.id))
            assert plain(screen.query_one("#last-answer", Static)) == (
                f"Last time (2026-Q3): {label}"
            )
            await pilot.press("right")
            await pilot.pause()


async def test_no_earlier_assessment_shows_no_last_answer(tmp_path: Path) -> None:
    shutil.copyfile(Q4, tmp_path / "q4.toml")
    app = make_app(resume=tmp_path / "q4.toml", folder=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.earlier == ()
        assert not app.screen.query_one("#last-answer", Static).display


async def test_t_on_results_sets_a_target_and_saves_it(tmp_path: Path) -> None:
    """Raising the first area's target twice stores it in the file; untouched areas keep
    their default (no stored target)."""
    path = two_quarters(tmp_path)
    app = make_app(resume=path, folder=tmp_path)
    questionnaire = resolve_questionnaire("ops-maturity")
    first_area = questionnaire.areas[0]
    current = score_assessment(questionnaire, load_assessment(Q4)).areas[0].level
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("left", "left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        area_next = plain(app.screen.query_one("#area-0 .area-next", Static))
    target = current + 1 - 2
    assert load_assessment(path).targets == {first_area.id: target}
    assert area_next.startswith(f"Target {target} reached")


async def test_due_quarter_is_edited_with_the_owner_and_kept_when_answering(
    tmp_path: Path,
) -> None:
    """e sets the owner and due quarter; answering the question again keeps both."""
    from ops_maturity.ui.dialogs.notes import NotesDialog
    from textual.widgets import Input

    path = tmp_path / "q4.toml"
    shutil.copyfile(Q4, path)
    app = make_app(resume=path, folder=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessScreen)
        question_id = screen.question.id
        if screen.team_mode:  # the example lists several participants: answer as in solo
            await pilot.press("t", "y")
            await pilot.pause()
        assert not screen.team_mode
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NotesDialog)
        app.screen.query_one("#owner", Input).value = "Mei Chen"
        app.screen.query_one("#due", Input).value = "2027-Q2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Due: 2027-Q2" in plain(screen.query_one("#answer-details", Static))
        await pilot.press("1")
        await pilot.pause()
    answer = load_assessment(path).answer_for(question_id)
    assert (answer.value, answer.owner, answer.due) == (0, "Mei Chen", "2027-Q2")


async def test_escape_in_the_targets_dialog_changes_nothing(tmp_path: Path) -> None:
    path = two_quarters(tmp_path)
    before = path.read_bytes()
    app = make_app(resume=path, folder=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("t", "right", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.assessment is not None and app.assessment.targets == {}
    assert path.read_bytes() == before
