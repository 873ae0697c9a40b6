"""Until the Assess screen shows multi-select questions, the app refuses a questionnaire that has
them, plainly, on the Start screen: opened by --team with --questionnaire, or resumed from a file.
"""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.storage.assessment_store import save_assessment_atomically
from ops_maturity.ui.app import make_app
from ops_maturity.ui.screens.start import StartScreen
from textual.widgets import Static

ROOT = Path(__file__).resolve().parents[2]
MULTI = ROOT / "tests" / "core" / "fixtures" / "multi-select.toml"


def _errors(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, StartScreen)
    return str(screen.query_one("#start-errors", Static).render())


async def test_team_start_with_a_multi_select_questionnaire_is_refused(tmp_path: Path) -> None:
    """--team with a multi-select questionnaire lands on Start, saying why, and writes nothing."""
    app = make_app(questionnaire=str(MULTI), team="Demo", label="2027-Q1", folder=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = _errors(app)
        assert "question 'ops.detect' and 1 more is multi-select" in text
        assert "the app cannot answer yet" in text
    assert list(tmp_path.iterdir()) == []


async def test_resuming_a_multi_select_assessment_is_refused(tmp_path: Path) -> None:
    """A file written elsewhere with set answers opens on Start with the same message."""
    questionnaire = load_questionnaire(MULTI)
    assessment = Assessment.start(questionnaire, "Demo", "2027-Q1", questionnaire_path=str(MULTI))
    assessment.record("ops.detect", Answer((1,)))
    path = tmp_path / "demo.toml"
    save_assessment_atomically(assessment, path)
    before = path.read_bytes()
    app = make_app(resume=path, folder=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "is multi-select" in _errors(app)
    assert path.read_bytes() == before
