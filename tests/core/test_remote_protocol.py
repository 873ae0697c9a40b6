"""What a participant's page may send, checked before anything trusts it; what each page is told;
and the one path from a page's vote into the team's votes."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.votes import make_votes_anonymous, record_vote, set_revealed, votes_for
from ops_maturity.core.remote.intake import record_remote_vote
from ops_maturity.core.remote.protocol import (
    MAX_MESSAGE_BYTES,
    JoinRequest,
    ProtocolError,
    VoteMessage,
    parse_client_message,
    parse_join_request,
    state_message,
)
from ops_maturity.core.remote.question import room_question
from ops_maturity.core.remote.room import CastVote, Refusal, Room

from .builders import DAY

PEOPLE = ["Ana", "Bo", "Chen"]


def _vote(**fields: object) -> str:
    return json.dumps({"type": "vote", "question": "q1", "round": 3, "value": 1, **fields})


def test_a_vote_message_names_its_question_round_and_value() -> None:
    """The page's vote parses into exactly what it said (a set, in increasing order)."""
    assert parse_client_message(_vote()) == VoteMessage("q1", 3, 1)
    assert parse_client_message(_vote(value=[3, 1])).value == (1, 3)
    assert parse_client_message(_vote(value=[])).value == ()
    assert parse_client_message(_vote(value="dont-know")).value == "dont-know"
    assert parse_join_request(b'{"code": "k7qf3m"}') == JoinRequest("k7qf3m", None)
    assert parse_join_request('{"code": "K7QF3M", "name": "Ana"}').name == "Ana"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("x" * (1024 * 1024), "too large"),
        ('{"type": "vote", "question": "q1", "round": 1, "value": ' + "9" * 1900 + "}", "range"),
        ("[" * 1500 + "]" * 1500, "too large"),
        ("[" * 1000 + "]" * 1000, "JSON"),
        ("not json", "JSON"),
        ("[1, 2]", "JSON object"),
        (_vote(extra=1), "Unknown fields"),
        (_vote(type="join"), "Unknown message type"),
        (_vote(round=True), "round"),
        (_vote(round=-1), "round"),
        (_vote(round=2**40), "round"),
        (_vote(value=1.5), "choice"),
        (_vote(value=None), "choice"),
        (_vote(value=True), "choice"),
        (_vote(question=""), "question"),
        (_vote(question="q" * 201), "too long"),
        (_vote(question=["q1"]), "question"),
        (_vote(value=[1, 1]), "twice"),
        (_vote(value=list(range(21))), "more than 20"),
        (_vote(value=[1, "2"]), "list of choices"),
        (_vote(value=[True]), "list of choices"),
        (_vote(value=[10**7]), "list of choices"),
        (_vote(value=[[1]]), "list of choices"),
        (_vote(value=[1.0]), "list of choices"),
    ],
)
def test_a_message_the_page_would_never_send_is_refused_plainly(raw: str, reason: str) -> None:
    """Oversized, malformed or mistyped messages are a ProtocolError with a reason, no more."""
    with pytest.raises(ProtocolError) as refused:
        parse_client_message(raw)
    assert reason in str(refused.value)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=MAX_MESSAGE_BYTES + 100) | st.text(max_size=MAX_MESSAGE_BYTES))
def test_no_message_raises_anything_but_a_protocol_error(raw: bytes | str) -> None:
    """Whatever arrives on the websocket or in a POST, parsing never crashes the app."""
    for parse in (parse_client_message, parse_join_request):
        with contextlib.suppress(ProtocolError):
            parse(raw)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(["type", "question", "round", "value", "x"]), children
            )
        ),
        max_leaves=20,
    )
)
def test_no_json_document_raises_anything_but_a_protocol_error(document: object) -> None:
    """Well-formed JSON of any shape is a vote or a refusal."""
    try:
        message = parse_client_message(json.dumps(document))
    except ProtocolError:
        return
    assert isinstance(message.round, int)
    value = message.value
    if isinstance(value, tuple):  # a set: numbers only, each once, in order, at most 20
        assert len(value) <= 20 and list(value) == sorted(set(value))
        assert all(type(picked) is int for picked in value)
    else:
        assert isinstance(value, int | str)


# ------------------------------------------------------------- what pages see


@pytest.fixture
def team(minimal: Questionnaire) -> Assessment:
    return Assessment.start(minimal, "Payments", "2026-Q4", participants=PEOPLE, today=DAY)


def test_a_page_is_told_its_own_vote_and_nobody_elses_before_the_reveal(
    minimal: Questionnaire, team: Assessment
) -> None:
    """Before the reveal a state message holds the voted count and one's own vote, no other."""
    question = minimal.questions[0]
    record_vote(team, question, "Ana", question.scale.choices[1].value)
    record_vote(team, question, "Bo", question.scale.choices[3].value)
    shown = room_question(minimal, team, 0)
    message = state_message(
        4, shown, name="Ana", team="Payments", participant_count=3, anonymous=False
    )
    text = json.dumps(message)
    assert message["question"]["own"] == question.scale.choices[1].value
    assert message["question"]["own_label"].startswith("2 · ")
    assert message["question"]["voted"] == 2
    assert "Bo" not in text and message["question"]["distribution"] == []

    set_revealed(team, question, True)
    revealed = state_message(
        5,
        room_question(minimal, team, 0),
        name="Chen",
        team="P",
        participant_count=3,
        anonymous=False,
    )
    bars = revealed["question"]["distribution"]
    assert ["Bo"] in [bar["names"] for bar in bars]
    assert revealed["question"]["own"] is None


def test_anonymous_votes_reach_pages_as_counts_only(
    minimal: Questionnaire, team: Assessment
) -> None:
    """After the reveal of anonymous votes, the bars carry counts and never a seat."""
    make_votes_anonymous(team)
    question = minimal.questions[0]
    record_vote(team, question, "Voter 1", question.scale.choices[0].value)
    set_revealed(team, question, True)
    shown = room_question(minimal, team, 0)
    assert all(bar.names == () for bar in shown.distribution)
    assert sum(bar.count for bar in shown.distribution) == 1


# ------------------------------------------------------------ the vote path


def test_a_remote_vote_is_recorded_and_marked_as_the_participants_own(
    minimal: Questionnaire, team: Assessment
) -> None:
    """The room's accepted vote goes through record_vote and is remembered as remote."""
    room = Room("Payments", PEOPLE)
    room.show(room_question(minimal, team, 0))
    question = minimal.questions[0]
    value = question.scale.choices[2].value
    label = record_remote_vote(
        room, minimal, team, CastVote("Chen", question.id, room.round, value)
    )
    assert votes_for(team, question.id).votes == {"Chen": value}
    assert label.startswith("3 · ")
    assert room.voted_remotely(question.id) == {"Chen"}


def test_a_remote_vote_checked_again_after_the_reveal_changes_nothing(
    minimal: Questionnaire, team: Assessment
) -> None:
    """A vote let in just before the reveal but recorded after it is refused, not counted."""
    room = Room("Payments", PEOPLE)
    room.show(room_question(minimal, team, 0))
    question = minimal.questions[0]
    cast = CastVote("Ana", question.id, room.round, question.scale.choices[0].value)
    room.check_vote(cast)
    record_vote(team, question, "Bo", question.scale.choices[1].value)
    set_revealed(team, question, True)
    room.show(room_question(minimal, team, 0))
    with pytest.raises(Refusal):
        record_remote_vote(room, minimal, team, cast)
    assert votes_for(team, question.id).votes == {"Bo": question.scale.choices[1].value}
