"""The remote-voting room: the join code, who holds which name, connections, and which votes count.

While remote voting runs, the facilitator's app keeps one `Room`. It holds every rule, in plain
Python that tests drive with a fake clock; the web server (`ops_maturity.web`) only carries
messages to it and back, and the app records the votes it accepts.

- **Joining.** The join code first. Wrong codes are limited per client address (`limits`), never
  for the whole room, so one person mistyping (or anyone hostile) cannot close joining for the
  others. Then a participant's
  name, answered with a secret token that every later request carries: nobody else can act as that
  person. With anonymous votes the room hands out the next free seat instead of a name.
- **Holding a name.** A token holds its name while it has a connection, and for
  `HOLD_SECONDS` after its last one closed (a phone asleep, a reload). After that, joining as
  that name again takes it over and the old token stops working. The facilitator can release a
  name at any time.
- **Connections.** At most `CONNECTIONS_PER_PARTICIPANT` per participant: another one closes the
  oldest. At most `MAX_CONNECTIONS` in all.
- **Votes.** Every vote names the question and the round it was cast on. The round changes
  whenever the question on the shared screen changes or its votes are revealed or hidden, so a vote
  that was on its way while the facilitator moved on is refused, with the reason, and never
  counted on another question. A value off the question's scale, a set on a single-choice
  question, one value on a multi-select question, or a vote from someone who is not a
  participant, is refused too.
- **Notices.** Joins, departures and every refusal leave a line for the facilitator's status line.

It must not import the UI, Textual or a web framework.
"""

from __future__ import annotations

import hmac
import itertools
import secrets
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.remote.limits import Clock, JoinLimiter

# The web server takes each connection's message budget from here, with the room's other rules.
from ops_maturity.core.remote.limits import MessageBudget as MessageBudget
from ops_maturity.core.remote.question import PARTICIPANT_VOTES, RoomQuestion, WireVote
from ops_maturity.core.text import clean_single_line

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I/L: codes are read aloud and typed from a projector."""
JOIN_CODE_LENGTH = 6
HOLD_SECONDS = 120.0
"""How long a name stays held after its last connection closed."""
CONNECTIONS_PER_PARTICIPANT = 3
MAX_CONNECTIONS = 150


class RefusalKind(StrEnum):
    """Why the room said no, so that the web adapter can pick an HTTP status."""

    WRONG_CODE = "wrong-code"
    TOO_MANY_TRIES = "too-many-tries"
    NAME_TAKEN = "name-taken"
    NOT_A_PARTICIPANT = "not-a-participant"
    FULL = "full"
    VOTE = "vote"


class Refusal(OpsMaturityError):
    """The room refused something; the message says why in plain words, for the page."""

    def __init__(self, reason: str, kind: RefusalKind) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


@dataclass(frozen=True)
class CastVote:
    """A vote a participant cast, naming the question and round it was cast on."""

    name: str
    question_id: str
    round: int
    value: WireVote


@dataclass(frozen=True)
class VoteOutcome:
    """What became of a vote the room accepted, once the facilitator's app has dealt with it."""

    counted: bool
    """Recorded in the assessment."""
    saved: bool = True
    """And on disk: only then does the page say 'Counted'."""
    reason: str = ""
    """Why it was not counted, or why it is not saved yet."""
    label: str = ""
    """The vote as the page shows it ('2 · Partly')."""


@dataclass(frozen=True)
class JoinOffer:
    """What a page may show once its code is right: the team and whom it can join as."""

    team: str
    anonymous: bool
    names: tuple[tuple[str, bool], ...]
    """(name, held by someone already); empty for anonymous votes (a seat is handed out)."""


@dataclass(frozen=True)
class Membership:
    """A joined participant: their name and the secret token that proves it."""

    name: str
    token: str


@dataclass(frozen=True)
class Admission:
    """A connection let in: its id, and the ids of older ones of the same person to close."""

    connection_id: int
    evicted: tuple[int, ...]


@dataclass
class _Member:
    name: str
    token: str
    last_seen: float
    connections: list[int] = field(default_factory=list)


def new_join_code() -> str:
    """A short random code, such as 'K7QF3M', to read out or show on the shared screen."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(text: str) -> str:
    """What a person typed, as a code: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:32]


def _normal(name: str) -> str:
    return unicodedata.normalize("NFC", name)


