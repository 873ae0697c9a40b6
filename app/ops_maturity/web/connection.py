"""One page's websocket and the one task that writes to it, in order.

Messages wait in a bounded outbox (`MAX_OUTBOX`): a page that falls further behind is closed and
reconnects by itself. A state update is coalesced (only the newest is sent), every send has a
time-out, and closing sends the reason first.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any

from aiohttp import web

from ops_maturity.core.remote.protocol import closed_message, encode
from ops_maturity.web.limits import MAX_OUTBOX, SEND_TIMEOUT_SECONDS


class PageConnection:
    """A signed-in page: its participant's name, its connection id and its outbox."""

    def __init__(self, ws: web.WebSocketResponse, name: str, connection_id: int) -> None:
        self.ws = ws
        self.name = name
        self.id = connection_id
        self._outbox: deque[str] = deque()
        self._state_due = False
        self._closing: tuple[str, str] | None = None
        self._wake = asyncio.Event()

    def send(self, message: dict[str, Any]) -> None:
        if len(self._outbox) >= MAX_OUTBOX:
            self.close("signed-out", "This page fell behind; it reconnects by itself.")
            return
        self._outbox.append(encode(message))
        self._wake.set()

    def want_state(self) -> None:
        self._state_due = True
        self._wake.set()

    def close(self, kind: str, reason: str) -> None:
        if self._closing is None:
            self._closing = (kind, reason)
        self._wake.set()

    async def run(self, state_for: Callable[[str], dict[str, Any]]) -> None:
        """Send what is due, the newest state first, until closed."""
        ws = self.ws
        try:
            while not ws.closed:
                await self._wake.wait()
                self._wake.clear()
                if self._state_due:
                    self._state_due = False
                    await asyncio.wait_for(
                        ws.send_str(encode(state_for(self.name))), SEND_TIMEOUT_SECONDS
                    )
                while self._outbox:
                    await asyncio.wait_for(
                        ws.send_str(self._outbox.popleft()), SEND_TIMEOUT_SECONDS
                    )
                if self._closing is not None:
                    kind, reason = self._closing
                    await asyncio.wait_for(
                        ws.send_str(encode(closed_message(kind, reason))), SEND_TIMEOUT_SECONDS
                    )
                    await ws.close(code=4000)
                    return
        except (TimeoutError, ConnectionError, RuntimeError):
            await ws.close(code=1011)
