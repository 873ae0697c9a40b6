"""The `ops-maturity` command line: parse arguments, call the core or start the app.

Commands: (none) or `run` start the TUI; `questionnaires` lists questionnaires; `validate` checks
them; `report` renders an assessment (Markdown, JSON or CSV); `compare` compares two assessments;
`history` shows one team's levels over time; `rollup` shows every team's latest levels. Exit
codes: 0 ok, 1 bad input, 2 usage, 3 done but some files were skipped (history, rollup).
Errors are one clear line each on stderr, never a traceback. Textual and Jinja2 are imported only
by the commands that need them, so the headless commands start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ops_maturity import __version__
from ops_maturity.core.files.output_file import (
    STANDARD_OUTPUT_NAMES,
    OutputKind,
    output_kind,
    write_output_file,
)
from ops_maturity.core.files.user_paths import InvalidPathError, user_path
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.votes import participant_problems
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.bundled import (
    DEFAULT_QUESTIONNAIRE_ID,
    bundled_questionnaire_files,
    load_bundled_questionnaires,
)
from ops_maturity.core.questionnaires.loader import load_questionnaire, parse_questionnaire
from ops_maturity.core.remote.options import DEFAULT_HOST, DEFAULT_PORT, RemoteOptions
from ops_maturity.core.storage.answer_check import check_answers
from ops_maturity.core.storage.assessment_store import (
    QuestionnaireMismatchError,
    load_assessment,
    reconcile,
)
from ops_maturity.core.storage.session import OpenError, describe_changes, open_assessment_file
from ops_maturity.core.text import describe_os_error, escape_for_terminal

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_WARNINGS = 3
"""The command finished, but skipped files it could not read (named on stderr)."""

PROG = "ops-maturity"


def _positive_seconds(text: str) -> int:
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"must be a whole number of seconds, 1 or more: {text!r}")
    return int(text)


def path_argument(text: str) -> Path:
    """An argparse `type` for paths: `~` expanded, and a clear usage error for a NUL character or
    an unknown `~user` instead of a traceback."""
    try:
        return user_path(text)
    except InvalidPathError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class EscapingArgumentParser(argparse.ArgumentParser):
    """argparse quotes the arguments it refuses; escape their control characters, so a bad
    argument cannot write escape sequences to the terminal either."""

    def error(self, message: str) -> NoReturn:
        super().error(escape_for_terminal(message))


ACK_DELAY_ENV = "OPS_MATURITY_ACK_DELAY"
"""Environment variable with the default for --ack-delay, e.g. 1.5 for a projector."""
DEFAULT_ACK_DELAY = 0.3
MAX_ACK_DELAY = 10.0


def parse_ack_delay(text: str) -> float:
    """Seconds from 0 to MAX_ACK_DELAY; raises ValueError with a plain reason otherwise."""
    try:
        seconds = float(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a number of seconds") from None
    if not 0 <= seconds <= MAX_ACK_DELAY:  # also refuses nan and inf
        raise ValueError(f"{text} is outside 0 to {MAX_ACK_DELAY:g} seconds")
    return seconds


def _ack_delay_argument(text: str) -> float:
    try:
        return parse_ack_delay(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = EscapingArgumentParser(
        prog=PROG,
        description="Assess how your team runs production and leave with a roadmap. "
        "With no command, opens the interactive app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=EscapingArgumentParser
    )

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
        type=path_argument,
        default=Path("assessments"),
        help="where assessments are saved (default: ./assessments)",
    )
    run.add_argument(
        "--resume",
        metavar="FILE",
        type=path_argument,
        help="reopen this assessment file at its first unanswered question",
    )
    run.add_argument(
        "--presentation", action="store_true", help="start in presentation mode (for projectors)"
    )
    run.add_argument(
        "--ack-delay",
        metavar="SECONDS",
        type=_ack_delay_argument,
        help="how long a saved answer stays highlighted before the next question, 0 to "
        f"{MAX_ACK_DELAY:g} (default: ${ACK_DELAY_ENV} if set, else {DEFAULT_ACK_DELAY:g})",
    )

    run.add_argument(
        "--keys",
        metavar="FILE",
        type=path_argument,
        help="remap keys from this TOML file (default: $XDG_CONFIG_HOME/ops-maturity/keys.toml "
        "if it exists; see docs/keys.md)",
    )

    _add_remote_options(run)

    listing = commands.add_parser(
        "questionnaires",
        help="list bundled questionnaires and any given as paths",
        description="List the bundled questionnaires, plus any given as paths, with their id, version, title and counts.",
    )
    listing.add_argument("paths", nargs="*", type=path_argument, metavar="PATH")

    validate = commands.add_parser(
        "validate",
        help="check questionnaire files (the bundled ones by default)",
        description="Validate questionnaire files. Exits 0 when all are valid, 1 with path:line:col errors on stderr otherwise.",
    )
    validate.add_argument("paths", nargs="*", type=path_argument, metavar="PATH")

    report = commands.add_parser(
        "report",
        help="render an assessment as a Markdown roadmap (or JSON, CSV)",
        description="Render an assessment's report to stdout or a file. Bundled templates: "
        "roadmap.md.j2, the full report (default); summary.md.j2, one screen of levels, "
        "targets, this quarter's plan and what changed (--summary). --format json writes the "
        "data (docs/schema/export.schema.json); --format csv one row per roadmap item.",
    )
    report.add_argument("assessment", type=path_argument, metavar="ASSESSMENT.toml")
    report.add_argument(
        "-o",
        "--output",
        type=path_argument,
        metavar="OUT",
        help="write to this file instead of stdout ('-' is stdout; a device or FIFO is "
        "written directly, never replaced)",
    )
    templates = report.add_mutually_exclusive_group()
    templates.add_argument(
        "--template",
        type=path_argument,
        metavar="FILE",
        help="your own Jinja2 template (sandboxed)",
    )
    templates.add_argument(
        "--summary",
        action="store_true",
        help="the short bundled template (summary.md.j2) instead of the full roadmap.md.j2",
    )
    report.add_argument(
        "--format",
        choices=("md", "json", "csv"),
        default="md",
        help="md (default), json (levels, targets, roadmap) or csv (one row per roadmap item)",
    )
    _add_no_charts(report)
    report.add_argument(
        "--questionnaire",
        metavar="PATH|ID",
        help="questionnaire to score against (default: the one the assessment names)",
    )
    report.add_argument(
        "--compare",
        type=path_argument,
        metavar="PREVIOUS.toml",
        help="an earlier assessment of the same team: adds what changed since then",
    )
    report.add_argument(
        "--force",
        action="store_true",
        help="overwrite the output file if it exists (a device is never replaced)",
    )

    from ops_maturity.cli_trends import add_trend_commands  # compare, history, rollup

    add_trend_commands(commands)
    # `serve` was the separate voting server; it is gone, and a typed `serve` says where to go.
    commands.add_parser("serve", add_help=False).add_argument("rest", nargs=argparse.REMAINDER)
    return parser


SERVE_IS_GONE = (
    "`ops-maturity serve` is gone: the app serves the voting page itself. Start the session with "
    "`ops-maturity run --resume ASSESSMENT.toml --remote` (or `run --team ... --remote`), or pick "
    "'Start remote voting' in the command palette (ctrl+p) of a running team session."
)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"must be a port number, 0 to 65535: {text!r}")
    return int(text)


def _public_url(text: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(text) > 200:
        raise argparse.ArgumentTypeError(
            f"must be an http:// or https:// address such as https://vote.example.org: {text!r}"
        )
    return text


def _add_remote_options(run: argparse.ArgumentParser) -> None:
    remote = run.add_argument_group(
        "remote voting",
        "Participants vote from their own phones or laptops on a page this app serves. Plain "
        "HTTP: keep the default 127.0.0.1 and reach it through an SSH tunnel or a TLS proxy "
        "(see README, Remote participants).",
    )
    remote.add_argument(
        "--remote", action="store_true", help="serve the voting page once the team session opens"
    )
    remote.add_argument(
        "--host",
        metavar="ADDRESS",
        help=f"address to listen on (default: {DEFAULT_HOST}); implies --remote",
    )
    remote.add_argument(
        "--port",
        type=_port,
        metavar="PORT",
        help=f"port to listen on, 0 for any free one (default: {DEFAULT_PORT}); implies --remote",
    )
    remote.add_argument(
        "--public-url",
        type=_public_url,
        metavar="URL",
        help="the address participants open, behind a proxy or tunnel; pages from it are "
        "accepted too; implies --remote",
    )


def _add_no_charts(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-charts",
        action="store_true",
        help="leave out the Mermaid charts (for wikis that do not render Mermaid)",
    )


def _error(message: str) -> None:
    print(f"{PROG}: error: {escape_for_terminal(message)}", file=sys.stderr)


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
                escape_for_terminal(questionnaire.id),
                escape_for_terminal(questionnaire.version),
                escape_for_terminal(questionnaire.title),
                str(len(questionnaire.areas)),
                str(len(questionnaire.questions)),
                escape_for_terminal(source),
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
            escape_for_terminal(
                f"{shown}: ok ({questionnaire.id} {questionnaire.version}: "
                f"{len(questionnaire.areas)} areas, {len(questionnaire.questions)} questions)"
            )
        )
    return status


def command_report(args: argparse.Namespace) -> int:
    try:
        session = open_assessment_file(args.assessment, args.questionnaire)
    except OpenError as error:
        for message in error.messages:
            print(escape_for_terminal(message), file=sys.stderr)
        return EXIT_BAD_INPUT
    questionnaire, assessment, changes = session.questionnaire, session.assessment, session.changes
    previous = None
    if args.compare is not None:
        try:
            previous = load_assessment(args.compare)
            reconcile(previous, questionnaire)
            check_answers(previous, questionnaire, str(args.compare))
        except InvalidFileError as error:
            _report_problems(error)
            return EXIT_BAD_INPUT
        except QuestionnaireMismatchError as error:
            _error(f"{args.compare}: cannot compare: {error}")
            return EXIT_BAD_INPUT
    if change_note := describe_changes(changes):
        print(escape_for_terminal(f"{args.assessment}: note: {change_note}"), file=sys.stderr)
    if previous is not None:
        from ops_maturity.core.trends.comparison import comparison_warnings

        for warning in comparison_warnings(assessment, previous):
            print(escape_for_terminal(f"{PROG}: warning: {warning}"), file=sys.stderr)
    if args.output is not None and str(args.output) not in STANDARD_OUTPUT_NAMES:
        try:
            kind = output_kind(args.output)
        except OSError as error:
            _error(f"cannot write {args.output}: {describe_os_error(error)}")
            return EXIT_BAD_INPUT
        if kind is OutputKind.EXISTING_FILE and not args.force:
            _error(f"{args.output} already exists; use --force to overwrite it")
            return EXIT_BAD_INPUT
    if args.format != "md":
        text = _report_data(args.format, questionnaire, assessment, previous)
        return _write_output(args.output, text)
    from ops_maturity.core.reports.report import (
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
        _error(str(error))
        return EXIT_BAD_INPUT
    return _write_output(args.output, text)


def _report_data(
    kind: str, questionnaire: Questionnaire, assessment: Assessment, previous: Assessment | None
) -> str:
    """The report as JSON or CSV (no template involved)."""
    from ops_maturity.core.model.roadmap import build_roadmap
    from ops_maturity.core.model.scoring import score_assessment
    from ops_maturity.core.trends.comparison import compare_assessments

    score = score_assessment(questionnaire, assessment)
    roadmap = build_roadmap(questionnaire, score, assessment)
    if kind == "csv":
        from ops_maturity.core.reports.export_csv import roadmap_csv

        return roadmap_csv(assessment, roadmap.items)
    from ops_maturity.core.reports.export_json import report_json, to_json_text

    comparison = (
        compare_assessments(questionnaire, previous, score, assessment) if previous else None
    )
    return to_json_text(report_json(questionnaire, assessment, score, roadmap, comparison))


def _write_output(output: Path | None, text: str, status: int = EXIT_OK) -> int:
    """Print `text` (no `output`, or `-`), or write it to `output`: atomically for a file, straight
    into a device or FIFO, never replacing one. Returns `status`, or EXIT_BAD_INPUT."""
    if output is None or str(output) in STANDARD_OUTPUT_NAMES:
        sys.stdout.write(text)
        sys.stdout.flush()
        return status
    try:
        write_output_file(output, text)
    except OSError as error:
        _error(f"cannot write {output}: {describe_os_error(error)}")
        return EXIT_BAD_INPUT
    print(escape_for_terminal(f"wrote {output}"), file=sys.stderr)
    return status


def remote_options(args: argparse.Namespace) -> RemoteOptions | None:
    """`run`'s remote-voting options; --host, --port or --public-url alone imply --remote."""
    if not (args.remote or args.host or args.port is not None or args.public_url):
        return None
    return RemoteOptions(
        host=args.host or DEFAULT_HOST,
        port=DEFAULT_PORT if args.port is None else args.port,
        public_url=args.public_url,
    )


