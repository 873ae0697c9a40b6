"""`validate`: check questionnaire files (the bundled ones when none is given).

Prints `PATH: ok (id version: N areas, M questions)` for each file that is valid, and every
`path:line:col: message` problem of those that are not, all at once; exits 1 when any is invalid.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ops_maturity.cli.common import EXIT_BAD_INPUT, EXIT_OK, print_problems
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.bundled import bundled_questionnaire_files
from ops_maturity.core.questionnaires.loader import load_questionnaire, parse_questionnaire
from ops_maturity.core.text import escape_for_terminal


def run_command(args: argparse.Namespace) -> int:
    """Validate each file; 0 when all are valid, 1 otherwise."""
    status = EXIT_OK
    targets: list[tuple[str, bytes | Path]]
    if not args.paths:
        targets = [
            (f"questionnaires/{f.name}", f.read_bytes()) for f in bundled_questionnaire_files()
        ]
    else:
        targets = [(str(path), path) for path in args.paths]
    for shown, target in targets:
        try:
            if isinstance(target, Path):
                questionnaire = load_questionnaire(target, shown)
            else:
                questionnaire = parse_questionnaire(target, shown)
        except InvalidFileError as error:
            print_problems(error)
            status = EXIT_BAD_INPUT
            continue
        print(
            escape_for_terminal(
                f"{shown}: ok ({questionnaire.id} {questionnaire.version}: "
                f"{len(questionnaire.areas)} areas, {len(questionnaire.questions)} questions)"
            )
        )
    return status
