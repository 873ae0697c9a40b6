"""docs/remote-voting.md's message examples are the real thing: what a page sends parses, and
what the server sends has exactly the fields the server builds."""

from __future__ import annotations

import json
import re

from ops_maturity.core.remote.protocol import (
    counted_message,
    parse_client_message,
    parse_join_request,
    refused_message,
    state_message,
)
from ops_maturity.core.remote.question import RoomChoice, RoomQuestion

from .client import ROOT

DOC = ROOT / "docs" / "remote-voting.md"


def _examples() -> list[dict[str, object]]:
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return [json.loads(block) for block in blocks]


def test_every_documented_message_is_one_the_code_speaks() -> None:
    """Client examples parse; server examples have the same keys as the messages built."""
    examples = _examples()
    assert len(examples) == 7
    question = RoomQuestion("q", 1, 1, "A", "P", (RoomChoice(0, "No"),), votes=(("Ana", 0),))
    built = {
        "state": state_message(
            1, question, name="Ana", team="T", participant_count=1, anonymous=False
        ),
        "counted": counted_message(parse_client_message(json.dumps(examples[2])), "1 · No"),
        "refused": refused_message("Not counted.", "q"),
    }
    for example in examples:
        kind = example.get("type")
        if kind == "vote":
            parse_client_message(json.dumps(example))
        elif kind is None:
            parse_join_request(json.dumps(example))
        else:
            assert isinstance(kind, str)
            assert set(example) == set(built[kind]), kind
            if kind == "state":
                assert isinstance(example["question"], dict)
                assert set(example["question"]) == set(built["state"]["question"])
