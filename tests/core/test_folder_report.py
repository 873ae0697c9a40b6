"""The report of an assessment file, as the app shows it: compared with the team's previous file."""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.questionnaires.bundled import resolve_questionnaire
from ops_maturity.core.reports.folder_report import default_report_path, render_report_markdown
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.core.storage.reconcile import reconcile

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _copy_examples(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())


def test_the_report_says_what_changed_since_the_previous_file_in_the_folder(
    tmp_path: Path,
) -> None:
    """Q4 beside Q3: the report compares with Q3; alone, it compares with nothing."""
    _copy_examples(tmp_path, "payments-platform-2026-q3.toml", "payments-platform-2026-q4.toml")
    path = tmp_path / "payments-platform-2026-q4.toml"
    q4 = load_assessment(path)
    questionnaire = resolve_questionnaire(q4.questionnaire_id)
    reconcile(q4, questionnaire)
    text, problem = render_report_markdown(questionnaire, q4, path)
    assert problem == "" and text is not None
    assert "Compared with 2026-Q3" in text
    alone, _ = render_report_markdown(questionnaire, q4, None)
    assert alone is not None and "Compared with" not in alone


def test_the_report_is_saved_beside_its_assessment_by_default(tmp_path: Path) -> None:
    """team.toml -> team.md; without a file, a name made from the team and label."""
    _copy_examples(tmp_path, "payments-platform-2026-q4.toml")
    path = tmp_path / "payments-platform-2026-q4.toml"
    assessment = load_assessment(path)
    assert default_report_path(assessment, path) == tmp_path / "payments-platform-2026-q4.md"
    assert default_report_path(assessment, None) == Path("payments-platform-2026-q4-roadmap.md")
