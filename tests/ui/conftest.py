"""Pilot-test fixtures: the example questionnaire, no advance delay, and assessment helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.storage.assessment_store import save_assessment_atomically
from ops_maturity.core.storage.file_names import default_assessment_path
from ops_maturity.ui.screens.assess import AssessScreen

ROOT = Path(__file__).resolve().parents[2]
MINIMAL_PATH = ROOT / "examples" / "minimal-questionnaire.toml"


@pytest.fixture(autouse=True)
def no_advance_delay(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Move to the next question at once after an answer, so tests need not sleep."""
    monkeypatch.setattr(AssessScreen, "advance_delay", 0.0)
    yield


@pytest.fixture
def minimal_path() -> str:
    """Absolute path of examples/minimal-questionnaire.toml (8 questions in 2 areas)."""
    return str(MINIMAL_PATH)


@pytest.fixture
def minimal() -> Questionnaire:
    return load_questionnaire(MINIMAL_PATH)


@pytest.fixture
def half_finished(tmp_path: Path, minimal: Questionnaire) -> Path:
    """An assessment of the minimal questionnaire with its first three questions answered."""
    assessment = Assessment.start(
        minimal, "Payments", "2026-Q2", questionnaire_path=str(MINIMAL_PATH)
    )
    for question in minimal.questions[:3]:
        assessment.record(question.id, Answer(2))
    path = default_assessment_path(tmp_path, "Payments", "2026-Q2")
    save_assessment_atomically(assessment, path)
    return path
