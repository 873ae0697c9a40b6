"""The assessment file format: an Assessment to TOML text, and a parsed TOML document back.

The format is documented in docs/assessment-format.md (with examples the tests load). Reading
validates like the questionnaire loader does (`path:line:col: message`, all problems at once),
cleans control characters out of user text, and reads every format version from
OLDEST_FORMAT_VERSION to FORMAT_VERSION. Writing is memoised per answer, since it runs after
every key press. No file access here: `assessment_store` reads and writes the files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar

import tomli_w

from ops_maturity.core.model.assessment import (
    Answer,
    AnyVote,
    Assessment,
    Mode,
    QuestionVotes,
    SpecialAnswer,
    SpecialVote,
    Status,
    plain_value,
)
from ops_maturity.core.model.votes import anonymous_seats, votes_as_data
from ops_maturity.core.parsing.validation import Field, TomlDocument, describe_integer
from ops_maturity.core.storage.facilitation_toml import (
    FACILITATION_FORMAT_VERSION,
    HEADER_FIELDS,
    facilitation_header,
    holds_facilitation,
    read_facilitation,
    sessions_document,
)
from ops_maturity.core.text import clean_single_line

_Special = TypeVar("_Special", bound=StrEnum)

FORMAT_VERSION = FACILITATION_FORMAT_VERSION
"""The newest version this app writes. Version 2 added `[targets]`, `due` and optional team
votes; version 3 multi-select answers and votes (arrays of the values picked); version 4 what a
session keeps between retros (timebox, absent, discussion flags, `[[sessions]]`). A file is
written with the lowest version that holds it, so earlier releases read what they can."""
FORMAT_VERSION_WITH_SELECTIONS = 3
FORMAT_VERSION_WITHOUT_SELECTIONS = 2
MAX_SELECTION = 20
"""Values one multi-select answer or vote may list (a multi-select scale lists at most 20)."""
OLDEST_FORMAT_VERSION = 1
"""The oldest version this app reads: every version from here to FORMAT_VERSION loads."""
MAX_TARGET_LEVEL = 9
MAX_VOTERS = 500
"""Votes per question a file may hold (by name or as counts): more is not a team."""

_TOP_LEVEL = {
    "assessment": Field(dict),
    "questionnaire": Field(dict),
    "answers": Field(dict, required=False),
    "targets": Field(dict, required=False),
    "sessions": Field(list, required=False),
}
_ASSESSMENT = {
    "format_version": Field(int),
    "team": Field(str, non_empty=True),
    "label": Field(str, non_empty=True),
    "date": Field(dt.date),
    "facilitator": Field(str, required=False),
    "participants": Field(list, required=False, items=str),
    "status": Field(str),
    "mode": Field(str, required=False),
    "anonymous_votes": Field(bool, required=False),
    "voter_count": Field(int, required=False),
    "current_question": Field(str, required=False),
    **HEADER_FIELDS,
}
_QUESTIONNAIRE = {
    "id": Field(str, non_empty=True),
    "version": Field(str, non_empty=True),
    "path": Field(str, required=False, non_empty=True),
    "question_ids": Field(list, required=False, items=str),
}
_ANSWER = {
    "answer": Field((int, str, list), required=False),
    "notes": Field(str, required=False),
    "owner": Field(str, required=False),
    "not_applicable_reason": Field(str, required=False),
    "due": Field(str, required=False),
    "votes": Field(dict, required=False),
    "vote_counts": Field(dict, required=False),
    "revealed": Field(bool, required=False),
    "overridden": Field(bool, required=False),
}


def assessment_document(assessment: Assessment) -> dict[str, Any]:
    """The assessment as the TOML document of docs/assessment-format.md (plain dicts, in order)."""
    header: dict[str, Any] = {
        "format_version": _format_version(assessment),
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
    header.update(facilitation_header(assessment))
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
            entry["answer"] = plain_value(answer.value)
        if answer.notes:
            entry["notes"] = answer.notes
        if answer.owner:
            entry["owner"] = answer.owner
        if answer.na_reason:
            entry["not_applicable_reason"] = answer.na_reason
        if answer.due:
            entry["due"] = answer.due
        answers[question_id] = entry
    for question_id, votes in assessment.votes.items():
        if not votes.is_empty:
            answers.setdefault(question_id, {}).update(
                _votes_to_toml(votes, anonymous=assessment.anonymous_votes)
            )
    document: dict[str, Any] = {"assessment": header, "questionnaire": questionnaire}
    if assessment.targets:
        document["targets"] = dict(assessment.targets)
    if assessment.sessions:
        document["sessions"] = sessions_document(assessment)
    document["answers"] = answers
    return document


def _format_version(assessment: Assessment) -> int:
    """The lowest version that holds everything in the assessment."""
    if holds_facilitation(assessment):
        return FACILITATION_FORMAT_VERSION
    if _holds_selections(assessment):
        return FORMAT_VERSION_WITH_SELECTIONS
    return FORMAT_VERSION_WITHOUT_SELECTIONS


def _holds_selections(assessment: Assessment) -> bool:
    """True when an answer or a vote is a multi-select set (the file needs version 3)."""
    return any(isinstance(a.value, tuple) for a in assessment.answers.values()) or any(
        votes.selections for votes in assessment.votes.values()
    )


def assessment_to_toml(assessment: Assessment) -> str:
    """Serialise an assessment to the TOML text documented in docs/assessment-format.md.

    Saving happens after every key press, so the parts are memoised: the header and each answer's
    `[answers."id"]` table (with its votes) are serialised once and reused until they change. A
    save of a 5,000-question assessment re-serialises one answer, not 5,000. The text is exactly
    `tomli_w.dumps(assessment_document(assessment))`, which a test checks.
    """
    document = assessment_document(assessment)
    head = _header_toml(_frozen(document["assessment"]), _frozen(document["questionnaire"]))
    parts = [_FILE_COMMENT + head]
    if "targets" in document:
        parts.append(tomli_w.dumps({"targets": document["targets"]}, multiline_strings=True))
    if "sessions" in document:
        parts.append(tomli_w.dumps({"sessions": document["sessions"]}, multiline_strings=True))
    answers = document["answers"]
    if not answers:
        parts.append("[answers]\n")
    else:
        parts.extend(
            _answer_toml(question_id, _frozen(entry)) for question_id, entry in answers.items()
        )
    return "\n".join(parts)


_FILE_COMMENT = "# ops-maturity assessment (docs/assessment-format.md)\n"


@dataclass(frozen=True)
class _Table:
    """A TOML table frozen for the memo: its (key, value) pairs in order, values frozen too."""

    items: tuple[tuple[str, Any], ...]


def _frozen(value: Any) -> Any:
    """A value as hashable data for the memo: tables become _Table, arrays tuples."""
    if isinstance(value, dict):
        return _Table(tuple((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


def _thawed(value: Any) -> Any:
    """The inverse of _frozen."""
    if isinstance(value, _Table):
        return {key: _thawed(item) for key, item in value.items}
    if isinstance(value, tuple):
        return [_thawed(item) for item in value]
    return value


@lru_cache(maxsize=8, typed=True)
def _header_toml(header: _Table, questionnaire: _Table) -> str:
    """The [assessment] and [questionnaire] tables (memoised: they rarely change)."""
    document = {"assessment": _thawed(header), "questionnaire": _thawed(questionnaire)}
    return tomli_w.dumps(document, multiline_strings=True)


@lru_cache(maxsize=65_536, typed=True)
def _answer_toml(question_id: str, entry: _Table) -> str:
    """One `[answers."id"]` table, with its votes (memoised by its content)."""
    return tomli_w.dumps({"answers": {question_id: _thawed(entry)}}, multiline_strings=True)


def _votes_to_toml(votes: QuestionVotes, *, anonymous: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if votes.revealed:
        entry["revealed"] = True
    if votes.overridden:
        entry["overridden"] = True
    entry.update(votes_as_data(votes, anonymous=anonymous))
    return entry


def assessment_from_document(document: TomlDocument) -> Assessment:
    """The assessment in an already parsed TOML document. Raises InvalidFileError."""
    return _read_assessment(document)


def _read_choice_or_special(
    document: TomlDocument, raw: object, path: tuple[Any, ...], specials: type[_Special], what: str
) -> int | tuple[int, ...] | _Special | None:
    """A scale value (an integer), the values picked on a multi-select scale (an array of
    distinct integers), or one of `specials` by name; else a problem, and None."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, list):
        return _read_selection(document, raw, path, what)
    try:
        return specials(str(raw))
    except ValueError:
        allowed = ", ".join(f"'{special.value}'" for special in specials)
        document.problem(
            path, f"{what} must be a scale value, an array of scale values or one of {allowed}"
        )
        return None


