"""Structured mutations of valid files, for the fuzz tests.

A mutated file is a valid one with a few of its lines deleted, duplicated, moved or truncated, or
with one token replaced by a hostile one (huge numbers, brackets, quotes, control and bidi
characters, a BOM, deep nesting). Most results are invalid in interesting ways close to valid.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

HOSTILE_TOKENS = [
    "",
    "0",
    "-1",
    "1",
    "2",
    "4",
    "99",
    "9" * 5000,
    "0x" + "f" * 3000,
    "0o777",
    "0b101",
    "1e999",
    "nan",
    "inf",
    "true",
    "[]",
    "{}",
    "[[",
    "]]",
    "[" * 40 + "]" * 40,
    "{a=" * 40 + "1" + "}" * 40,
    '"',
    "'",
    '"""',
    "'''",
    '""',
    '"x"',
    '"\\u202e"',
    '"\\u0000"',
    '"\\r\\n"',
    '"a\\nb"',
    '"\\u001b[2J"',
    '"javascript:alert(1)"',
    '"https://example.com/x"',
    "=",
    ".",
    ",",
    "#",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "\r",
    "\t",
    "é",
    "🙂",
    "areas",
    "levels",
    "scales",
    "horizons",
    "questionnaire",
    "answers",
    "depends_on",
    '"not-applicable"',
    '"dont-know"',
    "2026-13-45",
    "1979-05-27T07:32:00Z",
]

_TOKEN = re.compile(r'"[^"\n]*"|[A-Za-z0-9_.-]+|\S')


@st.composite
def mutated_text(draw: st.DrawFn, source: str) -> str:
    """`source` with one to five line- or token-level mutations."""
    lines = source.split("\n")
    for _ in range(draw(st.integers(1, 5))):
        if not lines:
            lines = [""]
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(
            st.sampled_from(["delete", "duplicate", "move", "truncate", "token", "insert"])
        )
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "move":
            line = lines.pop(index)
            lines.insert(draw(st.integers(0, len(lines))), line)
        elif operation == "truncate":
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
        elif operation == "token":
            tokens = list(_TOKEN.finditer(lines[index]))
            replacement = draw(st.sampled_from(HOSTILE_TOKENS) | st.text(max_size=8))
            if tokens:
                token = draw(st.sampled_from(tokens))
                line = lines[index]
                lines[index] = line[: token.start()] + replacement + line[token.end() :]
            else:
                lines[index] = replacement
        else:
            lines.insert(
                index,
                draw(st.sampled_from(HOSTILE_TOKENS))
                + " = "
                + draw(st.sampled_from(HOSTILE_TOKENS)),
            )
    return "\n".join(lines)


@st.composite
def flipped_bytes(draw: st.DrawFn, source: bytes) -> bytes:
    """`source` with a few bytes overwritten at random positions."""
    data = bytearray(source)
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    return bytes(data)
