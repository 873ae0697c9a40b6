"""Refuse TOML nested too deeply before tomllib parses it.

tomllib parses arrays and inline tables recursively, so `a = [[[[...]]]]` ten thousand deep raised
RecursionError from deep inside the parser, and it takes time quadratic in the parts of a dotted
key (`a.a.a...` ten thousand parts long took twelve seconds). A cheap scan counts bracket depth
and dotted-key parts outside strings and comments first, and points at the first one past the
limit. It does not validate anything else: a file it lets through still goes to tomllib, which
reports syntax errors.
"""

from __future__ import annotations

import re

MAX_NESTING = 32
"""Arrays and inline tables nested deeper than this are refused; the formats need three."""
MAX_KEY_PARTS = 32
"""Dotted keys (and table headers) with more parts than this are refused; the formats need four."""

_IGNORED = (
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|$)'  # multi-line basic string
    r"|'''(?:[^']|'(?!''))*(?:'''|$)"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*"?'  # basic string (an unclosed one ends at the line)
    r"|'[^'\n]*'?"  # literal string
    r"|#[^\n]*"  # comment
)
_TOKEN = re.compile(_IGNORED + r"|[\[\]{}\n.=,]", re.DOTALL)
_STRINGS_AND_COMMENTS = re.compile(_IGNORED, re.DOTALL)
_TOO_MANY_DOTS = re.compile(r"\.(?:[^\n=,{.]*\.){" + str(MAX_KEY_PARTS - 1) + "}")
"""MAX_KEY_PARTS dots with nothing between them that starts a new key (a newline, =, , or {)."""
_BRACKETS = re.compile(r"[\[\]{}]")


def _within_limits(source: str) -> bool:
    """True when the scan below would find nothing: the same tokens, outside strings and
    comments, checked by regular expressions (a tenth of the scan's time for the bundled
    questionnaire), without the lines and columns only a problem needs."""
    structure = _STRINGS_AND_COMMENTS.sub("", source)
    if _TOO_MANY_DOTS.search(structure):
        return False
    depth = 0
    for bracket in _BRACKETS.findall(structure):
        if bracket in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return False
        else:
            depth = max(0, depth - 1)
    return True


def find_excessive_nesting(source: str) -> tuple[int, int, str] | None:
    """(line, column, what) of the first bracket that opens more than MAX_NESTING levels, or of
    the first key with more than MAX_KEY_PARTS parts; None when there is neither."""
    if source.count("[") + source.count("{") <= MAX_NESTING and source.count(".") < MAX_KEY_PARTS:
        return None  # too few brackets and dots to go that deep: skip the scan
    if _within_limits(source):
        return None
    depth = 0
    dots = 0
    line = 1
    line_start = 0
    for token in _TOKEN.finditer(source):
        text = token.group()
        if text in "\n=,{":
            dots = 0
        if text == "\n":
            line += 1
            line_start = token.end()
        elif text == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                return (
                    line,
                    token.start() - line_start + 1,
                    f"a key has more than {MAX_KEY_PARTS} dotted parts",
                )
        elif text in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return (
                    line,
                    token.start() - line_start + 1,
                    f"arrays and inline tables are nested too deeply (more than {MAX_NESTING})",
                )
        elif text in "]}":
            depth = max(0, depth - 1)
        elif text[0] in "\"'" and "\n" in text:
            line += text.count("\n")
            line_start = token.start() + text.rfind("\n") + 1
    return None