class Room:
    """One remote-voting session: see the module's docstring for its rules."""

    def __init__(
        self,
        team: str,
        participants: Sequence[str],
        *,
        anonymous: bool = False,
        code: str | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self.team = clean_single_line(team)
        self.participants: tuple[str, ...] = tuple(participants)
        self.anonymous = anonymous
        self.code = normalise_join_code(code) if code else new_join_code()
        self.clock = clock
        self.limiter = JoinLimiter(clock)
        self.round = 0
        self.question: RoomQuestion | None = None
        self.last_notice = ""
        """The latest join, departure or refusal, for the facilitator's status line."""
        self.on_change: Callable[[], None] | None = None
        """Called after joins, departures, releases and refusals (the status line redraws)."""
        self._members: dict[str, _Member] = {}
        self._tokens: dict[str, str] = {}
        self._connections: dict[int, str] = {}
        self._connection_ids = itertools.count(1)
        self._remote_votes: dict[str, set[str]] = {}

    # ------------------------------------------------------------------ state

    def _changed(self, notice: str | None = None) -> None:
        if notice is not None:
            self.last_notice = notice
        if self.on_change is not None:
            self.on_change()

    def show(self, question: RoomQuestion | None) -> bool:
        """The question now on the shared screen. Returns True when pages must be told.

        A new round starts when the question changes or its votes are revealed or hidden.
        """
        previous = self.question
        if question == previous:
            return False
        if (
            previous is None
            or question is None
            or question.question_id != previous.question_id
            or question.revealed != previous.revealed
        ):
            self.round += 1
        self.question = question
        return True

    # ---------------------------------------------------------------- joining

    def _check_code(self, address: str, typed: str) -> None:
        wait = self.limiter.wait_seconds(address)
        if wait:
            raise Refusal(
                f"Too many wrong codes from this device. Try again in {wait} seconds.",
                RefusalKind.TOO_MANY_TRIES,
            )
        if not hmac.compare_digest(normalise_join_code(typed).encode(), self.code.encode()):
            left = self.limiter.record_failure(address)
            self._changed("A wrong join code was typed.")
            raise Refusal(
                "That code is not right."
                + (f" {left} more tries this minute." if left else " No more tries this minute."),
                RefusalKind.WRONG_CODE,
            )

    def _held(self, member: _Member) -> bool:
        return bool(member.connections) or self.clock() - member.last_seen < HOLD_SECONDS

    def offer(self, address: str, typed_code: str) -> JoinOffer:
        """Check the code; say whom this page can join as."""
        self._check_code(address, typed_code)
        names: tuple[tuple[str, bool], ...] = ()
        if not self.anonymous:
            names = tuple(
                (name, name in self._members and self._held(self._members[name]))
                for name in self.participants
            )
        return JoinOffer(self.team, self.anonymous, names)

    def join(self, address: str, typed_code: str, name: str | None) -> Membership:
        """Check the code and take a name (or, anonymous, the next free seat) for a new token."""
        self._check_code(address, typed_code)
        if self.anonymous:
            name = next(
                (
                    seat
                    for seat in self.participants
                    if seat not in self._members or not self._held(self._members[seat])
                ),
                None,
            )
            if name is None:
                raise Refusal(
                    "Every seat is taken. Ask the facilitator to release one.", RefusalKind.FULL
                )
        else:
            if not name:
                raise Refusal("Pick your name from the list.", RefusalKind.NOT_A_PARTICIPANT)
            wanted = _normal(name)
            found = next((p for p in self.participants if _normal(p) == wanted), None)
            if found is None:
                shown = clean_single_line(name)[:60]
                self._changed(f"Refused a join as {shown!r}: not a participant.")
                raise Refusal(
                    f"{shown} is not one of this session's participants.",
                    RefusalKind.NOT_A_PARTICIPANT,
                )
            name = found
            held = self._members.get(name)
            if held is not None and self._held(held):
                raise Refusal(
                    f"{name} has already joined from another device. Ask the facilitator to "
                    "release the name if that was not you.",
                    RefusalKind.NAME_TAKEN,
                )
        if name in self._members:
            self._drop(name)
        token = secrets.token_urlsafe(24)
        self._members[name] = _Member(name, token, self.clock())
        self._tokens[token] = name
        self._changed(f"{name} joined.")
        return Membership(name, token)

    def member_name(self, token: str) -> str | None:
        """The participant a token belongs to, or None for an unknown or released token."""
        if not token or len(token) > 100:
            return None
        return self._tokens.get(token)

    def _drop(self, name: str) -> tuple[int, ...]:
        member = self._members.pop(name, None)
        if member is None:
            return ()
        self._tokens.pop(member.token, None)
        for connection in member.connections:
            self._connections.pop(connection, None)
        return tuple(member.connections)

    def release(self, name: str) -> tuple[int, ...]:
        """The facilitator frees a name: its token stops working. Returns its connections to close."""
        if name not in self._members:
            return ()
        closed = self._drop(name)
        self._changed(f"Released {name}: they can join again.")
        return closed

    def joined(self) -> list[str]:
        """Participants holding their name, in the participants' order."""
        return [
            name
            for name in self.participants
            if name in self._members and self._held(self._members[name])
        ]

    def online(self) -> list[str]:
        """Participants with a page connected now, in the participants' order."""
        return [
            name
            for name in self.participants
            if name in self._members and self._members[name].connections
        ]

    # ------------------------------------------------------------ connections

    def connect(self, name: str) -> Admission:
        """Let one more page of this participant in, closing their oldest beyond the cap."""
        member = self._members.get(name)
        if member is None:
            raise Refusal("Join again: this name was released.", RefusalKind.NOT_A_PARTICIPANT)
        if len(self._connections) >= MAX_CONNECTIONS:
            raise Refusal("Too many pages are open. Try again soon.", RefusalKind.FULL)
        connection = next(self._connection_ids)
        member.connections.append(connection)
        self._connections[connection] = name
        evicted: list[int] = []
        while len(member.connections) > CONNECTIONS_PER_PARTICIPANT:
            oldest = member.connections.pop(0)
            self._connections.pop(oldest, None)
            evicted.append(oldest)
        if len(member.connections) == 1 and not evicted:
            self._changed(f"{name} is connected.")
        return Admission(connection, tuple(evicted))

    def disconnect(self, connection: int) -> None:
        name = self._connections.pop(connection, None)
        member = self._members.get(name) if name is not None else None
        if member is None or connection not in member.connections:
            return
        member.connections.remove(connection)
        member.last_seen = self.clock()
        if not member.connections:
            self._changed(f"{member.name} lost their connection.")

    @property
    def connection_count(self) -> int:
        return len(self._connections)

    def connection_owner(self, connection: int) -> str | None:
        return self._connections.get(connection)

    # ------------------------------------------------------------------ votes

    def refuse(self, name: str, reason: str) -> Refusal:
        """A refusal to send back, noted on the facilitator's status line."""
        self._changed(f"Refused {name}'s vote: {reason}")
        return Refusal(f"Not counted: {reason}", RefusalKind.VOTE)

    def check_vote(self, vote: CastVote) -> CastVote:
        """Accept a vote for the question now open, or raise the Refusal that says why not."""
        name = vote.name
        if name not in self.participants:
            raise self.refuse(
                clean_single_line(name)[:60], "that name is not one of this session's participants."
            )
        question = self.question
        if question is None:
            raise self.refuse(name, "there is no question open for voting right now.")
        if vote.question_id != question.question_id:
            raise self.refuse(
                name,
                f"the facilitator has moved on to question {question.number}. "
                "Vote again on the question now shown.",
            )
        if question.revealed:
            raise self.refuse(name, "the votes on this question were revealed before it arrived.")
        if vote.round != self.round:
            raise self.refuse(
                name, "voting on this question was reopened while it was on its way. Vote again."
            )
        value = vote.value
        on_scale = {choice.value for choice in question.choices}
        if isinstance(value, tuple):
            if not question.multiple:
                raise self.refuse(name, "this question takes one choice, not a set of them.")
            off_scale = [picked for picked in value if picked not in on_scale]
            valid = not off_scale
            value = off_scale[0] if off_scale else value
        elif isinstance(value, str):
            valid = value in PARTICIPANT_VOTES
        elif question.multiple:
            raise self.refuse(
                name, "this question takes a set of choices (tick them, then Submit)."
            )
        else:
            valid = value in on_scale
        if not valid:
            shown = clean_single_line(str(value))[:24]
            raise self.refuse(name, f"{shown} is not a choice on this question.")
        return vote

    def mark_remote_vote(self, question_id: str, name: str) -> None:
        """This participant's vote on the question came from their own device."""
        self._remote_votes.setdefault(question_id, set()).add(name)

    def forget_remote_vote(self, question_id: str, name: str) -> None:
        """The facilitator changed it (after confirming): it is no longer the participant's own."""
        self._remote_votes.get(question_id, set()).discard(name)

    def voted_remotely(self, question_id: str) -> frozenset[str]:
        return frozenset(self._remote_votes.get(question_id, ()))

    def is_remote_voter(self, question_id: str, name: str) -> bool:
        """True when the facilitator's keys should leave this participant's vote alone: they
        voted on this question from their device, or they hold their name on one."""
        return name in self._remote_votes.get(question_id, ()) or (
            name in self._members and self._held(self._members[name])
        )
