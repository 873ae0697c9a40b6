"""Control-character handling for text that comes from users or files.

Questionnaire text is rejected when it holds control characters; assessment text (notes, names)
is cleaned instead, since it was typed by people and must never be lost. `\\n` and `\\t` are kept.
Bidirectional controls (which can make text read backwards on screen) are removed everywhere, and
`escape_for_terminal` makes any text safe to print as one line of CLI output.
"""

from __future__ import annotations

import re

# C0 controls except TAB and LF, DEL, and the C1 range. CR is folded into LF separately.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Arabic letter mark, LRM/RLM, embeddings, overrides and isolates: they reorder text on screen."""
_BIDI_CONTROLS = re.compile(f"[{BIDI_CONTROLS}]")
_UNPRINTABLE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{BIDI_CONTROLS}]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def find_control_character(text: str) -> str | None:
    """Return the first forbidden control character in `text` (after CRLF folding), if any."""
    match = _CONTROL_CHARACTERS.search(normalise_newlines(text))
    return match.group() if match else None


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_control_characters(text: str) -> str:
    """Remove C0/C1 control characters (escape sequences included) and bidirectional controls,
    keeping newlines and tabs."""
    return _BIDI_CONTROLS.sub("", _CONTROL_CHARACTERS.sub("", normalise_newlines(text)))


def strip_bidi_controls(text: str) -> str:
    """Remove bidirectional controls only (questionnaire text keeps everything else as written)."""
    return _BIDI_CONTROLS.sub("", text)


def _escape_character(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_for_terminal(text: str) -> str:
    """Text made safe for one line of terminal output: every control character (newlines, CR and
    tabs included) and every bidirectional control is written as a visible escape such as `\\n`
    or `\\u202e`, so a value can neither start a new line nor move or recolour the text."""
    return _UNPRINTABLE.sub(_escape_character, text)


def describe_os_error(error: OSError) -> str:
    """A short, plain reason such as 'Read-only file system' or 'No space left on device'."""
    return error.strerror or str(error) or type(error).__name__


def clean_single_line(text: str) -> str:
    """Clean text meant for one line (names, labels): no controls, whitespace collapsed."""
    return " ".join(strip_control_characters(text).split())
