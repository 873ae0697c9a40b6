"""The app's remote-voting session: starts and stops the web server, keeps the room in step with
the Assess screen, and hands the screen each vote to record.

The app owns at most one `RemoteVoting` at a time. The rules are the room's
(`ops_maturity.core.remote.room`), the transport is the web server's (`ops_maturity.web.server`,
imported here only when voting starts, in a thread so the screen never stalls on aiohttp's
import). This module only bridges: a vote the room lets through becomes a `RemoteVoteCast`
message to the Assess screen, whose `RemoteVoteRelay` (`ui/remote/relay.py`) records and saves it
like a key press, in the same queue as the facilitator's keys, and answers its future; only then
does the page hear "Counted".
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.message import Message

from ops_maturity.core.model.votes import Mode, mode_of
from ops_maturity.core.remote.options import RemoteOptions
from ops_maturity.core.remote.question import RoomQuestion
from ops_maturity.core.remote.room import CastVote, Room, VoteOutcome
from ops_maturity.ui.dialogs.remote_join import RemoteJoinDialog

if TYPE_CHECKING:
    from textual.app import App

    from ops_maturity.ui.app import OpsMaturityApp
    from ops_maturity.web.server import VotingServer


class RemoteVoteCast(Message):
    """A participant voted from their device; the Assess screen records it and answers `reply`."""

    def __init__(self, vote: CastVote, reply: asyncio.Future[VoteOutcome]) -> None:
        super().__init__()
        self.vote = vote
        self.reply = reply


class RemoteVoting:
    """One remote-voting session of the open assessment."""

    def __init__(
        self,
        app: App[Any],
        options: RemoteOptions,
        *,
        team: str,
        participants: list[str],
        anonymous: bool,
    ) -> None:
        self.app = app
        self.options = options
        self.room = Room(team, participants, anonymous=anonymous)
        self.room.on_change = self._changed
        self.server: VotingServer | None = None
        self.running = False
        self.status = "Remote voting is starting…"
        """The status line's text while not running: starting, stopped (and when), failed."""
        self._listeners: list[Callable[[], None]] = []

    # ------------------------------------------------------------ listeners

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener` after joins, departures, refusals, start and stop."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # ------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    @property
    def join_link(self) -> str:
        """The page's address with the code, for the QR code: the page fills the code in."""
        return f"{self.url.rstrip('/')}/#code={self.room.code}" if self.server else ""

    async def start(self) -> bool:
        """Start serving. False (with the reason in `status`) when it cannot."""
        module = await asyncio.to_thread(importlib.import_module, "ops_maturity.web.server")
        server: VotingServer = module.VotingServer(
            self.room, self, public_url=self.options.public_url
        )
        try:
            try:
                await server.start(self.options.host, self.options.port)
            except module.ServerStartError:
                if not self.options.fall_back_to_any_port:
                    raise
                await server.start(self.options.host, 0)
        except module.ServerStartError as error:
            self.status = (
                f"Remote voting could not start: {error}. "
                "Try another port (--port 0 picks a free one)."
            )
            self._changed()
            return False
        self.server = server
        self.running = True
        self._changed()
        return True

    async def stop(self, reason: str = "The facilitator stopped remote voting.") -> None:
        """Tell every page why, close every connection, stop listening."""
        if not self.running or self.server is None:
            return
        self.running = False
        await self.server.stop(reason)
        self.status = f"Remote voting stopped at {datetime.now():%H:%M}. {reason}"
        self._changed()

    # ------------------------------------------------------------ the room

    def publish(self, question: RoomQuestion | None) -> None:
        """The question on the shared screen now (None: nothing to vote on)."""
        if self.room.show(question) and self.server is not None and self.running:
            self.server.publish()

    def release(self, name: str) -> bool:
        """Free a name: its token stops working and its pages go back to joining."""
        if name not in self.room.joined():
            return False
        closed = self.room.release(name)
        if self.server is not None:
            self.server.close_connections(
                closed, "signed-out", "The facilitator released your name. Join again to vote."
            )
        return True

    async def submit(self, vote: CastVote) -> VoteOutcome:
        """Hand the vote to the Assess screen and wait until it is recorded and saved."""
        from ops_maturity.ui.screens.assess import AssessScreen

        screen = next((s for s in self.app.screen_stack if isinstance(s, AssessScreen)), None)
        if screen is None:
            return VoteOutcome(False, reason="Not counted: the facilitator has no question open.")
        reply: asyncio.Future[VoteOutcome] = asyncio.get_running_loop().create_future()
        screen.post_message(RemoteVoteCast(vote, reply))
        return await reply


async def start_remote_voting(app: OpsMaturityApp, options: RemoteOptions | None) -> None:
    """Start remote voting on the open assessment (team mode), then show how to join.

    Any earlier session is stopped first. When it cannot start, the status line says why.
    """
    assessment = app.assessment
    if assessment is None:
        app.notify("Open an assessment first.", severity="warning")
        return
    if app.read_only:
        app.notify(
            "Read-only: this assessment is open in another session, so it cannot take votes.",
            severity="warning",
        )
        return
    if mode_of(assessment) is not Mode.TEAM:
        app.notify(
            "Remote voting needs team mode: two or more participants (t switches modes).",
            severity="warning",
        )
        return
    if app.remote_voting is not None:
        await app.remote_voting.stop("The facilitator restarted remote voting: join again.")
    session = RemoteVoting(
        app,
        options or RemoteOptions(fall_back_to_any_port=True),
        team=assessment.team,
        participants=list(assessment.participants),
        anonymous=assessment.anonymous_votes,
    )
    app.remote_voting = session
    if await session.start():
        app.push_screen(RemoteJoinDialog(session.url, session.room.code, session.join_link))
    else:
        app.notify(session.status, severity="error", timeout=10, markup=False)
