"""Every limit of the voting server, in one place: time-outs, and how much one page, one socket
or everyone together may hold. Message and body sizes are the protocol's (`MAX_MESSAGE_BYTES` in
`ops_maturity.core.remote.protocol`), and the room caps its own members and join attempts."""

from __future__ import annotations

HEARTBEAT_SECONDS = 20.0
"""A websocket that stops answering pings for this long is closed."""
KEEPALIVE_SECONDS = 15.0
"""An idle HTTP connection is closed after this long."""
SEND_TIMEOUT_SECONDS = 10.0
"""A page that takes longer than this to take one message is closed (it reconnects)."""
SUBMIT_TIMEOUT_SECONDS = 10.0
"""How long a vote waits for the facilitator's app to record and save it."""
MAX_OPEN_SOCKETS = 200
"""Websockets open at once, signed in or not (the room caps signed-in ones lower)."""
MAX_OUTBOX = 64
"""Messages waiting for a slow page; past it, the page is closed (it reconnects)."""
MAX_HEADER_BYTES = 4096
"""The longest request line and header field aiohttp accepts."""
SHUTDOWN_SECONDS = 1.0
"""How long stopping waits for open requests."""
