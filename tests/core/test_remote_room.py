"""The remote-voting room's rules: the join code and its per-address limit, names and tokens,
connections, rounds, and which votes count (with the reason when one does not)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from ops_maturity.core.remote.limits import (
    FAILED_JOIN_WINDOW,
    MAX_FAILED_JOINS,
    JoinLimiter,
    MessageBudget,
    address_key,
)
from ops_maturity.core.remote.question import RoomChoice, RoomQuestion
from ops_maturity.core.remote.room import (
    CONNECTIONS_PER_PARTICIPANT,
    HOLD_SECONDS,
    JOIN_CODE_ALPHABET,
    MAX_CONNECTIONS,
    CastVote,
    Refusal,
    RefusalKind,
    Room,
    new_join_code,
    normalise_join_code,
)

from .builders import ROOT

PEOPLE = ("Ana", "Bo", "Chen")
CODE = "K7QF3M"
PHONE = "192.0.2.10"
LAPTOP = "192.0.2.20"


class FakeClock:
    """Seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def room(clock: FakeClock) -> Room:
    return Room("Payments", PEOPLE, code=CODE, clock=clock)


def _question(question_id: str = "q1", *, revealed: bool = False, number: int = 1) -> RoomQuestion:
    return RoomQuestion(
        question_id=question_id,
        number=number,
        count=16,
        area="Alerting",
        prompt="Do alerts fire on symptoms?",
        choices=(RoomChoice(0, "Not in place"), RoomChoice(1, "Partly"), RoomChoice(2, "Yes")),
        revealed=revealed,
    )


# --------------------------------------------------------------------- the code


def test_join_codes_avoid_characters_people_confuse() -> None:
    """Codes use no 0/O or 1/I/L, and what people type is normalised (case, spaces, dashes)."""
    code = new_join_code()
    assert len(code) == 6 and set(code) <= set(JOIN_CODE_ALPHABET)
    assert not set("01OIL") & set(JOIN_CODE_ALPHABET)
    assert normalise_join_code(" k7q-f3m ") == "K7QF3M"


def test_a_wrong_code_is_refused_and_says_how_many_tries_are_left(room: Room) -> None:
    """A wrong code is refused with the tries left; the right one is accepted, typed any case."""
    with pytest.raises(Refusal) as refused:
        room.offer(PHONE, "WRONG1")
    assert refused.value.kind is RefusalKind.WRONG_CODE
    assert f"{MAX_FAILED_JOINS - 1} more tries" in refused.value.reason
    offer = room.offer(PHONE, "k7qf3m")
    assert offer.names == (("Ana", False), ("Bo", False), ("Chen", False))


def test_wrong_codes_from_one_address_never_stop_another(room: Room, clock: FakeClock) -> None:
    """Five wrong codes lock that address (even for the right code) for a minute, not the room."""
    for _ in range(MAX_FAILED_JOINS):
        with pytest.raises(Refusal):
            room.offer(PHONE, "WRONG1")
    with pytest.raises(Refusal) as locked:
        room.join(PHONE, CODE, "Ana")
    assert locked.value.kind is RefusalKind.TOO_MANY_TRIES
    assert "Try again in" in locked.value.reason
    assert room.join(LAPTOP, CODE, "Bo").name == "Bo"
    clock.advance(FAILED_JOIN_WINDOW + 1)
    assert room.join(PHONE, CODE, "Ana").name == "Ana"


def test_the_wrong_code_table_stays_bounded(clock: FakeClock) -> None:
    """Wrong codes from ever more addresses never grow the table past its cap."""
    limiter = JoinLimiter(clock, max_addresses=50)
    for number in range(500):
        limiter.record_failure(f"198.51.{number // 250}.{number % 250}")
    assert limiter.tracked == 50


def test_an_ipv6_network_counts_as_one_client() -> None:
    """Addresses of one /64 share a count; an IPv4-mapped address counts as the IPv4 one."""
    assert address_key("2001:db8::1") == address_key("2001:db8::ffff:2")
    assert address_key("2001:db8:0:1::1") != address_key("2001:db8::1")
    assert address_key("::ffff:192.0.2.10") == "192.0.2.10"


# --------------------------------------------------------------- names and tokens


