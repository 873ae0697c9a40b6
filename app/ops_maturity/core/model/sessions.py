"""Sessions: an assessment worked through over several retros, one plan per day.

A 64-question assessment takes a team of five one and a half to two and a half hours; a retro
slot is 45 to 60 minutes. So the facilitator plans each day's session: some areas, or a number
of questions. The rules (docs/team-sessions.md, "Planning sessions over several retros"):

- **A session is a day.** Everything answered on one date belongs to that date's session;
  reopening the assessment the same day continues it. A session is recorded once it has a plan
  or an answer.
- **A plan** is a list of areas (their questions), or a number of questions: the next that many
  unanswered questions in questionnaire order, fixed when planned. An empty plan means the whole
  assessment.
- **Today's progress** is how many of the planned questions have an answer (given today or
  before), of how many were planned.
- **Answered that day**: a question whose answer was given, or changed, that day; each once.
- **Pace** is the median time between two answers given in a row on one day, so a break does
  not skew it; it needs two answers. The time left is the planned questions still open times
  the pace. Before there is a pace today, an earlier session's pace is used, and said so.
- **Next unfinished areas**: the areas with unanswered questions, in questionnaire order. When
  an assessment that was planned before is resumed on a new day, they are offered as the plan,
  as many as the last plan held.

Plain data and pure functions over `Assessment` and `Questionnaire`; the app measures time on
its own clock and hands the intervals here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ops_maturity.core.model.assessment import Assessment, SessionRecord
from ops_maturity.core.model.questionnaire import Area, Question, Questionnaire
from ops_maturity.core.model.votes import Mode, mode_of

MAX_SESSIONS = 1_000
"""Sessions an assessment file may hold: a retro a week for twenty years."""
MAX_TIMEBOX_SECONDS = 3_600
"""The longest timebox per question: an hour."""
PACE_ANSWERS = 2
"""Answers needed today before the time left is measured from today's pace."""


class PlanError(ValueError):
    """A plan names an area the questionnaire does not have, or a number of questions below 1."""


# ------------------------------------------------------------------ records


def session_on(assessment: Assessment, day: dt.date) -> SessionRecord | None:
    """The session recorded for `day`, or None."""
    return next((record for record in reversed(assessment.sessions) if record.date == day), None)


def session_for(assessment: Assessment, day: dt.date) -> SessionRecord:
    """The session of `day`, added to the assessment when there is none yet."""
    record = session_on(assessment, day)
    if record is None:
        record = SessionRecord(day)
        assessment.sessions.append(record)
        del assessment.sessions[:-MAX_SESSIONS]
    return record


def earlier_sessions(assessment: Assessment, day: dt.date) -> list[SessionRecord]:
    """The sessions before `day`, oldest first."""
    return [record for record in assessment.sessions if record.date < day]


def note_answered(assessment: Assessment, question_id: str, day: dt.date) -> SessionRecord:
    """A question was answered (or its answer changed) on `day`: today's session lists it."""
    record = session_for(assessment, day)
    if question_id not in record.answered:
        record.answered.append(question_id)
    return record


# ----------------------------------------------------------------- planning


def plan_session(
    questionnaire: Questionnaire,
    assessment: Assessment,
    day: dt.date,
    *,
    areas: Sequence[str] = (),
    question_count: int | None = None,
) -> SessionRecord:
    """Plan the session of `day`: these areas, or the next `question_count` unanswered
    questions; neither clears the plan (the whole assessment). Raises PlanError for an area
    the questionnaire does not have or a count below 1."""
    known = [area.id for area in questionnaire.areas]
    unknown = [area_id for area_id in areas if area_id not in known]
    if unknown:
        raise PlanError(
            f"no area '{unknown[0]}' in {questionnaire.id}; its areas are: {', '.join(known)}"
        )
    if question_count is not None and question_count < 1:
        raise PlanError("plan one question or more")
    record = session_for(assessment, day)
    if question_count is not None:
        chosen = [q for q in questionnaire.questions if not assessment.is_answered(q.id)]
        chosen = chosen[:question_count]
        record.planned_questions = [question.id for question in chosen]
        record.planned_areas = _areas_of(questionnaire, chosen)
    else:
        record.planned_questions = []
        record.planned_areas = [area_id for area_id in known if area_id in areas]
    return record


def _areas_of(questionnaire: Questionnaire, questions: Sequence[Question]) -> list[str]:
    ids = {question.area_id for question in questions}
    return [area.id for area in questionnaire.areas if area.id in ids]


