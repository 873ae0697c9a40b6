"""The voting app: join with the code, pick your name, vote on the facilitator's current question.

`ops-maturity serve` runs one of these per browser through textual-serve. It can do three things:
join, vote, and change its own vote before the reveal. It knows one folder (the assessment's
`.remote/` folder, given by `serve`) and reads nothing else: no file paths are typed, no report
is made, and its command palette is switched off, so nothing in it reaches the disk beyond the
participant's own votes file. All coordination goes through app.core.remote.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.remote import (
    DONT_KNOW,
    NOT_APPLICABLE,
    Claim,
    JoinRefused,
    ParticipantVotes,
    RemoteError,
    RemoteVote,
    SessionState,
    check_join_code,
    claim_participant,
    read_own_votes,
    read_session_state,
    still_holds,
    write_participant_votes,
)
from ...core.text import clean_single_line
from ..text import literal, literal_line

POLL_SECONDS = 0.25
"""How often the voting app looks at the facilitator's session file."""

BAR_WIDTH = 24


def _file_signature(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)


def describe_vote(value: RemoteVote | None, state: SessionState) -> str:
    """'3 · Defined and practised', 'Not applicable', 'Don't know' or 'not voted yet'."""
    if value is None:
        return "not voted yet"
    if value == NOT_APPLICABLE:
        return "Not applicable"
    if value == DONT_KNOW:
        return "Don't know"
    for position, choice in enumerate(state.choices, start=1):
        if choice.value == value:
            return f"{position} · {choice.label}"
    return str(value)


def distribution_text(state: SessionState) -> Content:
    """The revealed votes as one bar per choice, with names when the session shows them."""
    if not state.distribution:
        return Content("No votes were cast on this question.")
    top = max((bar.count for bar in state.distribution), default=0) or 1
    labels = [clean_single_line(bar.label)[:28] for bar in state.distribution]
    label_width = max(len(label) for label in labels)
    lines: list[Content] = []
    for label, bar in zip(labels, state.distribution, strict=True):
        filled = round(BAR_WIDTH * bar.count / top) if bar.count else 0
        names = ", ".join(clean_single_line(name) for name in bar.names)
        lines.append(
            Content.assemble(
                Content(label.ljust(label_width)),
                " ",
                ("█" * filled, "$accent"),
                ("░" * (BAR_WIDTH - filled), "$panel"),
                f" {bar.count:>2}",
                Content(f"  {names}") if names else "",
            )
        )
    return Content("\n").join(lines)


