"""The assessment as data: who assessed, against which questionnaire, every answer given and, in
team mode, every vote (`QuestionVotes`).

An assessment is mutable while a team works through it; each change is saved at once by
`ops_maturity.core.storage.assessment_store`. The file format is documented in
docs/assessment-format.md. Only data and the methods that keep it consistent live here: the
rules of team voting (the median, the reveal, overrides) are in `votes`, scoring in `scoring`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import overload

from ops_maturity.core.model.questionnaire import Questionnaire, Selection
from ops_maturity.core.text import clean_single_line, strip_control_characters


class SpecialAnswer(StrEnum):
    """Answers every question allows besides its scale values."""

    NOT_APPLICABLE = "not-applicable"
    DONT_KNOW = "dont-know"


class Status(StrEnum):
    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"


AnswerValue = int | Selection | SpecialAnswer
"""A scale value, the choices picked on a multi-select scale, or a special answer."""

NOTES_MAX_CHARS = 10_000
"""Where notes are typed, at most this many characters: a few pages, not a pasted log."""
REASON_MAX_CHARS = 2_000
"""The longest not-applicable reason that can be typed."""
NAME_MAX_CHARS = 200
"""The longest owner, team, label, facilitator or participant name that can be typed."""
PARTICIPANTS_MAX_CHARS = 2_000
"""The longest comma-separated list of participants that can be typed."""


@dataclass
class Answer:
    """One question's answer, with the notes, owner, due quarter and not-applicable reason.

    `value` is None when notes or an owner were recorded before the question was answered.
    `due` is when the roadmap item for this practice should be done, such as '2027-Q2'.
    """

    value: AnswerValue | None = None
    notes: str = ""
    owner: str = ""
    na_reason: str = ""
    due: str = ""

    def __post_init__(self) -> None:
        # Most answers hold no text (and scoring builds empty ones): skip the cleaning then.
        if self.notes:
            self.notes = strip_control_characters(self.notes).strip()
        if self.owner:
            self.owner = clean_single_line(self.owner)
        if self.na_reason:
            self.na_reason = strip_control_characters(self.na_reason).strip()
        if self.due:
            self.due = clean_single_line(self.due)

    @property
    def is_answered(self) -> bool:
        return self.value is not None

    @property
    def is_empty(self) -> bool:
        return self.value is None and not (self.notes or self.owner or self.na_reason or self.due)


class SpecialVote(StrEnum):
    """Votes besides a choice of the scale."""

    NOT_APPLICABLE = "not-applicable"
    DONT_KNOW = "dont-know"
    ABSENT = "absent"
    """Abstained or not in the room: recorded, but not a vote (unlike don't know)."""


Vote = int | SpecialVote
"""A vote for one choice of a single-choice scale, or a special vote."""
AnyVote = Vote | Selection
"""Any vote, the choices one voter picked on a multi-select scale included."""


@overload
def plain_value(value: int | SpecialAnswer | SpecialVote) -> int | str: ...
@overload
def plain_value(value: AnswerValue | AnyVote) -> int | str | list[int]: ...
def plain_value(value: AnswerValue | AnyVote) -> int | str | list[int]:
    """An answer or a vote as plain data, for files, exports and the wire: the scale value, the
    values picked on a multi-select scale (a list), or the special answer's name
    ('not-applicable', 'dont-know', 'absent')."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


class Mode(StrEnum):
    """How answers are given: one answer per question (solo), or a vote per participant (team)."""

    SOLO = "solo"
    TEAM = "team"


@dataclass
class QuestionVotes:
    """The votes on one question, whether they are revealed, and whether the answer was overridden."""

    votes: dict[str, Vote] = field(default_factory=dict)
    """Participant name (or anonymous seat) -> vote, in the order the votes were recorded: a
    choice or a special vote. The sets voted on a multi-select question are in `selections`."""
    revealed: bool = False
    overridden: bool = False
    selections: dict[str, Selection] = field(default_factory=dict)
    """A multi-select question: participant -> the choices they picked. A participant is in
    `votes` or here, never in both."""

    @property
    def is_empty(self) -> bool:
        return not self.votes and not self.selections and not self.revealed and not self.overridden

    @property
    def all_votes(self) -> dict[str, AnyVote]:
        """Every vote by name: `votes`, then `selections`."""
        return {**self.votes, **self.selections}

    @property
    def voted(self) -> list[str]:
        """Who cast a vote (a choice or a set, N/A or don't know); absent participants are not
        counted."""
        return [name for name, vote in self.all_votes.items() if vote != SpecialVote.ABSENT]


def today() -> dt.date:
    """The local date: the day a session is recorded under (tests freeze it here)."""
    return dt.date.today()


@dataclass
class SessionRecord:
    """One day the team worked on the assessment (a retro): what it planned and what it did.

    The rules (planning, progress, pace) are in `ops_maturity.core.model.sessions`; the file
    keeps one `[[sessions]]` table per day (docs/assessment-format.md)."""

    date: dt.date
    planned_areas: list[str] = field(default_factory=list)
    """The areas planned for that day, in questionnaire order ([] when nothing was planned)."""
    planned_questions: list[str] = field(default_factory=list)
    """Set when a number of questions was planned instead of areas: exactly those questions."""
    answered: list[str] = field(default_factory=list)
    """Questions answered (or answered differently) that day, each once, in the order answered."""
    pace_seconds: int | None = None
    """The median time between two answers that day, in seconds (None until measured)."""

    @property
    def has_plan(self) -> bool:
        return bool(self.planned_areas or self.planned_questions)


def current_quarter_label(today: dt.date | None = None) -> str:
    """The default label for a new assessment, such as '2026-Q4'."""
    day = today or dt.date.today()
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@dataclass
class Assessment:
    """A team's assessment against one questionnaire."""

    questionnaire_id: str
    questionnaire_version: str
    team: str
    label: str
    date: dt.date
    facilitator: str = ""
    participants: list[str] = field(default_factory=list)
    status: Status = Status.IN_PROGRESS
    answers: dict[str, Answer] = field(default_factory=dict)
    question_ids: list[str] = field(default_factory=list)
    """The questionnaire's question ids when the assessment was written, to detect changes."""
    questionnaire_path: str = ""
    """Where a questionnaire that is not bundled lives, relative to the assessment file."""
    targets: dict[str, int] = field(default_factory=dict)
    """Area id -> the level the team aims for; areas without one default to current + 1."""
    votes: dict[str, QuestionVotes] = field(default_factory=dict)
    """Team mode: each question's votes, reveal state and override (see ops_maturity.core.model.votes)."""
    mode: Mode | None = None
    """Solo or team as the facilitator switched it; None: team with two or more participants."""
    anonymous_votes: bool = False
    """Votes are kept as counts only: `participants` then holds seats ('Voter 1'), not names."""
    current_question: str = ""
    """The question of the latest vote change, where a team session resumes."""
    timebox: int | None = None
    """Team mode: seconds per question for the countdown, kept until the facilitator changes it."""
    absent: list[str] = field(default_factory=list)
    """Team mode: participants marked absent, counted absent on the next questions too until
    a vote of theirs marks them back (`ops_maturity.core.model.votes`)."""
    discuss: list[str] = field(default_factory=list)
    """Questions the facilitator flagged for discussion by hand, in the order flagged."""
    sessions: list[SessionRecord] = field(default_factory=list)
    """Each day the team worked on it, oldest first (`ops_maturity.core.model.sessions`)."""

    def __post_init__(self) -> None:
        self.team = clean_single_line(self.team)
        self.label = clean_single_line(self.label)
        self.facilitator = clean_single_line(self.facilitator)
        self.participants = [name for p in self.participants if (name := clean_single_line(p))]
        self.absent = [name for p in self.absent if (name := clean_single_line(p))]

    @classmethod
    def start(
        cls,
        questionnaire: Questionnaire,
        team: str,
        label: str | None = None,
        *,
        facilitator: str = "",
        participants: list[str] | None = None,
        today: dt.date | None = None,
        questionnaire_path: str = "",
    ) -> Assessment:
        """Begin a new, empty assessment of `questionnaire`."""
        day = today or dt.date.today()
        return cls(
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            team=team,
            label=label or current_quarter_label(day),
            date=day,
            facilitator=facilitator,
            participants=list(participants or []),
            question_ids=[question.id for question in questionnaire.questions],
            questionnaire_path=questionnaire_path,
        )

    def answer_for(self, question_id: str) -> Answer:
        """The answer recorded for a question (an empty Answer if none)."""
        return self.answers.get(question_id) or Answer()

    def record(self, question_id: str, answer: Answer) -> None:
        """Store an answer, dropping it entirely when it holds nothing."""
        if answer.is_empty:
            self.answers.pop(question_id, None)
        else:
            self.answers[question_id] = answer

    def is_answered(self, question_id: str) -> bool:
        """True when the question has an answer (notes alone do not count)."""
        answer = self.answers.get(question_id)
        return answer is not None and answer.is_answered

    def answered_count(self, questionnaire: Questionnaire) -> int:
        # Runs after every answer: a lookup per question, no empty Answer built for each.
        return sum(1 for q in questionnaire.questions if self.is_answered(q.id))

    def first_unanswered_index(self, questionnaire: Questionnaire) -> int | None:
        """Index of the first question without an answer, or None when all are answered."""
        for index, question in enumerate(questionnaire.questions):
            if not self.is_answered(question.id):
                return index
        return None

    def refresh_status(self, questionnaire: Questionnaire) -> None:
        """Mark the assessment complete exactly when every question has an answer."""
        complete = self.answered_count(questionnaire) == len(questionnaire.questions)
        self.status = Status.COMPLETE if complete else Status.IN_PROGRESS
