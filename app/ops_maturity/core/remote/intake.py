"""The one path from a participant's device into the team's votes.

`record_remote_vote` is called by the facilitator's app, in its own turn, for each vote the room
let through: it checks the vote once more against the room as it is now (the question may have
moved on while the vote waited behind a key press), records it with the same `record_vote` the
facilitator's keys use, and marks it as the participant's own so that the keys leave it alone.
The caller saves. Plain Python: no UI, no web framework.
"""

from __future__ import annotations

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.votes import record_vote
from ops_maturity.core.remote.question import as_vote
from ops_maturity.core.remote.room import CastVote, Room


def record_remote_vote(
    room: Room, questionnaire: Questionnaire, assessment: Assessment, vote: CastVote
) -> str:
    """Record `vote`; returns how the page shows it ('2 · Partly').

    Raises `Refusal` (with the reason for the page and the status line) when it no longer counts.
    """
    room.check_vote(vote)
    assert room.question is not None  # check_vote refuses a vote when no question is open
    question = questionnaire.question(vote.question_id)
    record_vote(assessment, question, vote.name, as_vote(vote.value))
    room.mark_remote_vote(question.id, vote.name)
    return room.question.describe(vote.value)
