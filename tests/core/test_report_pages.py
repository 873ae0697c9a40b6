"""The report cut into pages for the formatted view: every line kept once and in order, pages
within the limit, cuts only between blocks (never inside a code fence or an item), tables and
sections that continue say so and repeat their header."""

from __future__ import annotations

import re

from ops_maturity.core.reports.report_pages import ReportPage, heading_text, report_pages

SECTION = re.compile(r"^## ")


def _body(page: ReportPage) -> list[str]:
    """The page's lines from the report (the repeated headings of a continuation left out)."""
    lines = page.markdown.splitlines()
    while lines and (lines[0].endswith("(continued)") or not lines[0].strip()):
        lines.pop(0)
    if page.part > 1 and lines[:1] and lines[0].startswith("|"):
        lines = lines[2:]  # the repeated table header and rule
    return lines


def _long_report(items: int) -> str:
    lines = ["# Title: Team, 2026-Q4", "", "Intro paragraph.", "", "## Roadmap", ""]
    lines += ["Why the roadmap is ordered so.", "", "### Short\\-term (0\\-3 months)", ""]
    for number in range(items):
        lines += [
            f"- [ ] **Item {number}**\\",
            f"  Area {number % 5} · Level 2\\",
            "",
            f"  Guidance for item {number}: " + "words " * 30,
            "",
        ]
    lines += ["## Appendix: all answers", "", "| Question | Answer |", "| --- | --- |"]
    lines += [f"| Question {n} | Not in place |" for n in range(items)]
    return "\n".join(lines) + "\n"


def test_every_line_is_on_one_page_in_order() -> None:
    """The pages' own lines, put together, are the report (blank lines aside)."""
    report = _long_report(300)
    pages = report_pages(report, limit=4_000)
    assert len(pages) > 10
    joined = [line for page in pages for line in _body(page) if line.strip()]
    assert joined == [line for line in report.splitlines() if line.strip()]
    firsts = [page.first_line for page in pages]
    assert firsts == sorted(firsts)


def test_pages_stay_within_the_limit() -> None:
    report = _long_report(300)
    for page in report_pages(report, limit=4_000):
        assert len(page.markdown) <= 4_000 + 200, page.label  # + the repeated headings


def test_a_long_section_continues_under_its_headings() -> None:
    """Page 2 of the roadmap starts with '## Roadmap (continued)' and the ### it is in."""
    pages = [p for p in report_pages(_long_report(300), limit=4_000) if p.title == "Roadmap"]
    assert len(pages) > 2 and all(page.parts == len(pages) for page in pages)
    second = pages[1]
    assert second.markdown.startswith(
        "## Roadmap (continued)\n\n### Short\\-term (0\\-3 months) (continued)\n\n- [ ] **Item"
    )
    assert second.label == f"Roadmap (2/{len(pages)}) · Short-term (0-3 months)"


def test_items_are_never_cut_in_the_middle() -> None:
    """Each page of the roadmap starts at an item, never at its indented lines."""
    for page in report_pages(_long_report(300), limit=4_000)[2:]:
        body = _body(page)
        assert not body[0][:1].isspace(), page.label


def test_a_long_table_repeats_its_header_on_each_page() -> None:
    pages = [p for p in report_pages(_long_report(300), limit=4_000) if p.title.startswith("App")]
    assert len(pages) > 1
    for page in pages[1:]:
        lines = page.markdown.splitlines()
        assert lines[:4] == [
            "## Appendix: all answers (continued)",
            "",
            "| Question | Answer |",
            "| --- | --- |",
        ]
        assert lines[4].startswith("| Question ")


def test_a_code_fence_is_never_cut() -> None:
    """A fenced block longer than a page is a page of its own, whole."""
    fence = ["```", *(f"line {n} of a long block" for n in range(400)), "```"]
    report = "\n".join(["## Notes", "", "Before.", "", *fence, "", "After.", ""])
    pages = report_pages(report, limit=1_000)
    whole = [page for page in pages if "line 0 of" in page.markdown]
    assert len(whole) == 1
    assert whole[0].markdown.count("```") == 2
    assert "line 399 of" in whole[0].markdown


def test_no_page_holds_headings_alone() -> None:
    """A heading followed by a block longer than the limit stays with that block."""
    report = "## Appendix\n\n" + "\n".join(["| a | b |", "| --- | --- |", "| 1 | 2 |"]) + "\n"
    report += "## Next\n\n" + "x" * 5_000 + "\n"
    for page in report_pages(report, limit=10):
        assert any(
            line.strip() and not line.startswith("#") for line in page.markdown.splitlines()
        ), page.markdown


def test_short_reports_are_one_page_per_section() -> None:
    report = "# T\n\nIntro.\n\n## One\n\nA.\n\n## Two \\#2\n\nB.\n"
    pages = report_pages(report)
    assert [page.label for page in pages] == ["Introduction", "One", "Two #2"]
    assert [page.first_line for page in pages] == [0, 4, 8]


def test_heading_text_reads_as_the_heading() -> None:
    assert heading_text("## Since 2026\\-Q3") == "Since 2026-Q3"
    assert heading_text("### Short\\-term (0\\-3 months) ###") == "Short-term (0-3 months)"