def command_run(args: argparse.Namespace) -> int:
    from ops_maturity.ui.app import OpsMaturityApp, make_app
    from ops_maturity.ui.keymap import default_keys_path, load_keymap

    participants = [name.strip() for name in args.participants.split(",") if name.strip()]
    for problem in participant_problems(participants):
        _error(f"--participants: {problem}")
        return EXIT_USAGE
    ack_delay: float = args.ack_delay if args.ack_delay is not None else DEFAULT_ACK_DELAY
    if args.ack_delay is None and (from_environment := os.environ.get(ACK_DELAY_ENV)):
        try:
            ack_delay = parse_ack_delay(from_environment)
        except ValueError as error:
            _error(f"{ACK_DELAY_ENV}: {error}")
            return EXIT_USAGE
    try:
        keymap = load_keymap(
            args.keys or default_keys_path(), OpsMaturityApp, missing_ok=args.keys is None
        )
    except InvalidFileError as error:
        _report_problems(error)
        return EXIT_BAD_INPUT
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
        ack_delay=ack_delay,
        remote=remote_options(args),
        keymap=keymap,
    )
    try:
        app.run()
    finally:
        app.release_lock()
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
        if args.command in ("compare", "history", "rollup"):
            from ops_maturity.cli_trends import run_trend_command

            return run_trend_command(args)
        if args.command == "serve":
            _error(SERVE_IS_GONE)
            return EXIT_USAGE
        if args.command is None:
            args = parser.parse_args(["run"])
        return command_run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
