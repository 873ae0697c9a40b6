"""Imported models in the app, headless (make_app): a DSOMM import opens, is answered and saved;
a Well-Architected import (multi-select questions) is refused plainly until the Assess screen
shows multi-select questions (see docs/importers.md)."""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.importers.dsomm import import_dsomm
from ops_maturity.core.importers.wa_lens import import_wa_lens
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.ui.app import make_app
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.start import StartScreen
from textual.content import Content
from textual.widgets import Static

MODELS = Path(__file__).resolve().parents[2] / "tests" / "data" / "models"


def _text(app: object, selector: str) -> str:
    content = app.screen.query_one(selector, Static).content  # type: ignore[attr-defined]
    return content.plain if isinstance(content, Content) else str(content)


async def test_imported_dsomm_opens_and_is_answered(tmp_path: Path) -> None:
    """The first activity of the first sub-dimension is asked; '3' (In place) is saved."""
    imported = import_dsomm((MODELS / "dsomm-sample.yaml").read_text("utf-8"), "dsomm.yaml")
    path = tmp_path / "dsomm.toml"
    path.write_text(imported.toml, encoding="utf-8")
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


async def test_imported_lens_is_refused_until_multi_select_lands(tmp_path: Path) -> None:
    imported = import_wa_lens((MODELS / "wa-lens-sample.json").read_text("utf-8"), "wa.json")
    path = tmp_path / "lens.toml"
    path.write_text(imported.toml, encoding="utf-8")
    app = make_app(questionnaire=str(path), team="Ops", label="2027-Q1", folder=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "is multi-select" in str(app.screen.query_one("#start-errors", Static).render())
