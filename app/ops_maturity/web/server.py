"""The remote-voting web server: one page, one join endpoint, one websocket, around a `Room`.

A thin adapter: every rule (the join code, tokens, limits, which vote counts) is in
`ops_maturity.core.remote.room`, every message is checked by `ops_maturity.core.remote.protocol`,
and each accepted vote goes to a `VoteSink` (the facilitator's app), which records and saves it
before the page is told "Counted". It runs inside the app's own asyncio loop (aiohttp's
`AppRunner` on a socket it binds itself, so port 0 works and the port is read back), starts no
process and no thread, and prints nothing: the access log is off, aiohttp's own log records are
kept from the terminal (Textual owns it) and the latest one is shown on the facilitator's status
line instead.

Routes: `GET /` the page (`page.py`: its policy and every response's headers), `POST /join` (the
code, then a name: sets the token cookie), `GET /ws` (the participant's websocket, written by a
`PageConnection`). Every POST and websocket must pass the `OriginCheck` (`origin.py`). Bodies and
messages are capped at `MAX_MESSAGE_BYTES` before they are read; connections per participant and
in all, time-outs and outboxes are capped (`limits.py`). aiohttp is imported only in this package,
and this package only when remote voting starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiohttp import WSMsgType, web

from ops_maturity.core.remote.protocol import (
    MAX_MESSAGE_BYTES,
    ProtocolError,
    VoteMessage,
    closed_message,
    counted_message,
    encode,
    joined_reply,
    offer_reply,
    parse_client_message,
    parse_join_request,
    refused_message,
    refused_reply,
    state_message,
    unsaved_message,
)
from ops_maturity.core.remote.room import (
    CastVote,
    MessageBudget,
    Refusal,
    RefusalKind,
    Room,
    VoteOutcome,
)
from ops_maturity.web.connection import PageConnection
from ops_maturity.web.limits import (
    HEARTBEAT_SECONDS,
    KEEPALIVE_SECONDS,
    MAX_HEADER_BYTES,
    MAX_OPEN_SOCKETS,
    SHUTDOWN_SECONDS,
    SUBMIT_TIMEOUT_SECONDS,
)
from ops_maturity.web.origin import OriginCheck
from ops_maturity.web.page import add_security_headers, load_page, page_response, shown_url

_STATUS_FOR = {
    RefusalKind.WRONG_CODE: 403,
    RefusalKind.TOO_MANY_TRIES: 429,
    RefusalKind.NAME_TAKEN: 409,
    RefusalKind.NOT_A_PARTICIPANT: 403,
    RefusalKind.FULL: 503,
    RefusalKind.VOTE: 409,
}


class VoteSink(Protocol):
    """The facilitator's app: records a vote the room accepted, saves it, and says so."""

    def submit(self, vote: CastVote) -> Awaitable[VoteOutcome]: ...


class ServerStartError(Exception):
    """The server could not start (the port is taken, the address is not this machine's)."""


class _ServerLogKeeper(logging.Handler):
    """Keeps aiohttp's log records off the terminal; the latest goes to the status line."""

    def __init__(self, note: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self._note = note

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):  # a log handler must never raise
            self._note(f"Voting server: {record.getMessage()[:200]}")


