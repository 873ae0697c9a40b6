"""`import`: convert a published maturity model into a questionnaire file.

`ops-maturity import dsomm FILE.yaml -o questionnaire.toml` and `ops-maturity import wa-lens
FILE.json -o questionnaire.toml`. The model is read bounded (MAX_INPUT_BYTES), converted by
`ops_maturity.core.importers`, written with tomli-w and loaded back by the questionnaire loader
before the output is written (atomically; an existing file needs --force). What could not be
carried over is listed on stderr, one `FILE: note: ...` line each; a model that cannot be read
is `FILE:line:col: message` and exit 1, never a traceback. Without -o the TOML goes to stdout.
"""

from __future__ import annotations

import argparse
import sys

from ops_maturity.cli.common import (
    EXIT_BAD_INPUT,
    print_error,
    print_lines,
    refuse_to_overwrite,
    write_output,
)
from ops_maturity.core.files.bounded_read import UnreadableFileError, read_bytes_bounded
from ops_maturity.core.files.output_file import STANDARD_OUTPUT_NAMES
from ops_maturity.core.importers.common import (
    MAX_INPUT_BYTES,
    ImportedModel,
    MissingExtraError,
    ModelImportError,
)
from ops_maturity.core.text import escape_for_terminal


def run_command(args: argparse.Namespace) -> int:
    """Convert `args.model` of kind `args.kind`; 0 when written, 1 when it could not be."""
    shown = str(args.model)
    output = args.output
    if (
        output is not None
        and str(output) not in STANDARD_OUTPUT_NAMES
        and refuse_to_overwrite(output, args.force)
    ):
        return EXIT_BAD_INPUT
    try:
        raw = read_bytes_bounded(args.model, MAX_INPUT_BYTES)
    except UnreadableFileError as error:
        print_lines([f"{shown}: {error.reason}"])
        return EXIT_BAD_INPUT
    try:
        source = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        print_lines([f"{shown}:{line}:1: file is not valid UTF-8"])
        return EXIT_BAD_INPUT
    try:
        imported = _convert(args.kind, source, shown)
    except MissingExtraError as error:
        print_error(str(error))
        return EXIT_BAD_INPUT
    except ModelImportError as error:
        print_lines(error.problems)
        return EXIT_BAD_INPUT
    print_lines([f"{shown}: note: {note}" for note in imported.notes])
    questionnaire = imported.questionnaire
    print_lines(
        [
            f"{shown}: {len(questionnaire.areas)} areas, {len(questionnaire.questions)} questions, "
            f"{len(questionnaire.levels)} levels; {len(imported.notes)} notes"
        ]
    )
    status = write_output(output, imported.toml)
    if status == 0 and output is not None and str(output) not in STANDARD_OUTPUT_NAMES:
        print(
            escape_for_terminal(f"use it: ops-maturity run --questionnaire {output}"),
            file=sys.stderr,
        )
    return status


def _convert(kind: str, source: str, shown: str) -> ImportedModel:
    if kind == "dsomm":
        from ops_maturity.core.importers.dsomm import import_dsomm

        return import_dsomm(source, shown)
    from ops_maturity.core.importers.wa_lens import import_wa_lens

    return import_wa_lens(source, shown)
