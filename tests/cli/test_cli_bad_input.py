"""The command line on bad input: one clear line per problem, exit 1 (or 2 for a bad argument),
no traceback, no hang, and no raw control character in what it prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ops_maturity.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
Q4 = EXAMPLES / "payments-platform-2026-q4.toml"
MINIMAL = EXAMPLES / "minimal-questionnaire.toml"
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
"""What CLI output must never hold (newlines and tabs between lines are fine)."""


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ops_maturity", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=timeout,
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int = 1) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert not RAW_CONTROL.search(result.stdout + result.stderr)


def test_validate_dev_zero_is_refused_at_once() -> None:
    """`validate /dev/zero` used to grow to gigabytes."""
    result = run_cli("validate", "/dev/zero", timeout=60)
    assert_clean_failure(result)
    assert result.stderr == "/dev/zero: not a regular file (a character device)\n"


def test_validate_fifo_does_not_hang(tmp_path: Path) -> None:
    """A FIFO used to hang `validate` forever."""
    fifo = tmp_path / "q.toml"
    os.mkfifo(fifo)
    result = run_cli("validate", str(fifo), timeout=60)
    assert_clean_failure(result)
    assert result.stderr == f"{fifo}: not a regular file (a FIFO)\n"


@pytest.mark.parametrize("reference", ["~nosuchuser-xyz/x", "~nosuchuser-xyz/x.toml"])
def test_report_questionnaire_with_unknown_user_is_a_clear_error(reference: str) -> None:
    """`report --questionnaire ~nosuchuser/x` used to raise RuntimeError."""
    result = run_cli("report", str(Q4), "--questionnaire", reference)
    assert_clean_failure(result)
    assert result.stderr == (f"{reference}: cannot expand '~nosuchuser-xyz': no such user\n")


def test_report_of_assessment_with_odd_path_field_is_a_clear_error(tmp_path: Path) -> None:
    """An assessment whose `path` names an unknown user fails with a message."""
    text = Q4.read_text(encoding="utf-8").replace(
        'version = "1.0.0"\n', 'version = "1.0.0"\npath = "~nosuchuser-xyz/q.toml"\n', 1
    )
    assessment = tmp_path / "a.toml"
    assessment.write_text(text, encoding="utf-8")
    result = run_cli("report", str(assessment))
    assert_clean_failure(result)
    assert "no such user" in result.stderr


@pytest.mark.parametrize("path", ["~nosuchuser-xyz/a.toml", "a\x00b.toml"])
def test_run_resume_with_odd_path_is_a_usage_error(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`run --resume` with an unknown ~user or a NUL stops before the app starts."""
    with pytest.raises(SystemExit) as caught:
        main(["run", "--resume", path])
    assert caught.value.code == 2
    error = capsys.readouterr().err
    assert "argument --resume:" in error
    assert "no such user" in error or "NUL character" in error
    assert "\x00" not in error


def test_newline_in_version_cannot_forge_a_validate_line(tmp_path: Path) -> None:
    """A newline in `version` used to print a fake `other.toml:12:1:` error line."""
    text = MINIMAL.read_text(encoding="utf-8").replace(
        'version = "1.0.0"', 'version = "1.0.0\\nother.toml:12:1: fake"'
    )
    path = tmp_path / "q.toml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", str(path))
    assert_clean_failure(result)
    assert len(result.stderr.splitlines()) == 1
    assert not any(line.startswith("other.toml") for line in result.stderr.splitlines())


def test_bidi_and_escape_in_questionnaire_title_never_reach_the_terminal(tmp_path: Path) -> None:
    """A title with U+202E passes (the control is removed); an ESC in an id is escaped."""
    text = MINIMAL.read_text(encoding="utf-8").replace(
        'title = "Minimal example"', 'title = "Minimal \\u202eelpmaxe"'
    )
    path = tmp_path / "q.toml"
    path.write_text(text, encoding="utf-8")
    listing = run_cli("questionnaires", str(path))
    assert listing.returncode == 0
    assert "Minimal elpmaxe" in listing.stdout
    assert not RAW_CONTROL.search(listing.stdout + listing.stderr)
    broken = tmp_path / "broken\x1b[2J.toml"
    broken.write_text(
        text.replace('id = "minimal-example"', 'id = "Bad\\u001b[31m"'), encoding="utf-8"
    )
    result = run_cli("validate", str(broken))
    assert_clean_failure(result)
    assert "\\x1b[2J" in result.stderr


def test_report_refuses_an_out_of_scale_answer(tmp_path: Path) -> None:
    """An answer that is not on the question's scale is reported, not silently unanswered."""
    text = Q4.read_text(encoding="utf-8")
    first_answer = re.search(r"(\[answers\.\"[^\"]+\"\]\nanswer = )\d+", text)
    assert first_answer is not None
    assessment = tmp_path / "a.toml"
    assessment.write_text(
        text[: first_answer.start()] + first_answer.group(1) + "17" + text[first_answer.end() :],
        encoding="utf-8",
    )
    result = run_cli("report", str(assessment))
    assert_clean_failure(result)
    assert "is 17, which is not a value of scale" in result.stderr


def test_report_template_that_multiplies_huge_strings_fails_fast(tmp_path: Path) -> None:
    """`{{ 'a' * 10**9 }}` ran for minutes; now it is one error line."""
    template = tmp_path / "t.md.j2"
    template.write_text("{{ 'a' * 10**9 }}\n", encoding="utf-8")
    result = run_cli("report", str(Q4), "--template", str(template), timeout=60)
    assert_clean_failure(result)
    assert result.stderr.startswith(f"ops-maturity: error: {template}:1: the result of '*'")


def test_refused_arguments_are_echoed_escaped() -> None:
    """argparse quotes a refused argument; its escape sequence is shown, not sent."""
    result = run_cli("validate", "--bogus\x1b[2J\u202e")
    assert_clean_failure(result, code=2)
    assert "--bogus\\x1b[2J\\u202e" in result.stderr
