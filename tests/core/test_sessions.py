"""Sessions over several retros: plans, today's progress, pace, the offer on resume, the file
(format 4: timebox, absent, discussion flags, [[sessions]]) and what reports say of them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ops_maturity.core.model.assessment import Answer, Assessment, SessionRecord
from ops_maturity.core.model.discussion import discussion_topics, toggle_discussion_flag
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.model.sessions import (
    PlanError,
    TodayProgress,
    after_answer,
    duration_text,
    median_interval,
    next_planned_open,
    note_answered,
    opening_index,
    parse_plan,
    plan_session,
    session_summaries,
    should_offer_plan,
    suggested_areas,
    today_line,
    today_progress,
)
from ops_maturity.core.parsing.validation import FileProblem, InvalidFileError
from ops_maturity.core.reports.export_json import report_json
from ops_maturity.core.reports.report import render_report
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.assessment_toml import (
    FORMAT_VERSION,
    FORMAT_VERSION_WITHOUT_SELECTIONS,
    assessment_to_toml,
)

from .builders import MINIMAL_QUESTIONNAIRE, ROOT

MONDAY = dt.date(2026, 11, 2)
NEXT_MONDAY = dt.date(2026, 11, 9)
VISIBILITY = [
    "visibility.error-rates",
    "visibility.dashboards",
    "visibility.trends",
    "visibility.anomalies",
]


@pytest.fixture
def minimal() -> Questionnaire:
    from ops_maturity.core.questionnaires.loader import load_questionnaire

    return load_questionnaire(MINIMAL_QUESTIONNAIRE)


def started(questionnaire: Questionnaire) -> Assessment:
    return Assessment.start(questionnaire, "Payments", "2026-Q4", today=MONDAY)


def answer(assessment: Assessment, question_id: str, day: dt.date, value: int = 2) -> None:
    assessment.record(question_id, Answer(value))
    note_answered(assessment, question_id, day)


# ------------------------------------------------------------------ plans


def test_a_session_is_a_day_and_lists_each_answer_once(minimal: Questionnaire) -> None:
    """Two answers on Monday (one changed twice) and one a week later: two sessions."""
    assessment = started(minimal)
    answer(assessment, "visibility.error-rates", MONDAY)
    answer(assessment, "visibility.error-rates", MONDAY, 3)
    answer(assessment, "visibility.dashboards", MONDAY)
    answer(assessment, "incidents.roles", NEXT_MONDAY)
    assert [r.date for r in assessment.sessions] == [MONDAY, NEXT_MONDAY]
    assert assessment.sessions[0].answered == ["visibility.error-rates", "visibility.dashboards"]
    assert assessment.sessions[1].answered == ["incidents.roles"]


def test_a_plan_of_areas_counts_their_questions_answered_before_too(
    minimal: Questionnaire,
) -> None:
    """Planning Measurement and visibility: 4 questions; one answered last week counts as done."""
    assessment = started(minimal)
    answer(assessment, "visibility.error-rates", MONDAY)
    plan_session(minimal, assessment, NEXT_MONDAY, areas=["visibility"])
    assert today_progress(minimal, assessment, NEXT_MONDAY) == TodayProgress(1, 4)
    for question_id in VISIBILITY[1:]:
        answer(assessment, question_id, NEXT_MONDAY)
    progress = today_progress(minimal, assessment, NEXT_MONDAY)
    assert progress is not None and progress.finished


def test_a_plan_of_a_number_fixes_the_next_unanswered_questions(minimal: Questionnaire) -> None:
    """Three questions: the first three unanswered ones, whatever is answered afterwards."""
    assessment = started(minimal)
    answer(assessment, "visibility.error-rates", MONDAY)
    record = plan_session(minimal, assessment, MONDAY, question_count=3)
    assert record.planned_questions == VISIBILITY[1:]
    assert record.planned_areas == ["visibility"]
    answer(assessment, "incidents.roles", MONDAY)  # outside the plan
    assert today_progress(minimal, assessment, MONDAY) == TodayProgress(0, 3)


def test_no_plan_means_no_today_line_and_an_unknown_area_is_refused(
    minimal: Questionnaire,
) -> None:
    assessment = started(minimal)
    assert today_progress(minimal, assessment, MONDAY) is None
    with pytest.raises(PlanError, match=r"no area 'alerting'.*visibility, incidents"):
        plan_session(minimal, assessment, MONDAY, areas=["alerting"])
    plan_session(minimal, assessment, MONDAY, areas=["incidents"])
    plan_session(minimal, assessment, MONDAY)  # cleared: the whole assessment
    assert today_progress(minimal, assessment, MONDAY) is None


INCIDENTS = ["incidents.roles", "incidents.reviews", "incidents.follow-through"]


def test_a_plan_decides_where_the_session_opens(minimal: Questionnaire) -> None:
    """Planned for Incident management: the screen opens on its first open question, not on
    Measurement and visibility's first; without a plan, on the first unanswered question."""
    assessment = started(minimal)
    assert opening_index(minimal, assessment, MONDAY) == 0
    plan_session(minimal, assessment, MONDAY, areas=["incidents"])
    assert minimal.questions[opening_index(minimal, assessment, MONDAY)].id == INCIDENTS[0]
    answer(assessment, INCIDENTS[0], MONDAY)
    assert minimal.questions[opening_index(minimal, assessment, MONDAY)].id == INCIDENTS[1]