class JoinScreen(Screen[None]):
    """Type the join code and pick your name from the session's participants."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        state = self._state()
        with Vertical(id="panel"):
            title = f"Join the vote: {state.team}" if state and state.team else "Join the vote"
            yield Static(literal_line(title), classes="title")
            yield Static("Join code (shown on the shared screen):")
            yield Input(placeholder="e.g. K7QF3M", id="join-code", max_length=16)
            yield Static("Your name:")
            yield OptionList(
                *(
                    Option(literal_line(name), id=f"p{index}")
                    for index, name in enumerate(state.participants if state else ())
                ),
                id="join-names",
            )
            yield Button("Join", id="join", variant="primary")
            yield Static("", id="join-message", classes="status")
        yield Footer()

    def _state(self) -> SessionState | None:
        try:
            return read_session_state(self.folder)
        except RemoteError:
            return None

    def _say(self, text: str, *, problem: bool = True) -> None:
        message = self.query_one("#join-message", Static)
        message.set_classes("status problem" if problem else "status ok")
        message.update(Content(text))

    @on(Input.Submitted, "#join-code")
    def _code_entered(self) -> None:
        self.query_one("#join-names", OptionList).focus()

    @on(OptionList.OptionSelected, "#join-names")
    @on(Button.Pressed, "#join")
    def _join(self) -> None:
        state = self._state()
        if state is None:
            self._say("The facilitator has not started a session yet. Try again in a moment.")
            return
        names = self.query_one("#join-names", OptionList)
        if names.highlighted is None:
            self._say("Pick your name from the list.")
            names.focus()
            return
        participants = list(state.participants)
        if names.highlighted >= len(participants):
            self._say("The list of participants changed: pick your name again.")
            return
        name = participants[names.highlighted]
        try:
            check_join_code(self.folder, self.query_one("#join-code", Input).value)
            claim = claim_participant(self.folder, name, state)
        except JoinRefused as refusal:
            self._say(str(refusal))
            return
        except (RemoteError, OSError) as error:
            self._say(f"Could not join: {error}")
            return
        self.app.switch_screen(VoteScreen(self.folder, claim, state))


class VoteScreen(Screen[None]):
    """The facilitator's current question and your own vote; the distribution after the reveal."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(digit),
                f"vote({digit})",
                "Vote" if digit == 1 else "",
                show=digit == 1,
                key_display="1-9",
                id=f"vote.{digit}",
                tooltip="Vote for that choice",
            )
            for digit in range(1, 10)
        ),
        Binding(
            "n",
            f"vote('{NOT_APPLICABLE}')",
            "Not applicable",
            id="vote.not_applicable",
            tooltip="Vote that the practice does not apply",
        ),
        Binding(
            "question_mark",
            f"vote('{DONT_KNOW}')",
            "Don't know",
            key_display="?",
            id="vote.dont_know",
            tooltip="Vote that you don't know",
        ),
    ]

    def __init__(self, folder: Path, claim: Claim, state: SessionState) -> None:
        super().__init__()
        self.folder = folder
        self.claim = claim
        self.state = state
        self.votes: dict[str, RemoteVote] = read_own_votes(folder, claim.name, claim.session_id)
        self._signature = _file_signature(folder / "session.json")
        self.closed_reason = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            yield Static(literal_line(f"Voting as {self.claim.name}"), classes="title")
            yield Static("", id="where")
            yield Static("", id="prompt")
            yield Static("", id="choices")
            yield Static("", id="own-vote")
            yield Static("", id="distribution")
            yield Static("", id="vote-message", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self._show()
        self.set_interval(POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        if self.closed_reason:
            return
        if not still_holds(self.folder, self.claim):
            self._close("The facilitator released your name; this page no longer votes.")
            return
        signature = _file_signature(self.folder / "session.json")
        if signature == self._signature:
            return
        self._signature = signature
        try:
            state = read_session_state(self.folder)
        except RemoteError:
            return  # a half-seen update: the next poll reads the finished file
        if state is None or state.session_id != self.claim.session_id:
            self._close("The facilitator started a new session. Reload the page to join it.")
            return
        moved = state.question_id != self.state.question_id
        revealed_now = state.revealed and not self.state.revealed
        self.state = state
        if state.ended:
            self._close("The facilitator has ended this session. Thank you for voting.")
            return
        if moved:
            self._message("")
        elif revealed_now:
            self._message("The facilitator revealed the votes.")
        self._show()

    def _close(self, reason: str) -> None:
        self.closed_reason = reason
        self._show()
        self._message(reason, problem=False)

    def _message(self, text: str, *, problem: bool = False) -> None:
        message = self.query_one("#vote-message", Static)
        message.set_classes("status problem" if problem else "status ok")
        message.update(Content(text))

    def _show(self) -> None:
        state = self.state
        if not state.question_id:
            self.query_one("#where", Static).update("Waiting for the facilitator's first question.")
            return
        where = f"Question {state.question_number} of {state.question_count}"
        if state.area_title:
            where += f" · {state.area_title}"
        self.query_one("#where", Static).update(literal_line(where))
        self.query_one("#prompt", Static).update(literal(state.prompt))
        choices = Content("\n").join(
            Content.assemble((f" {position} ", "bold $accent"), " ", literal_line(choice.label))
            for position, choice in enumerate(state.choices, start=1)
        )
        self.query_one("#choices", Static).update(choices)
        own = describe_vote(self.votes.get(state.question_id), state)
        self.query_one("#own-vote", Static).update(
            Content.assemble("Your vote: ", literal_line(own))
        )
        distribution = self.query_one("#distribution", Static)
        if state.revealed:
            distribution.update(
                Content.assemble(("Votes revealed\n", "bold"), distribution_text(state))
            )
        else:
            distribution.update("Votes stay hidden until the facilitator reveals them.")

    def action_vote(self, key: RemoteVote) -> None:
        """Vote with a key: 1 is the first (lowest) choice of the scale, then N/A or don't know."""
        state = self.state
        if self.closed_reason:
            self._message(self.closed_reason, problem=True)
            return
        if not state.question_id:
            self._message("There is no question to vote on yet.", problem=True)
            return
        if state.revealed:
            self._message("The votes are revealed: this question's vote is closed.", problem=True)
            return
        if isinstance(key, int):
            if not 1 <= key <= len(state.choices):
                self._message(f"There is no choice {key} on this question.", problem=True)
                return
            value: RemoteVote = state.choices[key - 1].value
        else:
            value = key
        updated = {**self.votes, state.question_id: value}
        try:
            write_participant_votes(
                self.folder,
                ParticipantVotes(self.claim.session_id, self.claim.name, updated),
            )
        except OSError as error:
            self._message(f"Your vote was NOT saved: {error.strerror or error}", problem=True)
            return
        self.votes = updated
        self._show()
        self._message(f"Saved ✓ {describe_vote(value, state)}")


class VotingApp(App[None]):
    """One participant's browser: join, then vote on whatever the facilitator shows."""

    CSS_PATH = "voting.tcss"
    TITLE = "ops-maturity vote"
    ENABLE_COMMAND_PALETTE = False
    """The palette would offer theme and screenshot commands; a voter needs none of them."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def on_mount(self) -> None:
        self.push_screen(JoinScreen(self.folder))


def main_for_serve() -> int:
    """Entry point of the per-browser process: the folder comes from `serve`'s environment."""
    folder = os.environ.get("OPS_MATURITY_REMOTE_DIR", "")
    if not folder:
        print("ops-maturity vote is started by `ops-maturity serve`.")
        return 2
    VotingApp(Path(folder)).run()
    return 0
