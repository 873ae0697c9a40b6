"""Imported models in the app, end to end: a DSOMM import and a Well-Architected lens import
(multi-select questions) open, are answered through Pilot in solo and in team mode, are saved,
and give a report on the Report screen (see docs/importers.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ops_maturity.core.importers.dsomm import import_dsomm
from ops_maturity.core.importers.wa_lens import import_wa_lens
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.votes import votes_for
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.dialogs.area_summary import AreaSummaryDialog
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.report import ReportScreen
from ops_maturity.ui.screens.results import ResultsScreen
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static
from timing import wait_for

MODELS = Path(__file__).resolve().parents[2] / "tests" / "data" / "models"


def _text(app: object, selector: str) -> str:
    content = app.screen.query_one(selector, Static).content  # type: ignore[attr-defined]
    return content.plain if isinstance(content, Content) else str(content)


def _dsomm(folder: Path) -> Path:
    imported = import_dsomm((MODELS / "dsomm-sample.yaml").read_text("utf-8"), "dsomm.yaml")
    path = folder / "dsomm.toml"
    path.write_text(imported.toml, encoding="utf-8")
    return path


def _lens(folder: Path) -> Path:
    imported = import_wa_lens((MODELS / "wa-lens-sample.json").read_text("utf-8"), "wa.json")
    path = folder / "lens.toml"
    path.write_text(imported.toml, encoding="utf-8")
    return path


async def _report(pilot: Pilot[None], app: OpsMaturityApp) -> str:
    """r for the results, m for the report: the report's Markdown once rendered."""
    await pilot.press("r")
    await wait_for(lambda: isinstance(app.screen, ResultsScreen), "Results", pilot=pilot)
    await pilot.press("m")
    await wait_for(
        lambda: isinstance(app.screen, ReportScreen) and app.screen.report_text is not None,
        "the rendered report",
        pilot=pilot,
    )
    screen = app.screen
    assert isinstance(screen, ReportScreen) and screen.report_text is not None
    return screen.report_text


def _at(screen: AssessScreen, index: int) -> Callable[[], bool]:
    return lambda: screen.index == index


def _answered(assessment: Assessment, question_id: str) -> Callable[[], bool]:
    return lambda: assessment.answer_for(question_id).is_answered


async def _reveal(pilot: Pilot[None], app: OpsMaturityApp) -> None:
    """v, closing the area summary when it was the area's last question."""
    await pilot.press("v")
    await pilot.pause()
    if isinstance(app.screen, AreaSummaryDialog):
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, AssessScreen), "Assess", pilot=pilot)


async def test_imported_dsomm_opens_and_is_answered(tmp_path: Path) -> None:
    """The first activity of the first sub-dimension is asked; '3' (In place) is saved."""
    imported = import_dsomm((MODELS / "dsomm-sample.yaml").read_text("utf-8"), "dsomm.yaml")
    path = _dsomm(tmp_path)
    app = make_app(questionnaire=str(path), team="Platform", label="2027-Q1", folder=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        assert _text(app, "#question-text") == "Service health endpoint"
        await pilot.press("3")
        await pilot.pause()
    (saved,) = [p for p in tmp_path.glob("*.toml") if p != path]
    answer = load_assessment(saved).answer_for(imported.questionnaire.questions[0].id)
    assert answer.value == 2


async def test_imported_dsomm_team_session_reveals_and_reports(tmp_path: Path) -> None:
    """Two votes (In place, Partly) reveal to the cautious Partly; the report plans the
    activity as already partly in place, with DSOMM's effort."""
    path = _dsomm(tmp_path)
    app = make_app(
        questionnaire=str(path),
        team="Platform",
        label="2027-Q1",
        folder=tmp_path,
        participants=["Ana", "Bo"],
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessScreen) and screen.team_mode
        await pilot.press("3", "2")
        await _reveal(pilot, app)
        assert app.assessment is not None
        assert app.assessment.answer_for(screen.question.id).value == 1
        report = await _report(pilot, app)
    assert "Put in place: Service health endpoint" in report
    assert "already partly in place" in report
    assert "knowledge" in report, "DSOMM's difficulty is the item's effort"


async def test_imported_lens_is_answered_solo_with_sets_and_reported(tmp_path: Path) -> None:
    """Every lens question is a multi-select question answered with ticks and enter; a pillar
    with a missing level-1 choice stays below level 1, and the report lists the missing
    choice with its improvement plan."""
    path = _lens(tmp_path)
    app = make_app(questionnaire=str(path), team="Ops", label="2027-Q1", folder=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessScreen)
        assert app.questionnaire is not None and app.assessment is not None
        questions = app.questionnaire.questions
        assert all(question.scale.multiple for question in questions)
        assessment = app.assessment
        for index, question in enumerate(questions):
            await wait_for(_at(screen, index), f"question {index}", pilot=pilot)
            # Every choice ticked, except the second one of the first question.
            keys = [str(n) for n in range(1, len(question.scale.choices) + 1)]
            if index == 0:
                keys.remove("2")
            await pilot.press(*keys, "enter")
            await wait_for(
                _answered(assessment, question.id), f"the answer to {question.id}", pilot=pilot
            )
        assert app.assessment.answer_for(questions[0].id).value == (1,)
        report = await _report(pilot, app)
    (saved,) = [p for p in tmp_path.glob("*.toml") if p != path]
    assert load_assessment(saved).status.value == "complete"
    assert "Alerts fire on user-facing error rates" in report
    assert "failed-request share stays above an agreed threshold" in report, "its plan"


async def test_imported_lens_team_session_votes_sets_and_reports(tmp_path: Path) -> None:
    """Two participants vote sets on the first lens question (both choices, None of these); the
    reveal claims neither (a tie is cautious); the report's discussion lists the question with
    who picked what."""
    path = _lens(tmp_path)
    app = make_app(
        questionnaire=str(path),
        team="Ops",
        label="2027-Q1",
        folder=tmp_path,
        participants=["Ana", "Bo"],
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessScreen) and screen.team_mode
        question = screen.question
        await pilot.press("1", "2", "enter")
        await wait_for(lambda: screen.highlighted_participant == "Bo", "Bo's turn", pilot=pilot)
        await pilot.press("0", "enter")
        await pilot.pause()
        await _reveal(pilot, app)
        assert app.assessment is not None
        assert app.assessment.answer_for(question.id).value == ()
        assert votes_for(app.assessment, question.id).selections == {"Ana": (1, 2), "Bo": ()}
        report = await _report(pilot, app)
    (saved,) = [p for p in tmp_path.glob("*.toml") if p != path]
    assert votes_for(load_assessment(saved), question.id).selections["Ana"] == (1, 2)
    discussion = report[report.index("## Discussion topics") : report.index("## Maturity matrix")]
    assert f"### {question.text}" in discussion
    assert "votes differ on 2 choices · team answer: **None of these**" in discussion
    assert "| None of these | 1 | Bo |" in discussion
