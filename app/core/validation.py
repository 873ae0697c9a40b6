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

from .bounded_read import DEFAULT_READ_LIMIT, UnreadableFileError, read_bytes_bounded
from .errors import OpsMaturityError
from .text import find_control_character
from .toml_positions import KeyPath, TomlPositions

try:  # tomli is a dependency; where it ships compiled it parses about 3x faster than tomllib.
    from tomli import TOMLDecodeError
    from tomli import loads as toml_loads
except ImportError:  # pragma: no cover - same API and error messages
    from tomllib import TOMLDecodeError  # type: ignore[assignment]
    from tomllib import loads as toml_loads

MAX_FILE_BYTES = DEFAULT_READ_LIMIT
"""Files above this size are refused before parsing: no questionnaire needs a megabyte."""

_TOML_ERROR_POSITION = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$")


@dataclass(frozen=True)
class FileProblem:
    """One problem in one file, printed as `path:line:col: message`."""

    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column or 1}: {self.message}"


class InvalidFileError(OpsMaturityError):
    """A file could not be loaded. `problems` holds every problem found, in file order."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
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

    @cached_property
    def positions(self) -> TomlPositions:
        """Key positions, worked out only when a problem needs one (valid files skip the scan)."""
        return TomlPositions(self._source)

    def problem(self, path: KeyPath, message: str) -> None:
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
        return table

    def _check_value(self, value: object, path: KeyPath, spec: Field) -> bool:
        if not _has_kind(value, spec.kind):
            self.problem(path, f"{format_path(path)} must be {_describe(spec.kind)}")
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
        return True

    def check_array_of_tables(self, value: object, path: KeyPath) -> list[Any]:
        """Return `value` if it is an array, else report it and return an empty list."""
        if not isinstance(value, list):
            self.problem(path, f"{format_path(path)} must be an array of tables")
            return []
        return value


def read_toml_document(path: Path, display_path: str | None = None) -> TomlDocument:
    """Read and parse a TOML file, or raise InvalidFileError with a positioned message."""
    shown = display_path or str(path)
    try:
        raw = read_bytes_bounded(path, MAX_FILE_BYTES)
    except UnreadableFileError as error:
        raise InvalidFileError([FileProblem(shown, None, None, error.reason)]) from None
    return parse_toml_document(raw, shown)


def parse_toml_document(raw: bytes, display_path: str) -> TomlDocument:
    """Parse TOML bytes, or raise InvalidFileError pointing at the syntax error."""
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidFileError(
            [
                FileProblem(
                    display_path,
                    None,
                    None,
                    f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}",
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
    try:
        data = toml_loads(source)
    except TOMLDecodeError as error:
        match = _TOML_ERROR_POSITION.match(str(error))
        if match:
            message, line, column = match.group(1), int(match.group(2)), int(match.group(3))
            problem = FileProblem(display_path, line, column, f"TOML syntax error: {message}")
        else:
            problem = FileProblem(display_path, None, None, f"TOML syntax error: {error}")
        raise InvalidFileError([problem]) from None
    return TomlDocument(display_path, source, data)
