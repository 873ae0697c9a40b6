"""Shared machinery for validating TOML documents and reporting `path:line:col: message` errors.

Both the questionnaire loader and the assessment loader use it, so every file the tool reads fails
the same way: all the problems at once, each pinned to a line, and never a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.files.bounded_read import (
    DEFAULT_READ_LIMIT,
    UnreadableFileError,
    read_bytes_bounded,
)
from ops_maturity.core.parsing.toml_nesting import find_excessive_nesting
from ops_maturity.core.parsing.toml_positions import KeyPath, TomlPositions
from ops_maturity.core.text import escape_for_terminal, find_control_character, strip_bidi_controls

try:  # tomli is a dependency; where it ships compiled it parses about 3x faster than tomllib.
    from tomli import TOMLDecodeError
    from tomli import loads as toml_loads
except ImportError:  # pragma: no cover - same API and error messages
    from tomllib import TOMLDecodeError  # type: ignore[assignment]
    from tomllib import loads as toml_loads

MAX_FILE_BYTES = DEFAULT_READ_LIMIT
"""Files above this size are refused before parsing (assessments; questionnaires have their own
limit, `loader.MAX_QUESTIONNAIRE_BYTES`)."""

MAX_SHOWN_PROBLEMS = 100
"""An error lists at most this many problems, then '… and N more problems'."""
_MAX_COLLECTED_PROBLEMS = 1_000
"""Problems past this are only counted, so a hostile file cannot grow the list without bound."""

MAX_INTEGER = 1_000_000
"""No integer in the formats needs more; larger ones are refused before any use."""

_TOML_ERROR_POSITION = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$")
_LONG_DIGIT_RUN = re.compile(r"[0-9_]{4000,}")
_BYTE_ORDER_MARK = "\ufeff"


@dataclass(frozen=True)
class FileProblem:
    """One problem in one file, printed as `path:line:col: message`."""

    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        """One line: the path and message have every control character escaped, so a value
        quoted in a message can never start a line that looks like another error."""
        path, message = escape_for_terminal(self.path), escape_for_terminal(self.message)
        if self.line is None:
            return f"{path}: {message}"
        return f"{path}:{self.line}:{self.column or 1}: {message}"


class InvalidFileError(OpsMaturityError):
    """A file could not be loaded. `problems` holds the problems found, in file order: at most
    MAX_SHOWN_PROBLEMS of them, then one saying how many more there were (`more_problems`)."""

    def __init__(self, problems: list[FileProblem], more_problems: int = 0) -> None:
        ordered = sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
        self.more_problems = more_problems + max(0, len(ordered) - MAX_SHOWN_PROBLEMS)
        self.problems = ordered[:MAX_SHOWN_PROBLEMS]
        if self.more_problems and self.problems:
            self.problems.append(
                FileProblem(
                    self.problems[0].path,
                    None,
                    None,
                    f"… and {self.more_problems:,} more problem(s)",
                )
            )
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Field:
    """What one key of a table must hold. `kind` is a Python type or a tuple of them."""

    kind: type | tuple[type, ...]
    required: bool = True
    items: type | None = None
    """For lists: the type each item must have."""
    text: bool = False
    """Reject control characters (for str fields, and str items of lists)."""
    single_line: bool = False
    """Reject newlines and carriage returns (names, titles, ids: shown on one line)."""
    non_empty: bool = False
    """Reject an empty or blank string (required text)."""
    minimum: int = -MAX_INTEGER
    maximum: int = MAX_INTEGER
    """For integers: the allowed range, checked before the value is used anywhere."""


_KIND_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "an array",
    dict: "a table",
    dt.date: "a date",
}


def _describe(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)


def _has_kind(value: object, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False
    if isinstance(value, dt.datetime) and dt.datetime not in kinds:
        return False
    return isinstance(value, kinds)


def _out_of_range(value: object, spec: Field) -> bool:
    """True for an integer (not a bool) outside the field's range."""
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    return not spec.minimum <= value <= spec.maximum


def describe_integer(value: int) -> str:
    """An integer as text, even one too large for `str()` (Python refuses over 4,300 digits)."""
    if abs(value) <= 10**100:
        return str(value)
    return f"a {value.bit_length() * 30103 // 100000 + 1:,}-digit number"


def _without_bidi_controls(value: Any) -> Any:
    """Text with bidirectional controls removed (they could make it read backwards on screen)."""
    if isinstance(value, str):
        return strip_bidi_controls(value)
    if isinstance(value, list):
        return [strip_bidi_controls(item) if isinstance(item, str) else item for item in value]
    return value


