"""The ops-maturity command line: output, exit codes (0 ok, 1 bad input, 2 usage) and no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from ops_maturity import __version__
from ops_maturity.cli import main
from ops_maturity.core.storage.assessment_store import load_assessment

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
Q4 = EXAMPLES / "payments-platform-2026-q4.toml"
MINIMAL = EXAMPLES / "minimal-questionnaire.toml"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "ops_maturity", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=60,
    )


def test_version_prints_package_version() -> None:
    """`--version` prints the version and exits 0."""
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ops-maturity {__version__}"


@pytest.mark.parametrize("command", [[], ["run"], ["questionnaires"], ["validate"], ["report"]])
def test_help_works_on_every_command(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`--help` exits 0 and prints usage for the top level and every command."""
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: ops-maturity" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error() -> None:
    """A command that does not exist exits 2 without a traceback."""
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr


def test_questionnaires_lists_bundled_with_counts(capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled questionnaire is listed with its id, version, title and counts."""
    assert main(["questionnaires"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("ops-maturity "))
    assert row.split()[:2] == ["ops-maturity", "1.0.0"]
    assert "Operational Ownership Maturity" in row
    assert "  8  " in row and "  64  " in row


def test_questionnaires_includes_paths_given(capsys: pytest.CaptureFixture[str]) -> None:
    """A questionnaire given as a path is listed beside the bundled ones."""
    assert main(["questionnaires", str(MINIMAL)]) == 0
    assert "minimal-example" in capsys.readouterr().out


def test_validate_bundled_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """With no paths, the bundled questionnaires are validated and pass."""
    assert main(["validate"]) == 0
    assert "questionnaires/ops-maturity.toml: ok" in capsys.readouterr().out


def test_validate_bad_file_exits_one_with_positions(tmp_path: Path) -> None:
    """A malformed questionnaire exits 1 with every error as path:line:col on stderr."""
    broken = tmp_path / "broken.toml"
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace(
        'level = 2\ntext = "Does a dashboard', 'levle = 2\ntext = "Does a dashboard'
    )
    text = text.replace(
        'scale = "adoption"\n\n[areas.questions.recommendation]\naction = "Hold',
        'scale = "nope"\n\n[areas.questions.recommendation]\naction = "Hold',
    )
    broken.write_text(text, encoding="utf-8")
    result = run_cli("validate", str(broken))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    typo_line = text.splitlines().index("levle = 2") + 1
    assert any(line.startswith(f"{broken}:{typo_line}:1: unknown key 'levle'") for line in lines)
    assert any("unknown scale 'nope'" in line for line in lines)


def test_validate_missing_file_exits_one() -> None:
    """A path that does not exist is bad input, reported in one line."""
    result = run_cli("validate", "no-such-file.toml")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("no-such-file.toml: cannot read file")
    assert "Traceback" not in result.stderr


def test_report_to_stdout_renders_example(capsys: pytest.CaptureFixture[str]) -> None:
    """`report` prints the Markdown roadmap of an assessment."""
    assert main(["report", str(Q4)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Operational maturity roadmap: Payments Platform, 2026-Q4")
    for heading in (
        "### Short-term (0-3 months)",
        "### Medium-term (3-12 months)",
        "### Long-term (12+ months)",
    ):
        assert heading in out


def test_report_writes_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    """`-o` writes the file; a second run refuses without --force and keeps the file; --force replaces it."""
    out = tmp_path / "report.md"
    assert main(["report", str(Q4), "-o", str(out)]) == 0
    first = out.read_text(encoding="utf-8")
    assert first.startswith("# Operational maturity roadmap")
    out.write_text("keep me", encoding="utf-8")
    assert main(["report", str(Q4), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["report", str(Q4), "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") == first


def test_report_refusal_message_is_one_line(tmp_path: Path) -> None:
    """Refusing to overwrite says why, in one line, with exit code 1."""
    out = tmp_path / "exists.md"
    out.write_text("x", encoding="utf-8")
    result = run_cli("report", str(Q4), "-o", str(out))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"ops-maturity: error: {out} already exists; use --force to overwrite it"
    )


def test_report_custom_template(capsys: pytest.CaptureFixture[str]) -> None:
    """`--template` renders with the user's template."""
    assert main(["report", str(Q4), "--template", str(EXAMPLES / "compact-report.md.j2")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Payments Platform (2026-Q4): Level 1, Reactive Response")


def test_report_template_error_names_line(tmp_path: Path) -> None:
    """A template using an undefined variable exits 1 naming the template line, with no traceback."""
    template = tmp_path / "bad.md.j2"
    template.write_text("# Title\n\n{{ assessment.team }}\n{{ no_such_thing }}\n", encoding="utf-8")
    result = run_cli("report", str(Q4), "--template", str(template))
    assert result.returncode == 1
    assert f"{template}:4:" in result.stderr
    assert "Traceback" not in result.stderr


def test_report_malformed_assessment_exits_one(tmp_path: Path) -> None:
    """A broken assessment file is bad input with a positioned message."""
    broken = tmp_path / "broken.toml"
    broken.write_text(Q4.read_text(encoding="utf-8").replace("team =", "taem ="), encoding="utf-8")
    result = run_cli("report", str(broken))
    assert result.returncode == 1
    assert f"{broken}:4:1: unknown key 'taem'" in result.stderr
    assert "Traceback" not in result.stderr


def test_report_against_changed_questionnaire_notes_changes(tmp_path: Path) -> None:
    """An assessment written against another version reports added and removed questions and still renders."""
    assessment = load_assessment(Q4)
    text = Q4.read_text(encoding="utf-8")
    text = text.replace('version = "1.0.0"', 'version = "0.9.0"').replace(
        '    "visibility.error-rates",\n', '    "visibility.retired-question",\n'
    )
    old = tmp_path / "old.toml"
    old.write_text(text, encoding="utf-8")
    result = run_cli("report", str(old))
    assert result.returncode == 0, result.stderr
    assert "updated from 0.9.0 to 1.0.0" in result.stderr
    assert "1 new question(s) to answer; 1 question(s) removed" in result.stderr
    assert f"# Operational maturity roadmap: {assessment.team}" in result.stdout


def test_report_missing_assessment_is_bad_input() -> None:
    """A missing assessment file exits 1."""
    result = run_cli("report", "nowhere.toml")
    assert result.returncode == 1
    assert "nowhere.toml: cannot read file" in result.stderr


def test_report_without_argument_is_usage_error() -> None:
    """`report` with no assessment is a usage error (exit 2)."""
    result = run_cli("report")
    assert result.returncode == 2
    assert "the following arguments are required" in result.stderr


def test_console_script_runs_from_another_folder(tmp_path: Path) -> None:
    """`python -m app validate` finds the bundled questionnaires from any working folder."""
    result = run_cli("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ops-maturity.toml: ok" in result.stdout


def test_report_compare_adds_changes_since_the_previous_quarter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--compare` with last quarter's file adds a Since section with per-area changes and regressions."""
    q3 = EXAMPLES / "payments-platform-2026-q3.toml"
    assert main(["report", str(Q4), "--compare", str(q3)]) == 0
    out = capsys.readouterr().out
    assert "## Since 2026-Q3" in out
    assert "the overall level went from 0 to 1: up 1." in out
    assert "| Incident management | 0 | 3 | ▲ +3 |" in out
    assert "| Automation and self-healing | 1 | 1 | no change |" in out
    regressions = out.split("No longer met (look at these first):", 1)[1].split("Newly met", 1)[0]
    assert "Do you keep a list of the manual interventions" in regressions


def test_report_compare_with_another_questionnaire_is_bad_input(tmp_path: Path) -> None:
    """Comparing with an assessment of a different questionnaire exits 1 with one line."""
    other = tmp_path / "other.toml"
    other.write_text(
        Q4.read_text(encoding="utf-8").replace('id = "ops-maturity"', 'id = "something-else"'),
        encoding="utf-8",
    )
    result = run_cli("report", str(Q4), "--compare", str(other))
    assert result.returncode == 1
    assert "cannot compare" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["compare"], ["history"], ["rollup"]])
def test_help_works_on_the_new_commands(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: ops-maturity" in capsys.readouterr().out


def test_report_help_names_the_bundled_templates(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "roadmap.md.j2" in out and "summary.md.j2" in out


def test_report_summary_fits_on_one_screen(capsys: pytest.CaptureFixture[str]) -> None:
    """The summary: levels, targets, this quarter's plan with owners, what changed; under 40
    lines."""
    Q3 = EXAMPLES / "payments-platform-2026-q3.toml"
    assert main(["report", str(Q4), "--summary", "--compare", str(Q3)]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) <= 40
    assert "| Area | Level | Target | 2026-Q3 |" in out
    assert "**This quarter's plan**" in out
    assert (
        1 <= sum(1 for line in out.splitlines() if line[:2] in {f"{n}." for n in range(1, 6)}) <= 5
    )
    assert "**Since 2026-Q3:**" in out


def test_report_no_charts_leaves_out_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(Q4)]) == 0
    assert "```mermaid" in capsys.readouterr().out
    assert main(["report", str(Q4), "--no-charts"]) == 0
    assert "```mermaid" not in capsys.readouterr().out


def test_rollup_names_bad_files_on_stderr_and_exits_3(tmp_path: Path) -> None:
    """A corrupt file never aborts the roll-up; it is named and the exit code says so."""
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "q4.toml").write_bytes(Q4.read_bytes())
    (tmp_path / "corrupt.toml").write_text("[assessment\n", encoding="utf-8")
    result = run_cli("rollup", str(tmp_path), "--no-cache")
    assert result.returncode == 3, result.stderr
    assert "corrupt.toml: skipped" in result.stderr
    assert "Traceback" not in result.stderr
    assert "| Payments Platform | 2026-Q4 |" in result.stdout


def test_history_lists_a_teams_levels_with_sparklines(tmp_path: Path) -> None:
    for name in ("payments-platform-2026-q3.toml", "payments-platform-2026-q4.toml"):
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    result = run_cli("history", str(tmp_path), "--team", "PAYMENTS platform")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "2026-Q3  2026-Q4" in lines[2]
    overall = next(line for line in lines if line.startswith("Overall"))
    assert overall.split()[1:] == ["0", "1", "▁▃", "↑"]


def test_history_of_an_unknown_team_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "q4.toml").write_bytes(Q4.read_bytes())
    result = run_cli("history", str(tmp_path), "--team", "Nobody")
    assert result.returncode == 1
    assert "Payments Platform" in result.stderr


def test_run_refuses_duplicate_participants_before_opening_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--participants "Ana, Bo, ana"` is a usage error naming Ana; no app, no file."""
    code = main(
        ["run", "--team", "Payments", "--participants", "Ana, Bo, ana", "--dir", str(tmp_path)]
    )
    assert code == 2
    assert "--participants: Two participants are called Ana" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_run_refuses_a_timebox_that_is_not_whole_seconds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["run", "--timebox", "1.5"])
    assert caught.value.code == 2
    assert "whole number of seconds" in capsys.readouterr().err
