"""`questionnaires`: list the bundled questionnaires and any given as paths, one row each.

Columns: id, version, title, areas, questions and where it came from. A file that does not load
prints its `path:line:col` problems instead of a row, and the exit code is then 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from ops_maturity.cli.common import EXIT_BAD_INPUT, EXIT_OK, print_problems
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.bundled import (
    bundled_questionnaire_files,
    load_bundled_questionnaires,
)
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.text import escape_for_terminal

HEADER = ("ID", "VERSION", "TITLE", "AREAS", "QUESTIONS", "SOURCE")


def run_command(args: argparse.Namespace) -> int:
    """Print the table; 1 when any questionnaire could not be loaded."""
    paths: Sequence[Path] = args.paths
    status = EXIT_OK
    try:
        loaded = [
            (f"questionnaires/{f.name}", q)
            for f, q in zip(
                bundled_questionnaire_files(), load_bundled_questionnaires(), strict=True
            )
        ]
    except InvalidFileError as error:
        print_problems(error)
        loaded, status = [], EXIT_BAD_INPUT
    for path in paths:
        try:
            loaded.append((str(path), load_questionnaire(path)))
        except InvalidFileError as error:
            print_problems(error)
            status = EXIT_BAD_INPUT
    rows = [_row(source, questionnaire) for source, questionnaire in loaded]
    if rows:
        widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]
        for row in [HEADER, *rows]:
            print(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
    return status


def _row(source: str, questionnaire: Questionnaire) -> tuple[str, ...]:
    return (
        escape_for_terminal(questionnaire.id),
        escape_for_terminal(questionnaire.version),
        escape_for_terminal(questionnaire.title),
        str(len(questionnaire.areas)),
        str(len(questionnaire.questions)),
        escape_for_terminal(source),
    )