def format_path(path: KeyPath) -> str:
    """Render a key path the way a TOML author thinks of it: `areas[2].questions[0].level`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


class TomlDocument:
    """A TOML file read for validation: its data, key positions and the problems found so far."""

    def __init__(self, display_path: str, source: str, data: dict[str, Any]) -> None:
        self.display_path = display_path
        self.data = data
        self._source = source
        self.problems: list[FileProblem] = []
        self.more_problems = 0
        """Problems found past the collection limit, only counted."""

    @cached_property
    def positions(self) -> TomlPositions:
        """Key positions, worked out only when a problem needs one (valid files skip the scan)."""
        return TomlPositions(self._source)

    def problem(self, path: KeyPath, message: str) -> None:
        if len(self.problems) >= _MAX_COLLECTED_PROBLEMS:
            self.more_problems += 1
            return
        position = self.positions.find(path)
        line, column = position if position else (None, None)
        self.problems.append(FileProblem(self.display_path, line, column, message))

    def check_table(
        self, value: object, path: KeyPath, fields: Mapping[str, Field]
    ) -> dict[str, Any] | None:
        """Check a table's keys and value types. Returns the table when it is one, else None.

        Unknown keys, missing required keys, wrong types and control characters are all reported.
        Keys with a problem are removed from the returned table, so callers can read the rest.
        """
        where = format_path(path) or "the file"
        if not isinstance(value, dict):
            self.problem(path, f"{where} must be a table")
            return None
        table = dict(value)
        for key in list(table):
            if key not in fields:
                allowed = ", ".join(sorted(fields))
                self.problem((*path, key), f"unknown key '{key}' in {where} (allowed: {allowed})")
                del table[key]
        for key, spec in fields.items():
            key_path = (*path, key)
            if key not in table:
                if spec.required:
                    self.problem(path, f"missing required key '{key}' in {where}")
                continue
            if not self._check_value(table[key], key_path, spec):
                del table[key]
            elif spec.text:
                table[key] = _without_bidi_controls(table[key])
        return table

    def _check_value(self, value: object, path: KeyPath, spec: Field) -> bool:
        if not _has_kind(value, spec.kind):
            self.problem(path, f"{format_path(path)} must be {_describe(spec.kind)}")
            return False
        if _out_of_range(value, spec):
            assert isinstance(value, int)
            self.problem(
                path,
                f"{format_path(path)} is {describe_integer(value)}; it must be between "
                f"{spec.minimum:,} and {spec.maximum:,}",
            )
            return False
        if isinstance(value, list) and spec.items is not None:
            for index, item in enumerate(value):
                if not _has_kind(item, spec.items):
                    item_path = (*path, index)
                    self.problem(
                        item_path, f"{format_path(item_path)} must be {_describe(spec.items)}"
                    )
                    return False
        if spec.text:
            texts = value if isinstance(value, list) else [value]
            for text in texts:
                if isinstance(text, str) and (bad := find_control_character(text)) is not None:
                    self.problem(
                        path,
                        f"{format_path(path)} holds control character U+{ord(bad):04X}; "
                        "remove it (only newlines and tabs are allowed)",
                    )
                    return False
        if spec.single_line:
            texts = value if isinstance(value, list) else [value]
            if any(isinstance(text, str) and ("\n" in text or "\r" in text) for text in texts):
                self.problem(
                    path, f"{format_path(path)} must be one line (no newlines or carriage returns)"
                )
                return False
        if spec.non_empty and isinstance(value, str) and not value.strip():
            self.problem(path, f"{format_path(path)} must not be empty")
            return False
        return True

    def check_array_of_tables(
        self, value: object, path: KeyPath, most: int | None = None, what: str = "entries"
    ) -> list[Any]:
        """Return `value` if it is an array, else report it and return an empty list.

        With `most`, a longer array is reported and only its first `most` entries are returned,
        so the work done for one file stays bounded.
        """
        if not isinstance(value, list):
            self.problem(path, f"{format_path(path)} must be an array of tables")
            return []
        if most is not None and len(value) > most:
            self.problem(path, f"{format_path(path)} has {len(value):,} {what}; at most {most:,}")
            return value[:most]
        return value

    def error(self) -> InvalidFileError:
        """The InvalidFileError for the problems found so far."""
        return InvalidFileError(self.problems, self.more_problems)


def read_toml_document(
    path: Path, display_path: str | None = None, limit: int = MAX_FILE_BYTES
) -> TomlDocument:
    """Read and parse a TOML file of at most `limit` bytes, or raise InvalidFileError with a
    positioned message."""
    shown = display_path or str(path)
    try:
        raw = read_bytes_bounded(path, limit)
    except UnreadableFileError as error:
        raise InvalidFileError([FileProblem(shown, None, None, error.reason)]) from None
    return parse_toml_document(raw, shown, limit)


def parse_toml_document(raw: bytes, display_path: str, limit: int = MAX_FILE_BYTES) -> TomlDocument:
    """Parse TOML bytes (at most `limit`), or raise InvalidFileError pointing at the syntax
    error."""
    if len(raw) > limit:
        raise InvalidFileError(
            [
                FileProblem(
                    display_path,
                    None,
                    None,
                    f"file is {len(raw):,} bytes; the limit is {limit:,}",
                )
            ]
        )
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InvalidFileError(
            [FileProblem(display_path, line, None, "file is not valid UTF-8")]
        ) from None
    source = source.removeprefix(_BYTE_ORDER_MARK)  # editors on Windows add one; it is harmless
    if (too_deep := find_excessive_nesting(source)) is not None:
        line, column, message = too_deep
        raise InvalidFileError([FileProblem(display_path, line, column, message)])
    try:
        data = toml_loads(source)
    except RecursionError:
        raise InvalidFileError(
            [FileProblem(display_path, None, None, "values are nested too deeply")]
        ) from None
    except ValueError as error:
        if not isinstance(error, TOMLDecodeError):
            raise InvalidFileError([_number_problem(display_path, source, error)]) from None
        match = _TOML_ERROR_POSITION.match(str(error))
        if match:
            message, line, column = match.group(1), int(match.group(2)), int(match.group(3))
            problem = FileProblem(display_path, line, column, f"TOML syntax error: {message}")
        else:
            problem = FileProblem(display_path, None, None, f"TOML syntax error: {error}")
        raise InvalidFileError([problem]) from None
    return TomlDocument(display_path, source, data)


def _number_problem(display_path: str, source: str, error: ValueError) -> FileProblem:
    """tomllib lets Python's int() refuse integers of over 4,300 digits: say where one is."""
    match = _LONG_DIGIT_RUN.search(source)
    if match is None:
        return FileProblem(display_path, None, None, f"invalid number: {error}")
    line = source.count("\n", 0, match.start()) + 1
    column = match.start() - (source.rfind("\n", 0, match.start()) + 1) + 1
    return FileProblem(
        display_path, line, column, f"number too long ({len(match.group()):,} digits)"
    )
