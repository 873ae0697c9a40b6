"""Find where keys and tables sit in TOML source, so errors can say `path:line:col`.

`tomllib` returns plain data with no positions. This module scans the source once and maps each
key path (with array-of-tables indices, for example `("areas", 2, "questions", 0, "level")`) to the
line and column where it is written. It understands table headers, arrays of tables, dotted and
quoted keys, multi-line strings, and multi-line arrays of inline tables: everything the formats in
docs/ use. Lookups fall back to the nearest enclosing path, so every error gets a line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PathPart = str | int
KeyPath = tuple[PathPart, ...]
Position = tuple[int, int]

_BARE_OR_QUOTED_KEY = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED_KEY = rf"{_BARE_OR_QUOTED_KEY}(?:\s*\.\s*{_BARE_OR_QUOTED_KEY})*"
_KEY_LINE = re.compile(rf"^(\s*)({_DOTTED_KEY})\s*=\s*(.*)$")
_TABLE_HEADER = re.compile(rf"^(\s*)(\[\[?)\s*({_DOTTED_KEY})\s*\]\]?")
_KEY_PART = re.compile(_BARE_OR_QUOTED_KEY)
_PREFIXES_RECORDED = 6
_INLINE_KEY = re.compile(rf"(?:^|[{{,])\s*({_DOTTED_KEY})\s*=")


def _split_key(dotted: str) -> list[str]:
    parts = []
    for match in _KEY_PART.finditer(dotted):
        token = match.group()
        if token[0] in "\"'":
            token = token[1:-1]
        parts.append(token)
    return parts


def _strip_strings(text: str) -> str:
    """Blank out string contents so brackets and '#' inside strings are not counted."""
    return re.sub(
        r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', lambda m: '"' + " " * (len(m.group()) - 2) + '"', text
    )


def _bracket_balance(text: str) -> int:
    code = _strip_strings(text).split("#", 1)[0]
    return code.count("[") + code.count("{") - code.count("]") - code.count("}")


class TomlPositions:
    """Positions of keys in one TOML document (1-based line and column)."""

    def __init__(self, source: str) -> None:
        self._positions: dict[KeyPath, Position] = {}
        self._scan(source)

    def find(self, path: Sequence[PathPart]) -> Position | None:
        """Return the position of `path`, or of its nearest enclosing key or table."""
        candidate = tuple(path)
        while candidate:
            if candidate in self._positions:
                return self._positions[candidate]
            candidate = candidate[:-1]
        return None

    def _record(self, path: KeyPath, line: int, column: int) -> None:
        self._positions.setdefault(path, (line, column))

    def _scan(self, source: str) -> None:
        array_counts: dict[KeyPath, int] = {}
        table: KeyPath = ()
        lines = source.splitlines()
        index = 0
        while index < len(lines):
            line = lines[index]
            line_number = index + 1
            stripped = line.strip()
            index += 1
            if not stripped or stripped.startswith("#"):
                continue
            header = _TABLE_HEADER.match(line)
            if header:
                is_array = header.group(2) == "[["
                parts = _split_key(header.group(3))
                resolved: list[PathPart] = []
                for position, part in enumerate(parts):
                    resolved.append(part)
                    key = tuple(resolved)
                    last = position == len(parts) - 1
                    if last and is_array:
                        array_counts[key] = array_counts.get(key, 0) + 1
                        resolved.append(array_counts[key] - 1)
                    elif key in array_counts:
                        resolved.append(array_counts[key] - 1)
                table = tuple(resolved)
                # `[[levels]]` also places `levels` (a few levels deep: a hostile header
                # thousands of keys deep must not cost the square of its depth).
                for length in range(1, min(len(table), _PREFIXES_RECORDED) + 1):
                    self._record(table[:length], line_number, len(header.group(1)) + 1)
                self._record(table, line_number, len(header.group(1)) + 1)
                continue
            key_line = _KEY_LINE.match(line)
            if not key_line:
                continue
            key_path = table + tuple(_split_key(key_line.group(2)))
            self._record(key_path, line_number, len(key_line.group(1)) + 1)
            value = key_line.group(3)
            index = self._skip_value(lines, index, value, key_path, line_number, key_line.start(3))

    def _skip_value(
        self,
        lines: list[str],
        index: int,
        value: str,
        key_path: KeyPath,
        line_number: int,
        value_column: int,
    ) -> int:
        """Step over a value that continues on later lines; return the next line index."""
        for quote in ('"""', "'''"):
            if value.startswith(quote):
                if value.count(quote) >= 2:
                    return index
                while index < len(lines):
                    index += 1
                    if quote in lines[index - 1]:
                        break
                return index
        if value.startswith("{"):
            self._record_inline_keys(value, key_path, line_number, value_column)
        if not value.startswith("["):
            return index
        balance = _bracket_balance(value)
        element = 0
        while balance > 0 and index < len(lines):
            line = lines[index]
            index += 1
            stripped = line.lstrip()
            if stripped.startswith(("{", '"', "'")) or stripped[:1].isdigit():
                element_path = (*key_path, element)
                self._record(element_path, index, len(line) - len(stripped) + 1)
                if stripped.startswith("{"):
                    self._record_inline_keys(
                        stripped, element_path, index, len(line) - len(stripped)
                    )
                element += (
                    _strip_strings(stripped).count(",") if not stripped.startswith("{") else 1
                )
            balance += _bracket_balance(line)
        return index

    def _record_inline_keys(self, text: str, path: KeyPath, line_number: int, offset: int) -> None:
        for match in _INLINE_KEY.finditer(_strip_strings(text)):
            key = (*path, *_split_key(match.group(1)))
            self._record(key, line_number, offset + match.start(1) + 1)
