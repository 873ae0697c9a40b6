"""`compare`: what changed between two assessments of a team, as text or JSON.

Both are scored against one questionnaire (the newer assessment's, or the one given): each
area's level then and now, practices newly met and no longer met, practices that moved to or
from not applicable, and the questions added or removed in between.
"""

from __future__ import annotations

import argparse
import sys

from ops_maturity.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    print_error,
    print_problems,
    print_warning,
)
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.reports.comparison_text import comparison_text
from ops_maturity.core.reports.export_json import compare_json, to_json_text
from ops_maturity.core.storage.assessment_questionnaire import questionnaire_for
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.core.storage.reconcile import QuestionnaireMismatchError, reconcile
from ops_maturity.core.trends.comparison import compare_assessments


def run_command(args: argparse.Namespace) -> int:
    """Print the comparison; 1 when either file cannot be used."""
    current_path, previous_path = args.assessment, args.previous
    try:
        current = load_assessment(current_path)
        questionnaire = questionnaire_for(current, current_path, args.questionnaire)
        reconcile(current, questionnaire)
    except InvalidFileError as error:
        print_problems(error)
        return EXIT_BAD_INPUT
    except QuestionnaireMismatchError as error:
        print_error(f"{current_path}: {error}")
        return EXIT_BAD_INPUT
    try:
        previous = load_assessment(previous_path)
        written_for = list(previous.question_ids)
        reconcile(previous, questionnaire)
    except InvalidFileError as error:
        print_problems(error)
        return EXIT_BAD_INPUT
    except QuestionnaireMismatchError as error:
        print_error(f"{previous_path}: cannot compare: {error}")
        return EXIT_BAD_INPUT
    comparison = compare_assessments(
        questionnaire, previous, score_assessment(questionnaire, current), current
    )
    for warning in comparison.warnings:
        print_warning(warning)
    now_ids = [q.id for q in questionnaire.questions]
    added = tuple(qid for qid in now_ids if written_for and qid not in set(written_for))
    removed = tuple(qid for qid in written_for if not questionnaire.has_question(qid))
    if args.format == "json":
        text = to_json_text(compare_json(questionnaire, current, comparison, added, removed))
    else:
        text = comparison_text(current, comparison, added, removed)
    sys.stdout.write(text)
    return EXIT_OK
