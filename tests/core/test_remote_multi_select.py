"""Remote votes on multi-select questions: a page is told the question takes a set and by what
rule it is met, sends the set it ticked, and the room refuses a set where one choice is asked,
one choice where a set is, and a set naming a value off the scale. The same rules as for single
choices hold for rounds and the reveal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.votes import set_revealed, votes_for
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.remote.intake import record_remote_vote
from ops_maturity.core.remote.protocol import counted_message, parse_client_message, state_message
from ops_maturity.core.remote.question import room_question
from ops_maturity.core.remote.room import CastVote, Refusal, Room

MULTI = Path(__file__).resolve().parent / "fixtures" / "multi-select.toml"
PEOPLE = ["Ana", "Bo", "Chen"]
PRACTICES = 3
"""learning.practices: Blameless reviews, Tracked follow-ups, Shared lessons; met with 2."""


@pytest.fixture
def questionnaire() -> Questionnaire:
    return load_questionnaire(MULTI)


@pytest.fixture
def team(questionnaire: Questionnaire) -> Assessment:
    return Assessment.start(questionnaire, "Demo", "2027-Q1", participants=PEOPLE)


def _room(questionnaire: Questionnaire, team: Assessment, index: int) -> Room:
    room = Room("Demo", PEOPLE)
    room.show(room_question(questionnaire, team, index))
    return room


def test_a_page_is_told_the_question_takes_a_set(
    questionnaire: Questionnaire, team: Assessment
) -> None:
    """The state says multiple, the met rule, and after her vote her own set and its labels."""
    room = _room(questionnaire, team, PRACTICES)
    message = parse_client_message(
        json.dumps(
            {"type": "vote", "question": "learning.practices", "round": room.round, "value": [3, 1]}
        )
    )
    label = record_remote_vote(
        room, questionnaire, team, CastVote("Ana", message.question_id, room.round, message.value)
    )
    assert label == "1 · Blameless reviews; 3 · Shared lessons"
    assert votes_for(team, "learning.practices").selections == {"Ana": (1, 3)}
    assert room.voted_remotely("learning.practices") == {"Ana"}
    state = state_message(
        room.round,
        room_question(questionnaire, team, PRACTICES),
        name="Ana",
        team="Demo",
        participant_count=3,
        anonymous=False,
    )
    shown = json.loads(json.dumps(state))["question"]
    assert shown["multiple"] is True
    assert shown["met_rule"] == "at least 2 of the 3 listed choices"
    assert shown["own"] == [1, 3] and shown["own_label"] == label
    counted = json.loads(json.dumps(counted_message(message, label)))
    assert counted["value"] == [1, 3]


def test_none_of_these_is_the_empty_set(questionnaire: Questionnaire, team: Assessment) -> None:
    room = _room(questionnaire, team, PRACTICES)
    label = record_remote_vote(
        room, questionnaire, team, CastVote("Bo", "learning.practices", room.round, ())
    )
    assert label == "None of these"
    assert votes_for(team, "learning.practices").selections == {"Bo": ()}


@pytest.mark.parametrize(
    ("index", "value", "reason"),
    [
        (0, (1,), "takes one choice, not a set"),
        (PRACTICES, 1, "takes a set of choices"),
        (PRACTICES, (1, 99), "99 is not a choice on this question"),
    ],
)
def test_a_vote_of_the_wrong_shape_is_refused(
    questionnaire: Questionnaire, team: Assessment, index: int, value: object, reason: str
) -> None:
    room = _room(questionnaire, team, index)
    question = questionnaire.questions[index]
    cast = CastVote("Chen", question.id, room.round, value)  # type: ignore[arg-type]
    with pytest.raises(Refusal) as refused:
        record_remote_vote(room, questionnaire, team, cast)
    assert reason in refused.value.reason
    assert votes_for(team, question.id).is_empty


def test_a_set_after_the_reveal_is_refused_like_any_vote(
    questionnaire: Questionnaire, team: Assessment
) -> None:
    """Revealed on the shared screen before it arrived: not counted, the votes unchanged."""
    room = _room(questionnaire, team, PRACTICES)
    question = questionnaire.questions[PRACTICES]
    record_remote_vote(room, questionnaire, team, CastVote("Ana", question.id, room.round, (2,)))
    set_revealed(team, question, True)
    room.show(room_question(questionnaire, team, PRACTICES))
    with pytest.raises(Refusal) as refused:
        record_remote_vote(
            room, questionnaire, team, CastVote("Bo", question.id, room.round, (1, 2))
        )
    assert "revealed" in refused.value.reason
    assert votes_for(team, question.id).selections == {"Ana": (2,)}


def test_the_revealed_distribution_has_a_none_of_these_bar(
    questionnaire: Questionnaire, team: Assessment
) -> None:
    room = _room(questionnaire, team, PRACTICES)
    question = questionnaire.questions[PRACTICES]
    record_remote_vote(room, questionnaire, team, CastVote("Ana", question.id, room.round, (1,)))
    record_remote_vote(room, questionnaire, team, CastVote("Bo", question.id, room.round, ()))
    set_revealed(team, question, True)
    bars = {
        bar.label: bar.names for bar in room_question(questionnaire, team, PRACTICES).distribution
    }
    assert bars["Blameless reviews"] == ("Ana",)
    assert bars["None of these"] == ("Bo",)
