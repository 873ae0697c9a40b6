"""Every command's arguments and help text, in one parser (`build_parser`).

The argument types live here too: paths (`~` expanded, a NUL refused), whole seconds, the
acknowledgement delay (which `run` also reads from $OPS_MATURITY_ACK_DELAY), ports and public
URLs, each turning bad input into a usage error (exit 2) with a plain reason. This module only
describes the command line: it imports no command's module. The work is in each command's own
module, which `main` imports once the arguments are parsed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ops_maturity import __version__
from ops_maturity.cli.common import PROG
from ops_maturity.core.files.user_paths import InvalidPathError, user_path
from ops_maturity.core.questionnaires.bundled import DEFAULT_QUESTIONNAIRE_ID
from ops_maturity.core.remote.options import DEFAULT_HOST, DEFAULT_PORT
from ops_maturity.core.text import escape_for_terminal

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


if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[Any]
    """What `add_subparsers` returns: each `_add_*` function adds one command to it."""


class EscapingArgumentParser(argparse.ArgumentParser):
    """argparse quotes the arguments it refuses; escape their control characters, so a bad
    argument cannot write escape sequences to the terminal either."""

    def error(self, message: str) -> NoReturn:
        super().error(escape_for_terminal(message))


def path_argument(text: str) -> Path:
    """An argparse `type` for paths: `~` expanded, and a clear usage error for a NUL character or
    an unknown `~user` instead of a traceback."""
    try:
        return user_path(text)
    except InvalidPathError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


MAX_TIMEBOX = 3_600
"""The longest timebox per question, in seconds (`core.model.sessions.MAX_TIMEBOX_SECONDS`)."""


def _timebox_seconds(text: str) -> int:
    if not text.isdigit() or int(text) > MAX_TIMEBOX:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of seconds from 0 (off) to {MAX_TIMEBOX}: {text!r}"
        )
    return int(text)


def _area_list(text: str) -> tuple[str, ...]:
    areas = tuple(part.strip() for part in text.split(",") if part.strip())
    if not areas:
        raise argparse.ArgumentTypeError("name one area or more, such as visibility,alerting")
    return areas


def _question_count(text: str) -> int:
    if not text.isdigit() or int(text) == 0 or len(text) > 6:
        raise argparse.ArgumentTypeError(f"must be a whole number, 1 or more: {text!r}")
    return int(text)


def _ack_delay_argument(text: str) -> float:
    try:
        return parse_ack_delay(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line: `--version` and one sub-command per module of this package.

    With `command` (the first argument, when it names a command), only that command's
    sub-parser is built: the arguments after it are parsed exactly as by the whole parser,
    without building the eight others (a couple of milliseconds of every start-up)."""
    parser = EscapingArgumentParser(
        prog=PROG,
        description="Assess how your team runs production and leave with a roadmap. "
        "With no command, opens the interactive app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=EscapingArgumentParser
    )
    for name, add in COMMANDS.items():
        if command in (None, name):
            add(commands)
    return parser


def _add_serve(commands: Commands) -> None:
    # `serve` was the separate voting server; it is gone, and a typed `serve` says where to go.
    commands.add_parser("serve", add_help=False).add_argument("rest", nargs=argparse.REMAINDER)


def _add_run(commands: Commands) -> None:
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
        type=_timebox_seconds,
        help="team mode: a countdown per question that warns when time is up (never advances); "
        "kept in the assessment until changed, 0 turns it off",
    )
    today = run.add_mutually_exclusive_group()
    today.add_argument(
        "--areas",
        metavar="ID,ID",
        type=_area_list,
        default=(),
        help="plan today's session: these areas (ids or names); the Assess screen shows how "
        "many of their questions are done and the time left",
    )
    today.add_argument(
        "--questions",
        metavar="N",
        type=_question_count,
        help="plan today's session: the next N unanswered questions",
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
    remote = run.add_argument_group(
        "remote voting",
        "Participants vote from their own phones or laptops on a page this app serves. Plain "
        "HTTP: keep the default 127.0.0.1 and reach it through an SSH tunnel or a TLS proxy "
        "(see docs/remote-voting.md).",
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


def _add_questionnaires(commands: Commands) -> None:
    listing = commands.add_parser(
        "questionnaires",
        help="list bundled questionnaires and any given as paths",
        description="List the bundled questionnaires, plus any given as paths, with their id, version, title and counts.",
    )
    listing.add_argument("paths", nargs="*", type=path_argument, metavar="PATH")


def _add_validate(commands: Commands) -> None:
    validate = commands.add_parser(
        "validate",
        help="check questionnaire files (the bundled ones by default)",
        description="Validate questionnaire files. Exits 0 when all are valid, 1 with path:line:col errors on stderr otherwise.",
    )
    validate.add_argument("paths", nargs="*", type=path_argument, metavar="PATH")


def _add_report(commands: Commands) -> None:
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


def _add_compare(commands: Commands) -> None:
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


def _add_history(commands: Commands) -> None:
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


def _add_rollup(commands: Commands) -> None:
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


def _add_import(commands: Commands) -> None:
    importing = commands.add_parser(
        "import",
        help="convert a published maturity model (OWASP DSOMM, AWS Well-Architected lens)",
        description="Convert a maturity model kept in another tool into a questionnaire file "
        "that validates: `import dsomm FILE.yaml` (OWASP DSOMM; needs PyYAML: pip install "
        '"ops-maturity[import]") or `import wa-lens FILE.json` (an AWS Well-Architected custom '
        "lens). What could not be carried over is listed on stderr. See docs/importers.md.",
    )
    kinds = importing.add_subparsers(
        dest="kind", metavar="KIND", required=True, parser_class=EscapingArgumentParser
    )
    for kind, what, metavar in (
        ("dsomm", "an OWASP DSOMM model (YAML)", "FILE.yaml"),
        ("wa-lens", "an AWS Well-Architected custom lens (JSON)", "FILE.json"),
    ):
        parser = kinds.add_parser(kind, help=f"convert {what}", description=f"Convert {what}.")
        parser.add_argument("model", type=path_argument, metavar=metavar)
        _add_output(parser)


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


def _add_no_charts(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-charts",
        action="store_true",
        help="leave out the Mermaid charts (for wikis that do not render Mermaid)",
    )


COMMANDS: dict[str, Callable[[Commands], None]] = {
    "run": _add_run,
    "questionnaires": _add_questionnaires,
    "validate": _add_validate,
    "report": _add_report,
    "compare": _add_compare,
    "history": _add_history,
    "rollup": _add_rollup,
    "import": _add_import,
    "serve": _add_serve,
}
"""Each command and the function that adds its sub-parser, in the order help lists them."""
