"""The roadmap as CSV, one row per item, to import into an issue tracker (Jira, GitHub).

Written with the csv module. Each row names its team and label, so rows of several teams can be
told apart in one file, and carries a stable `key` (the questionnaire's id and the question's id,
the same for every team and quarter) so next quarter's import can find the same issue. `how` is
the guidance (plain text, or Markdown made safe as in the report: no raw HTML, http(s) links
only), `tags` and `references` are joined with '; ',
and `missing` names the choices a multi-select practice still lacks. A cell
that starts with `=`, `+`, `-`, `@` (or a tab or carriage return) is prefixed with `'`, so a
spreadsheet never runs user text as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.roadmap_items import RoadmapItem
from ops_maturity.core.reports.markdown_how import safe_markdown

CSV_COLUMNS = (
    "key",
    "team",
    "label",
    "question_id",
    "title",
    "area",
    "level",
    "horizon",
    "size",
    "owner",
    "due",
    "why",
    "how",
    "effort",
    "tags",
    "references",
    "missing",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """The cell, with a leading `'` when a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def item_key(questionnaire_id: str, question_id: str) -> str:
    """The same for a practice in every team's and every quarter's export."""
    return f"{questionnaire_id}:{question_id}"


def roadmap_csv(assessment: Assessment, items: Iterable[RoadmapItem]) -> str:
    """A header row and one row per roadmap item, in the order given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        row = (
            item_key(assessment.questionnaire_id, item.question_id),
            assessment.team,
            assessment.label,
            item.question_id,
            item.action,
            item.area.name,
            f"{item.level.number} {item.level.name}",
            item.horizon.label,
            item.size.label,
            item.owner,
            item.due,
            item.why,
            safe_markdown(item.how) if item.how_is_markdown else item.how,
            item.recommendation.effort,
            "; ".join(item.recommendation.tags),
            "; ".join(item.recommendation.references),
            "; ".join(choice.label for choice in item.missing_choices),
        )
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()
