"""`history`: one team's levels over time in a folder, as text, Markdown or JSON.

Which files are the team's, and in which order, is the rule every look back uses
(`ops_maturity.core.storage.team_assessments`: the name inside each file; label, then date).
Files that cannot be read are named on stderr and skipped; the exit code is then 3.
"""

from __future__ import annotations

import argparse

from ops_maturity.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_WARNINGS,
    print_error,
    print_problems,
    print_warning,
    refuse_to_overwrite,
    write_output,
)
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.reports.export_json import history_json, to_json_text
from ops_maturity.core.reports.history_output import history_markdown, history_text
from ops_maturity.core.storage.assessment_questionnaire import questionnaire_for
from ops_maturity.core.storage.folder import scan_folder
from ops_maturity.core.storage.team_assessments import team_assessments, team_names
from ops_maturity.core.trends.history import build_history


def run_command(args: argparse.Namespace) -> int:
    """Write the team's history; 3 when files were skipped, 1 or 2 when there is none to show."""
    if not args.folder.is_dir():
        print_error(f"{args.folder}: not a folder")
        return EXIT_BAD_INPUT
    if refuse_to_overwrite(args.output, args.force):
        return EXIT_BAD_INPUT
    scan = scan_folder(args.folder, recursive=False)
    for warning in scan.warnings:
        print_warning(warning)
    teams = team_names(scan.found)
    team = args.team
    if team is None:
        if len(teams) != 1:
            listed = ", ".join(teams) or "none"
            print_error(
                f"{args.folder} holds assessments of several teams; pick one with --team (teams: {listed})"
            )
            return EXIT_USAGE if teams else EXIT_BAD_INPUT
        team = teams[0]
    found = team_assessments(scan.found, team)
    if not found:
        print_error(
            f"no assessment of team '{team}' in {args.folder} (teams: {', '.join(teams) or 'none'})"
        )
        return EXIT_BAD_INPUT
    try:
        questionnaire = questionnaire_for(found[-1].assessment, found[-1].path, args.questionnaire)
    except InvalidFileError as error:
        print_problems(error)
        return EXIT_BAD_INPUT
    history = build_history(team, questionnaire, found)
    if args.format == "json":
        text = to_json_text(history_json(history))
    elif args.format == "md":
        text = history_markdown(history, charts=not args.no_charts)
    else:
        text = history_text(history)
    return write_output(args.output, text, EXIT_WARNINGS if scan.warnings else EXIT_OK)
