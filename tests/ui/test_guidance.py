"""Guidance on demand (`g`): the Assess screen shows the question's, the Results screen lists
every roadmap item and renders only the highlighted one's, as Markdown made safe."""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.importers.wa_lens import import_wa_lens
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.storage.assessment_store import save_assessment_atomically
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.dialogs.guidance import GuidanceDialog
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.results import ResultsScreen
from ops_maturity.ui.widgets.guidance_markdown import GuidanceMarkdown
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import OptionList
from textual.widgets.markdown import MarkdownBlock
from timing import wait_for

ROOT = Path(__file__).resolve().parents[2]
MULTI = ROOT / "tests" / "core" / "fixtures" / "multi-select.toml"
MODELS = ROOT / "tests" / "data" / "models"


def dialog(app: OpsMaturityApp) -> GuidanceDialog:
    screen = app.screen
    assert isinstance(screen, GuidanceDialog)
    return screen


def source(app: OpsMaturityApp) -> str:
    return dialog(app).query_one(GuidanceMarkdown).source


def block_texts(app: OpsMaturityApp) -> list[str]:
    return [
        block.content.plain
        for block in dialog(app).query(MarkdownBlock)
        if isinstance(block.content, Content)
    ]


async def open_guidance(pilot: Pilot[None], app: OpsMaturityApp, index: int = 0) -> None:
    await pilot.press("g")
    await wait_for(
        lambda: isinstance(app.screen, GuidanceDialog) and app.screen.shown == index,
        "the guidance rendered",
        pilot=pilot,
    )


async def test_g_on_the_assess_screen_shows_the_how_as_safe_markdown(tmp_path: Path) -> None:
    """The action, effort, tags and references, the `how` as Markdown: its heading demoted to a
    bold line, its script and javascript: link shown as text. Escape closes."""
    app = make_app(questionnaire=str(MULTI), team="Demo", label="2027-Q1", folder=tmp_path)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.pause()
        await open_guidance(pilot, app)
        assert not dialog(app).query_one("#guidance-list", OptionList).display, "one practice"
        text = source(app)
        assert text.startswith("**Add a health endpoint.**")
        assert "Effort: knowledge 1/5, time 1/5" in text
        blocks = block_texts(app)
        assert any("Expose /healthz on every service." in block for block in blocks)
        assert not dialog(app).query("MarkdownH1, MarkdownH2, MarkdownH3")
        assert any("<script>alert(1)</script> [bad](javascript:alert(1))" in b for b in blocks)
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, AssessScreen), "Assess", pilot=pilot)


async def test_a_multi_select_question_shows_each_choices_guidance(tmp_path: Path) -> None:
    app = make_app(questionnaire=str(MULTI), team="Demo", label="2027-Q1", folder=tmp_path)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessScreen)
        screen.go_to(2)
        await pilot.pause()
        await open_guidance(pilot, app)
        text = source(app)
        assert "The choices (the practice is met with both listed choices):" in text
        assert "Add an external **probe** per service." in text
        await pilot.press("g")
        await wait_for(lambda: isinstance(app.screen, AssessScreen), "g closes", pilot=pilot)
        assert screen.card.multi_choices is not None
        assert screen.card.multi_choices.options.has_focus, "the check boxes have the keys again"


def lens_assessment(folder: Path) -> Path:
    """The sample WA lens, imported, with every question answered 'None of these': every
    question is a roadmap item and every choice is missing."""
    imported = import_wa_lens((MODELS / "wa-lens-sample.json").read_text("utf-8"), "wa.json")
    lens = folder / "lens.toml"
    lens.write_text(imported.toml, encoding="utf-8")
    questionnaire = load_questionnaire(lens)
    assessment = Assessment.start(questionnaire, "Ops", "2027-Q1", questionnaire_path=str(lens))
    for question in questionnaire.questions:
        assessment.record(question.id, Answer(()))
    assessment.refresh_status(questionnaire)
    path = folder / "ops.toml"
    save_assessment_atomically(assessment, path)
    return path


async def test_g_on_the_results_lists_the_roadmap_and_renders_one_item(tmp_path: Path) -> None:
    """Every item is a line; the highlighted item's guidance alone is rendered, in one widget,
    with its missing choices' improvement plans."""
    app = make_app(resume=lens_assessment(tmp_path), folder=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await wait_for(lambda: isinstance(app.screen, ResultsScreen), "Results", pilot=pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen) and results.roadmap is not None
        items = [item for plan in results.roadmap.horizons for item in plan.items]
        assert len(items) == 10
        await open_guidance(pilot, app)
        page_list = dialog(app).query_one("#guidance-list", OptionList)
        assert page_list.option_count == len(items) and page_list.has_focus
        assert str(page_list.get_option_at_index(0).prompt) == f"1. {items[0].action}"
        target = next(i for i, item in enumerate(items) if item.question_id.endswith("detect.l1"))
        page_list.highlighted = target
        await wait_for(lambda: dialog(app).shown == target, "the item's guidance", pilot=pilot)
        assert len(dialog(app).query(GuidanceMarkdown)) == 1
        text = source(app)
        assert text.startswith(f"**{items[target].action}**")
        assert "Not yet in place (the practice is met with both listed choices):" in text
        assert "failed-request share stays above an agreed threshold" in text
        assert "[Read more](https://example.org/ops/error-rate-alerts)" in text
