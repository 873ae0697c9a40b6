"""Read and write assessment files (TOML), atomically, and find them in a folder.

Writing goes through `app.core.atomic_file`. Reading validates like the questionnaire loader does
(`path:line:col: message`, all problems at once) and cleans control characters out of user text.
`reconcile` reports how a questionnaire changed since an assessment was written, instead of failing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from .assessment import Answer, AnswerValue, Assessment, SpecialAnswer, Status
from .atomic_file import write_text_atomically
from .questionnaire import Questionnaire
from .text import clean_single_line
from .validation import Field, InvalidFileError, TomlDocument, read_toml_document
from .votes import Mode, QuestionVotes, SpecialVote, Vote, anonymous_seats

FORMAT_VERSION = 2
"""The version this app writes. Version 2 added optional team votes (and may add `[targets]`)."""
OLDEST_FORMAT_VERSION = 1
"""The oldest version this app reads: every version from here to FORMAT_VERSION loads."""

_TOP_LEVEL = {
    "assessment": Field(dict),
    "questionnaire": Field(dict),
    "answers": Field(dict, required=False),
}
_ASSESSMENT = {
    "format_version": Field(int),
    "team": Field(str),
    "label": Field(str),
    "date": Field(dt.date),
    "facilitator": Field(str, required=False),
    "participants": Field(list, required=False, items=str),
    "status": Field(str),
    "mode": Field(str, required=False),
    "anonymous_votes": Field(bool, required=False),
    "voter_count": Field(int, required=False),
    "current_question": Field(str, required=False),
}
_QUESTIONNAIRE = {
    "id": Field(str),
    "version": Field(str),
    "path": Field(str, required=False),
    "question_ids": Field(list, required=False, items=str),
}
_ANSWER = {
    "answer": Field((int, str), required=False),
    "notes": Field(str, required=False),
    "owner": Field(str, required=False),
    "not_applicable_reason": Field(str, required=False),
    "votes": Field(dict, required=False),
    "vote_counts": Field(dict, required=False),
    "revealed": Field(bool, required=False),
    "overridden": Field(bool, required=False),
}


def assessment_to_toml(assessment: Assessment) -> str:
    """Serialise an assessment to the TOML text documented in docs/assessment-format.md."""
    header: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "team": assessment.team,
        "label": assessment.label,
        "date": assessment.date,
        "facilitator": assessment.facilitator,
        "participants": list(assessment.participants),
        "status": assessment.status.value,
    }
    if assessment.anonymous_votes:  # seats, not names: only their number is written
        del header["participants"]
        header["anonymous_votes"] = True
        header["voter_count"] = len(assessment.participants)
    if assessment.mode is not None:
        header["mode"] = assessment.mode.value
    if assessment.current_question:
        header["current_question"] = assessment.current_question
    questionnaire: dict[str, Any] = {
        "id": assessment.questionnaire_id,
        "version": assessment.questionnaire_version,
    }
    if assessment.questionnaire_path:
        questionnaire["path"] = assessment.questionnaire_path
    questionnaire["question_ids"] = list(assessment.question_ids)
    answers: dict[str, dict[str, Any]] = {}
    for question_id, answer in assessment.answers.items():
        entry = answers.setdefault(question_id, {})
        if answer.value is not None:
            entry["answer"] = (
                answer.value.value if isinstance(answer.value, SpecialAnswer) else answer.value
            )
        if answer.notes:
            entry["notes"] = answer.notes
        if answer.owner:
            entry["owner"] = answer.owner
        if answer.na_reason:
            entry["not_applicable_reason"] = answer.na_reason
    for question_id, votes in assessment.votes.items():
        if not votes.is_empty:
            answers.setdefault(question_id, {}).update(
                _votes_to_toml(votes, anonymous=assessment.anonymous_votes)
            )
    document = {"assessment": header, "questionnaire": questionnaire, "answers": answers}
    return "# ops-maturity assessment (docs/assessment-format.md)\n" + tomli_w.dumps(
        document, multiline_strings=True
    )


def _vote_to_toml(vote: Vote) -> int | str:
    return vote.value if isinstance(vote, SpecialVote) else vote


def _votes_to_toml(votes: QuestionVotes, *, anonymous: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if votes.revealed:
        entry["revealed"] = True
    if votes.overridden:
        entry["overridden"] = True
    if anonymous:
        counts: dict[str, int] = {}
        for vote in votes.votes.values():
            key = str(_vote_to_toml(vote))
            counts[key] = counts.get(key, 0) + 1
        entry["vote_counts"] = counts
    else:
        entry["votes"] = {name: _vote_to_toml(vote) for name, vote in votes.votes.items()}
    return entry


def save_assessment_atomically(assessment: Assessment, path: Path) -> None:
    """Write the assessment to `path` atomically. Raises OSError when the disk refuses."""
    write_text_atomically(path, assessment_to_toml(assessment))


def load_assessment(path: Path, display_path: str | None = None) -> Assessment:
    """Read an assessment file. Raises InvalidFileError listing every problem found."""
    return _read_assessment(read_toml_document(path, display_path))


def _read_answer_value(
    document: TomlDocument, raw: object, path: tuple[Any, ...]
) -> AnswerValue | None:
    if isinstance(raw, int):
        return raw
    try:
        return SpecialAnswer(str(raw))
    except ValueError:
        allowed = ", ".join(f"'{s.value}'" for s in SpecialAnswer)
        document.problem(path, f"answer must be a scale value or one of {allowed}")
        return None


def _read_assessment(document: TomlDocument) -> Assessment:
    top = document.check_table(document.data, (), _TOP_LEVEL) or {}
    header = (
        document.check_table(top["assessment"], ("assessment",), _ASSESSMENT)
        if "assessment" in top
        else None
    )
    source = (
        document.check_table(top["questionnaire"], ("questionnaire",), _QUESTIONNAIRE)
        if "questionnaire" in top
        else None
    )
    status = Status.IN_PROGRESS
    if header and "format_version" in header:
        _check_format_version(document, header["format_version"])
    mode: Mode | None = None
    if header and "mode" in header:
        try:
            mode = Mode(header["mode"])
        except ValueError:
            document.problem(("assessment", "mode"), "mode must be 'solo' or 'team'")
    anonymous = bool(header and header.get("anonymous_votes", False))
    voter_count = 0
    if header and "voter_count" in header:
        voter_count = header["voter_count"]
        if voter_count < 0:
            document.problem(("assessment", "voter_count"), "voter_count must be 0 or more")
            voter_count = 0
    if header and "status" in header:
        try:
            status = Status(header["status"])
        except ValueError:
            document.problem(("assessment", "status"), "status must be 'in-progress' or 'complete'")
    answers: dict[str, Answer] = {}
    votes: dict[str, QuestionVotes] = {}
    for question_id, raw_answer in (top.get("answers") or {}).items():
        path = ("answers", question_id)
        table = document.check_table(raw_answer, path, _ANSWER)
        if table is None:
            continue
        value = (
            _read_answer_value(document, table["answer"], (*path, "answer"))
            if "answer" in table
            else None
        )
        answer = Answer(
            value,
            table.get("notes", ""),
            table.get("owner", ""),
            table.get("not_applicable_reason", ""),
        )
        if not answer.is_empty:
            answers[question_id] = answer
        question_votes = _read_votes(document, table, path)
        if not question_votes.is_empty:
            votes[question_id] = question_votes
            voter_count = max(voter_count, len(question_votes.votes) if anonymous else 0)
    if (
        document.problems
        or header is None
        or source is None
        or not {"team", "label", "date"} <= header.keys()
        or not {"id", "version"} <= source.keys()
    ):
        raise InvalidFileError(document.problems)
    return Assessment(
        questionnaire_id=source["id"],
        questionnaire_version=source["version"],
        team=header["team"],
        label=header["label"],
        date=header["date"],
        facilitator=header.get("facilitator", ""),
        participants=(
            anonymous_seats(voter_count) if anonymous else list(header.get("participants", []))
        ),
        status=status,
        answers=answers,
        question_ids=list(source.get("question_ids", [])),
        questionnaire_path=source.get("path", ""),
        votes=votes,
        mode=mode,
        anonymous_votes=anonymous,
        current_question=header.get("current_question", ""),
    )


def _check_format_version(document: TomlDocument, version: int) -> None:
    """Versions OLDEST_FORMAT_VERSION..FORMAT_VERSION load; a newer one is refused plainly."""
    readable = f"this version reads {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}"
    if version > FORMAT_VERSION:
        document.problem(
            ("assessment", "format_version"),
            f"written by a newer ops-maturity: format_version {version}; {readable}",
        )
    elif version < OLDEST_FORMAT_VERSION:
        document.problem(
            ("assessment", "format_version"), f"unsupported format_version {version} ({readable})"
        )


def _read_vote(document: TomlDocument, raw: object, path: tuple[Any, ...]) -> Vote | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    try:
        return SpecialVote(str(raw))
    except ValueError:
        allowed = ", ".join(f"'{s.value}'" for s in SpecialVote)
        document.problem(path, f"a vote must be a scale value or one of {allowed}")
        return None


def _read_votes(
    document: TomlDocument, table: dict[str, Any], path: tuple[Any, ...]
) -> QuestionVotes:
    """A question's votes: by name (`votes`), or as counts per choice (`vote_counts`, anonymous)."""
    by_name: dict[str, Vote] = {}
    for raw_name, raw_vote in (table.get("votes") or {}).items():
        name = clean_single_line(raw_name)
        vote = _read_vote(document, raw_vote, (*path, "votes", raw_name))
        if not name:
            document.problem((*path, "votes"), "a vote needs the participant's name")
        elif vote is not None:
            by_name[name] = vote
    seat = 0
    for raw_choice, count in (table.get("vote_counts") or {}).items():
        where = (*path, "vote_counts", raw_choice)
        choice: object = int(raw_choice) if raw_choice.lstrip("-").isdigit() else raw_choice
        vote = _read_vote(document, choice, where)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            document.problem(where, "a vote count must be an integer, 0 or more")
            continue
        if vote is not None:
            for _ in range(count):
                seat += 1
                by_name[f"Voter {seat}"] = vote
    return QuestionVotes(
        by_name, bool(table.get("revealed", False)), bool(table.get("overridden", False))
    )