def parse_plan(questionnaire: Questionnaire, text: str) -> tuple[list[str], int | None]:
    """What the Start screen's Today field or `--areas` holds: area ids or names separated by
    commas ('visibility, Alerting'), or a number of questions ('16'); '' for no plan. Raises
    PlanError naming what is not an area."""
    words = [word.strip() for word in text.split(",") if word.strip()]
    if len(words) == 1 and words[0].isdigit():
        return [], int(words[0])
    by_name = {area.name.casefold(): area.id for area in questionnaire.areas}
    by_id = {area.id.casefold(): area.id for area in questionnaire.areas}
    chosen: list[str] = []
    for word in words:
        area_id = by_id.get(word.casefold()) or by_name.get(word.casefold())
        if area_id is None:
            known = ", ".join(area.id for area in questionnaire.areas)
            raise PlanError(f"no area '{word}' in {questionnaire.id}; its areas are: {known}")
        if area_id not in chosen:
            chosen.append(area_id)
    return chosen, None


def planned_questions(questionnaire: Questionnaire, record: SessionRecord) -> list[Question]:
    """The questions a session planned, in questionnaire order ([] without a plan)."""
    if record.planned_questions:
        wanted = set(record.planned_questions)
        return [q for q in questionnaire.questions if q.id in wanted]
    areas = set(record.planned_areas)
    return [q for q in questionnaire.questions if q.area_id in areas]


def next_planned_open(
    questionnaire: Questionnaire, assessment: Assessment, day: dt.date, after: int = -1
) -> int | None:
    """The index of the first planned question still unanswered after index `after`, wrapping
    round to the start; None when `day` has no plan or every planned question is answered.
    Where the app opens and, in solo mode, where an answer moves on to once the next question
    in order is outside the plan."""
    record = session_on(assessment, day)
    if record is None or not record.has_plan:
        return None
    wanted = {question.id for question in planned_questions(questionnaire, record)}
    questions = questionnaire.questions
    count = len(questions)
    for step in range(1, count + 1):
        index = (after + step) % count
        question = questions[index]
        if question.id in wanted and not assessment.is_answered(question.id):
            return index
    return None


def is_planned(
    questionnaire: Questionnaire, assessment: Assessment, day: dt.date, index: int
) -> bool:
    """True when the question at `index` is in `day`'s plan (False without a plan)."""
    record = session_on(assessment, day)
    if record is None or not record.has_plan or not 0 <= index < len(questionnaire.questions):
        return False
    question = questionnaire.questions[index]
    return any(q.id == question.id for q in planned_questions(questionnaire, record))


def after_answer(
    questionnaire: Questionnaire, assessment: Assessment, day: dt.date, from_index: int
) -> int | None:
    """Where a solo answer at `from_index` moves on to: the next question in order; but when
    that one lies outside `day`'s plan, the plan's next open question while any is left; after
    the last question, the first unanswered one. None when there is nowhere to go."""
    if not is_planned(questionnaire, assessment, day, from_index + 1):
        planned = next_planned_open(questionnaire, assessment, day, from_index)
        if planned is not None:
            return planned
    if from_index + 1 < len(questionnaire.questions):
        return from_index + 1
    return assessment.first_unanswered_index(questionnaire)


def opening_index(questionnaire: Questionnaire, assessment: Assessment, day: dt.date) -> int:
    """Where the Assess screen opens: the first unanswered question, or in a team session the
    question it was left at (hidden or revealed as it was); but when `day` has a plan with open
    questions and that place is not one of them, the plan's first open question."""
    start = assessment.first_unanswered_index(questionnaire) or 0
    if mode_of(assessment) is Mode.TEAM and questionnaire.has_question(assessment.current_question):
        start = questionnaire.question_index(assessment.current_question)
    planned = next_planned_open(questionnaire, assessment, day)
    if planned is None:
        return start
    open_here = not assessment.is_answered(questionnaire.questions[start].id)
    if open_here and is_planned(questionnaire, assessment, day, start):
        return start
    return planned


@dataclass(frozen=True)
class TodayProgress:
    """How far today's plan is: the planned questions answered, of how many."""

    done: int
    planned: int

    @property
    def left(self) -> int:
        return self.planned - self.done

    @property
    def finished(self) -> bool:
        return self.planned > 0 and self.done >= self.planned


def today_progress(
    questionnaire: Questionnaire, assessment: Assessment, day: dt.date
) -> TodayProgress | None:
    """Today's progress through its plan, or None when today has no plan."""
    record = session_on(assessment, day)
    if record is None or not record.has_plan:
        return None
    planned = planned_questions(questionnaire, record)
    done = sum(1 for question in planned if assessment.is_answered(question.id))
    return TodayProgress(done, len(planned))


def next_unfinished_areas(questionnaire: Questionnaire, assessment: Assessment) -> list[Area]:
    """The areas that still have unanswered questions, in questionnaire order."""
    return [
        area
        for area in questionnaire.areas
        if any(not assessment.is_answered(q.id) for q in area.questions)
    ]


