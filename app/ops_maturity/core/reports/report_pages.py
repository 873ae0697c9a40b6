"""The Markdown report's headings, and the report cut into pages, so that a formatted view
renders one page at a time.

Rendering Markdown into widgets costs time in proportion to its length (Textual's MarkdownViewer:
about 13 µs a character here), so a 1 MB report cannot be shown whole in under a second. The
report is cut at its sections (`##` headings), and a section longer than `PAGE_CHARACTERS` into
several pages, each cut where a top-level block starts (a heading, a list item, a paragraph at
the margin), never inside a fenced code block or an item's indented lines. A page that continues
a section starts again with the section's heading (and its `###` subsection's) marked
"continued", as written in the report, so it reads on its own.

Plain Python on the report's text: no Textual, no Markdown parser.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

PAGE_CHARACTERS = 16_000
"""A page's length at most (but a single block longer than this is one page of its own):
about 0.2 s of rendering on a 2-core machine."""

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A backslash escape of ASCII punctuation: titles read as the heading does."""


@dataclass(frozen=True)
class ReportPage:
    """One page of the report: the section it belongs to and its Markdown."""

    title: str
    """The section's heading as it reads ('' for the part before the first section)."""
    subtitle: str
    """The `###` heading the page starts under, when it continues one ('' otherwise)."""
    part: int
    """1-based position among its section's pages."""
    parts: int
    first_line: int
    """Index of the page's first line in the report."""
    markdown: str

    @property
    def label(self) -> str:
        """'Roadmap (3/14) · Short-term (0-3 months)' for a list of pages."""
        label = self.title or "Introduction"
        if self.parts > 1:
            label += f" ({self.part}/{self.parts})"
        if self.subtitle:
            label += f" · {self.subtitle}"
        return label


def heading_text(markdown_heading: str) -> str:
    """A heading's text as it reads: '## Since 2026\\-Q3' -> 'Since 2026-Q3'."""
    match = _HEADING.match(markdown_heading)
    text = match.group(2) if match else markdown_heading
    return _MARKDOWN_ESCAPE.sub(r"\1", text.strip())


def report_headings(markdown: str) -> list[tuple[int, int, str]]:
    """The report's headings as (line index, level, text), skipping fenced code blocks."""
    headings: list[tuple[int, int, str]] = []
    in_fence = False
    for index, line in enumerate(markdown.splitlines()):
        if line.startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and (match := _HEADING.match(line)):
            headings.append((index, len(match.group(1)), heading_text(line)))
    return headings


@dataclass
class _Section:
    heading: str
    """The `##` heading line as written ('' for the introduction)."""
    start: int
    lines: list[str]
    cuts: list[int]
    """Offsets (within `lines`) where a page may start: top-level blocks."""
    subheadings: dict[int, str]
    """Offset -> the `###` heading line in force from there on."""
    table_heads: dict[int, tuple[str, str]]
    """Offset of a table row where a page may start -> the table's header and rule lines,
    which that page repeats."""


def _sections(lines: list[str]) -> list[_Section]:
    sections = [_Section("", 0, [], [], {}, {})]
    in_fence = False
    previous_blank = True
    table_start: int | None = None
    for index, line in enumerate(lines):
        fence = line.lstrip().startswith(("```", "~~~"))
        heading = None if in_fence else _HEADING.match(line)
        if heading and len(heading.group(1)) == 2:
            sections.append(_Section(line, index, [], [], {}, {}))
        section = sections[-1]
        offset = len(section.lines)
        if heading and len(heading.group(1)) == 3:
            section.subheadings[offset] = line
        starts_block = not in_fence and line.strip() and not line[:1].isspace() and previous_blank
        if starts_block and offset > 0:
            section.cuts.append(offset)
        if in_fence or not line.startswith("|"):
            table_start = None
        elif table_start is None or table_start > offset:
            table_start = offset
        elif offset >= table_start + 2:  # a body row: a page may start here, under the header
            section.cuts.append(offset)
            head = section.lines[table_start : table_start + 2]
            section.table_heads[offset] = (head[0], head[1])
        section.lines.append(line)
        if fence:
            in_fence = not in_fence
        previous_blank = not line.strip()
    return [section for section in sections if any(line.strip() for line in section.lines)]


def _page_starts(section: _Section, limit: int) -> list[int]:
    """Where each page of the section starts: its blocks (from one cut to the next) packed in
    order, a new page when the next block would take the page past `limit` characters (a
    block longer than that is a page of its own)."""
    bounds = [0, *section.cuts, len(section.lines)]
    starts = [0]
    size = 0
    only_headings = True
    """The page so far holds headings alone: it never ends there."""
    for block_start, block_end in itertools.pairwise(bounds):
        block_lines = section.lines[block_start:block_end]
        block = sum(len(line) + 1 for line in block_lines)
        if size and size + block > limit and not only_headings:
            starts.append(block_start)
            size = 0
            only_headings = True
        size += block
        only_headings = only_headings and all(
            not line.strip() or _HEADING.match(line) for line in block_lines
        )
    return starts


def _subheading_at(section: _Section, offset: int) -> str:
    """The `###` heading in force at `offset` ('' when none)."""
    in_force = [line for start, line in section.subheadings.items() if start <= offset]
    return in_force[-1] if in_force else ""


def report_pages(markdown: str, limit: int = PAGE_CHARACTERS) -> list[ReportPage]:
    """The report's pages in order; their Markdown together is the whole report."""
    pages: list[ReportPage] = []
    for section in _sections(markdown.splitlines()):
        starts = _page_starts(section, limit)
        bounds = [*starts, len(section.lines)]
        for part, (start, end) in enumerate(itertools.pairwise(bounds), 1):
            body = section.lines[start:end]
            subheading = _subheading_at(section, start) if start else ""
            continued = start > 0 and subheading != body[0]
            header: list[str] = []
            if start and section.heading:
                header = [f"{section.heading} (continued)", ""]
                if continued and subheading:
                    header += [f"{subheading} (continued)", ""]
            if start in section.table_heads:
                header += list(section.table_heads[start])
            pages.append(
                ReportPage(
                    title=heading_text(section.heading) if section.heading else "",
                    subtitle=heading_text(subheading) if start and subheading else "",
                    part=part,
                    parts=len(starts),
                    first_line=section.start + start,
                    markdown="\n".join(header + body).strip("\n") + "\n",
                )
            )
    return pages