def _read_selection(
    document: TomlDocument, raw: list[Any], path: tuple[Any, ...], what: str
) -> tuple[int, ...] | None:
    if len(raw) > MAX_SELECTION:
        document.problem(path, f"{what} lists {len(raw):,} values; at most {MAX_SELECTION}")
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in raw):
        document.problem(path, f"{what} must list scale values (integers)")
        return None
    if len(set(raw)) != len(raw):
        document.problem(path, f"{what} lists a value twice")
        return None
    return tuple(sorted(raw))


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
    targets = _read_targets(document, top.get("targets"))
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
        if not 0 <= voter_count <= MAX_VOTERS:
            document.problem(
                ("assessment", "voter_count"), f"voter_count must be from 0 to {MAX_VOTERS}"
            )
            voter_count = 0
    if header and "status" in header:
        try:
            status = Status(header["status"])
        except ValueError:
            document.problem(("assessment", "status"), "status must be 'in-progress' or 'complete'")
    facilitation = read_facilitation(document, header, top.get("sessions"))
    answers: dict[str, Answer] = {}
    votes: dict[str, QuestionVotes] = {}
    for question_id, raw_answer in (top.get("answers") or {}).items():
        path = ("answers", question_id)
        table = document.check_table(raw_answer, path, _ANSWER)
        if table is None:
            continue
        value = (
            _read_choice_or_special(
                document, table["answer"], (*path, "answer"), SpecialAnswer, "answer"
            )
            if "answer" in table
            else None
        )
        answer = Answer(
            value,
            table.get("notes", ""),
            table.get("owner", ""),
            table.get("not_applicable_reason", ""),
            table.get("due", ""),
        )
        if value == SpecialAnswer.NOT_APPLICABLE and not answer.na_reason:
            document.problem(
                (*path, "answer"),
                f"answer to '{question_id}' is not-applicable without a not_applicable_reason; "
                "say why the practice does not apply",
            )
        if not answer.is_empty:
            answers[question_id] = answer
        question_votes = _read_votes(document, table, path)
        if not question_votes.is_empty:
            votes[question_id] = question_votes
            voter_count = max(voter_count, len(question_votes.all_votes) if anonymous else 0)
    if (
        document.problems
        or document.more_problems
        or header is None
        or source is None
        or not {"team", "label", "date"} <= header.keys()
        or not {"id", "version"} <= source.keys()
    ):
        raise document.error()
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
        targets=targets,
        votes=votes,
        mode=mode,
        anonymous_votes=anonymous,
        current_question=header.get("current_question", ""),
        **facilitation,
    )


