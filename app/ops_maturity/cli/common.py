"""What every command shares: the exit codes, how problems are printed, and where output goes.

Each problem is one line on stderr, never a traceback: `ops-maturity: error: ...` (or `warning:`,
`note:`), or a file's own `path:line:col: message` lines. Text from files and arguments is
escaped first, so it can neither start a new line nor write escape sequences to the terminal.
Command modules import this module and never each other.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ops_maturity.core.text import describe_os_error, escape_for_terminal

if TYPE_CHECKING:
    from ops_maturity.core.parsing.validation import InvalidFileError

PROG = "ops-maturity"

EXIT_OK = 0
EXIT_BAD_INPUT = 1
"""A file could not be read or used, or the output could not be written."""
EXIT_USAGE = 2
"""The command line asks for something impossible (argparse's own usage errors exit 2 too)."""
EXIT_WARNINGS = 3
"""The command finished, but skipped files it could not read (named on stderr)."""
EXIT_INTERRUPTED = 130
"""Ctrl+C: 128 + SIGINT, as shells report it."""


def print_error(message: str) -> None:
    """`ops-maturity: error: MESSAGE` on stderr."""
    print(f"{PROG}: error: {escape_for_terminal(message)}", file=sys.stderr)


def print_warning(message: object) -> None:
    """`ops-maturity: warning: MESSAGE` on stderr."""
    print(escape_for_terminal(f"{PROG}: warning: {message}"), file=sys.stderr)


def print_note(message: str) -> None:
    """`ops-maturity: note: MESSAGE` on stderr."""
    print(escape_for_terminal(f"{PROG}: note: {message}"), file=sys.stderr)


def print_lines(lines: list[str]) -> None:
    """Lines that already name their file (`path: ...`), each on stderr."""
    for line in lines:
        print(escape_for_terminal(line), file=sys.stderr)


def print_problems(error: InvalidFileError) -> None:
    """A file's problems, one `path:line:col: message` line each, on stderr."""
    for problem in error.problems:
        print(problem, file=sys.stderr)


def refuse_to_overwrite(output: Path | None, force: bool) -> bool:
    """True (with the error printed) when `output` exists and --force was not given."""
    if output is not None and output.exists() and not force:
        print_error(f"{output} already exists; use --force to overwrite it")
        return True
    return False


def write_output(output: Path | None, text: str, status: int = EXIT_OK) -> int:
    """Print `text` (no `output`, or `-`), or write it to `output`: atomically for a file, straight
    into a device or FIFO, never replacing one. Returns `status`, or EXIT_BAD_INPUT."""
    from ops_maturity.core.files.output_file import STANDARD_OUTPUT_NAMES, write_output_file

    if output is None or str(output) in STANDARD_OUTPUT_NAMES:
        sys.stdout.write(text)
        sys.stdout.flush()
        return status
    try:
        write_output_file(output, text)
    except OSError as error:
        print_error(f"cannot write {output}: {describe_os_error(error)}")
        return EXIT_BAD_INPUT
    print(escape_for_terminal(f"wrote {output}"), file=sys.stderr)
    return status