def test_joining_gives_a_secret_token_that_names_the_participant(room: Room) -> None:
    """The token proves who a page speaks for; an unknown or absurd token names nobody."""
    membership = room.join(PHONE, CODE, "Bo")
    assert room.member_name(membership.token) == "Bo"
    assert len(membership.token) >= 32
    assert room.member_name("made-up") is None
    assert room.member_name("x" * 10_000) is None
    assert room.joined() == ["Bo"]


def test_someone_not_in_the_participants_cannot_join(room: Room) -> None:
    """A name that is not a participant is refused, and the facilitator's line says so."""
    with pytest.raises(Refusal) as refused:
        room.join(PHONE, CODE, "Mallory")
    assert refused.value.kind is RefusalKind.NOT_A_PARTICIPANT
    assert "Mallory is not one of this session's participants" in refused.value.reason
    assert "Mallory" in room.last_notice


def test_a_held_name_is_refused_to_another_device(room: Room, clock: FakeClock) -> None:
    """While Ana's page is connected (or just lost it), nobody else can join as Ana."""
    first = room.join(PHONE, CODE, "Ana")
    admission = room.connect("Ana")
    with pytest.raises(Refusal) as taken:
        room.join(LAPTOP, CODE, "Ana")
    assert taken.value.kind is RefusalKind.NAME_TAKEN
    assert room.offer(LAPTOP, CODE).names[0] == ("Ana", True)
    room.disconnect(admission.connection_id)
    clock.advance(HOLD_SECONDS - 1)
    with pytest.raises(Refusal):
        room.join(LAPTOP, CODE, "Ana")
    clock.advance(2)
    second = room.join(LAPTOP, CODE, "Ana")  # long gone: the name is taken over
    assert room.member_name(second.token) == "Ana"
    assert room.member_name(first.token) is None


def test_releasing_a_name_stops_its_token_and_closes_its_pages(room: Room) -> None:
    """The facilitator's release returns the pages to close and lets the name join again."""
    membership = room.join(PHONE, CODE, "Chen")
    admission = room.connect("Chen")
    assert room.release("Chen") == (admission.connection_id,)
    assert room.member_name(membership.token) is None
    assert room.joined() == []
    assert room.join(LAPTOP, CODE, "Chen").name == "Chen"
    assert room.release("Nobody") == ()


def test_anonymous_votes_hand_out_seats_and_show_no_names(clock: FakeClock) -> None:
    """With anonymous votes the page sees no names; each join takes the next free seat."""
    room = Room("Payments", ("Voter 1", "Voter 2"), anonymous=True, code=CODE, clock=clock)
    assert room.offer(PHONE, CODE).names == ()
    assert room.join(PHONE, CODE, None).name == "Voter 1"
    assert room.join(LAPTOP, CODE, "Voter 1").name == "Voter 2"  # a typed name is ignored
    with pytest.raises(Refusal) as full:
        room.join("192.0.2.30", CODE, None)
    assert full.value.kind is RefusalKind.FULL


# ------------------------------------------------------------------ connections


def test_a_participant_keeps_at_most_a_few_pages_open(room: Room) -> None:
    """One connection too many closes that participant's oldest, never someone else's."""
    room.join(PHONE, CODE, "Ana")
    room.join(LAPTOP, CODE, "Bo")
    bo = room.connect("Bo")
    opened = [room.connect("Ana") for _ in range(CONNECTIONS_PER_PARTICIPANT)]
    assert all(admission.evicted == () for admission in opened)
    newest = room.connect("Ana")
    assert newest.evicted == (opened[0].connection_id,)
    assert room.connection_owner(bo.connection_id) == "Bo"
    assert room.connection_count == CONNECTIONS_PER_PARTICIPANT + 1


def test_connections_are_capped_in_all(clock: FakeClock) -> None:
    """Past MAX_CONNECTIONS the room refuses another page."""
    names = [f"P{number}" for number in range(MAX_CONNECTIONS)]
    room = Room("Big", names, code=CODE, clock=clock)
    for name in names:
        room.join(PHONE, CODE, name)
        room.connect(name)
    with pytest.raises(Refusal) as full:
        room.connect(names[0])
    assert full.value.kind is RefusalKind.FULL


def test_the_room_tells_who_is_online(room: Room) -> None:
    """Joined is who holds a name; online is who has a page connected now."""
    room.join(PHONE, CODE, "Ana")
    room.join(LAPTOP, CODE, "Bo")
    admission = room.connect("Bo")
    assert room.joined() == ["Ana", "Bo"]
    assert room.online() == ["Bo"]
    room.disconnect(admission.connection_id)
    assert room.online() == []
    assert "Bo lost their connection" in room.last_notice


