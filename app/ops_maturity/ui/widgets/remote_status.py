"""The facilitator's link to remote voters: one status line, and the votes that arrive.

When `ops-maturity serve` runs beside the app on the same assessment, this widget shows its URL
and join code ("Remote voting: http://127.0.0.1:8000 · code K7QF3M · 3 of 5 joined"), publishes
the current question and reveal state for the voting apps, and posts `VotesArrived` when
participants vote from their browsers. The Assess screen records those votes and saves them, so
the facilitator's app stays the one writer of the assessment. All file handling is in
app.core.remote; without a server the widget stays hidden and costs one stat per poll.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ...core.remote import FacilitatorLink, IncomingVote, RemoteError, SessionState

POLL_SECONDS = 0.1
"""A vote reaches the facilitator's screen within this, plus one save. Each poll is one stat of
serve.json and one scan of the votes folder; files are read only when they changed."""


class RemoteStatus(Static):
    """Hidden until a voting server runs for this assessment; then its URL, code and who joined."""

    class VotesArrived(Message):
        """Participants voted (or changed a vote) from their browsers."""

        def __init__(self, votes: list[IncomingVote]) -> None:
            super().__init__()
            self.votes = votes

    def __init__(self, assessment_path: Path, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.link = FacilitatorLink(assessment_path)
        self._state: SessionState | None = None
        self._shown: tuple[str, ...] = ()
        self.display = False

    def on_mount(self) -> None:
        self.set_interval(POLL_SECONDS, self.poll, name="remote voting")

    def show_state(self, state: SessionState) -> None:
        """What the voting apps should show now (its session id is filled in here)."""
        self._state = state
        self._publish()

    def _publish(self) -> None:
        info = self.link.serve_info()
        if info is None or self._state is None:
            return
        state = dataclasses.replace(self._state, session_id=info.session_id)
        try:
            self.link.publish(state)
        except OSError as error:
            self.notify(
                f"Remote voting: cannot write the session file: {error}",
                severity="error",
                markup=False,
            )

    def poll(self) -> None:
        """Look for the server and for new votes; redraw the line only when it changed."""
        try:
            info = self.link.serve_info()
        except RemoteError:
            info = None
        if info is None:
            if self.display:
                self.display = False
            return
        self._publish()
        participants = self._state.participants if self._state else ()
        incoming = self.link.incoming_votes(participants)
        if incoming:
            self.post_message(self.VotesArrived(incoming))
        joined = self.link.joined()
        shown = (
            info.url,
            info.join_code,
            str(len(joined)),
            str(len(participants)),
            *self.link.problems,
        )
        if shown != self._shown:
            self._shown = shown
            line = Content.assemble(
                ("Remote voting: ", "bold"),
                info.url,
                " · code ",
                (info.join_code, "bold $accent"),
                f" · {len(joined)} of {len(participants)} joined",
            )
            if self.link.problems:
                line = Content.assemble(
                    line, ("\nIgnored: ", "bold $error"), "; ".join(self.link.problems)
                )
            self.update(line)
        if not self.display:
            self.display = True

    def end_session(self) -> None:
        """Tell every voting app that the session is over."""
        if self.link.serve_info() is not None:
            self.link.end()
