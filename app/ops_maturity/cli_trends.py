"""The command-line commands about time and teams: `compare`, `history` and `rollup`.

`app.cli` registers them with `add_trend_commands` and runs them with `run_trend_command` (both
imported when needed, so this module may import `app.cli` for its shared helpers); they
share its exit codes and error style (one line on stderr, never a traceback). Exit code 3 means
the command finished but skipped files it could not read, each named on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ops_maturity.cli import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_WARNINGS,
    PROG,
    _add_no_charts,
    _error,
    _report_problems,
    _write_output,
    path_argument,
)
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.storage.assessment_store import (
    QuestionnaireChanges,
    QuestionnaireMismatchError,
    load_assessment,
    reconcile,
)
from ops_maturity.core.storage.session import questionnaire_for
from ops_maturity.core.text import escape_for_terminal


def add_trend_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """Add `compare`, `history` and `rollup` to the command line."""
    compare = commands.add_parser(
        "compare",
        help="what changed between two assessments of a team",
        description="Compare an assessment with an earlier one: each area's level then and now, "
        "practices newly met and no longer met, practices that moved to or from not applicable, "
        "and questions added or removed in between.",
    )
    compare.add_argument("assessment", type=path_argument, metavar="THIS.toml")
    compare.add_argument("previous", type=path_argument, metavar="PREVIOUS.toml")
    compare.add_argument(
        "--questionnaire", metavar="PATH|ID", help="questionnaire to score both against"
    )
    compare.add_argument("--format", choices=("text", "json"), default="text")

    history = commands.add_parser(
        "history",
        help="one team's levels over time, with sparklines",
        description="The assessments of one team in a folder, ordered by label then date: each "
        "area's level at each label with a sparkline, and the overall level. The team is "
        "matched by the name inside each file. Unreadable files are named on stderr and "
        "skipped (exit code 3).",
    )
    history.add_argument(
        "folder",
        nargs="?",
        type=path_argument,
        default=Path("assessments"),
        metavar="DIR",
        help="folder of assessments (default: ./assessments)",
    )
    history.add_argument("--team", metavar="NAME", help="the team (needed when DIR holds several)")
    history.add_argument(
        "--questionnaire",
        metavar="PATH|ID",
        help="questionnaire to score against (default: the one the latest assessment names)",
    )
    history.add_argument("--format", choices=("text", "md", "json"), default="text")
    _add_output(history)
    _add_no_charts(history)

    rollup = commands.add_parser(
        "rollup",
        help="every team's latest levels side by side",
        description="The latest assessment of each team in DIR and its subfolders: a heatmap of "
        "levels by team and area, the weakest areas, the most common roadmap items and the teams "
        "whose level fell. Corrupt, foreign or unreadable files are named on stderr and skipped; "
        "the exit code is then 3.",
    )
    rollup.add_argument("folder", type=path_argument, metavar="DIR")
    rollup.add_argument(
        "--questionnaire",
        metavar="PATH|ID",
        help="questionnaire to score against (default: the one most teams use)",
    )
    rollup.add_argument("--format", choices=("md", "json"), default="md")
    rollup.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes reading files in parallel (default: the cores not already busy)",
    )
    rollup.add_argument(
        "--include-incomplete",
        action="store_true",
        help="count incomplete assessments in the weakest areas, the chart, the common items and "
        "the falls (by default they are shown, marked, and left out: unanswered questions would "
        "count as not met)",
    )
    rollup.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file again instead of reusing what the last roll-up of DIR read "
        "(kept in ~/.cache/ops-maturity; files are re-read when their size or time changes)",
    )
    _add_output(rollup)
    _add_no_charts(rollup)


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=path_argument,
        metavar="OUT",
        help="write to this file instead of stdout",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite the output file if it exists"
    )


def run_trend_command(args: argparse.Namespace) -> int:
    if args.command == "compare":
        return command_compare(args)
    if args.command == "history":
        return command_history(args)
    return command_rollup(args)


def _load_scored_against(
    path: Path, reference: str | None, questionnaire: Questionnaire | None = None
) -> tuple[Assessment, Questionnaire, QuestionnaireChanges]:
    """Load an assessment and its questionnaire (or the one given), reconciled.

    Raises InvalidFileError, or QuestionnaireMismatchError for another questionnaire's."""
    assessment = load_assessment(path)
    if questionnaire is None:
        questionnaire = questionnaire_for(assessment, path, reference)
    return assessment, questionnaire, reconcile(assessment, questionnaire)


