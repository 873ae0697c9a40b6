"""The Assess screen's side of remote voting: what the room is told, and the votes it sends back.

The screen owns one `RemoteVoteRelay`. It tells the app's remote-voting session (`RemoteVoting`)
which question is on screen (none in solo mode), answers which participants vote from their own
device (the facilitator's pointer skips them), and records each vote a page casts
(`RemoteVoteCast`) in turn with the keys: through the core's rules, then the screen's one save
path; votes that arrive together are saved once, and only then is each page told "Counted".
It holds no rules of its own (those are `ops_maturity.core.remote`, imported only once remote
voting has started, so a session without it never loads them).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ops_maturity.core.remote.room import VoteOutcome
    from ops_maturity.ui.remote.session import RemoteVoteCast, RemoteVoting
    from ops_maturity.ui.screens.assess import AssessScreen

NOT_SAVED_YET = (
    "Received, but not saved yet: the facilitator's app cannot write its file. It keeps trying."
)


class RemoteVoteRelay:
    """Keeps the room in step with one Assess screen."""

    def __init__(self, screen: AssessScreen) -> None:
        self._screen = screen
        self._acks: list[tuple[asyncio.Future[VoteOutcome], str]] = []
        """Remote votes recorded but not yet saved, with their pages' answers."""

    @property
    def session(self) -> RemoteVoting | None:
        return self._screen.ops_app.remote_voting

    # ------------------------------------------------------------ the room

    def follow(self, session: RemoteVoting | None) -> None:
        """Remote voting started or stopped: mark who joined and publish the question."""
        if session is not None:
            self._mount_panel()
            session.subscribe(self.room_changed)
        self.room_changed()

    def _mount_panel(self) -> None:
        """The screen's remote-voting panel, under the save warning: mounted the first time
        remote voting starts (a session without it never composes the panel)."""
        screen = self._screen
        if not screen.query("#remote-panel"):
            from ops_maturity.ui.widgets.remote_panel import RemotePanel

            screen.mount(RemotePanel(id="remote-panel"), after="#save-warning")

    def room_changed(self) -> None:
        """Someone joined or left: the pointer leaves a participant who now votes remotely."""
        screen = self._screen
        if not (screen.team_mode and screen.is_attached):
            return
        grid = screen.vote_grid
        name = grid.highlighted_participant
        screen.team.show_votes()
        if name is not None and self.votes_remotely(name):
            grid.highlight_first_open(screen.team.skips)

    def publish(self) -> None:
        """Tell remote voters the question on screen (none in solo mode) and its round."""
        session = self.session
        if session is None:
            return
        from ops_maturity.core.remote.question import room_question

        screen = self._screen
        session.publish(
            room_question(screen.questionnaire, screen.assessment, screen.index)
            if screen.team_mode
            else None
        )

    def votes_remotely(self, name: str) -> bool:
        """True when the facilitator's keys should leave this participant's vote alone."""
        session = self.session
        return session is not None and session.room.is_remote_voter(self._screen.question.id, name)

    def voted_remotely(self) -> frozenset[str]:
        """Participants whose vote on the question on screen came from their own device."""
        session = self.session
        if session is None:
            return frozenset()
        return session.room.voted_remotely(self._screen.question.id)

    def joined(self) -> frozenset[str]:
        """Participants holding their name on a device."""
        session = self.session
        return frozenset(session.room.joined()) if session is not None else frozenset()

    def forget_vote(self, question_id: str, name: str) -> None:
        """The facilitator replaced this remote vote: it is theirs no longer."""
        if (session := self.session) is not None:
            session.room.forget_remote_vote(question_id, name)

    # ------------------------------------------------------------ votes in

    def receive(self, event: RemoteVoteCast) -> None:
        """Record a vote cast from a participant's device, then save it with any others queued."""
        session, screen = self.session, self._screen
        if session is None or event.reply.done():
            return  # the page was already told its vote may not count
        from ops_maturity.core.remote.intake import record_remote_vote
        from ops_maturity.core.remote.room import Refusal, VoteOutcome

        if screen.ops_app.read_only:
            event.reply.set_result(VoteOutcome(False, reason="Not counted: read-only session."))
            return
        try:
            label = record_remote_vote(
                session.room, screen.questionnaire, screen.assessment, event.vote
            )
        except Refusal as refusal:
            event.reply.set_result(VoteOutcome(False, reason=refusal.reason))
            return
        grid = screen.vote_grid
        if grid.highlighted_participant == event.vote.name:  # their own key now: move on
            grid.highlight_next(screen.team.skips)
        self._acks.append((event.reply, label))
        if len(self._acks) == 1:  # after the votes already queued: one save for all
            screen.call_later(self._save)

    def _save(self) -> None:
        """Save the remote votes recorded since the last save; only then are they 'Counted'."""
        from ops_maturity.core.remote.room import VoteOutcome

        acks, self._acks = self._acks, []
        saved = self._screen.save_and_show()
        reason = "" if saved else NOT_SAVED_YET
        for reply, label in acks:
            if not reply.done():
                reply.set_result(VoteOutcome(True, saved=saved, label=label, reason=reason))