def suggested_areas(questionnaire: Questionnaire, assessment: Assessment) -> list[str]:
    """The plan offered when a planned assessment is resumed on a new day: the next unfinished
    areas, as many as the last plan held (one at least)."""
    last = next((r for r in reversed(assessment.sessions) if r.has_plan), None)
    size = max(1, len(last.planned_areas)) if last is not None else 1
    return [area.id for area in next_unfinished_areas(questionnaire, assessment)[:size]]


def should_offer_plan(questionnaire: Questionnaire, assessment: Assessment, day: dt.date) -> bool:
    """True when an assessment planned on an earlier day is opened on a day with no session yet
    and still has unfinished areas: the app offers the next ones as today's plan."""
    if session_on(assessment, day) is not None:
        return False
    planned_before = any(record.has_plan for record in earlier_sessions(assessment, day))
    return planned_before and bool(next_unfinished_areas(questionnaire, assessment))


# --------------------------------------------------------------------- pace


def median_interval(times: Sequence[float]) -> float | None:
    """The median time between consecutive moments (None for fewer than PACE_ANSWERS)."""
    if len(times) < PACE_ANSWERS:
        return None
    import statistics  # rarely needed: not at start-up

    return statistics.median(later - earlier for earlier, later in pairwise(times))


def earlier_pace(assessment: Assessment, day: dt.date) -> int | None:
    """The pace of the latest earlier session that measured one, in seconds per question."""
    return next(
        (r.pace_seconds for r in reversed(earlier_sessions(assessment, day)) if r.pace_seconds),
        None,
    )


def duration_text(seconds: float) -> str:
    """'under a minute', 'about 20 min', 'about 1 h 10 min'."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"about {minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"about {hours} h {rest} min" if rest else f"about {hours} h"


def today_line(progress: TodayProgress, pace_today: float | None, pace_before: int | None) -> str:
    """What the Assess screen shows of today's plan:

    'today: 12 of 16 · about 8 min left' (today's pace), 'today: 0 of 16 · about 25 min left
    at last session's pace', 'today: 1 of 16 · time left after 2 answers' (no pace yet), and
    'today: 16 of 16 · plan done'."""
    head = f"today: {progress.done} of {progress.planned}"
    if progress.finished:
        return f"{head} · plan done"
    if pace_today is not None:
        return f"{head} · {duration_text(progress.left * pace_today)} left"
    if pace_before is not None:
        return f"{head} · {duration_text(progress.left * pace_before)} left at last session's pace"
    return f"{head} · time left after {PACE_ANSWERS} answers"


def plan_estimate(question_count: int, pace: int | None) -> str:
    """The plan dialog's estimate: '16 questions · about 25 min at last session's pace'."""
    head = f"{question_count} question{'' if question_count == 1 else 's'}"
    if pace is None or question_count == 0:
        return head
    return f"{head} · {duration_text(question_count * pace)} at last session's pace"


# ------------------------------------------------------------------ history


@dataclass(frozen=True)
class SessionSummary:
    """One session as reports show it: its date, its plan, and the areas answered that day."""

    date: dt.date
    planned_areas: tuple[Area, ...]
    planned_question_count: int | None
    """A plan of a number of questions: how many (their areas are `planned_areas`)."""
    answered_by_area: tuple[tuple[Area, int], ...]
    """Each area with questions answered that day, and how many, in questionnaire order."""
    pace_seconds: int | None

    @property
    def answered(self) -> int:
        return sum(count for _, count in self.answered_by_area)

    @property
    def plan_text(self) -> str:
        """'Alerting, Incident management', 'the next 10 questions', or 'no plan'."""
        if self.planned_question_count is not None:
            count = self.planned_question_count
            return f"the next {count} question{'' if count == 1 else 's'}"
        return ", ".join(area.name for area in self.planned_areas) or "no plan"


def session_summaries(
    questionnaire: Questionnaire, assessment: Assessment
) -> tuple[SessionSummary, ...]:
    """The assessment's sessions, oldest first, with what each planned and answered (areas and
    questions the questionnaire no longer has are left out)."""
    areas = {area.id: area for area in questionnaire.areas}
    summaries = []
    for record in sorted(assessment.sessions, key=lambda r: r.date):
        counts: dict[str, int] = {}
        for question_id in record.answered:
            if questionnaire.has_question(question_id):
                area_id = questionnaire.question(question_id).area_id
                counts[area_id] = counts.get(area_id, 0) + 1
        summaries.append(
            SessionSummary(
                record.date,
                tuple(areas[a] for a in record.planned_areas if a in areas),
                len(record.planned_questions) if record.planned_questions else None,
                tuple((area, counts[area.id]) for area in questionnaire.areas if area.id in counts),
                record.pace_seconds,
            )
        )
    return tuple(summaries)
