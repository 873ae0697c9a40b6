"""The remote-voting wire format: what a page may send, checked before anything trusts it, and
what the facilitator's app sends back.

Everything a page sends is hostile until checked here: its size is capped before parsing
(`MAX_MESSAGE_BYTES`), it must be a JSON object with known keys of the right types and lengths,
and any other input, deep nesting or a 5,000-digit number included, is a `ProtocolError` with a
plain reason, never an exception that reaches the app. The replies are built here too, so the
page and docs/remote-voting.md have one place to agree with. Plain Python: no UI, no web framework.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeGuard

from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.remote.question import RoomQuestion, WireVote
from ops_maturity.core.remote.room import JoinOffer
from ops_maturity.core.text import clean_single_line

MAX_MESSAGE_BYTES = 2_048
"""The largest websocket message or POST body accepted: a vote or a join is under 300 bytes."""
MAX_TEXT_CHARACTERS = 200
MAX_ROUND = 2**31
MAX_VOTE_MAGNITUDE = 10**6
MAX_SELECTION = 20
"""The most choices a set may name: a multi-select scale lists at most 20."""


class ProtocolError(OpsMaturityError):
    """A message that is not one the page would send; the message says why."""


@dataclass(frozen=True)
class JoinRequest:
    """POST /join: the code alone (answered with the names), or the code and a name."""

    code: str
    name: str | None


@dataclass(frozen=True)
class VoteMessage:
    """A vote for a question, in the round the page saw it."""

    question_id: str
    round: int
    value: WireVote


def _parse_object(raw: bytes | str, allowed: frozenset[str]) -> dict[str, Any]:
    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    if size > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"Message too large ({size} bytes; at most {MAX_MESSAGE_BYTES}).")
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):  # ValueError covers bad JSON and over-long integers
        raise ProtocolError("Not a JSON message.") from None
    if not isinstance(document, dict):
        raise ProtocolError("Not a JSON object.")
    unknown = set(document) - allowed
    if unknown:
        raise ProtocolError("Unknown fields in the message.")
    return document


def _text(document: dict[str, Any], key: str, *, required: bool = True) -> str | None:
    value = document.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ProtocolError(f"'{key}' must be text.")
    if len(value) > MAX_TEXT_CHARACTERS:
        raise ProtocolError(f"'{key}' is too long.")
    return value


def parse_join_request(raw: bytes | str) -> JoinRequest:
    document = _parse_object(raw, frozenset({"code", "name"}))
    code = _text(document, "code")
    assert code is not None
    return JoinRequest(code, _text(document, "name", required=False))


def parse_client_message(raw: bytes | str) -> VoteMessage:
    """A websocket message from a page: today only a vote."""
    document = _parse_object(raw, frozenset({"type", "question", "round", "value"}))
    if document.get("type") != "vote":
        raise ProtocolError("Unknown message type.")
    question = _text(document, "question")
    assert question is not None
    round_ = document.get("round")
    if not isinstance(round_, int) or isinstance(round_, bool) or not 0 <= round_ < MAX_ROUND:
        raise ProtocolError("'round' must be a whole number.")
    value = document.get("value")
    if isinstance(value, list):
        return VoteMessage(question, round_, _selection(value))
    if _is_number(value):
        if abs(value) > MAX_VOTE_MAGNITUDE:
            raise ProtocolError("'value' is out of range.")
    elif not isinstance(value, str) or len(value) > MAX_TEXT_CHARACTERS:
        raise ProtocolError("'value' must be a choice.")
    return VoteMessage(question, round_, value)


def _is_number(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _selection(values: list[Any]) -> tuple[int, ...]:
    """A multi-select vote: at most MAX_SELECTION choice values, each once, in range."""
    if len(values) > MAX_SELECTION:
        raise ProtocolError(f"'value' names more than {MAX_SELECTION} choices.")
    if not all(_is_number(value) and abs(value) <= MAX_VOTE_MAGNITUDE for value in values):
        raise ProtocolError("'value' must be a list of choices.")
    if len(set(values)) != len(values):
        raise ProtocolError("'value' names a choice twice.")
    return tuple(sorted(values))


# ------------------------------------------------------------------------ replies


def encode(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def offer_reply(offer: JoinOffer) -> dict[str, Any]:
    return {
        "ok": True,
        "team": offer.team,
        "anonymous": offer.anonymous,
        "names": [{"name": name, "taken": taken} for name, taken in offer.names],
    }


def joined_reply(name: str) -> dict[str, Any]:
    return {"ok": True, "joined": name}


def refused_reply(reason: str) -> dict[str, Any]:
    return {"ok": False, "reason": reason}


def state_message(
    room_round: int,
    question: RoomQuestion | None,
    *,
    name: str,
    team: str,
    participant_count: int,
    anonymous: bool,
) -> dict[str, Any]:
    """What one participant's page shows: never anyone else's vote before the reveal."""
    message: dict[str, Any] = {
        "type": "state",
        "you": name,
        "team": team,
        "anonymous": anonymous,
        "round": room_round,
        "participants": participant_count,
        "question": None,
    }
    if question is None:
        return message
    own = question.vote_of(name)
    message["question"] = {
        "id": question.question_id,
        "number": question.number,
        "count": question.count,
        "area": question.area,
        "prompt": question.prompt,
        "choices": [{"value": choice.value, "label": choice.label} for choice in question.choices],
        "multiple": question.multiple,
        "met_rule": question.met_rule,
        "revealed": question.revealed,
        "voted": question.voted_count,
        "own": own,
        "own_label": question.describe(own),
        "distribution": [
            {"label": bar.label, "count": bar.count, "names": list(bar.names)}
            for bar in (question.distribution if question.revealed else ())
        ],
    }
    return message


def counted_message(vote: VoteMessage, label: str) -> dict[str, Any]:
    return {
        "type": "counted",
        "question": vote.question_id,
        "round": vote.round,
        "value": vote.value,
        "label": label,
    }


def refused_message(reason: str, question_id: str | None = None) -> dict[str, Any]:
    return {"type": "refused", "reason": clean_single_line(reason), "question": question_id}


def unsaved_message(reason: str, question_id: str) -> dict[str, Any]:
    """Recorded by the facilitator's app but not yet on disk: not 'Counted' yet."""
    return {"type": "unsaved", "reason": reason, "question": question_id}


def closed_message(kind: str, reason: str) -> dict[str, Any]:
    """The page stops voting: 'ended' (remote voting stopped), 'signed-out' (join again)."""
    return {"type": kind, "reason": reason}
