"""Questionnaire ids: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit.

Questionnaires, scales, areas and questions are named by ids that appear in assessment files and
exports, so they are checked the same way everywhere a questionnaire is read.
"""

from __future__ import annotations

import re

from ops_maturity.core.parsing.toml_positions import KeyPath
from ops_maturity.core.parsing.validation import TomlDocument

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def check_id(document: TomlDocument, value: object, path: KeyPath) -> bool:
    """True for a valid id; otherwise report why at `path` (a non-string is reported by its
    field's type check) and return False."""
    if isinstance(value, str) and _ID_PATTERN.match(value):
        return True
    if isinstance(value, str):
        document.problem(
            path,
            f"id '{value}' must be lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
        )
    return False
