"""`ops-maturity import dsomm|wa-lens`: a model file becomes a questionnaire that validates, scores
and reports through the other commands; notes and problems go to stderr, one line each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from ops_maturity.cli import main
from ops_maturity.core.importers.common import MAX_INPUT_BYTES
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.storage.assessment_store import save_assessment_atomically

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "tests" / "data" / "models"


@pytest.mark.parametrize(
    ("kind", "model", "first_answer"),
    [("dsomm", "dsomm-sample.yaml", 0), ("wa-lens", "wa-lens-sample.json", ())],
)
def test_import_validate_and_report(
    kind: str,
    model: str,
    first_answer: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """import writes the file; validate accepts it; report renders an assessment against it."""
    out = tmp_path / "questionnaire.toml"
    assert main(["import", kind, str(MODELS / model), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"wrote {out}" in err and "questions" in err
    assert main(["validate", str(out)]) == 0
    questionnaire = load_questionnaire(out)
    assessment = Assessment.start(
        questionnaire, "Platform", "2027-Q1", questionnaire_path="questionnaire.toml"
    )
    for question in questionnaire.questions:
        assessment.record(question.id, Answer(first_answer))  # type: ignore[arg-type]
    save_assessment_atomically(assessment, tmp_path / "platform.toml")
    capsys.readouterr()
    assert main(["report", str(tmp_path / "platform.toml"), "--no-charts"]) == 0
    report = capsys.readouterr().out
    assert "## This quarter's plan" in report and "- [ ] **" in report
    assert main(["report", str(tmp_path / "platform.toml"), "--format", "csv"]) == 0
    assert capsys.readouterr().out.count("\r\n") == len(questionnaire.questions) + 1


def test_notes_say_what_was_not_carried_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "q.toml"
    assert main(["import", "dsomm", str(MODELS / "dsomm-source-sample.yaml"), "-o", str(out)]) == 0
    err = capsys.readouterr().err.splitlines()
    notes = [line for line in err if ": note: " in line]
    assert any("Service health endpoint" in line for line in notes)
    assert all(line.startswith(str(MODELS / "dsomm-source-sample.yaml")) for line in notes)


def test_existing_output_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "q.toml"
    out.write_text("keep me", encoding="utf-8")
    assert main(["import", "wa-lens", str(MODELS / "wa-lens-sample.json"), "-o", str(out)]) == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"a: [1\n", ":2:1: YAML error"),
        (b"\xff\xfe", ":1:1: file is not valid UTF-8"),
        (b"x" * (MAX_INPUT_BYTES + 1), f"the limit is {MAX_INPUT_BYTES:,}"),
    ],
    ids=["yaml-syntax", "not-utf8", "too-large"],
)
def test_bad_models_exit_one_with_one_line_and_no_traceback(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    """Run as a user would: a positioned or plain one-line error, exit 1, nothing written."""
    model = tmp_path / "model.yaml"
    model.write_bytes(content)
    out = tmp_path / "q.toml"
    result = subprocess.run(
        [sys.executable, "-m", "ops_maturity", "import", "dsomm", str(model), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_kind_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["import", str(MODELS / "wa-lens-sample.json")])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