def command_compare(args: argparse.Namespace) -> int:
    current_path, previous_path = args.assessment, args.previous
    try:
        current, questionnaire, _ = _load_scored_against(current_path, args.questionnaire)
    except InvalidFileError as error:
        _report_problems(error)
        return EXIT_BAD_INPUT
    except QuestionnaireMismatchError as error:
        _error(f"{current_path}: {error}")
        return EXIT_BAD_INPUT
    try:
        previous = load_assessment(previous_path)
        written_for = list(previous.question_ids)
        reconcile(previous, questionnaire)
    except InvalidFileError as error:
        _report_problems(error)
        return EXIT_BAD_INPUT
    except QuestionnaireMismatchError as error:
        _error(f"{previous_path}: cannot compare: {error}")
        return EXIT_BAD_INPUT
    from ops_maturity.core.model.scoring import score_assessment
    from ops_maturity.core.trends.comparison import compare_assessments

    comparison = compare_assessments(
        questionnaire, previous, score_assessment(questionnaire, current), current
    )
    for warning in comparison.warnings:
        print(escape_for_terminal(f"{PROG}: warning: {warning}"), file=sys.stderr)
    now_ids = [q.id for q in questionnaire.questions]
    added = tuple(qid for qid in now_ids if written_for and qid not in set(written_for))
    removed = tuple(qid for qid in written_for if not questionnaire.has_question(qid))
    if args.format == "json":
        from ops_maturity.core.reports.export_json import compare_json, to_json_text

        text = to_json_text(compare_json(questionnaire, current, comparison, added, removed))
    else:
        from ops_maturity.core.reports.comparison_text import comparison_text

        text = comparison_text(current, comparison, added, removed)
    sys.stdout.write(text)
    return EXIT_OK


def _print_warnings(warnings: Sequence[object]) -> None:
    for warning in warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)


def command_history(args: argparse.Namespace) -> int:
    from ops_maturity.core.storage.folder import scan_folder
    from ops_maturity.core.trends.history import build_history, team_assessments, team_names

    if not args.folder.is_dir():
        _error(f"{args.folder}: not a folder")
        return EXIT_BAD_INPUT
    if args.output is not None and args.output.exists() and not args.force:
        _error(f"{args.output} already exists; use --force to overwrite it")
        return EXIT_BAD_INPUT
    scan = scan_folder(args.folder, recursive=False)
    _print_warnings(scan.warnings)
    teams = team_names(scan.found)
    team = args.team
    if team is None:
        if len(teams) != 1:
            listed = ", ".join(teams) or "none"
            _error(
                f"{args.folder} holds assessments of several teams; pick one with --team (teams: {listed})"
            )
            return EXIT_USAGE if teams else EXIT_BAD_INPUT
        team = teams[0]
    found = team_assessments(scan.found, team)
    if not found:
        _error(
            f"no assessment of team '{team}' in {args.folder} (teams: {', '.join(teams) or 'none'})"
        )
        return EXIT_BAD_INPUT
    try:
        questionnaire = questionnaire_for(found[-1].assessment, found[-1].path, args.questionnaire)
    except InvalidFileError as error:
        _report_problems(error)
        return EXIT_BAD_INPUT
    history = build_history(team, questionnaire, found)
    if args.format == "json":
        from ops_maturity.core.reports.export_json import history_json, to_json_text

        text = to_json_text(history_json(history))
    elif args.format == "md":
        from ops_maturity.core.reports.history_output import history_markdown

        text = history_markdown(history, charts=not args.no_charts)
    else:
        from ops_maturity.core.reports.history_output import history_text

        text = history_text(history)
    return _write_output(args.output, text, EXIT_WARNINGS if scan.warnings else EXIT_OK)


def command_rollup(args: argparse.Namespace) -> int:
    from ops_maturity.core.storage.records import default_cache_file, scan_records
    from ops_maturity.core.trends.rollup import build_rollup

    if not args.folder.is_dir():
        _error(f"{args.folder}: not a folder")
        return EXIT_BAD_INPUT
    if args.workers is not None and args.workers < 1:
        _error("--workers must be at least 1")
        return EXIT_USAGE
    if args.output is not None and args.output.exists() and not args.force:
        _error(f"{args.output} already exists; use --force to overwrite it")
        return EXIT_BAD_INPUT
    from ops_maturity.core.storage.folder import default_workers

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
        _report_problems(error)
        return EXIT_BAD_INPUT
    if rollup is None:
        _print_warnings(scan.warnings)
        _error(f"no usable assessment in {args.folder}")
        return EXIT_BAD_INPUT
    _print_warnings(rollup.warnings)
    for questionnaire_id, count in sorted(rollup.other_questionnaires.items()):
        print(
            f"{PROG}: note: left out {count} assessment(s) of questionnaire '{questionnaire_id}' "
            f"(this roll-up is of '{rollup.questionnaire.id}'; pick one with --questionnaire)",
            file=sys.stderr,
        )
    if args.format == "json":
        from ops_maturity.core.reports.export_json import rollup_json, to_json_text

        text = to_json_text(rollup_json(rollup))
    else:
        from ops_maturity.core.reports.rollup_output import rollup_markdown

        text = rollup_markdown(rollup, charts=not args.no_charts)
    return _write_output(args.output, text, EXIT_WARNINGS if rollup.warnings else EXIT_OK)