@dataclass(frozen=True)
class QuestionnaireChanges:
    """How the questionnaire changed since the assessment was written."""

    old_version: str
    new_version: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    """Question ids that no longer exist. Their answers are kept in the file but not scored."""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.old_version != self.new_version)


def reconcile(assessment: Assessment, questionnaire: Questionnaire) -> QuestionnaireChanges:
    """Bring an assessment up to the questionnaire's version and report what changed.

    Answers to removed questions are kept, so nothing typed is ever lost; scoring ignores them.
    Raises ValueError when the assessment belongs to a different questionnaire altogether.
    """
    if assessment.questionnaire_id != questionnaire.id:
        raise ValueError(
            f"assessment is for questionnaire '{assessment.questionnaire_id}', not '{questionnaire.id}'"
        )
    current = [question.id for question in questionnaire.questions]
    # Without the list of questions it was written for, nothing can be called added.
    known = assessment.question_ids or list(assessment.answers)
    known_ids = set(assessment.question_ids)
    added = tuple(qid for qid in current if qid not in known_ids) if known_ids else ()
    removed = tuple(qid for qid in known if not questionnaire.has_question(qid))
    changes = QuestionnaireChanges(
        assessment.questionnaire_version, questionnaire.version, added, removed
    )
    assessment.questionnaire_version = questionnaire.version
    assessment.question_ids = current
    return changes


_SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A file-name-safe form of a team name or label: 'Payments Team' -> 'payments-team'."""
    return _SLUG_UNSAFE.sub("-", text.lower()).strip("-") or "team"


def default_assessment_path(folder: Path, team: str, label: str) -> Path:
    """Where a team's assessment for a label lives: one file per team and label."""
    return folder / f"{slugify(team)}-{slugify(label)}.toml"


@dataclass(frozen=True)
class AssessmentSummary:
    """One assessment file found in a folder, for the resume list."""

    path: Path
    team: str
    label: str
    date: dt.date
    status: Status
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def find_previous_assessment(assessment: Assessment, path: Path) -> Assessment | None:
    """The same team's latest earlier assessment of the same questionnaire in `path`'s folder.

    Earlier means an earlier date (then an earlier label on the same date). Unreadable files
    are skipped. Used to show progress since last quarter without asking for a file.
    """
    candidates = []
    for other_path in sorted(path.parent.glob("*.toml")):
        if other_path.resolve() == path.resolve():
            continue
        try:
            other = load_assessment(other_path)
        except InvalidFileError:
            continue
        same_team = other.team.casefold() == assessment.team.casefold()
        earlier = (other.date, other.label) < (assessment.date, assessment.label)
        if same_team and earlier and other.questionnaire_id == assessment.questionnaire_id:
            candidates.append(other)
    return max(candidates, key=lambda other: (other.date, other.label), default=None)


def find_assessments(folder: Path) -> tuple[list[AssessmentSummary], list[InvalidFileError]]:
    """List the readable assessments in a folder, newest first, and the files that failed."""
    summaries: list[AssessmentSummary] = []
    failures: list[InvalidFileError] = []
    if not folder.is_dir():
        return summaries, failures
    for path in sorted(folder.glob("*.toml")):
        try:
            assessment = load_assessment(path)
        except InvalidFileError as error:
            failures.append(error)
            continue
        # Count against the questions the file was written for, when it names them.
        counted = set(assessment.question_ids or assessment.answers)
        answered = sum(
            1 for qid, a in assessment.answers.items() if a.is_answered and qid in counted
        )
        total = len(assessment.question_ids) or answered
        summaries.append(
            AssessmentSummary(
                path,
                assessment.team,
                assessment.label,
                assessment.date,
                assessment.status,
                answered,
                total,
            )
        )
    summaries.sort(key=lambda s: (s.date, s.path.stat().st_mtime), reverse=True)
    return summaries, failures
