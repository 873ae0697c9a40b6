"""Control-character handling for text that comes from users or files.

Questionnaire text is rejected when it holds control characters; assessment text (notes, names)
is cleaned instead, since it was typed by people and must never be lost. `\\n` and `\\t` are kept.
"""

from __future__ import annotations

import re

# C0 controls except TAB and LF, DEL, and the C1 range. CR is folded into LF separately.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def find_control_character(text: str) -> str | None:
    """Return the first forbidden control character in `text` (after CRLF folding), if any."""
    match = _CONTROL_CHARACTERS.search(normalise_newlines(text))
    return match.group() if match else None


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_control_characters(text: str) -> str:
    """Remove C0/C1 control characters (escape sequences included), keeping newlines and tabs."""
    return _CONTROL_CHARACTERS.sub("", normalise_newlines(text))


def describe_os_error(error: OSError) -> str:
    """A short, plain reason such as 'Read-only file system' or 'No space left on device'."""
    return error.strerror or str(error) or type(error).__name__


def clean_single_line(text: str) -> str:
    """Clean text meant for one line (names, labels): no controls, whitespace collapsed."""
    return " ".join(strip_control_characters(text).split())
