"""Remote voting's file protocol: join codes and their rate limit, claims, the vote merge."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ops_maturity.core.remote import (
    DONT_KNOW,
    JOIN_CODE_ALPHABET,
    MAX_FAILED_JOINS,
    NOT_APPLICABLE,
    ChoiceView,
    JoinRefused,
    ParticipantVotes,
    ServeInfo,
    SessionState,
    check_join_code,
    claim_participant,
    collect_votes,
    joined_participants,
    new_join_code,
    participant_key,
    prepare_remote_folder,
    read_own_votes,
    read_session_state,
    release_participant,
    remote_folder_for,
    still_holds,
    write_participant_votes,
    write_serve_info,
    write_session_state,
)

PEOPLE = ("Ana", "Bo", "Chen")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    remote = remote_folder_for(tmp_path / "team-2026-q4.toml")
    prepare_remote_folder(remote)
    write_serve_info(
        remote, ServeInfo("http://127.0.0.1:8000", "K7QF3M", os.getpid(), "h", 0.0, "s1")
    )
    return remote


def _state(session_id: str = "s1", **changes: Any) -> SessionState:
    base = SessionState(
        session_id=session_id,
        team="Payments",
        participants=PEOPLE,
        question_id="q1",
        question_number=1,
        question_count=2,
        prompt="Do you page on symptoms?",
        choices=(ChoiceView(1, "Not in place"), ChoiceView(2, "Partly")),
    )
    return dataclasses.replace(base, **changes)


def test_the_remote_folder_is_never_committed(folder: Path) -> None:
    """The folder holds a .gitignore that ignores everything in it."""
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert folder.name == "team-2026-q4.toml.remote"


def test_join_codes_are_short_unambiguous_and_random() -> None:
    """Six characters with no 0/O/1/I/L, and not the same twice in a row."""
    codes = {new_join_code() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        assert len(code) == 6
        assert set(code) <= set(JOIN_CODE_ALPHABET)
        assert not set(code) & set("01OIL")


def test_the_right_code_is_accepted_however_it_is_typed(folder: Path) -> None:
    """Lower case, spaces and dashes are forgiven."""
    check_join_code(folder, "k7q-f3m ")


def test_an_empty_code_is_explained_and_not_counted(folder: Path) -> None:
    """Pressing Enter before typing the code is not a failed attempt."""
    for _ in range(MAX_FAILED_JOINS + 1):
        with pytest.raises(JoinRefused, match="Type the join code"):
            check_join_code(folder, " - ", now=1000.0)
    check_join_code(folder, "K7QF3M", now=1000.0)


def test_a_wrong_code_is_refused_and_counted(folder: Path) -> None:
    """A wrong code says how many tries are left this minute."""
    with pytest.raises(JoinRefused, match="4 more tries"):
        check_join_code(folder, "AAAAAA", now=1000.0)


def test_wrong_codes_are_rate_limited_across_browsers(folder: Path) -> None:
    """After five wrong codes in a minute even the right one waits; a minute later it works."""
    for _ in range(MAX_FAILED_JOINS):
        with pytest.raises(JoinRefused):
            check_join_code(folder, "WRONG1", now=1000.0)
    with pytest.raises(JoinRefused, match="Too many wrong codes"):
        check_join_code(folder, "K7QF3M", now=1010.0)
    check_join_code(folder, "K7QF3M", now=1061.0)


def test_joining_needs_a_running_server(tmp_path: Path) -> None:
    """Without serve.json nobody can join."""
    remote = tmp_path / "x.remote"
    prepare_remote_folder(remote)
    with pytest.raises(JoinRefused, match="not running"):
        check_join_code(remote, "K7QF3M")


def test_a_name_held_by_a_live_browser_is_refused_until_released(folder: Path) -> None:
    """A second browser cannot take a joined name; after the facilitator releases it, it can."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        claim = claim_participant(folder, "Ana", _state())
        # Pretend the first claim is held by another live process.
        path = folder / "claims" / f"{participant_key('Ana')}.json"
        document = json.loads(path.read_text())
        path.write_text(json.dumps({**document, "pid": sleeper.pid, "token": "another"}))
        with pytest.raises(JoinRefused, match="already joined"):
            claim_participant(folder, "Ana", _state())
        assert joined_participants(folder, _state()) == ["Ana"]
        assert not still_holds(folder, claim)
        assert release_participant(folder, "Ana")
        again = claim_participant(folder, "Ana", _state())
        assert still_holds(folder, again)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_closed_browser_or_an_old_session_frees_the_name(folder: Path) -> None:
    """A claim whose process ended, or from an earlier session, is taken over on reconnect."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    claim_participant(folder, "Bo", _state())
    path = folder / "claims" / f"{participant_key('Bo')}.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "pid": dead.pid}))
    claim_participant(folder, "Bo", _state())
    path.write_text(json.dumps({**json.loads(path.read_text()), "session_id": "old", "pid": 1}))
    claim_participant(folder, "Bo", _state())


def test_only_participants_can_join_an_open_session(folder: Path) -> None:
    """A name that is not on the list, or a session that ended, is refused."""
    with pytest.raises(JoinRefused, match="not one of"):
        claim_participant(folder, "Mallory", _state())
    with pytest.raises(JoinRefused, match="ended"):
        claim_participant(folder, "Ana", _state(ended=True))


def test_votes_are_merged_per_participant(folder: Path) -> None:
    """Each participant's file is merged under their name with its values."""
    write_participant_votes(folder, ParticipantVotes("s1", "Ana", {"q1": 2, "q2": NOT_APPLICABLE}))
    write_participant_votes(folder, ParticipantVotes("s1", "Bo", {"q1": DONT_KNOW}))
    merged = collect_votes(folder, "s1", PEOPLE)
    assert merged.votes == {"Ana": {"q1": 2, "q2": NOT_APPLICABLE}, "Bo": {"q1": DONT_KNOW}}
    assert merged.problems == []
    assert read_own_votes(folder, "Ana", "s1") == {"q1": 2, "q2": NOT_APPLICABLE}


