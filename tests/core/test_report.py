"""The Markdown report: structure, escaping of user text, and user templates in the sandbox.

Escaping is checked by parsing the output with markdown-it-py (CommonMark plus tables), not by
comparing strings: what matters is the structure a Markdown renderer sees.
"""

from __future__ import annotations

import contextlib
import copy
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.reports.report import SUMMARY_TEMPLATE, ReportTemplateError, render_report

from .builders import DAY, ROOT

NASTY = (
    "pipe | hash # star * <script>alert(1)</script> `tick` @octocat _under_ [x](http://evil)"
    " &amp; ~~strike~~\n# Heading from a note\n| a | b |\n- [ ] fake task\n> quote\n1. item"
)

TEMPLATE_HEADINGS_H2 = [
    "This quarter's plan",
    "Executive summary",
    "Maturity matrix",
    "Roadmap",
    "Follow-ups",
    "Not applicable",
    "Notes",
    "Appendix: all answers",
]


def _parse(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def _headings(tokens: list[Token]) -> list[tuple[str, str]]:
    """(tag, inline source) for every heading."""
    return [
        (token.tag, tokens[index + 1].content)
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def _tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Each table as rows of cells, each cell as the literal text a reader sees.

    A `<br>` stays `<br>`; escapes and entities are resolved, as a Markdown renderer would.
    """
    tables: list[list[list[str]]] = []
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            children = token.children or []
            tables[-1][-1].append("".join(child.content for child in children))
    return tables


def _inline_children(tokens: list[Token]) -> list[Token]:
    return [child for token in tokens if token.type == "inline" for child in token.children or []]


def _nasty_assessment(questionnaire: Questionnaire) -> Assessment:
    """Every question answered, and user text full of Markdown and HTML everywhere it can go."""
    assessment = Assessment.start(
        questionnaire,
        NASTY,
        "2026-Q4 | *bold*",
        facilitator=NASTY,
        participants=[NASTY, "Mei Chen"],
        today=DAY,
    )
    answers = {
        "visibility.error-rates": Answer(1, notes=NASTY, owner=NASTY),
        "visibility.dashboards": Answer(SpecialAnswer.NOT_APPLICABLE, na_reason=NASTY),
        "visibility.trends": Answer(SpecialAnswer.DONT_KNOW, notes=NASTY),
        "visibility.anomalies": Answer(0, notes=NASTY, owner="Sam"),
        "incidents.roles": Answer(3, notes=NASTY),
        "incidents.reviews": Answer(3),
        "incidents.follow-through": Answer(1, owner=NASTY),
        "incidents.auto-mitigation": Answer(0),
    }
    for question_id, answer in answers.items():
        assessment.record(question_id, answer)
    return assessment


@pytest.fixture
def nasty_report(minimal: Questionnaire) -> str:
    return render_report(minimal, _nasty_assessment(minimal))


def _plain_assessment(questionnaire: Questionnaire) -> Assessment:
    assessment = Assessment.start(questionnaire, "Payments Platform", "2026-Q4", today=DAY)
    assessment.record("visibility.error-rates", Answer(1, owner="Mei Chen"))
    assessment.record("incidents.roles", Answer(2))
    return assessment


def test_title_names_team_and_label_and_the_date_follows(minimal: Questionnaire) -> None:
    """The first line is the title with team and label; the assessment date is given."""
    report = render_report(minimal, _plain_assessment(minimal))
    assert report.splitlines()[0] == "# Operational maturity roadmap: Payments Platform, 2026-Q4"
    assert "2026-10-15" in report


def test_roadmap_has_a_heading_per_horizon_with_its_introduction(minimal: Questionnaire) -> None:
    """Under Roadmap, one heading per horizon, each followed by the introduction written from
    its items; no introduction is printed twice."""
    assessment = _plain_assessment(minimal)
    report = render_report(minimal, assessment)
    headings = _headings(_parse(report))
    assert [text for tag, text in headings if tag == "h3"] == [h.label for h in minimal.horizons]
    roadmap = build_roadmap(minimal, score_assessment(minimal, assessment), assessment)
    for plan in roadmap.horizons:
        assert report.count(plan.introduction) == 1
    assert len({plan.introduction for plan in roadmap.horizons}) == 3


def test_roadmap_items_are_task_list_entries_in_roadmap_order(minimal: Questionnaire) -> None:
    """Each roadmap item is one `- [ ] **action**` entry, in horizon and item order."""
    assessment = _plain_assessment(minimal)
    roadmap = build_roadmap(minimal, score_assessment(minimal, assessment), assessment)
    report = render_report(minimal, assessment)
    task_lines = [line for line in report.splitlines() if line.startswith("- [ ] ")]
    assert task_lines == [f"- [ ] **{item.action}**\\" for item in roadmap.items]
    assert "- [ ] **Export request error rates for every user-facing service.**\\" in task_lines


def test_owner_is_shown_on_its_roadmap_item(minimal: Questionnaire) -> None:
    """The item's owner is on the line after its task line, with its labels; the plan's table
    says Unassigned where nobody owns an item."""
    report = render_report(minimal, _plain_assessment(minimal))
    lines = report.splitlines()
    first = lines.index("- [ ] **Export request error rates for every user-facing service.**\\")
    assert lines[first + 1].endswith("· Owner: Mei Chen · already partly in place\\")
    plan = _tables(_parse(report))[0]
    assert plan[0] == ["#", "Action", "Area", "Why now", "Owner", "Due"]
    assert plan[1][4] == "Mei Chen"


def test_this_quarters_plan_comes_first_and_fits_a_screen(minimal: Questionnaire) -> None:
    """The report opens with this quarter's plan (after the title block and any incomplete
    notice), at most five items, in no more than 25 lines."""
    report = render_report(minimal, _plain_assessment(minimal))
    lines = report.splitlines()
    start = lines.index("## This quarter's plan")
    end = lines.index("## Executive summary")
    assert all(not line.startswith("## ") for line in lines[:start])
    assert end - start <= 25
    rows = _tables(_parse(report))[0]
    assert 1 <= len(rows) - 1 <= 5


def test_unanswered_questions_are_follow_ups_not_roadmap_items(minimal: Questionnaire) -> None:
    """Only answered unmet practices are tasks; every unanswered one is under Follow-ups."""
    assessment = _plain_assessment(minimal)
    report = render_report(minimal, assessment)
    tasks = report[report.index("## Roadmap") : report.index("## Follow-ups")]
    follow_ups = report[report.index("## Follow-ups") : report.index("## Not applicable")]
    for question in minimal.questions:
        if not assessment.is_answered(question.id):
            assert question.recommendation.action not in tasks
            assert question.text in follow_ups or "all 4 questions unanswered" in follow_ups


def test_incomplete_assessment_is_flagged(minimal: Questionnaire) -> None:
    """A partial assessment says how many questions were answered."""
    report = render_report(minimal, _plain_assessment(minimal))
    assert "2 of 8 questions answered" in report


def test_the_overall_level_waits_for_areas_with_no_answers(minimal: Questionnaire) -> None:
    """With Incident management not yet answered, neither the report nor the summary calls the
    team 'Level 0': the overall level is not known yet, and the weakest answered area is named.
    Once every area has an answer, the level is stated as before."""
    assessment = Assessment.start(minimal, "Payments Platform", "2026-Q4", today=DAY)
    for question in minimal.area("visibility").questions[:2]:
        assessment.record(question.id, Answer(3))
    report = render_report(minimal, assessment)
    assert "**Overall level: not known yet.** 1 of 2 areas have no answers" in report
    assert "Among the areas answered, the weakest is at Level 2, Proactive Monitoring." in report
    assert "The 1 not assessed yet count at Level 0." in report
    assert "Overall level: 0 of" not in report
    summary = render_report(minimal, assessment, bundled_template=SUMMARY_TEMPLATE)
    assert summary.startswith(
        "# Payments Platform, 2026-Q4: level not known yet (1 of 2 areas not assessed)"
    )
    assessment.record(minimal.area("incidents").questions[0].id, Answer(0))
    report = render_report(minimal, assessment)
    assert "**Overall level: 0 of 4, Not yet at Level 1.**" in report
    assert "not known yet" not in render_report(
        minimal, assessment, bundled_template=SUMMARY_TEMPLATE
    )


def test_user_text_never_breaks_a_table(nasty_report: str) -> None:
    """Every table row has as many cells as its header, whatever notes and names hold."""
    tables = _tables(_parse(nasty_report))
    assert len(tables) == 4  # this quarter's plan, summary, maturity matrix, appendix
    for rows in tables:
        assert all(len(cells) == len(rows[0]) for cells in rows), rows
    # The appendix has its header and one row per question: no note split a row in two.
    assert [len(cells) for cells in tables[-1]] == [6] * 9


def test_user_text_stays_whole_inside_its_table_cell(nasty_report: str) -> None:
    """A note or owner full of pipes reads back literally from its own cell, nothing cut off.

    (A Markdown renderer silently drops cells beyond the header's count, so counting cells alone
    would not notice an unescaped pipe.)
    """
    appendix = _tables(_parse(nasty_report))[-1]
    header, error_rates = appendix[0], appendix[1]
    assert header == ["Question", "Area", "Level", "Answer", "Owner", "Notes"]
    assert error_rates[0] == "Do you measure error rates for every user-facing service?"
    assert error_rates[4] == " ".join(NASTY.split())  # owners are one line
    assert error_rates[5] == NASTY.replace("\n", "<br>")


def test_user_text_never_creates_a_heading(nasty_report: str, minimal: Questionnaire) -> None:
    """The only headings are the template's: one title, fixed sections, areas and horizons."""
    headings = _headings(_parse(nasty_report))
    assert [tag for tag, _ in headings].count("h1") == 1
    assert [text for tag, text in headings if tag == "h2"] == TEMPLATE_HEADINGS_H2
    assert [text for tag, text in headings if tag == "h3"] == [
        horizon.label for horizon in minimal.horizons
    ]
    assert [text for tag, text in headings if tag == "h4"] == []


def test_no_raw_html_survives(nasty_report: str) -> None:
    """`<script>` is written as entities; the only HTML is the report's own `<br>`."""
    assert "<script>" not in nasty_report
    tokens = _parse(nasty_report)
    assert not [token for token in tokens if token.type == "html_block"]
    html = {child.content for child in _inline_children(tokens) if child.type == "html_inline"}
    assert html <= {"<br>"}


def test_user_text_creates_no_code_links_or_emphasis(nasty_report: str) -> None:
    """Backticks, brackets, stars and underscores in user text stay literal characters."""
    children = _inline_children(_parse(nasty_report))
    code = {child.content for child in children if child.type == "code_inline"}
    assert all(re.fullmatch("[█░]+", text) for text in code), code  # only the level bars
    hrefs = {child.attrs.get("href") for child in children if child.type == "link_open"}
    assert hrefs <= {"https://sre.google/sre-book/monitoring-distributed-systems/"}
    emphasis = [child for child in children if child.type in ("em_open", "s_open")]
    strong_texts = [
        children[index + 1].content
        for index, child in enumerate(children)
        if child.type == "strong_open"
    ]
    assert emphasis == []
    # Bold is the template's own (overall level, note ids), never a user's `*bold*`.
    assert "bold" not in strong_texts


def test_user_text_creates_no_lists_or_quotes(nasty_report: str, minimal: Questionnaire) -> None:
    """`- [ ]`, `> ` and `1.` in notes do not start list items, tasks or block quotes."""
    assert not [token for token in _parse(nasty_report) if token.type == "blockquote_open"]
    assert not [token for token in _parse(nasty_report) if token.type == "ordered_list_open"]
    items = build_roadmap(minimal, score_assessment(minimal, _nasty_assessment(minimal))).items
    task_lines = [line for line in nasty_report.splitlines() if line.lstrip().startswith("- [ ]")]
    assert len(task_lines) == len(items)


def test_mentions_are_escaped(nasty_report: str) -> None:
    """`@octocat` in user text is always written `\\@octocat`, so it pings nobody."""
    assert "\\@octocat" in nasty_report
    assert not re.search(r"(?<!\\)@octocat", nasty_report)


def test_notes_keep_their_line_breaks_as_br(nasty_report: str) -> None:
    """A note's newlines survive as `<br>`, inside one table cell or list item."""
    expected = (
        "\\# Heading from a note<br>\\| a \\| b \\|<br>- \\[ \\] fake task<br>&gt; quote<br>1. item"
    )
    assert expected in nasty_report


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_custom_template_renders_with_escaping(tmp_path: Path, minimal: Questionnaire) -> None:
    """A user's template gets the same context, and its values are escaped too."""
    template = _write(
        tmp_path / "mine.md.j2",
        "Team: {{ assessment.team }}, level {{ score.overall_level }} of "
        "{{ questionnaire.max_level }}, {{ roadmap.items | length }} items\n",
    )
    assessment = Assessment.start(minimal, "A*B", "2026-Q4", today=DAY)
    assessment.record("visibility.error-rates", Answer(0))
    assert render_report(minimal, assessment, template) == "Team: A\\*B, level 0 of 4, 1 items\n"


def test_custom_template_can_include_a_file_next_to_it(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """`{% include %}` finds templates in the custom template's folder."""
    _write(tmp_path / "footer.md.j2", "Footer for {{ assessment.label }}\n")
    template = _write(tmp_path / "main.md.j2", "Main\n{% include 'footer.md.j2' %}")
    assessment = Assessment.start(minimal, "Payments", "2026-Q4", today=DAY)
    assert render_report(minimal, assessment, template) == "Main\nFooter for 2026-Q4\n"


def test_undefined_variable_names_the_template_and_line(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """StrictUndefined: a misspelt variable on line 3 is an error at file:3."""
    template = _write(tmp_path / "typo.md.j2", "# {{ assessment.team }}\n\n{{ no_such_thing }}\n")
    with pytest.raises(ReportTemplateError) as caught:
        render_report(minimal, Assessment.start(minimal, "T", today=DAY), template)
    assert str(caught.value).startswith(f"{template}:3: ")
    assert "no_such_thing" in str(caught.value)


def test_undefined_attribute_names_the_template_and_line(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """A misspelt attribute (`assessment.teem`) on line 2 is an error at file:2."""
    template = _write(tmp_path / "attr.md.j2", "ok\n{{ assessment.teem }}\n")
    with pytest.raises(ReportTemplateError) as caught:
        render_report(minimal, Assessment.start(minimal, "T", today=DAY), template)
    assert str(caught.value).startswith(f"{template}:2: ")
    assert "teem" in str(caught.value)


def test_template_syntax_error_reports_its_line(tmp_path: Path, minimal: Questionnaire) -> None:
    """A Jinja2 syntax error on line 2 is reported as file:2."""
    template = _write(tmp_path / "broken.md.j2", "fine\n{% if %}\n{% endif %}\n")
    with pytest.raises(ReportTemplateError) as caught:
        render_report(minimal, Assessment.start(minimal, "T", today=DAY), template)
    assert str(caught.value).startswith(f"{template}:2: ")


def test_failure_while_rendering_reports_its_line(tmp_path: Path, minimal: Questionnaire) -> None:
    """A template that divides by zero on line 3 gets file:3, not a traceback."""
    template = _write(tmp_path / "zero.md.j2", "a\nb\n{{ 1 / 0 }}\n")
    with pytest.raises(ReportTemplateError) as caught:
        render_report(minimal, Assessment.start(minimal, "T", today=DAY), template)
    assert str(caught.value).startswith(f"{template}:3: ")


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__",
        "assessment.__class__.__init__.__globals__",
        "cycler.__init__.__globals__",
        "questionnaire.area.__func__",
    ],
)
def test_sandbox_refuses_python_internals(
    tmp_path: Path, minimal: Questionnaire, expression: str
) -> None:
    """Reaching for dunder attributes from a template is a ReportTemplateError."""
    template = _write(tmp_path / "escape.md.j2", f"{{{{ {expression} }}}}\n")
    with pytest.raises(ReportTemplateError) as caught:
        render_report(minimal, Assessment.start(minimal, "T", today=DAY), template)
    assert str(caught.value).startswith(f"{template}:1: ")


def test_template_cannot_change_the_assessment(tmp_path: Path, minimal: Questionnaire) -> None:
    """Rendering a template never alters the assessment it reports on (it may be saved next)."""
    assessment = _plain_assessment(minimal)
    before = copy.deepcopy(assessment)
    template = _write(
        tmp_path / "mutate.md.j2",
        "{{ assessment.answers.clear() }}{{ assessment.participants.append('x') }}"
        "{{ assessment.record('incidents.roles', assessment.answer_for('nothing')) }}\n",
    )
    with contextlib.suppress(ReportTemplateError):
        render_report(minimal, assessment, template)
    assert assessment == before


def test_template_cannot_include_files_outside_its_folder(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """`{% include %}` cannot read files above or outside the template's folder."""
    secret = _write(tmp_path / "secret.txt", "TOP-SECRET\n")
    folder = tmp_path / "templates"
    folder.mkdir()
    for reference in ("../secret.txt", str(secret)):
        template = _write(folder / "leak.md.j2", f"{{% include '{reference}' %}}\n")
        with contextlib.suppress(ReportTemplateError):
            report = render_report(minimal, Assessment.start(minimal, "T", today=DAY), template)
            assert "TOP-SECRET" not in report, reference


def test_missing_template_is_a_clear_error(tmp_path: Path, minimal: Questionnaire) -> None:
    """A template path that does not exist is a ReportTemplateError naming it."""
    template = tmp_path / "nope.md.j2"
    with pytest.raises(ReportTemplateError, match="not found"):
        render_report(minimal, Assessment.start(minimal, "T", today=DAY), template)


def test_example_templates_render_the_example_assessments(minimal: Questionnaire) -> None:
    """Each template in examples/ renders each example assessment without an error."""
    from ops_maturity.core.questionnaires.bundled import load_default_questionnaire
    from ops_maturity.core.storage.assessment_store import load_assessment

    templates = sorted((ROOT / "examples").glob("*.j2"))
    assessments = sorted((ROOT / "examples").glob("*-20*-q*.toml"))
    if not templates or not assessments:
        pytest.skip("no example templates or assessments yet")
    questionnaire = load_default_questionnaire()
    for template in [None, *templates]:
        for path in assessments:
            report = render_report(questionnaire, load_assessment(path), template)
            assert load_assessment(path).team in report


def test_matrix_marks_the_levels_an_area_skips() -> None:
    """A skipped level shows '– none' in the maturity matrix, and the legend says what it means."""
    from .builders import Q, assess, build_questionnaire

    questionnaire = build_questionnaire(
        {"ops": [Q("ops.l2", 2)], "dev": [Q("dev.l1", 1), Q("dev.l2", 2)]}, levels=2
    )
    text = render_report(questionnaire, assess(questionnaire, {"ops.l2": 3}), generated_on=DAY)
    matrix = text.split("## Maturity matrix", 1)[1].split("## Roadmap", 1)[0]
    ops_row = next(line for line in matrix.splitlines() if line.startswith("| Area ops |"))
    assert ops_row.split("|")[2].strip() == "– none"
    assert "– none: the area has no practice at that level" in matrix
    dev_row = next(line for line in matrix.splitlines() if line.startswith("| Area dev |"))
    assert "– none" not in dev_row
