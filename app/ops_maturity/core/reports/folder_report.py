"""The report of an assessment saved in a folder, as the app shows and saves it.

It says what changed since the same team's previous assessment in that folder, when there is one,
and names the file it is saved to by default. `render_report_markdown` imports `report` (and so
Jinja2) only when it is called, so importing this module costs nothing at start-up.
"""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.storage.file_names import slugify
from ops_maturity.core.storage.reconcile import reconcile
from ops_maturity.core.storage.team_assessments import previous_assessment

RenderedReport = tuple[str | None, str]
"""What `render_report_markdown` returns: (markdown, "") or (None, the problem)."""


def render_report_markdown(
    questionnaire: Questionnaire, assessment: Assessment, assessment_path: Path | None = None
) -> RenderedReport:
    """Render the report: (markdown, "") on success, (None, message) when the template fails.

    When the assessment's folder holds an earlier assessment of the same team (and
    questionnaire), the report says what changed since then.
    """
    from ops_maturity.core.reports.report import ReportTemplateError, render_report

    previous = None
    if assessment_path is not None:
        previous = previous_assessment(assessment, assessment_path)
        if previous is not None:  # of the same questionnaire: brought up to its version
            reconcile(previous, questionnaire)
    try:
        return render_report(questionnaire, assessment, previous=previous), ""
    except ReportTemplateError as error:
        return None, str(error)


def default_report_path(assessment: Assessment, assessment_path: Path | None) -> Path:
    """Next to the assessment file (same name, .md), else `<team>-<label>-roadmap.md` here."""
    if assessment_path is not None:
        return assessment_path.with_suffix(".md")
    return Path(f"{slugify(assessment.team)}-{slugify(assessment.label)}-roadmap.md")
