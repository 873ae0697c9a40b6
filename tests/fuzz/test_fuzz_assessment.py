"""Fuzz the assessment loader: every input loads or raises OpsMaturityError, nothing else.

Inputs are structured mutations of the two example assessments, with bytes flipped, and raw
bytes. An assessment that loads is then reconciled with the bundled questionnaire, checked
against its scales, scored and rendered, as `ops-maturity report` does.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.questionnaires.bundled import load_default_questionnaire
from ops_maturity.core.reports.report import render_report
from ops_maturity.core.storage.answer_check import check_answers
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.core.storage.reconcile import reconcile

from .mutations import flipped_bytes, mutated_text

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    (ROOT / "examples" / name).read_text(encoding="utf-8")
    for name in ("payments-platform-2026-q3.toml", "payments-platform-2026-q4.toml")
]
QUESTIONNAIRE = load_default_questionnaire()
FOLDER = Path(tempfile.mkdtemp(prefix="ops-maturity-fuzz-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)  # hypothesis reuses it across examples


def load_and_use(raw: bytes) -> None:
    path = FOLDER / "fuzzed.toml"
    path.write_bytes(raw)
    try:
        assessment = load_assessment(path)
        if assessment.questionnaire_id != QUESTIONNAIRE.id:
            return  # reconcile refuses another questionnaire with ValueError, by contract
        reconcile(assessment, QUESTIONNAIRE)
        check_answers(assessment, QUESTIONNAIRE, str(path))
    except OpsMaturityError:
        return
    report = render_report(QUESTIONNAIRE, assessment)
    assert report.startswith("#")


@given(st.sampled_from(SOURCES).flatmap(mutated_text))
def test_mutated_assessments_load_or_fail_cleanly(text: str) -> None:
    load_and_use(text.encode("utf-8", errors="surrogatepass"))


@given(st.sampled_from([s.encode() for s in SOURCES]).flatmap(flipped_bytes))
def test_assessments_with_flipped_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    load_and_use(raw)


@given(st.binary(max_size=4096))
def test_raw_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    load_and_use(raw)
