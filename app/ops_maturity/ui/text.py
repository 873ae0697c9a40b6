"""Show user and questionnaire text safely: as data, never as markup or terminal escapes.

Everything a questionnaire author, a facilitator or a participant typed reaches the screen through
these helpers. They build `Content` objects (which are never parsed as markup) from text with
C0/C1 control characters removed, so `[@click=app.quit]` shows as those characters and an escape
sequence cannot reach the terminal. This module must not format anything else.
"""

from __future__ import annotations

from textual.content import Content

from ops_maturity.core.text import clean_single_line, strip_control_characters


def literal(text: str, style: str = "") -> Content:
    """Multi-line user text as Content, shown literally (newlines and tabs kept)."""
    cleaned = strip_control_characters(text)
    return Content.styled(cleaned, style) if style else Content(cleaned)


def literal_line(text: str, style: str = "") -> Content:
    """One-line user text (names, labels, titles) as Content, whitespace collapsed."""
    cleaned = clean_single_line(text)
    return Content.styled(cleaned, style) if style else Content(cleaned)


def plain_line(text: str) -> str:
    """One-line user text as a plain string, for widgets that take `markup=False` strings."""
    return clean_single_line(text)