def test_a_team_session_reopens_where_it_was_left_when_that_is_in_the_plan(
    minimal: Questionnaire,
) -> None:
    """A team session left at the second incidents question reopens there; left outside the
    plan, it opens on the plan's first open question."""
    assessment = Assessment.start(
        minimal, "Payments", "2026-Q4", today=MONDAY, participants=["Ana", "Bo"]
    )
    plan_session(minimal, assessment, MONDAY, areas=["incidents"])
    assessment.current_question = INCIDENTS[1]
    assert minimal.questions[opening_index(minimal, assessment, MONDAY)].id == INCIDENTS[1]
    assessment.current_question = VISIBILITY[2]
    assert minimal.questions[opening_index(minimal, assessment, MONDAY)].id == INCIDENTS[0]


def test_an_answer_moves_on_inside_todays_plan(minimal: Questionnaire) -> None:
    """A plan of the 2nd and 4th visibility questions plus incidents: an answer moves on in
    order inside the plan, jumps the gap to the plan's next open question, and once the plan
    is done goes on in order again."""
    assessment = started(minimal)
    index = {question.id: i for i, question in enumerate(minimal.questions)}
    for question_id in (VISIBILITY[0], VISIBILITY[2]):
        answer(assessment, question_id, MONDAY)
    plan_session(minimal, assessment, MONDAY, question_count=2)  # dashboards, anomalies
    assert after_answer(minimal, assessment, MONDAY, index[VISIBILITY[1]]) == index[VISIBILITY[3]]
    answer(assessment, VISIBILITY[1], MONDAY)
    answer(assessment, VISIBILITY[3], MONDAY)
    assert next_planned_open(minimal, assessment, MONDAY) is None
    assert after_answer(minimal, assessment, MONDAY, index[VISIBILITY[3]]) == index[INCIDENTS[0]]
    plan_session(minimal, assessment, MONDAY, areas=["incidents"])
    assert after_answer(minimal, assessment, MONDAY, index[VISIBILITY[0]]) == index[INCIDENTS[0]]
    assert after_answer(minimal, assessment, MONDAY, index[INCIDENTS[0]]) == index[INCIDENTS[1]]


def test_plan_text_takes_ids_names_or_a_number(minimal: Questionnaire) -> None:
    assert parse_plan(minimal, "incidents, Measurement and visibility") == (
        ["incidents", "visibility"],
        None,
    )
    assert parse_plan(minimal, " 16 ") == ([], 16)
    assert parse_plan(minimal, "") == ([], None)
    with pytest.raises(PlanError, match="no area 'deploys'"):
        parse_plan(minimal, "visibility, deploys")


# ------------------------------------------------------------------- pace


def test_the_pace_is_the_median_time_between_answers_so_a_break_does_not_skew_it() -> None:
    """Answers 90 s apart, then a 20-minute break: still 90 s a question."""
    times = [0.0, 90.0, 180.0, 270.0, 1470.0, 1560.0]
    assert median_interval(times) == 90.0
    assert median_interval([5.0]) is None


