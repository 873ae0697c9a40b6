"""`report`: render an assessment's roadmap as Markdown (bundled or own template), JSON or CSV.

The assessment is opened through `ops_maturity.core.storage.session.open_assessment_file`, the
path the app uses too. With `--compare`, an earlier assessment of the same team adds what
changed. The output is checked before any work (an existing file needs --force; a device is
never replaced) and written atomically. Jinja2 is imported only for Markdown.
"""

from __future__ import annotations

import argparse

from ops_maturity.cli.common import (
    EXIT_BAD_INPUT,
    print_error,
    print_lines,
    print_problems,
    print_warning,
    write_output,
)
from ops_maturity.core.files.output_file import STANDARD_OUTPUT_NAMES, OutputKind, output_kind
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.reports.export_csv import roadmap_csv
from ops_maturity.core.reports.export_json import report_json, to_json_text
from ops_maturity.core.storage.answer_check import check_answers
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.core.storage.reconcile import QuestionnaireMismatchError, reconcile
from ops_maturity.core.storage.session import OpenError, describe_changes, open_assessment_file
from ops_maturity.core.text import describe_os_error
from ops_maturity.core.trends.comparison import compare_assessments, comparison_warnings


def run_command(args: argparse.Namespace) -> int:
    """Render the report to stdout or `--output`; 1 when an input or the output is unusable."""
    try:
        session = open_assessment_file(args.assessment, args.questionnaire)
    except OpenError as error:
        print_lines(error.messages)
        return EXIT_BAD_INPUT
    questionnaire, assessment, changes = session.questionnaire, session.assessment, session.changes
    previous = None
    if args.compare is not None:
        try:
            previous = load_assessment(args.compare)
            reconcile(previous, questionnaire)
            check_answers(previous, questionnaire, str(args.compare))
        except InvalidFileError as error:
            print_problems(error)
            return EXIT_BAD_INPUT
        except QuestionnaireMismatchError as error:
            print_error(f"{args.compare}: cannot compare: {error}")
            return EXIT_BAD_INPUT
    if change_note := describe_changes(changes):
        print_lines([f"{args.assessment}: note: {change_note}"])
    if previous is not None:
        for warning in comparison_warnings(assessment, previous):
            print_warning(warning)
    if args.output is not None and str(args.output) not in STANDARD_OUTPUT_NAMES:
        try:
            kind = output_kind(args.output)
        except OSError as error:
            print_error(f"cannot write {args.output}: {describe_os_error(error)}")
            return EXIT_BAD_INPUT
        if kind is OutputKind.EXISTING_FILE and not args.force:
            print_error(f"{args.output} already exists; use --force to overwrite it")
            return EXIT_BAD_INPUT
    if args.format != "md":
        return write_output(
            args.output, _report_data(args.format, questionnaire, assessment, previous)
        )
    from ops_maturity.core.reports.report import (  # Jinja2: only for Markdown
        DEFAULT_TEMPLATE,
        SUMMARY_TEMPLATE,
        ReportTemplateError,
        render_report,
    )

    try:
        text = render_report(
            questionnaire,
            assessment,
            args.template,
            previous=previous,
            bundled_template=SUMMARY_TEMPLATE if args.summary else DEFAULT_TEMPLATE,
            charts=not args.no_charts,
        )
    except ReportTemplateError as error:
        print_error(str(error))
        return EXIT_BAD_INPUT
    return write_output(args.output, text)


def _report_data(
    kind: str, questionnaire: Questionnaire, assessment: Assessment, previous: Assessment | None
) -> str:
    """The report as JSON or CSV (no template involved)."""
    score = score_assessment(questionnaire, assessment)
    roadmap = build_roadmap(questionnaire, score, assessment)
    if kind == "csv":
        return roadmap_csv(assessment, roadmap.items)
    comparison = (
        compare_assessments(questionnaire, previous, score, assessment) if previous else None
    )
    return to_json_text(report_json(questionnaire, assessment, score, roadmap, comparison))