def test_stale_files_from_an_earlier_session_are_not_counted(folder: Path) -> None:
    """A file written in another session is skipped without a warning."""
    write_participant_votes(folder, ParticipantVotes("old", "Ana", {"q1": 1}))
    merged = collect_votes(folder, "s1", PEOPLE)
    assert merged.votes == {}
    assert merged.problems == []
    assert read_own_votes(folder, "Ana", "s1") == {}


def test_corrupt_foreign_and_oversized_files_are_reported_and_ignored(folder: Path) -> None:
    """Bad files are named in problems; the good one is still merged."""
    write_participant_votes(folder, ParticipantVotes("s1", "Chen", {"q1": 1}))
    votes = folder / "votes"
    (votes / f"{participant_key('Ana')}.json").write_text("{not json")
    (votes / "foreign.json").write_text(json.dumps({"format": "something-else"}))
    (votes / f"{participant_key('Bo')}.json").write_bytes(b" " * 1_000_001)
    (votes / f"{participant_key('Mallory')}.json").write_text(
        json.dumps(
            {
                "format": "ops-maturity-remote/1",
                "session_id": "s1",
                "participant": "Mallory",
                "votes": {"q1": 1},
            }
        )
    )
    (votes / "renamed.json").write_text((votes / f"{participant_key('Chen')}.json").read_text())
    merged = collect_votes(folder, "s1", PEOPLE)
    assert merged.votes == {"Chen": {"q1": 1}}
    assert len(merged.problems) == 5
    joined = "\n".join(merged.problems)
    for expected in (
        "not valid JSON",
        "not an ops-maturity remote file",
        "limit",
        "not a participant",
        "does not match",
    ):
        assert expected in joined


