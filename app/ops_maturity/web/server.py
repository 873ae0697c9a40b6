"""The remote-voting web server: one page, one join endpoint, one websocket, around a `Room`.

A thin adapter: every rule (the join code, tokens, limits, which vote counts) is in
`ops_maturity.core.remote.room`, every message is checked by `ops_maturity.core.remote.protocol`,
and each accepted vote goes to a `VoteSink` (the facilitator's app), which records and saves it
before the page is told "Counted". It runs inside the app's own asyncio loop (aiohttp's
`AppRunner` on a socket it binds itself, so port 0 works and the port is read back), starts no
process and no thread, and prints nothing: the access log is off, aiohttp's own log records are
kept from the terminal (Textual owns it) and the latest one is shown on the facilitator's status
line instead.

Routes: `GET /` the page (strict Content-Security-Policy: its inline style and script by hash,
nothing from anywhere else), `POST /join` (the code, then a name: sets the token cookie),
`GET /ws` (the participant's websocket). Every POST and websocket must come from the page's own
origin, or from `--public-url`'s. Bodies and messages are capped at `MAX_MESSAGE_BYTES` before
they are read; connections per participant and in all are capped; idle HTTP connections are closed
after `KEEPALIVE_SECONDS`, and websockets that stop answering pings after `HEARTBEAT_SECONDS`.
aiohttp is imported only here, and this module only when remote voting starts.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import ipaddress
import logging
import re
import secrets
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol
from urllib.parse import urlsplit

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

HEARTBEAT_SECONDS = 20.0
KEEPALIVE_SECONDS = 15.0
SEND_TIMEOUT_SECONDS = 10.0
SUBMIT_TIMEOUT_SECONDS = 10.0
MAX_OPEN_SOCKETS = 200
"""Websockets open at once, signed in or not (the room caps signed-in ones lower)."""
MAX_OUTBOX = 64
"""Messages waiting for a slow page; past it, the page is closed (it reconnects)."""

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


@dataclass(frozen=True)
class VotingPage:
    """The page's HTML and the Content-Security-Policy that allows exactly its inline code."""

    html: bytes
    policy: str


def _hash_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def load_page() -> VotingPage:
    """The page shipped in the package, with a policy naming its one style and one script."""
    html = resources.files(__package__).joinpath("vote.html").read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    assert style is not None and script is not None, "vote.html needs one <style> and one <script>"
    policy = (
        "default-src 'none'; "
        f"style-src {_hash_source(style.group(1))}; "
        f"script-src {_hash_source(script.group(1))}; "
        "connect-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )
    return VotingPage(html.encode("utf-8"), policy)


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def _host_name(host_header: str) -> str:
    """'[::1]:8000' -> '::1', 'vote.example.org:443' -> 'vote.example.org'."""
    if host_header.startswith("["):
        return host_header[1 : host_header.find("]")] if "]" in host_header else ""
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def shown_url(host: str, port: int) -> str:
    """The address to show for a bound socket ('0.0.0.0' is shown as this machine's name)."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


class _ServerLogKeeper(logging.Handler):
    """Keeps aiohttp's log records off the terminal; the latest goes to the status line."""

    def __init__(self, note: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self._note = note

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):  # a log handler must never raise
            self._note(f"Voting server: {record.getMessage()[:200]}")


class _Connection:
    """One page's websocket and the one task that writes to it, in order."""

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
        self._public_origin = _origin_of(public_url) if public_url else ""
        self._public_host = urlsplit(public_url).hostname or "" if public_url else ""
        self._known_hosts = {"localhost", socket.gethostname().lower()}
        with contextlib.suppress(OSError):
            self._known_hosts.add(socket.getfqdn().lower())
        self._runner: web.AppRunner | None = None
        self._connections: dict[int, _Connection] = {}
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
        application.on_response_prepare.append(self._headers)
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
            shutdown_timeout=1.0,
            keepalive_timeout=KEEPALIVE_SECONDS,
            max_line_size=4096,
            max_field_size=4096,
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

    # ------------------------------------------------------------- checks

    def _origin_ok(self, request: web.Request) -> bool:
        """The request comes from the page's own origin (or --public-url's).

        The Host it names must be an IP address, localhost, this machine's name or the public
        URL's host, so a page on another site cannot reach this server by re-pointing its own
        name at this address (DNS rebinding)."""
        origin = request.headers.get("Origin", "").lower()
        if not origin:
            return False
        if self._public_origin and origin == self._public_origin:
            return True
        host = request.headers.get("Host", "").lower()
        name = _host_name(host)
        if not (_is_ip(name) or name in self._known_hosts or name == self._public_host):
            return False
        return origin == f"{request.scheme}://{host}"

    def client_address(self, request: web.Request) -> str:
        """The address wrong codes are counted under. Behind a proxy on this machine (with
        --public-url), the last X-Forwarded-For entry: the one the proxy itself added."""
        peer = request.remote or ""
        if self.public_url and peer in ("127.0.0.1", "::1"):
            forwarded = request.headers.get("X-Forwarded-For", "")
            last = forwarded.rsplit(",", 1)[-1].strip()
            if _is_ip(last):
                return last
        return peer

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

    async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
        headers = response.headers
        headers["Server"] = "ops-maturity"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Frame-Options"] = "DENY"
        headers["Cache-Control"] = "no-store"
        headers.setdefault("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")

    async def _page(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self.page.html,
            content_type="text/html",
            charset="utf-8",
            headers={"Content-Security-Policy": self.page.policy},
        )

    async def _no_icon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def _join(self, request: web.Request) -> web.Response:
        if not self._origin_ok(request):
            return web.json_response(refused_reply("Open the voting page itself."), status=403)
        length = request.content_length
        if length is not None and length > MAX_MESSAGE_BYTES:
            raise web.HTTPRequestEntityTooLarge(max_size=MAX_MESSAGE_BYTES, actual_size=length)
        body = await request.read()  # aiohttp stops at client_max_size, chunked or not
        try:
            wanted = parse_join_request(body)
        except ProtocolError as error:
            return web.json_response(refused_reply(str(error)), status=400)
        address = self.client_address(request)
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
        if not self._origin_ok(request):
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
        connection = _Connection(ws, name, admission.connection_id)
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

    async def _handle(self, connection: _Connection, data: str, budget: MessageBudget) -> None:
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

    async def _vote(self, connection: _Connection, message: VoteMessage) -> None:
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