class VotingServer:
    """Serves the room over HTTP and websockets until `stop`."""

    def __init__(
        self,
        room: Room,
        sink: VoteSink,
        *,
        public_url: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.room = room
        self.sink = sink
        self.public_url = public_url
        self.clock = clock
        self.page = load_page()
        self.cookie = f"om_vote_{secrets.token_hex(4)}"
        """A name of its own per server, so a restarted or second server ignores old tokens."""
        self.origins = OriginCheck(public_url)
        self._runner: web.AppRunner | None = None
        self._connections: dict[int, PageConnection] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._open_sockets = 0
        self._log_keeper = _ServerLogKeeper(self._note)
        self.host = ""
        self.port = 0
        self.stopped = False

    # ------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        """The address participants open (public URL when given)."""
        return self.public_url or shown_url(self.host, self.port)

    async def start(self, host: str, port: int) -> None:
        """Bind `host:port` (0: any free port, read back into `port`) and serve."""
        try:
            info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
            sock = socket.socket(info[0], socket.SOCK_STREAM)
        except OSError as error:
            raise ServerStartError(
                f"cannot use address {host!r}: {error.strerror or error}"
            ) from None
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(info[4])
            sock.listen(128)
            sock.setblocking(False)
        except OSError as error:
            sock.close()
            reason = "the port is in use" if error.errno == 98 else (error.strerror or str(error))
            raise ServerStartError(f"cannot listen on {host} port {port}: {reason}") from None
        self.host, self.port = host, int(sock.getsockname()[1])
        application = web.Application(client_max_size=MAX_MESSAGE_BYTES)
        application.middlewares.append(self._guard)
        application.on_response_prepare.append(add_security_headers)
        application.router.add_get("/", self._page)
        application.router.add_get("/favicon.ico", self._no_icon)
        application.router.add_post("/join", self._join)
        application.router.add_get("/ws", self._websocket)
        logger = logging.getLogger("aiohttp")
        logger.addHandler(self._log_keeper)
        logger.propagate = False
        self._runner = web.AppRunner(
            application,
            access_log=None,
            handle_signals=False,
            shutdown_timeout=SHUTDOWN_SECONDS,
            keepalive_timeout=KEEPALIVE_SECONDS,
            max_line_size=MAX_HEADER_BYTES,
            max_field_size=MAX_HEADER_BYTES,
        )
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()

    async def stop(self, reason: str = "The facilitator stopped remote voting.") -> None:
        """Tell every page why, close every connection, stop listening."""
        if self.stopped:
            return
        self.stopped = True
        for connection in list(self._connections.values()):
            connection.close("ended", reason)
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=2.0)
        if self._runner is not None:
            await self._runner.cleanup()
        logger = logging.getLogger("aiohttp")
        logger.removeHandler(self._log_keeper)
        logger.propagate = True

    # ------------------------------------------------------------- pushing

    def publish(self) -> None:
        """The room's question changed: every page gets its state (coalesced per page)."""
        for connection in self._connections.values():
            connection.want_state()

    def close_connections(self, ids: tuple[int, ...], kind: str, reason: str) -> None:
        for connection_id in ids:
            if (connection := self._connections.get(connection_id)) is not None:
                connection.close(kind, reason)

    def _state_for(self, name: str) -> dict[str, Any]:
        room = self.room
        return state_message(
            room.round,
            room.question,
            name=name,
            team=room.team,
            participant_count=len(room.participants),
            anonymous=room.anonymous,
        )

    def _note(self, text: str) -> None:
        self.room.last_notice = text
        if self.room.on_change is not None:
            self.room.on_change()

    # ------------------------------------------------------------ handlers

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """No traceback ever leaves the server: unexpected errors become a plain 500."""
        try:
            return await handler(request)
        except web.HTTPException:
            raise
        except (asyncio.CancelledError, ConnectionError):
            raise
        except Exception as error:
            self._note(f"Voting server error on {request.path[:40]}: {type(error).__name__}")
            return web.Response(status=500, text="Something went wrong on the facilitator's side.")

    async def _page(self, request: web.Request) -> web.Response:
        return page_response(self.page)

    async def _no_icon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def _join(self, request: web.Request) -> web.Response:
        if not self.origins.allows(request):
            return web.json_response(refused_reply("Open the voting page itself."), status=403)
        length = request.content_length
        if length is not None and length > MAX_MESSAGE_BYTES:
            raise web.HTTPRequestEntityTooLarge(max_size=MAX_MESSAGE_BYTES, actual_size=length)
        body = await request.read()  # aiohttp stops at client_max_size, chunked or not
        try:
            wanted = parse_join_request(body)
        except ProtocolError as error:
            return web.json_response(refused_reply(str(error)), status=400)
        address = self.origins.client_address(request)
        try:
            if wanted.name is None and not self.room.anonymous:
                return web.json_response(offer_reply(self.room.offer(address, wanted.code)))
            membership = self.room.join(address, wanted.code, wanted.name)
        except Refusal as refusal:
            return web.json_response(
                refused_reply(refusal.reason), status=_STATUS_FOR[refusal.kind]
            )
        response = web.json_response(joined_reply(membership.name))
        response.set_cookie(
            self.cookie,
            membership.token,
            httponly=True,
            samesite="Strict",
            secure=bool(self.public_url and self.public_url.startswith("https:")),
            path="/",
        )
        return response

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.origins.allows(request):
            return web.Response(status=403, text="Cross-origin websocket refused.")
        if self._open_sockets >= MAX_OPEN_SOCKETS or self.stopped:
            return web.Response(status=503, text="Too many connections.")
        ws = web.WebSocketResponse(
            max_msg_size=MAX_MESSAGE_BYTES, heartbeat=HEARTBEAT_SECONDS, compress=False
        )
        await ws.prepare(request)
        self._open_sockets += 1
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self._serve_socket(request, ws)
        except (asyncio.CancelledError, ConnectionError):
            raise
        except Exception as error:  # never a traceback: this page's socket closes, and it says so
            self._note(f"Voting server error on a websocket: {type(error).__name__}")
            await ws.close(code=1011)
        finally:
            self._open_sockets -= 1
            self._tasks.discard(task)
        return ws

    async def _serve_socket(self, request: web.Request, ws: web.WebSocketResponse) -> None:
        name = self.room.member_name(request.cookies.get(self.cookie, ""))
        if name is None:
            await ws.send_str(encode(closed_message("signed-out", "Join with the code to vote.")))
            await ws.close(code=4001)
            return
        try:
            admission = self.room.connect(name)
        except Refusal as refusal:
            await ws.send_str(encode(closed_message("signed-out", refusal.reason)))
            await ws.close(code=4002)
            return
        connection = PageConnection(ws, name, admission.connection_id)
        self._connections[connection.id] = connection
        self.close_connections(
            admission.evicted,
            "replaced",
            f"{name} opened the voting page somewhere else; this page stopped.",
        )
        sender = asyncio.get_running_loop().create_task(connection.run(self._state_for))
        connection.want_state()
        budget = MessageBudget(self.clock)
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    await self._handle(connection, message.data, budget)
                elif message.type == WSMsgType.BINARY:
                    connection.send(refused_message("Not a JSON message."))
                else:
                    break
        finally:
            self._connections.pop(connection.id, None)
            self.room.disconnect(connection.id)
            if not sender.done():
                connection.close("ended", "")
                with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                    await asyncio.wait_for(asyncio.shield(sender), 1.0)
                sender.cancel()

    async def _handle(self, connection: PageConnection, data: str, budget: MessageBudget) -> None:
        if not budget.allow():
            connection.send(refused_message("Too many messages at once: wait a moment."))
            return
        if self.room.connection_owner(connection.id) is None:
            connection.close("signed-out", "The facilitator released your name. Join again.")
            return
        try:
            message = parse_client_message(data)
        except ProtocolError as error:
            connection.send(refused_message(str(error)))
            return
        await self._vote(connection, message)

    async def _vote(self, connection: PageConnection, message: VoteMessage) -> None:
        vote = CastVote(connection.name, message.question_id, message.round, message.value)
        try:
            self.room.check_vote(vote)
        except Refusal as refusal:
            connection.send(refused_message(refusal.reason, message.question_id))
            return
        try:
            outcome = await asyncio.wait_for(self.sink.submit(vote), SUBMIT_TIMEOUT_SECONDS)
        except TimeoutError:
            connection.send(
                refused_message(
                    "The facilitator's app did not answer in time: your vote may not be counted. "
                    "Vote again.",
                    message.question_id,
                )
            )
            return
        if not outcome.counted:
            connection.send(refused_message(outcome.reason, message.question_id))
        elif not outcome.saved:
            connection.send(unsaved_message(outcome.reason, message.question_id))
        else:
            connection.send(counted_message(message, outcome.label))