# -------------------------------------------------------------- rounds and votes


def test_a_round_starts_when_the_question_changes_or_is_revealed(room: Room) -> None:
    """Moving on, revealing and hiding start rounds; a vote arriving does not."""
    assert room.show(_question("q1")) is True
    first = room.round
    with_vote = dataclasses.replace(_question("q1"), votes=(("Ana", 1),))
    assert room.show(with_vote) is True
    assert room.round == first
    assert room.show(with_vote) is False
    room.show(_question("q1", revealed=True))
    room.show(_question("q1"))
    room.show(_question("q2", number=2))
    assert room.round == first + 3


def test_a_vote_for_the_open_question_and_round_is_accepted(room: Room) -> None:
    """A choice of the scale, not applicable and don't know are votes a participant may cast."""
    room.show(_question())
    for value in (0, 2, "not-applicable", "dont-know"):
        vote = CastVote("Ana", "q1", room.round, value)
        assert room.check_vote(vote) == vote


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"question_id": "q0"}, "moved on to question 1"),
        ({"round": 0}, "reopened while it was on its way"),
        ({"value": 99}, "99 is not a choice on this question"),
        ({"value": "absent"}, "absent is not a choice"),
        ({"value": "x" * 500}, "is not a choice"),
        ({"name": "Mallory"}, "not one of this session's participants"),
    ],
)
def test_a_vote_that_no_longer_counts_is_refused_with_the_reason(
    room: Room, change: dict[str, object], reason: str
) -> None:
    """Every refusal says why, to the page and on the facilitator's status line."""
    room.show(_question())
    vote = dataclasses.replace(CastVote("Ana", "q1", room.round, 1), **change)  # type: ignore[arg-type]
    with pytest.raises(Refusal) as refused:
        room.check_vote(vote)
    assert refused.value.reason.startswith("Not counted: ")
    assert reason in refused.value.reason
    assert reason in room.last_notice


def test_a_vote_after_the_reveal_is_refused(room: Room) -> None:
    """A vote that was on its way when the votes were revealed is refused, never counted."""
    room.show(_question())
    cast_in = room.round
    room.show(_question(revealed=True))
    with pytest.raises(Refusal) as refused:
        room.check_vote(CastVote("Ana", "q1", cast_in, 1))
    assert "revealed before it arrived" in refused.value.reason
    with pytest.raises(Refusal):
        room.check_vote(CastVote("Ana", "q1", room.round, 1))


def test_no_vote_counts_while_no_question_is_open(room: Room) -> None:
    """Solo mode or before the first question: there is nothing to vote on."""
    with pytest.raises(Refusal) as refused:
        room.check_vote(CastVote("Ana", "q1", 0, 1))
    assert "no question open" in refused.value.reason


def test_remote_voters_are_remembered_per_question(room: Room) -> None:
    """The facilitator's keys skip whoever voted from a device or holds a name on one."""
    room.mark_remote_vote("q1", "Ana")
    assert room.voted_remotely("q1") == frozenset({"Ana"})
    assert room.is_remote_voter("q1", "Ana")
    assert not room.is_remote_voter("q2", "Ana")
    room.join(PHONE, CODE, "Bo")
    assert room.is_remote_voter("q2", "Bo")
    room.forget_remote_vote("q1", "Ana")
    assert not room.is_remote_voter("q1", "Ana")


def test_a_connection_may_send_a_burst_then_a_steady_rate(clock: FakeClock) -> None:
    """A flood of messages is cut to the budget; waiting refills it."""
    budget = MessageBudget(clock, rate=5, burst=20)
    assert sum(budget.allow() for _ in range(100)) == 20
    clock.advance(1)
    assert sum(budget.allow() for _ in range(100)) == 5


def test_the_remote_voting_rules_import_no_ui_and_no_web_framework() -> None:
    """The room, its messages and the vote path are plain Python, tested without aiohttp."""
    modules = [
        "ops_maturity.core.remote.room",
        "ops_maturity.core.remote.protocol",
        "ops_maturity.core.remote.question",
        "ops_maturity.core.remote.intake",
        "ops_maturity.core.remote.options",
        "ops_maturity.core.remote.qr",
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'aiohttp', 'segno'}))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert completed.stdout.strip() == "[]"
