"""Escaping user values for GitHub-flavoured Markdown.

Jinja2 has no Markdown autoescape, so every value a template prints goes through
`escape_markdown` (installed as the environment's `finalize`). It removes control characters,
backslash-escapes Markdown specials and table pipes, turns `<`, `>` and `&` into entities, and
folds newlines into `<br>` so a value can never end a table row or start a new block.
`MarkdownSafe` marks the few strings the report builds itself (links), which pass unchanged.
"""

from __future__ import annotations

import functools
import re

from ops_maturity.core.text import strip_control_characters

_BACKSLASHED = frozenset("\\`*_[]{}#|~!@$")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ESCAPES = str.maketrans({**{c: "\\" + c for c in _BACKSLASHED}, **_ENTITIES, "\n": "<br>"})
"""One pass of `str.translate`: entities, backslash escapes and `<br>` for newlines."""
_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+[.)](?=\s|$))")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")


class MarkdownSafe(str):
    """Markdown that the report built itself and that must not be escaped again."""

    __slots__ = ()


def escape_markdown(value: object) -> str:
    """Render any value as inert Markdown text that is safe in paragraphs, lists and table cells."""
    if isinstance(value, MarkdownSafe):
        return value
    if type(value) is str:
        return _escape_text(value)
    return _escape_text(str(value))


@functools.lru_cache(maxsize=4096)
def _escape_text(value: str) -> str:
    """The escaping itself, remembered: a report prints the same names hundreds of times."""
    text = strip_control_characters(value).replace("\t", " ").strip("\n")
    escaped = text.translate(_ESCAPES)
    block_start = _BLOCK_START.match(escaped)
    if block_start:
        marker_end = block_start.end(2)
        escaped = escaped[: marker_end - 1] + "\\" + escaped[marker_end - 1 :]
    return escaped


def markdown_link(text: object, url: str) -> MarkdownSafe:
    """A Markdown link to an http(s) URL, or just the escaped text when the URL is not plain."""
    if not _SAFE_URL.match(url):
        return MarkdownSafe(escape_markdown(text))
    return MarkdownSafe(f"[{escape_markdown(text)}]({url.replace('(', '%28').replace(')', '%29')})")