def test_an_invalid_vote_value_rejects_the_file(folder: Path) -> None:
    """A vote that is neither a choice number nor a special answer is never merged."""
    path = folder / "votes" / f"{participant_key('Ana')}.json"
    path.write_text(
        json.dumps(
            {
                "format": "ops-maturity-remote/1",
                "session_id": "s1",
                "participant": "Ana",
                "votes": {"q1": "[@click=app.quit]"},
            }
        )
    )
    merged = collect_votes(folder, "s1", PEOPLE)
    assert merged.votes == {}
    assert "invalid vote" in merged.problems[0]


def test_session_state_round_trips_and_hides_votes_until_revealed(folder: Path) -> None:
    """A distribution written while hidden is dropped; after the reveal it is there."""
    from ops_maturity.core.remote import BarView

    bars = (BarView("Not in place", 2, ("Ana", "Bo")), BarView("Partly", 1, ("Chen",)))
    write_session_state(folder, _state(distribution=bars))
    hidden = read_session_state(folder)
    assert hidden is not None
    assert hidden.distribution == ()
    assert json.loads((folder / "session.json").read_text())["distribution"] == []
    write_session_state(folder, _state(revealed=True, distribution=bars))
    revealed = read_session_state(folder)
    assert revealed == _state(revealed=True, distribution=bars)


def test_session_text_is_cleaned_of_control_characters(folder: Path) -> None:
    """Escape sequences in names and prompts never reach a voter's terminal."""
    write_session_state(folder, _state(team="Pay\x1b[2Jments", prompt="Q\x1b]52;c;x\x07?"))
    state = read_session_state(folder)
    assert state is not None
    assert "\x1b" not in state.team + state.prompt


def test_joining_waits_until_the_facilitator_follows_the_server(folder: Path) -> None:
    """A facilitator state from another server's session cannot be joined yet."""
    with pytest.raises(JoinRefused, match="not picked up"):
        claim_participant(folder, "Ana", _state(session_id="older"))


def test_the_facilitator_link_hands_over_each_vote_once(folder: Path) -> None:
    """New and changed votes arrive once each; unchanged files are not read again."""
    from ops_maturity.core.remote import FacilitatorLink, IncomingVote

    link = FacilitatorLink(folder.parent / "team-2026-q4.toml")
    info = link.serve_info()
    assert info is not None and info.join_code == "K7QF3M" and info.session_id == "s1"
    assert link.publish(_state())
    assert not link.publish(_state())  # unchanged: not written again
    write_participant_votes(folder, ParticipantVotes("s1", "Ana", {"q1": 2}))
    assert link.incoming_votes(PEOPLE) == [IncomingVote("Ana", "q1", 2)]
    assert link.incoming_votes(PEOPLE) == []
    write_participant_votes(folder, ParticipantVotes("s1", "Ana", {"q1": 1, "q2": DONT_KNOW}))
    assert link.incoming_votes(PEOPLE) == [
        IncomingVote("Ana", "q1", 1),
        IncomingVote("Ana", "q2", DONT_KNOW),
    ]
    link.end()
    ended = read_session_state(folder)
    assert ended is not None and ended.ended


def test_a_new_server_is_a_new_session(folder: Path) -> None:
    """After serve restarts, the earlier session's files no longer count."""
    import time as clock

    from ops_maturity.core.remote import FacilitatorLink

    link = FacilitatorLink(folder.parent / "team-2026-q4.toml")
    link.serve_info()
    write_participant_votes(folder, ParticipantVotes("s1", "Ana", {"q1": 2}))
    assert len(link.incoming_votes(PEOPLE)) == 1
    clock.sleep(0.01)
    write_serve_info(folder, ServeInfo("http://127.0.0.1:8001", "ABCDEF", 1, "h", 1.0, "s2"))
    info = link.serve_info()
    assert info is not None and info.session_id == "s2"
    assert link.incoming_votes(PEOPLE) == []
