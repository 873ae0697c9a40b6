"""The facilitation part of the assessment file (format 4): what a session keeps between retros.

In `[assessment]`: `timebox_seconds` (the countdown per question), `absent` (participants counted
absent until they are back) and `discuss` (questions flagged for discussion by hand). Then one
`[[sessions]]` table per day the team worked on it: the date, the areas (or questions) planned,
the questions answered that day and the pace measured. docs/assessment-format.md documents
them; `assessment_toml` writes and reads the rest of the file and calls this module. No file
access here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ops_maturity.core.model.assessment import Assessment, SessionRecord
from ops_maturity.core.model.sessions import MAX_SESSIONS, MAX_TIMEBOX_SECONDS
from ops_maturity.core.parsing.validation import Field, TomlDocument
from ops_maturity.core.text import clean_single_line

FACILITATION_FORMAT_VERSION = 4
"""The first format version with the keys of this module."""

MAX_PACE_SECONDS = 86_400
MAX_LISTED = 10_000
"""Ids one list may hold: the most questions a questionnaire may have."""

HEADER_FIELDS = {
    "timebox_seconds": Field(int, required=False, minimum=1, maximum=MAX_TIMEBOX_SECONDS),
    "absent": Field(list, required=False, items=str, text=True, single_line=True),
    "discuss": Field(list, required=False, items=str, text=True, single_line=True),
}
"""The `[assessment]` keys of format 4 (`assessment_toml` adds them to its own)."""

_SESSION = {
    "date": Field(dt.date),
    "planned_areas": Field(list, required=False, items=str, text=True, single_line=True),
    "planned_questions": Field(list, required=False, items=str, text=True, single_line=True),
    "answered": Field(list, required=False, items=str, text=True, single_line=True),
    "pace_seconds": Field(int, required=False, minimum=1, maximum=MAX_PACE_SECONDS),
}


def holds_facilitation(assessment: Assessment) -> bool:
    """True when the file needs format 4: a timebox, someone absent, a flag or a session."""
    return bool(
        assessment.timebox or assessment.absent or assessment.discuss or assessment.sessions
    )


def facilitation_header(assessment: Assessment) -> dict[str, Any]:
    """The `[assessment]` keys of format 4 that have a value."""
    header: dict[str, Any] = {}
    if assessment.timebox:
        header["timebox_seconds"] = assessment.timebox
    if assessment.absent:
        header["absent"] = list(assessment.absent)
    if assessment.discuss:
        header["discuss"] = list(assessment.discuss)
    return header


def sessions_document(assessment: Assessment) -> list[dict[str, Any]]:
    """The `[[sessions]]` tables, oldest first."""
    tables = []
    for record in assessment.sessions:
        table: dict[str, Any] = {"date": record.date}
        if record.planned_areas:
            table["planned_areas"] = list(record.planned_areas)
        if record.planned_questions:
            table["planned_questions"] = list(record.planned_questions)
        if record.answered:
            table["answered"] = list(record.answered)
        if record.pace_seconds:
            table["pace_seconds"] = record.pace_seconds
        tables.append(table)
    return tables


def read_facilitation(
    document: TomlDocument, header: dict[str, Any] | None, raw_sessions: object
) -> dict[str, Any]:
    """The format-4 values as `Assessment` keyword arguments; problems go to `document`."""
    header = header or {}
    values: dict[str, Any] = {
        "timebox": header.get("timebox_seconds"),
        "absent": _names(header.get("absent", [])),
        "discuss": _ids(document, header.get("discuss", []), ("assessment", "discuss")),
        "sessions": [],
    }
    if raw_sessions is None:
        return values
    tables = document.check_array_of_tables(raw_sessions, ("sessions",), MAX_SESSIONS, "sessions")
    for index, raw in enumerate(tables):
        path = ("sessions", index)
        table = document.check_table(raw, path, _SESSION)
        if table is None or "date" not in table:
            continue
        values["sessions"].append(
            SessionRecord(
                table["date"],
                _ids(document, table.get("planned_areas", []), (*path, "planned_areas")),
                _ids(document, table.get("planned_questions", []), (*path, "planned_questions")),
                _ids(document, table.get("answered", []), (*path, "answered")),
                table.get("pace_seconds"),
            )
        )
    return values


def _names(raw: list[str]) -> list[str]:
    return list(dict.fromkeys(name for item in raw if (name := clean_single_line(item))))


def _ids(document: TomlDocument, raw: list[str], path: tuple[Any, ...]) -> list[str]:
    """Question or area ids, each once, in order; at most MAX_LISTED."""
    if len(raw) > MAX_LISTED:
        document.problem(path, f"lists {len(raw):,} ids; at most {MAX_LISTED:,}")
        raw = raw[:MAX_LISTED]
    return list(dict.fromkeys(item for item in raw if item.strip()))
