"""`rollup`: every team's latest levels side by side, from a folder tree, as Markdown or JSON.

Files are read in parallel worker processes and cached (`ops_maturity.core.storage.records`);
`ops_maturity.core.trends.rollup` picks each team's latest assessment (by the rule of
`ops_maturity.core.storage.team_assessments`) and scores them all.
Corrupt, foreign or unreadable files are named on stderr and skipped; the exit code is then 3.
"""

from __future__ import annotations

import argparse

from ops_maturity.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_WARNINGS,
    print_error,
    print_note,
    print_problems,
    print_warning,
    refuse_to_overwrite,
    write_output,
)
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.reports.export_json import rollup_json, to_json_text
from ops_maturity.core.reports.rollup_output import rollup_markdown
from ops_maturity.core.storage.folder import default_workers
from ops_maturity.core.storage.records import default_cache_file, scan_records
from ops_maturity.core.trends.rollup import build_rollup


def run_command(args: argparse.Namespace) -> int:
    """Write the roll-up; 3 when files were skipped, 1 when no assessment can be used."""
    if not args.folder.is_dir():
        print_error(f"{args.folder}: not a folder")
        return EXIT_BAD_INPUT
    if args.workers is not None and args.workers < 1:
        print_error("--workers must be at least 1")
        return EXIT_USAGE
    if refuse_to_overwrite(args.output, args.force):
        return EXIT_BAD_INPUT
    scan = scan_records(
        args.folder,
        recursive=True,
        workers=args.workers or default_workers(),
        cache_file=None if args.no_cache else default_cache_file(args.folder),
    )
    try:
        rollup = build_rollup(
            scan.records,
            scan.warnings,
            args.questionnaire,
            include_incomplete=args.include_incomplete,
        )
    except InvalidFileError as error:
        print_problems(error)
        return EXIT_BAD_INPUT
    if rollup is None:
        for warning in scan.warnings:
            print_warning(warning)
        print_error(f"no usable assessment in {args.folder}")
        return EXIT_BAD_INPUT
    for warning in rollup.warnings:
        print_warning(warning)
    for questionnaire_id, count in sorted(rollup.other_questionnaires.items()):
        print_note(
            f"left out {count} assessment(s) of questionnaire '{questionnaire_id}' "
            f"(this roll-up is of '{rollup.questionnaire.id}'; pick one with --questionnaire)"
        )
    if args.format == "json":
        text = to_json_text(rollup_json(rollup))
    else:
        text = rollup_markdown(rollup, charts=not args.no_charts)
    return write_output(args.output, text, EXIT_WARNINGS if rollup.warnings else EXIT_OK)
