"""The injection corpus on the command line: no raw control character ever reaches the terminal.

Each string of tests/data/injection/strings.json is written, raw, into every text field of an
assessment file and of a questionnaire file, and given as a questionnaire reference. `validate`,
`questionnaires` and `report` then run in-process; everything they print on stdout and stderr must
be free of control characters other than newlines and tabs between lines, and of bidi controls.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import tomli_w
from ops_maturity.cli import main

ROOT = Path(__file__).resolve().parents[2]
CORPUS = json.loads((ROOT / "tests/data/injection/strings.json").read_text(encoding="utf-8"))
MINIMAL = tomllib.loads((ROOT / "examples/minimal-questionnaire.toml").read_text(encoding="utf-8"))
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def write_questionnaire(path: Path, text: str) -> Path:
    data = json.loads(json.dumps(MINIMAL))
    data["questionnaire"]["title"] = text
    data["questionnaire"]["version"] = text
    data["levels"][0]["name"] = text
    data["areas"][0]["name"] = text
    data["areas"][0]["questions"][0]["text"] = text
    data["scales"]["adoption"]["choices"][0]["label"] = text
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def write_assessment(path: Path, text: str) -> Path:
    """An assessment file holding `text`, raw (not cleaned by the model), in every field."""
    questions = [q["id"] for area in MINIMAL["areas"] for q in area["questions"]]
    data = {
        "assessment": {
            "format_version": 1,
            "team": text + "x",
            "label": text + "x",
            "date": tomllib.loads("d = 2026-10-15")["d"],
            "facilitator": text,
            "participants": [text],
            "status": "in-progress",
        },
        "questionnaire": {
            "id": MINIMAL["questionnaire"]["id"],
            "version": MINIMAL["questionnaire"]["version"],
            "path": str(ROOT / "examples/minimal-questionnaire.toml"),
            "question_ids": questions,
        },
        "answers": {
            questions[0]: {"answer": 0, "notes": text, "owner": text},
            questions[1]: {"answer": "not-applicable", "not_applicable_reason": text + "x"},
            questions[2]: {"answer": "dont-know", "notes": text},
        },
    }
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def test_cli_output_never_carries_raw_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate, questionnaires and report, on every string of the corpus."""
    assessment_path = tmp_path / "a.toml"
    questionnaire_path = tmp_path / "q.toml"
    for entry in CORPUS["strings"]:
        text = entry["text"]
        write_questionnaire(questionnaire_path, text)
        write_assessment(assessment_path, text)
        codes = [
            main(["validate", str(questionnaire_path)]),
            main(["questionnaires", str(questionnaire_path)]),
            main(["report", str(assessment_path)]),
            main(["report", str(assessment_path), f"--questionnaire={text or 'x'}"]),
        ]
        captured = capsys.readouterr()
        output = captured.out + captured.err
        assert not RAW_CONTROL.search(output), (entry["name"], output[:300])
        assert codes[2] == 0, (entry["name"], captured.err)
        assert codes[0] in (0, 1) and codes[1] in (0, 1) and codes[3] == 1, entry["name"]
