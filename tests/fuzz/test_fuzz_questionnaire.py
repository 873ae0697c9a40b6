"""Fuzz the questionnaire loader: every input loads or raises OpsMaturityError, nothing else.

Inputs are structured mutations of the bundled questionnaire and the minimal example, the same
files with bytes flipped, and raw bytes. A questionnaire that loads must also score, plan and
render: `areas = []` once passed validation and crashed later with IndexError.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.questionnaires.loader import parse_questionnaire
from ops_maturity.core.reports.report import render_report

from .mutations import flipped_bytes, mutated_text

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    (ROOT / "questionnaires" / "ops-maturity.toml").read_text(encoding="utf-8"),
    (ROOT / "examples" / "minimal-questionnaire.toml").read_text(encoding="utf-8"),
]


def load_and_use(raw: bytes) -> None:
    """Load; when that works, score, plan and render it with every question answered."""
    try:
        questionnaire = parse_questionnaire(raw, "fuzzed.toml")
    except OpsMaturityError:
        return
    use(questionnaire)


def use(questionnaire: Questionnaire) -> None:
    assessment = Assessment.start(questionnaire, "Team", "2026-Q4", today=dt.date(2026, 10, 1))
    build_roadmap(questionnaire, score_assessment(questionnaire, assessment))
    for question in questionnaire.questions:
        assessment.record(question.id, Answer(question.scale.choices[-1].value))
    score = score_assessment(questionnaire, assessment)
    assert score.overall_level == questionnaire.max_level
    render_report(questionnaire, assessment)


@given(st.sampled_from(SOURCES).flatmap(mutated_text))
def test_mutated_questionnaires_load_or_fail_cleanly(text: str) -> None:
    load_and_use(text.encode("utf-8", errors="surrogatepass"))


@given(st.sampled_from([s.encode() for s in SOURCES]).flatmap(flipped_bytes))
def test_questionnaires_with_flipped_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    load_and_use(raw)


@given(st.binary(max_size=4096))
def test_raw_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    load_and_use(raw)
