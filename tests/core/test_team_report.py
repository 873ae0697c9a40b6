"""The report in team mode: Discussion topics, the participation line, anonymity and escaping."""

from __future__ import annotations

from markdown_it import MarkdownIt
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.votes import (
    SpecialVote,
    Vote,
    make_votes_anonymous,
    override_answer,
    record_vote,
    set_revealed,
)
from ops_maturity.core.reports.report import render_report

from .builders import DAY

NASTY_NAME = "Eve | <b>x</b> # *y*"
PEOPLE = ["Ana", "Bo", "Chen", NASTY_NAME]


def _team_assessment(questionnaire: Questionnaire, *, anonymous: bool = False) -> Assessment:
    """Question 1: votes 0 0 3 3 (spread 3); question 2: 2 2 2 absent, overridden to 1."""
    assessment = Assessment.start(
        questionnaire, "Payments", "2026-Q4", participants=list(PEOPLE), today=DAY
    )
    if anonymous:
        make_votes_anonymous(assessment)
    first, second = questionnaire.questions[0], questionnaire.questions[1]
    seats = assessment.participants
    for seat, first_vote in zip(seats, [0, 0, 3, 3], strict=True):
        record_vote(assessment, first, seat, first_vote)
    second_votes: list[Vote] = [2, 2, 2, SpecialVote.ABSENT]
    for seat, second_vote in zip(seats, second_votes, strict=True):
        record_vote(assessment, second, seat, second_vote)
    for question in (first, second):
        set_revealed(assessment, question, True)
    assessment.record(second.id, Answer(2, notes="Only the API has it."))
    override_answer(assessment, second, 1)
    return assessment


def test_discussion_topics_list_the_spread_names_override_and_notes(
    minimal: Questionnaire,
) -> None:
    report = render_report(minimal, _team_assessment(minimal))
    section = report.split("## Discussion topics", 1)[1].split("\n## ", 1)[0]
    first, second = minimal.questions[0], minimal.questions[1]
    assert section.index(first.text) < section.index(second.text), "widest spread first"
    assert "spread 3 steps · team answer: **Not in place**" in section
    assert "| Not in place | 2 | Ana, Bo |" in section
    assert "(set by the facilitator; the median of the votes was Mostly)" in section
    assert "Notes: Only the API has it." in section
    assert "Participation (questions voted on, of 2): Ana 2, Bo 2, Chen 2" in report


def test_voter_names_are_escaped_inside_the_table(minimal: Questionnaire) -> None:
    report = render_report(minimal, _team_assessment(minimal))
    tokens = MarkdownIt("commonmark").enable("table").parse(report)
    assert not any(token.type == "html_inline" for token in tokens)
    rows = [line for line in report.splitlines() if line.startswith("| Fully | 2 |")]
    (row,) = rows
    assert row.count(" | ") == 2, "the name's pipe is escaped: the row keeps its three cells"
    assert "Chen, Eve \\| &lt;b&gt;x&lt;/b&gt; \\# \\*y\\*" in row


def test_anonymous_report_keeps_counts_and_never_a_name(minimal: Questionnaire) -> None:
    report = render_report(minimal, _team_assessment(minimal, anonymous=True))
    assert "## Discussion topics" in report
    assert "| Not in place | 2 |" in report
    for name in ("Ana", "Bo", "Chen", "Eve", "Voter 1"):
        assert name not in report
    assert "4 voters (anonymous votes)" in report


def test_solo_report_has_no_discussion_section(minimal: Questionnaire) -> None:
    assessment = Assessment.start(minimal, "Payments", "2026-Q4", today=DAY)
    assessment.record(minimal.questions[0].id, Answer(2))
    report = render_report(minimal, assessment)
    assert "Discussion topics" not in report and "Participation" not in report
