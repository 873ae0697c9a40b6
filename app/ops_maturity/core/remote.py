"""Remote voting through the file system: what the facilitator, `serve` and each voter exchange.

`ops-maturity serve` runs one small voting app per browser (textual-serve starts a process per
connection). They never talk to each other or to the facilitator's app directly; everything
passes through a folder beside the assessment, `<assessment>.remote/`:

- `serve.json`, written by `serve`: the URL and join code of the running server, and the session
  id. A session lasts as long as that server: restarting `serve` starts a new session with a new
  code, and votes files from an earlier session are no longer counted (the facilitator's app
  merged them while they were current).
- `session.json`, written by the facilitator's app: the session id, the participants, the
  current question, whether its votes are revealed (and then their distribution), whether the
  session has ended. Voting apps watch it.
- `claims/<key>.json`, one per joined participant: which voting process holds that name. A name
  held by a live process cannot be taken from another browser until the facilitator releases it.
- `votes/<key>.json`, one per participant, written only by that participant's voting process:
  its votes in this session. The facilitator's app merges them into the assessment, so it stays
  the one writer of the assessment file.
- `join-failures.log`: one line per wrong join code, shared by every voting process, so that
  attempts are rate-limited across reconnections.

Every write is atomic, every read is bounded, and a file that is corrupt, too large, from another
session or for someone who is not a participant is reported and ignored, never merged. This module
is plain Python: it must not import the UI.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import secrets
import socket
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .atomic_file import write_text_atomically
from .bounded_read import UnreadableFileError, read_bytes_bounded
from .errors import OpsMaturityError
from .processes import process_is_running
from .text import clean_single_line, strip_control_characters

REMOTE_FORMAT = "ops-maturity-remote/1"
"""Written into every file of the folder; a file with another value is foreign and ignored."""

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I/L: codes are read aloud and typed from a projector."""
JOIN_CODE_LENGTH = 6

MAX_FAILED_JOINS = 5
"""Wrong join codes allowed within FAILED_JOIN_WINDOW seconds, across all browsers."""
FAILED_JOIN_WINDOW = 60.0

MAX_REMOTE_FILE_BYTES = 1_000_000
NOT_APPLICABLE = "not-applicable"
DONT_KNOW = "dont-know"

RemoteVote = int | str
"""A choice value, or NOT_APPLICABLE, or DONT_KNOW."""


class RemoteError(OpsMaturityError):
    """Something about remote voting the user must be told, in plain words."""


class JoinRefused(RemoteError):
    """A join attempt was refused: wrong code, rate-limited, name taken or unknown."""


def remote_folder_for(assessment_path: Path) -> Path:
    """The folder beside an assessment that its remote session uses."""
    return assessment_path.with_name(f"{assessment_path.name}.remote")


def prepare_remote_folder(folder: Path) -> None:
    """Create the folder and its subfolders, with a .gitignore so none of it is ever committed."""
    for sub in (folder, folder / "claims", folder / "votes"):
        sub.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        write_text_atomically(ignore, "# Live remote-voting files: never commit them.\n*\n")


def participant_key(name: str) -> str:
    """A file-name-safe key for a participant's name (NFC, exact otherwise)."""
    normal = unicodedata.normalize("NFC", name)
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:20]


def new_join_code() -> str:
    """A short random code, such as 'K7QF3M', to read out or show on the shared screen."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(text: str) -> str:
    """What a person typed, as a code: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def new_session_id() -> str:
    return secrets.token_hex(8)


# --------------------------------------------------------------------------------------------
# Reading and writing the folder's JSON files