def _check_format_version(document: TomlDocument, version: int) -> None:
    """Versions OLDEST_FORMAT_VERSION..FORMAT_VERSION load; a newer one is refused plainly."""
    readable = f"this version reads {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}"
    shown = describe_integer(version)
    if version > FORMAT_VERSION:
        document.problem(
            ("assessment", "format_version"),
            f"written by a newer ops-maturity: format_version {shown}; {readable}",
        )
    elif version < OLDEST_FORMAT_VERSION:
        document.problem(
            ("assessment", "format_version"), f"unsupported format_version {shown} ({readable})"
        )


def _read_votes(
    document: TomlDocument, table: dict[str, Any], path: tuple[Any, ...]
) -> QuestionVotes:
    """A question's votes: by name (`votes`), or as counts per choice (`vote_counts`, anonymous).
    A vote is a value, the values picked on a multi-select scale, or a special vote."""
    by_name: dict[str, AnyVote] = {}
    for raw_name, raw_vote in (table.get("votes") or {}).items():
        name = clean_single_line(raw_name)
        vote = _read_choice_or_special(
            document, raw_vote, (*path, "votes", raw_name), SpecialVote, "a vote"
        )
        if not name:
            document.problem((*path, "votes"), "a vote needs the participant's name")
        elif vote is not None:
            by_name[name] = vote
    seat = 0
    for raw_choice, count in (table.get("vote_counts") or {}).items():
        where = (*path, "vote_counts", raw_choice)
        vote = _read_choice_or_special(
            document, _vote_count_value(raw_choice), where, SpecialVote, "a vote"
        )
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            document.problem(where, "a vote count must be an integer, 0 or more")
            continue
        if seat + count > MAX_VOTERS:
            document.problem(where, f"a question holds at most {MAX_VOTERS} votes")
            break
        if vote is not None:
            for _ in range(count):
                seat += 1
                by_name[f"Voter {seat}"] = vote
    return QuestionVotes(
        {name: vote for name, vote in by_name.items() if not isinstance(vote, tuple)},
        bool(table.get("revealed", False)),
        bool(table.get("overridden", False)),
        {name: vote for name, vote in by_name.items() if isinstance(vote, tuple)},
    )


def _vote_count_value(key: str) -> object:
    """A `vote_counts` key as the vote it names: '2' -> 2, '[1,3]' -> [1, 3], '[]' -> [], and
    any other text as itself (a special vote's name, or a problem)."""
    digits = key.lstrip("-")
    if digits.isdigit() and len(digits) <= 6:
        return int(key)
    if key.startswith("[") and key.endswith("]") and len(key) <= 200:
        parts = [part.strip() for part in key[1:-1].split(",")] if key[1:-1].strip() else []
        if all(part.lstrip("-").isdigit() and len(part) <= 7 for part in parts):
            return [int(part) for part in parts]
    return key


def _read_targets(document: TomlDocument, raw: object) -> dict[str, int]:
    """`[targets]`: area id -> target level, an integer from 0 to MAX_TARGET_LEVEL."""
    targets: dict[str, int] = {}
    if not isinstance(raw, dict):
        return targets
    for area_id, level in raw.items():
        if isinstance(level, bool) or not isinstance(level, int):
            document.problem(("targets", area_id), "a target must be an integer level")
        elif not 0 <= level <= MAX_TARGET_LEVEL:
            document.problem(
                ("targets", area_id), f"a target level must be from 0 to {MAX_TARGET_LEVEL}"
            )
        else:
            targets[area_id] = level
    return targets
