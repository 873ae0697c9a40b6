"""The `ops-maturity` command line: `main` parses the arguments and runs one command's module.

- `parser`: every command's arguments and help text, and the argument types.
- `common`: the exit codes, how errors, warnings and notes are printed, and writing output.
- one module per command, each with `run_command(args) -> int`: `run` (no command at all means
  `run`: the interactive app), `questionnaires`, `validate`, `report`, `compare`, `history`,
  `rollup`, `import` (in `import_model`: `import` is a Python keyword), and `serve` (only says
  where remote voting went).

Exit codes: 0 ok, 1 bad input, 2 usage, 3 done but some files were skipped (history, rollup),
130 interrupted. Errors are one clear line each on stderr, never a traceback.

Start-up stays lean: `main` imports only the chosen command's module, so starting the app loads
nothing that only `report` or `rollup` need; Textual is imported only by `run`, Jinja2 only when
Markdown is rendered. Command modules never import each other (an import-linter contract): what
they share is in `common`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, cast

from ops_maturity.cli.common import EXIT_INTERRUPTED, EXIT_OK

if TYPE_CHECKING:
    import argparse


_MODULE_OF = {"import": "import_model"}
"""Commands whose module has another name."""


class CommandModule(Protocol):
    """What each command's module provides."""

    def run_command(self, args: argparse.Namespace) -> int: ...


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (`argv` defaults to sys.argv) and return the exit code."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    first = arguments[0] if arguments else None
    if first in (None, "run"):
        # The app's start-up: the collector runs rarely until its first screen is drawn
        # (`ui/start_up_gc.py`), from here on (it found nothing to free in the parser's modules).
        import ops_maturity.ui  # noqa: F401
    from ops_maturity.cli.parser import COMMANDS, build_parser

    parser = build_parser(first if first in COMMANDS else None)
    args = parser.parse_args(arguments)
    try:
        if args.command is None:
            args = parser.parse_args(["run"])
        name = _MODULE_OF.get(args.command, args.command)
        module = cast(CommandModule, importlib.import_module(f"{__name__}.{name}"))
        return module.run_command(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
