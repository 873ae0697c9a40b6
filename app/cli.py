"""The `ops-maturity` command line: parse arguments, call the core or start the app.

Commands: (none) or `run` start the TUI; `questionnaires` lists questionnaires; `validate` checks
them; `report` renders an assessment as Markdown. Exit codes: 0 ok, 1 bad input, 2 usage.
Errors are one clear line each on stderr, never a traceback. Textual and Jinja2 are imported only
by the commands that need them, so the headless commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .core.assessment_store import load_assessment, reconcile
from .core.bundled import (
    DEFAULT_QUESTIONNAIRE_ID,
    bundled_questionnaire_files,
    load_bundled_questionnaires,
    resolve_questionnaire,
)
from .core.questionnaire import Questionnaire
from .core.questionnaire_loader import load_questionnaire, parse_questionnaire
from .core.text import describe_os_error
from .core.validation import InvalidFileError
from .core.votes import participant_problems
from .serve_command import add_serve_parser, command_serve

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2

PROG = "ops-maturity"


def _positive_seconds(text: str) -> int:
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"must be a whole number of seconds, 1 or more: {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Assess how your team runs production and leave with a roadmap. "
        "With no command, opens the interactive app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="open the interactive app, optionally straight at an assessment",
        description="Open the interactive app. With --team, starts (or resumes) that team's "
        "assessment directly; with --resume, reopens an assessment file.",
    )
    run.add_argument(
        "--questionnaire",
        metavar="PATH|ID",
        help=f"questionnaire file or bundled id (default: {DEFAULT_QUESTIONNAIRE_ID})",
    )
    run.add_argument("--team", metavar="NAME", help="team name; goes straight to the questions")
    run.add_argument(
        "--label",
        metavar="LABEL",
        help="assessment label (default: the current quarter, e.g. 2026-Q4)",
    )
    run.add_argument("--facilitator", metavar="NAME", default="", help="who runs the session")
    run.add_argument(
        "--participants", metavar="NAMES", default="", help="comma-separated participant names"
    )
    run.add_argument(
        "--anonymous",
        action="store_true",
        help="team votes are kept as counts only, never names (a new assessment)",
    )
    run.add_argument(
        "--timebox",
        metavar="SECONDS",
        type=_positive_seconds,
        help="team mode: a countdown per question that warns when time is up (never advances)",
    )
    run.add_argument(
        "--dir",
        metavar="FOLDER",
        type=Path,
        default=Path("assessments"),
        help="where assessments are saved (default: ./assessments)",
    )
    run.add_argument(
        "--resume",
        metavar="FILE",
        type=Path,
        help="reopen this assessment file at its first unanswered question",
    )
    run.add_argument(
        "--presentation", action="store_true", help="start in presentation mode (for projectors)"
    )

    listing = commands.add_parser(
        "questionnaires",
        help="list bundled questionnaires and any given as paths",
        description="List the bundled questionnaires, plus any given as paths, with their id, version, title and counts.",
    )
    listing.add_argument("paths", nargs="*", type=Path, metavar="PATH")

    validate = commands.add_parser(
        "validate",
        help="check questionnaire files (the bundled ones by default)",
        description="Validate questionnaire files. Exits 0 when all are valid, 1 with path:line:col errors on stderr otherwise.",
    )
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH")

    report = commands.add_parser(
        "report",
        help="render an assessment as a Markdown roadmap",
        description="Render an assessment's Markdown report to stdout or a file.",
    )
    report.add_argument("assessment", type=Path, metavar="ASSESSMENT.toml")
    report.add_argument(
        "-o", "--output", type=Path, metavar="OUT.md", help="write to this file instead of stdout"
    )
    report.add_argument(
        "--template", type=Path, metavar="FILE", help="your own Jinja2 template (sandboxed)"
    )
    report.add_argument(
        "--questionnaire",
        metavar="PATH|ID",
        help="questionnaire to score against (default: the one the assessment names)",
    )
    report.add_argument(
        "--compare",
        type=Path,
        metavar="PREVIOUS.toml",
        help="an earlier assessment of the same team: adds what changed since then",
    )
    report.add_argument(
        "--force", action="store_true", help="overwrite the output file if it exists"
    )
    add_serve_parser(commands)
    return parser


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def _report_problems(error: InvalidFileError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)


def command_questionnaires(paths: Sequence[Path]) -> int:
    rows: list[tuple[str, str, str, str, str, str]] = []
    status = EXIT_OK
    try:
        loaded = [
            (f"questionnaires/{f.name}", q)
            for f, q in zip(
                bundled_questionnaire_files(), load_bundled_questionnaires(), strict=True
            )
        ]
    except InvalidFileError as error:
        _report_problems(error)
        loaded, status = [], EXIT_BAD_INPUT
    for path in paths:
        try:
            loaded.append((str(path), load_questionnaire(path)))
        except InvalidFileError as error:
            _report_problems(error)
            status = EXIT_BAD_INPUT
    for source, questionnaire in loaded:
        rows.append(
            (
                questionnaire.id,
                questionnaire.version,
                questionnaire.title,
                str(len(questionnaire.areas)),
                str(len(questionnaire.questions)),
                source,
            )
        )
    if rows:
        header = ("ID", "VERSION", "TITLE", "AREAS", "QUESTIONS", "SOURCE")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            print(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
    return status


def command_validate(paths: Sequence[Path]) -> int:
    status = EXIT_OK
    if not paths:
        files = bundled_questionnaire_files()
        targets: list[tuple[str, bytes | Path]] = [
            (f"questionnaires/{f.name}", f.read_bytes()) for f in files
        ]
    else:
        targets = [(str(path), path) for path in paths]
    for shown, target in targets:
        try:
            if isinstance(target, Path):
                questionnaire = load_questionnaire(target, shown)
            else:
                questionnaire = parse_questionnaire(target, shown)
        except InvalidFileError as error:
            _report_problems(error)
            status = EXIT_BAD_INPUT
            continue
        print(
            f"{shown}: ok ({questionnaire.id} {questionnaire.version}: {len(questionnaire.areas)} areas, {len(questionnaire.questions)} questions)"
        )
    return status


def questionnaire_for_assessment(
    assessment_path: Path, reference: str | None, questionnaire_id: str, stored_path: str
) -> Questionnaire:
    """The questionnaire an assessment should be scored against."""
    if reference:
        return resolve_questionnaire(reference)
    if stored_path:
        return resolve_questionnaire(stored_path, relative_to=assessment_path.parent)
    return resolve_questionnaire(questionnaire_id)


def command_report(args: argparse.Namespace) -> int:
    try:
        assessment = load_assessment(args.assessment)
        questionnaire = questionnaire_for_assessment(
            args.assessment,
            args.questionnaire,
            assessment.questionnaire_id,
            assessment.questionnaire_path,
        )
        changes = reconcile(assessment, questionnaire)
    except InvalidFileError as error:
        _report_problems(error)
        return EXIT_BAD_INPUT
    except ValueError as error:
        _error(f"{args.assessment}: {error}")
        return EXIT_BAD_INPUT
    previous = None
    if args.compare is not None:
        try:
            previous = load_assessment(args.compare)
            reconcile(previous, questionnaire)
        except InvalidFileError as error:
            _report_problems(error)
            return EXIT_BAD_INPUT
        except ValueError as error:
            _error(f"{args.compare}: cannot compare: {error}")
            return EXIT_BAD_INPUT
    if changes.changed:
        print(
            f"{args.assessment}: note: written against {questionnaire.id} {changes.old_version}, scored against "
            f"{changes.new_version}: {len(changes.added)} question(s) added, {len(changes.removed)} removed",
            file=sys.stderr,
        )
    if args.output is not None and args.output.exists() and not args.force:
        _error(f"{args.output} already exists; use --force to overwrite it")
        return EXIT_BAD_INPUT
    from .core.report import ReportTemplateError, render_report

    try:
        text = render_report(questionnaire, assessment, args.template, previous=previous)
    except ReportTemplateError as error:
        _error(str(error))
        return EXIT_BAD_INPUT
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    from .core.atomic_file import write_text_atomically

    try:
        write_text_atomically(args.output, text)
    except OSError as error:
        _error(f"cannot write {args.output}: {describe_os_error(error)}")
        return EXIT_BAD_INPUT
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def command_run(args: argparse.Namespace) -> int:
    from .ui.app import make_app

    participants = [name.strip() for name in args.participants.split(",") if name.strip()]
    for problem in participant_problems(participants):
        _error(f"--participants: {problem}")
        return EXIT_USAGE
    app = make_app(
        questionnaire=args.questionnaire,
        team=args.team,
        label=args.label,
        facilitator=args.facilitator,
        participants=participants,
        folder=args.dir,
        resume=args.resume,
        presentation=args.presentation,
        anonymous_votes=args.anonymous,
        timebox=args.timebox,
    )
    app.run()
    return app.return_code or EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "questionnaires":
            return command_questionnaires(args.paths)
        if args.command == "validate":
            return command_validate(args.paths)
        if args.command == "report":
            return command_report(args)
        if args.command == "serve":
            return command_serve(args)
        if args.command is None:
            args = parser.parse_args(["run"])
        return command_run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
