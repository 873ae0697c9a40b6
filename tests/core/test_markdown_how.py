"""A recommendation's Markdown `how` is shown as Markdown yet cannot break or inject into the report.

Checked on what a Markdown renderer sees (markdown-it-py, CommonMark plus tables), not on strings:
no raw HTML, no link that is not http(s), no heading but the report's own, every roadmap item
still a task-list entry, and every code fence closed.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.loader import parse_questionnaire
from ops_maturity.core.reports.markdown_how import safe_markdown
from ops_maturity.core.reports.report import render_report

from .builders import DAY, questionnaire_toml

PARSER = MarkdownIt("commonmark").enable("table")


def _tokens(text: str) -> list[Token]:
    flat: list[Token] = []
    for token in PARSER.parse(text):
        flat.append(token)
        flat.extend(token.children or [])
    return flat


def _questionnaire_with_how(how: str) -> bytes:
    """A two-area questionnaire whose first question's recommendation has this `how`."""
    from .builders import Q

    text = questionnaire_toml(
        {"ops": [Q("ops.a", 1), Q("ops.b", 2)], "dev": [Q("dev.a", 1)]}, levels=2
    )
    quoted = how.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return text.replace(
        'recommendation = { action = "Do ops.a.", horizon = "short" }',
        f'recommendation = {{ action = "Do ops.a.", horizon = "short", how = "{quoted}" }}',
        1,
    ).encode()


def _report_with_how(how: str) -> str:
    questionnaire = parse_questionnaire(_questionnaire_with_how(how), "how.toml")
    assessment = Assessment.start(questionnaire, "Team", "2027-Q1", today=DAY)
    for question in questionnaire.questions:
        assessment.record(question.id, Answer(0))
    return render_report(questionnaire, assessment, generated_on=DAY, charts=False)


def _structure(report: str) -> tuple[list[str], int]:
    """The report's headings and how many task-list entries (roadmap items and plan rows)."""
    tokens = PARSER.parse(report)
    headings = [
        tokens[index + 1].content
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]
    items = sum(
        1
        for index, token in enumerate(tokens)
        if token.type == "inline" and token.content.startswith("[ ] **")
    )
    return headings, items


BASELINE = _structure(_report_with_how("Plain guidance."))


@pytest.mark.parametrize(
    ("how", "shown", "absent"),
    [
        ("Use **bold** and `code`.", "Use **bold** and `code`.", ""),
        ("# Big heading\ntext", "**Big heading**", "# Big"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script>"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))", "[x]("),
        ("![p](https://t.example/p.png)", "[image: p](https://t.example/p.png)", "!["),
        ("```\nunclosed", "```\nunclosed\n```", ""),
        ("~~~\n```\n~~~", "````\n```\n````", ""),
        ("text\n---", "**text**", "\n---"),
    ],
)
def test_markdown_is_kept_and_hazards_are_defused(how: str, shown: str, absent: str) -> None:
    """Formatting survives; headings are demoted, HTML escaped, odd links and images defused,
    fences closed with a fence the code cannot end, setext headings demoted."""
    made_safe = safe_markdown(how)
    assert shown in made_safe
    if absent:
        assert absent not in made_safe
    assert safe_markdown(made_safe) == made_safe  # canonical


def test_how_renders_inside_its_roadmap_item() -> None:
    """The Markdown sits under its item, indented, as a list and a code block."""
    report = _report_with_how("Steps:\n\n- one\n- two\n\n```sh\nmake check\n```")
    item = report.split("**Do ops.a.**", 1)[1].split("- [ ] ", 1)[0]
    assert "\n  Steps:\n\n  - one\n  - two\n\n  ```sh\n  make check\n  ```\n" in item
    assert _structure(report) == BASELINE


def test_how_and_detail_together_are_refused() -> None:
    text = _questionnaire_with_how("x").decode().replace('how = "x"', 'how = "x", detail = "y"')
    with pytest.raises(InvalidFileError) as caught:
        parse_questionnaire(text.encode(), "both.toml")
    assert "either how (Markdown) or detail (plain text), not both" in str(caught.value)


MARKDOWN_PIECES = st.sampled_from(
    [
        "#",
        "##",
        "###### ",
        "- ",
        "* ",
        "1. ",
        "> ",
        "```",
        "~~~",
        "    ",
        "`",
        "**",
        "_",
        "<",
        ">",
        "<script>",
        "</div>",
        "<!--",
        "&amp;",
        "[",
        "]",
        "(",
        ")",
        "](",
        "javascript:",
        "https://x.example/",
        "![",
        "|",
        "---",
        "===",
        "\n",
        "\n\n",
        "\t",
        "\\",
        "text",
        " ",
        "- [ ] ",
        "<https://a.example>",
        "[ref]: http://b.example",
        "[ref]",
        "<br>",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKDOWN_PIECES, min_size=1, max_size=40).map("".join))
def test_no_how_can_break_the_report_or_inject(how: str) -> None:
    """Whatever `how` holds, the report keeps its headings and items, has no raw HTML and links
    only to http(s)."""
    report = _report_with_how(how)
    assert _structure(report) == BASELINE
    for token in _tokens(report):
        assert token.type not in ("html_block", "html_inline"), token
        if token.type == "link_open":
            assert str(token.attrs["href"]).startswith(("http://", "https://")), token
        assert token.type != "image"