def _write_json(path: Path, payload: Mapping[str, Any]) -> None:
    document = {"format": REMOTE_FORMAT, **payload}
    write_text_atomically(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")


def _read_json(path: Path) -> dict[str, Any]:
    """A remote file's content; raises RemoteError when missing, unreadable, corrupt or foreign."""
    try:
        raw = read_bytes_bounded(path, MAX_REMOTE_FILE_BYTES)
    except UnreadableFileError as error:
        raise RemoteError(f"{path.name}: {error.reason}") from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise RemoteError(f"{path.name}: not valid JSON") from None
    if not isinstance(document, dict) or document.get("format") != REMOTE_FORMAT:
        raise RemoteError(f"{path.name}: not an ops-maturity remote file")
    return document


def _text(value: object, *, single_line: bool = True, limit: int = 2_000) -> str:
    if not isinstance(value, str):
        return ""
    cleaned = clean_single_line(value) if single_line else strip_control_characters(value)
    return cleaned[:limit]


# --------------------------------------------------------------------------------------------
# serve.json


@dataclass(frozen=True)
class ServeInfo:
    """Where the voting page is, the code that lets people in, and the session it serves."""

    url: str
    join_code: str
    pid: int
    host: str
    started: float
    session_id: str = ""


def write_serve_info(folder: Path, info: ServeInfo) -> None:
    _write_json(
        folder / "serve.json",
        {
            "url": info.url,
            "join_code": info.join_code,
            "pid": info.pid,
            "host": info.host,
            "started": info.started,
            "session_id": info.session_id,
        },
    )


def read_serve_info(folder: Path) -> ServeInfo | None:
    """The running server's details, or None when no server has written any."""
    path = folder / "serve.json"
    if not path.exists():
        return None
    document = _read_json(path)
    code = document.get("join_code")
    if not isinstance(code, str) or not code:
        raise RemoteError("serve.json: no join code")
    return ServeInfo(
        url=_text(document.get("url")),
        join_code=normalise_join_code(code),
        pid=_int(document.get("pid")),
        host=_text(document.get("host")),
        started=_float(document.get("started")),
        session_id=_text(document.get("session_id")),
    )


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _float(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value)


# --------------------------------------------------------------------------------------------
# session.json


@dataclass(frozen=True)
class ChoiceView:
    value: int
    label: str


@dataclass(frozen=True)
class BarView:
    """One bar of a revealed distribution: how many chose it and, unless anonymous, who."""

    label: str
    count: int
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionState:
    """What every voting app shows: written by the facilitator's app, read by the voters."""

    session_id: str
    team: str
    participants: tuple[str, ...]
    question_id: str = ""
    question_number: int = 0
    question_count: int = 0
    area_title: str = ""
    prompt: str = ""
    choices: tuple[ChoiceView, ...] = ()
    revealed: bool = False
    distribution: tuple[BarView, ...] = ()
    """Empty until the facilitator reveals the votes."""
    ended: bool = False


def write_session_state(folder: Path, state: SessionState) -> None:
    _write_json(
        folder / "session.json",
        {
            "session_id": state.session_id,
            "team": state.team,
            "participants": list(state.participants),
            "question": {
                "id": state.question_id,
                "number": state.question_number,
                "count": state.question_count,
                "area": state.area_title,
                "prompt": state.prompt,
                "choices": [{"value": c.value, "label": c.label} for c in state.choices],
            },
            "revealed": state.revealed,
            "distribution": [
                {"label": bar.label, "count": bar.count, "names": list(bar.names)}
                for bar in (state.distribution if state.revealed else ())
            ],
            "ended": state.ended,
        },
    )


def read_session_state(folder: Path) -> SessionState | None:
    """The facilitator's current state, or None when the facilitator has not started a session."""
    path = folder / "session.json"
    if not path.exists():
        return None
    document = _read_json(path)
    session_id = document.get("session_id")
    if not isinstance(session_id, str) or not session_id:
        raise RemoteError("session.json: no session id")
    question = document.get("question")
    question = question if isinstance(question, dict) else {}
    choices = tuple(
        ChoiceView(value=choice["value"], label=_text(choice.get("label")))
        for choice in _list(question.get("choices"))
        if isinstance(choice, dict) and _is_int(choice.get("value"))
    )
    distribution = tuple(
        BarView(
            label=_text(bar.get("label")),
            count=_int(bar.get("count")),
            names=tuple(_text(name) for name in _list(bar.get("names")) if isinstance(name, str)),
        )
        for bar in _list(document.get("distribution"))
        if isinstance(bar, dict)
    )
    revealed = document.get("revealed") is True
    return SessionState(
        session_id=session_id,
        team=_text(document.get("team")),
        participants=tuple(
            name for name in (_text(p) for p in _list(document.get("participants"))) if name
        ),
        question_id=_text(question.get("id")),
        question_number=_int(question.get("number")),
        question_count=_int(question.get("count")),
        area_title=_text(question.get("area")),
        prompt=_text(question.get("prompt"), single_line=False),
        choices=choices,
        revealed=revealed,
        distribution=distribution if revealed else (),
        ended=document.get("ended") is True,
    )


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --------------------------------------------------------------------------------------------
# Joining: the code, its rate limit, and who holds which name


def _recent_failures(folder: Path, now: float) -> list[float]:
    try:
        raw = read_bytes_bounded(folder / "join-failures.log", MAX_REMOTE_FILE_BYTES)
    except UnreadableFileError:
        return []
    times = []
    for line in raw.decode("utf-8", "replace").splitlines():
        try:
            moment = float(line)
        except ValueError:
            continue
        if now - FAILED_JOIN_WINDOW <= moment <= now:
            times.append(moment)
    return times


def _record_failure(folder: Path, now: float) -> None:
    # O_APPEND writes of one short line are atomic, so concurrent voters never interleave.
    descriptor = os.open(
        folder / "join-failures.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600
    )
    try:
        os.write(descriptor, f"{now:.3f}\n".encode())
    finally:
        os.close(descriptor)


def check_join_code(folder: Path, typed: str, *, now: float | None = None) -> ServeInfo:
    """Accept the code of the running server (returning its details), or raise JoinRefused.

    Wrong codes are counted across every browser; after MAX_FAILED_JOINS within a minute, every
    attempt is refused until the oldest of them is a minute old, right code or not.
    """
    moment = time.time() if now is None else now
    if not normalise_join_code(typed):
        raise JoinRefused("Type the join code shown on the shared screen.")
    failures = _recent_failures(folder, moment)
    if len(failures) >= MAX_FAILED_JOINS:
        wait = max(1, int(min(failures) + FAILED_JOIN_WINDOW - moment) + 1)
        raise JoinRefused(f"Too many wrong codes. Try again in {wait} seconds.")
    info = read_serve_info(folder)
    if info is None:
        raise JoinRefused("The voting server is not running.")
    if not hmac.compare_digest(normalise_join_code(typed).encode(), info.join_code.encode()):
        _record_failure(folder, moment)
        left = MAX_FAILED_JOINS - len(failures) - 1
        raise JoinRefused(
            "That code is not right."
            + (f" {left} more tries this minute." if left else " No more tries this minute.")
        )
    return info


@dataclass(frozen=True)
class Claim:
    """A voting process holding a participant's name."""

    name: str
    session_id: str
    pid: int
    host: str
    token: str


def _claim_path(folder: Path, name: str) -> Path:
    return folder / "claims" / f"{participant_key(name)}.json"


def read_claim(folder: Path, name: str) -> Claim | None:
    """Who holds `name`, or None when nobody does (or the holder's claim is unreadable)."""
    path = _claim_path(folder, name)
    if not path.exists():
        return None
    try:
        document = _read_json(path)
    except RemoteError:
        return None
    return Claim(
        name=_text(document.get("name")),
        session_id=_text(document.get("session_id")),
        pid=_int(document.get("pid")),
        host=_text(document.get("host")),
        token=_text(document.get("token")),
    )


def claim_is_live(claim: Claim, session_id: str) -> bool:
    """A claim counts while its process runs on this host, in this session."""
    if claim.session_id != session_id:
        return False
    if claim.host == socket.gethostname():
        return process_is_running(claim.pid)
    return True


def claim_participant(folder: Path, name: str, state: SessionState) -> Claim:
    """Take `name` for this voting process, or raise JoinRefused.

    A name held by another live voting process in this session is refused until the facilitator
    releases it; a claim left by a closed browser (its process ended) or an earlier session is
    taken over, so reconnecting works.
    """
    if state.ended:
        raise JoinRefused("The facilitator has ended this session.")
    info = read_serve_info(folder)
    if info is not None and info.session_id and info.session_id != state.session_id:
        raise JoinRefused(
            "The facilitator's screen has not picked up this voting server yet. "
            "Try again in a moment."
        )
    if name not in state.participants:
        raise JoinRefused("That name is not one of this session's participants.")
    held = read_claim(folder, name)
    if held is not None and held.pid != os.getpid() and claim_is_live(held, state.session_id):
        raise JoinRefused(
            f"{name} has already joined from another browser. "
            "Ask the facilitator to release the name."
        )
    claim = Claim(
        name=name,
        session_id=state.session_id,
        pid=os.getpid(),
        host=socket.gethostname(),
        token=secrets.token_hex(8),
    )
    _write_json(
        _claim_path(folder, name),
        {
            "name": claim.name,
            "session_id": claim.session_id,
            "pid": claim.pid,
            "host": claim.host,
            "token": claim.token,
        },
    )
    return claim


def still_holds(folder: Path, claim: Claim) -> bool:
    """Whether this voting process still holds its name (the facilitator may have released it)."""
    current = read_claim(folder, claim.name)
    return current is not None and current.token == claim.token


def release_participant(folder: Path, name: str) -> bool:
    """The facilitator frees a name so that another browser can join as it. True if one was held."""
    try:
        _claim_path(folder, name).unlink()
    except FileNotFoundError:
        return False
    return True


def joined_participants(folder: Path, state: SessionState) -> list[str]:
    """The participants currently joined from a browser, in the session's order."""
    joined = []
    for name in state.participants:
        claim = read_claim(folder, name)
        if claim is not None and claim_is_live(claim, state.session_id):
            joined.append(name)
    return joined


# --------------------------------------------------------------------------------------------
# Votes: one file per participant, merged by the facilitator


@dataclass
class ParticipantVotes:
    """One participant's votes in one session, as their voting process writes them."""

    session_id: str
    participant: str
    votes: dict[str, RemoteVote] = field(default_factory=dict)


def write_participant_votes(folder: Path, votes: ParticipantVotes) -> None:
    """Save a participant's votes atomically: a vote is acknowledged only after this returns."""
    _write_json(
        folder / "votes" / f"{participant_key(votes.participant)}.json",
        {
            "session_id": votes.session_id,
            "participant": votes.participant,
            "votes": dict(votes.votes),
            "updated": time.time(),
        },
    )


def read_own_votes(folder: Path, name: str, session_id: str) -> dict[str, RemoteVote]:
    """This participant's votes so far in this session (after a reconnect), or none."""
    path = folder / "votes" / f"{participant_key(name)}.json"
    if not path.exists():
        return {}
    try:
        parsed = _parse_votes_file(path, session_id, (name,))
    except RemoteError:
        return {}
    return parsed.votes if parsed is not None else {}


def _valid_vote(value: object) -> bool:
    if _is_int(value):
        return 0 <= value <= 100  # type: ignore[operator]
    return value in (NOT_APPLICABLE, DONT_KNOW)


def _parse_votes_file(
    path: Path, session_id: str, participants: Sequence[str]
) -> ParticipantVotes | None:
    """A participant's file if it belongs to this session; None for an earlier session's."""
    document = _read_json(path)
    if document.get("session_id") != session_id:
        return None
    name = document.get("participant")
    if not isinstance(name, str) or name not in participants:
        raise RemoteError(f"{path.name}: votes for someone who is not a participant")
    if path.stem != participant_key(name):
        raise RemoteError(f"{path.name}: file name does not match its participant")
    raw_votes = document.get("votes")
    if not isinstance(raw_votes, dict):
        raise RemoteError(f"{path.name}: no votes table")
    votes: dict[str, RemoteVote] = {}
    for question_id, value in raw_votes.items():
        if not isinstance(question_id, str) or not _valid_vote(value):
            raise RemoteError(f"{path.name}: an invalid vote for {_text(str(question_id))!r}")
        votes[question_id] = value
    return ParticipantVotes(session_id=session_id, participant=name, votes=votes)


@dataclass
class MergeResult:
    """Every valid participant's votes this session, and a line for each file ignored."""

    votes: dict[str, dict[str, RemoteVote]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def collect_votes(folder: Path, session_id: str, participants: Sequence[str]) -> MergeResult:
    """Read every participant file of this session. Stale files (another session) are skipped
    silently; corrupt, foreign or oversized ones are named in `problems` and never merged."""
    result = MergeResult()
    votes_folder = folder / "votes"
    if not votes_folder.is_dir():
        return result
    for path in sorted(votes_folder.glob("*.json")):
        try:
            parsed = _parse_votes_file(path, session_id, participants)
        except RemoteError as error:
            result.problems.append(str(error))
            continue
        if parsed is not None:
            result.votes[parsed.participant] = parsed.votes
    return result


def votes_folder_signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """A cheap fingerprint of the votes folder: re-read the files only when it changes."""
    entries = []
    try:
        with os.scandir(folder / "votes") as scan:
            for entry in scan:
                if entry.name.endswith(".json"):
                    status = entry.stat(follow_symlinks=False)
                    entries.append((entry.name, status.st_mtime_ns, status.st_size))
    except OSError:
        return ()
    return tuple(sorted(entries))


# --------------------------------------------------------------------------------------------
# The facilitator's side


@dataclass(frozen=True)
class IncomingVote:
    """A vote a participant cast (or changed) from their browser since the last poll."""

    participant: str
    question_id: str
    vote: RemoteVote


class FacilitatorLink:
    """The facilitator app's end of the folder: find the server, publish state, collect votes.

    Cheap to poll several times a second: files are re-read only when their size or time
    changes, and state is written only when it changed. Votes are handed over once each, when
    new or changed, so a vote the facilitator corrects in the grid stays corrected until that
    participant votes again.
    """

    def __init__(self, assessment_path: Path) -> None:
        self.folder = remote_folder_for(assessment_path)
        self._serve_signature: tuple[int, int] | None = None
        self._serve: ServeInfo | None = None
        self._votes_signature: tuple[tuple[str, int, int], ...] = ()
        self._seen: dict[str, dict[str, RemoteVote]] = {}
        self._published: SessionState | None = None
        self.problems: list[str] = []

    def serve_info(self) -> ServeInfo | None:
        """The running server's URL, code and session, or None when none is running."""
        path = self.folder / "serve.json"
        try:
            status = path.stat()
        except OSError:
            self._serve_signature, self._serve = None, None
            return None
        signature = (status.st_mtime_ns, status.st_size)
        if signature != self._serve_signature:
            self._serve_signature = signature
            try:
                info = read_serve_info(self.folder)
            except RemoteError as error:
                self.problems = [str(error)]
                info = None
            if info is not None and info.session_id != (self._serve and self._serve.session_id):
                self._seen = {}
                self._votes_signature = ()
                self._published = None
            self._serve = info
        return self._serve

    def publish(self, state: SessionState) -> bool:
        """Write the state for the voting apps if it changed. True when written."""
        if state == self._published:
            return False
        write_session_state(self.folder, state)
        self._published = state
        return True

    def incoming_votes(self, participants: Sequence[str]) -> list[IncomingVote]:
        """Votes cast or changed in browsers since the last call, in this server's session."""
        info = self._serve
        if info is None or not info.session_id:
            return []
        signature = votes_folder_signature(self.folder)
        if signature == self._votes_signature:
            return []
        self._votes_signature = signature
        merged = collect_votes(self.folder, info.session_id, participants)
        self.problems = merged.problems
        incoming: list[IncomingVote] = []
        for participant, votes in merged.votes.items():
            seen = self._seen.setdefault(participant, {})
            for question_id, vote in votes.items():
                if seen.get(question_id) != vote:
                    seen[question_id] = vote
                    incoming.append(IncomingVote(participant, question_id, vote))
        return incoming

    def joined(self) -> list[str]:
        """Participants whose browser currently holds their name."""
        if self._published is None:
            return []
        return joined_participants(self.folder, self._published)

    def release(self, name: str) -> bool:
        return release_participant(self.folder, name)

    def end(self) -> None:
        """Tell every voting app that the session is over."""
        if self._published is not None and not self._published.ended:
            self.publish(dataclasses.replace(self._published, ended=True))