def test_the_today_line_says_what_it_knows() -> None:
    """Today's pace; else an earlier session's, said so; else when it will know; then done."""
    progress = TodayProgress(12, 16)
    assert today_line(progress, 300.0, None) == "today: 12 of 16 · about 20 min left"
    assert today_line(TodayProgress(0, 16), None, 90) == (
        "today: 0 of 16 · about 24 min left at last session's pace"
    )
    assert today_line(TodayProgress(1, 16), None, None) == (
        "today: 1 of 16 · time left after 2 answers"
    )
    assert today_line(TodayProgress(16, 16), 300.0, None) == "today: 16 of 16 · plan done"
    assert duration_text(20) == "under a minute"
    assert duration_text(4_500) == "about 1 h 15 min"


# --------------------------------------------------------------- resuming


def test_resuming_on_a_new_day_offers_the_next_unfinished_areas(minimal: Questionnaire) -> None:
    """Monday planned Measurement and visibility and finished it; next Monday the offer is the
    next unfinished area, as many as Monday planned. Never twice a day, never without a plan."""
    assessment = started(minimal)
    assert not should_offer_plan(minimal, assessment, MONDAY)
    plan_session(minimal, assessment, MONDAY, areas=["visibility"])
    for question_id in VISIBILITY:
        answer(assessment, question_id, MONDAY)
    assert not should_offer_plan(minimal, assessment, MONDAY), "already today's session"
    assert should_offer_plan(minimal, assessment, NEXT_MONDAY)
    assert suggested_areas(minimal, assessment) == ["incidents"]


# ------------------------------------------------------------------- file


