"""The roadmap as CSV, one row per item, to import into an issue tracker (Jira, GitHub).

Written with the csv module. A cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage
return) is prefixed with `'`, so a spreadsheet never runs user text as a formula.
"""

from __future__ import annotations

import csv
import io

from .roadmap import RoadmapItem

CSV_COLUMNS = ("title", "area", "level", "horizon", "owner", "due", "why")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """The cell, with a leading `'` when a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def roadmap_csv(items: tuple[RoadmapItem, ...]) -> str:
    """A header row and one row per roadmap item, in the order given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        row = (
            item.action,
            item.area.name,
            f"{item.level.number} {item.level.name}",
            item.horizon.label,
            item.owner,
            item.result.answer.due,
            item.why,
        )
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()
