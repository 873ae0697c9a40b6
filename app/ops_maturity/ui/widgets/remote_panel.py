"""The facilitator's remote-voting status line: where to join, who joined, the latest refusal.

Hidden until remote voting starts. While it runs: "Remote voting · http://127.0.0.1:8000/ · code
K7QF3M · 2 of 3 joined: Ana, Bo (offline)", and under it the room's latest notice (a join, a lost
connection, or a refused vote and why). After it stops (or when it could not start) it says so,
with the time. It follows the app's `remote_voting` and redraws when the room changes; it never
touches the room. Names are shown literally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from ops_maturity.ui.text import literal_line

if TYPE_CHECKING:
    from ops_maturity.ui.remote.session import RemoteVoting


class RemotePanel(Static):
    """One or two lines about remote voting, under the question."""

    DEFAULT_CSS = """
    RemotePanel {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._session: RemoteVoting | None = None
        self.display = False

    def on_mount(self) -> None:
        self.watch(self.app, "remote_voting", self._follow)

    def on_unmount(self) -> None:
        self._follow(None)

    def _follow(self, session: RemoteVoting | None) -> None:
        if self._session is not None:
            self._session.unsubscribe(self.show_session)
        self._session = session
        if session is not None:
            session.subscribe(self.show_session)
        self.show_session()

    def show_session(self) -> None:
        session = self._session
        self.display = session is not None
        if session is None:
            return
        if not session.running:
            self.update(Content.styled(session.status, "bold $warning"))
            return
        room = session.room
        joined = room.joined()
        online = set(room.online())
        names = Content(", ").join(
            literal_line(name)
            if name in online
            else Content.assemble(literal_line(name), " (offline)")
            for name in joined
        )
        line = Content.assemble(
            ("Remote voting", "bold $accent"),
            " · ",
            literal_line(session.url),
            " · code ",
            (room.code, "bold"),
            f" · {len(joined)} of {len(room.participants)} joined",
            Content.assemble(": ", names) if joined else "",
        )
        if room.last_notice:
            line = Content.assemble(line, "\n", literal_line(room.last_notice, "$text-muted"))
        self.update(line)