def test_format_4_keeps_sessions_timebox_absent_and_flags(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    assessment = started(minimal)
    assessment.participants = ["Ana", "Wei"]
    assessment.timebox = 90
    assessment.absent = ["Wei"]
    toggle_discussion_flag(assessment, "incidents.roles")
    plan_session(minimal, assessment, MONDAY, question_count=2)
    answer(assessment, "visibility.error-rates", MONDAY)
    assessment.sessions[0].pace_seconds = 95
    path = tmp_path / "a.toml"
    save_assessment_atomically(assessment, path)
    text = path.read_text("utf-8")
    assert f"format_version = {FORMAT_VERSION}" in text and FORMAT_VERSION == 4
    assert "timebox_seconds = 90" in text and "[[sessions]]" in text
    loaded = load_assessment(path)
    assert (loaded.timebox, loaded.absent, loaded.discuss) == (90, ["Wei"], ["incidents.roles"])
    assert loaded.sessions == [
        SessionRecord(
            MONDAY, ["visibility"], VISIBILITY[:2], ["visibility.error-rates"], pace_seconds=95
        )
    ]


def test_without_facilitation_data_the_file_stays_version_2(minimal: Questionnaire) -> None:
    """Earlier releases keep reading files that hold nothing of format 4."""
    assessment = started(minimal)
    assessment.record("visibility.error-rates", Answer(2))
    text = assessment_to_toml(assessment)
    assert f"format_version = {FORMAT_VERSION_WITHOUT_SELECTIONS}" in text
    assert "sessions" not in text


def test_older_files_load_with_no_sessions() -> None:
    """Every bundled example (format 2) loads: no sessions, no timebox, nobody absent."""
    for path in sorted((ROOT / "examples").glob("*-202*.toml")):
        loaded = load_assessment(path)
        assert (loaded.sessions, loaded.timebox, loaded.absent, loaded.discuss) == (
            [],
            None,
            [],
            [],
        ), path


def assessment_problems(path: Path) -> list[FileProblem]:
    with pytest.raises(InvalidFileError) as caught:
        load_assessment(path)
    return caught.value.problems


def example_in_format_4() -> str:
    text = (ROOT / "examples" / "payments-platform-2026-q4.toml").read_text("utf-8")
    return text.replace("format_version = 1", "format_version = 4", 1)


@pytest.mark.parametrize(
    ("lines", "fragment"),
    [
        ("[[sessions]]\ndate = 2026-11-02\nminutes = 3\n", "unknown key 'minutes'"),
        ('[[sessions]]\ndate = "Monday"\n', "must be a date"),
        ('[[sessions]]\nanswered = ["a"]\n', "missing required key 'date'"),
        ("[[sessions]]\ndate = 2026-11-02\npace_seconds = 0\n", "between 1 and 86,400"),
    ],
)
def test_a_bad_session_is_reported_at_its_line(tmp_path: Path, lines: str, fragment: str) -> None:
    head, answers = example_in_format_4().split("\n[answers", 1)
    path = tmp_path / "bad.toml"
    path.write_text(f"{head}\n{lines}\n[answers{answers}", "utf-8")
    problem = next(p for p in assessment_problems(path) if fragment in p.message)
    assert problem.line is not None and problem.line > head.count("\n")


def test_a_timebox_out_of_range_is_refused(tmp_path: Path) -> None:
    text = example_in_format_4().replace(
        'status = "complete"', 'status = "complete"\ntimebox_seconds = 7200', 1
    )
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    assert any("between 1 and 3,600" in p.message for p in assessment_problems(path))


# ---------------------------------------------------------------- reports


def two_sessions(minimal: Questionnaire) -> Assessment:
    assessment = started(minimal)
    plan_session(minimal, assessment, MONDAY, areas=["visibility"])
    for question_id in VISIBILITY:
        answer(assessment, question_id, MONDAY)
    plan_session(minimal, assessment, NEXT_MONDAY, question_count=2)
    answer(assessment, "incidents.roles", NEXT_MONDAY, 1)
    answer(assessment, "incidents.reviews", NEXT_MONDAY, 1)
    return assessment


def test_the_report_says_which_areas_were_assessed_when(minimal: Questionnaire) -> None:
    text = render_report(minimal, two_sessions(minimal), charts=False)
    assert "## Sessions" in text
    assert "| 2026-11-02 | Measurement and visibility | 4: Measurement and visibility 4 |" in text
    assert "| 2026-11-09 | the next 2 questions | 2: Incident management 2 |" in text
    summaries = session_summaries(minimal, two_sessions(minimal))
    assert [s.answered for s in summaries] == [4, 2]


def test_the_json_export_carries_the_sessions_as_its_schema_says(minimal: Questionnaire) -> None:
    assessment = two_sessions(minimal)
    score = score_assessment(minimal, assessment)
    document = report_json(minimal, assessment, score, build_roadmap(minimal, score, assessment))
    schema: dict[str, Any] = json.loads(
        (ROOT / "docs" / "schema" / "export.schema.json").read_text("utf-8")
    )
    jsonschema.validate(document, schema)
    sessions = document["assessment"]["sessions"]
    assert sessions[1] == {
        "date": "2026-11-09",
        "planned_areas": ["incidents"],
        "planned_question_count": 2,
        "answered": ["incidents.roles", "incidents.reviews"],
        "areas": [{"id": "incidents", "answered": 2}],
        "pace_seconds": None,
    }


def test_a_flag_by_hand_is_a_discussion_topic_and_a_discussed_roadmap_item(
    minimal: Questionnaire,
) -> None:
    """A solo answer flagged with d: first in the discussion topics, 'discussed' on the roadmap,
    and the report's discussion section appears without any vote."""
    assessment = two_sessions(minimal)
    assert toggle_discussion_flag(assessment, "incidents.roles")
    topics = discussion_topics(minimal, assessment)
    assert [t.question.id for t in topics] == ["incidents.roles"]
    assert topics[0].flagged and not topics[0].has_votes
    score = score_assessment(minimal, assessment)
    items = {item.question_id: item for item in build_roadmap(minimal, score, assessment).items}
    assert items["incidents.roles"].discussed == "flagged for discussion"
    assert items["incidents.reviews"].discussed == ""
    text = render_report(minimal, assessment, charts=False)
    assert "Incident management · flagged for discussion · answer: **Partially**" in text
    assert not toggle_discussion_flag(assessment, "incidents.roles")
    assert discussion_topics(minimal, assessment) == []
