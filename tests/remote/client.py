"""Helpers for the remote-voting tests: a participant's page without a browser, and waiting.

`Participant` speaks to the voting server exactly as the page does (POST /join, then the
websocket, with the Origin header a browser sends), so the server and the app are tested as
deployed. `until` waits for a condition while the app keeps running; nothing sleeps a fixed time.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
from ops_maturity.core.remote.options import RemoteOptions
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.remote.session import RemoteVoting
from textual.pilot import Pilot

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "examples" / "minimal-questionnaire.toml"
PEOPLE = ["Ana", "Bo", "Chen"]
WAIT_SECONDS = 20.0


async def until(
    condition: Callable[[], object], pilot: Pilot[Any] | None = None, seconds: float = WAIT_SECONDS
) -> None:
    """Wait until `condition()` is true (letting the app run), or fail after `seconds`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"not true within {seconds} s: {condition}")
        if pilot is not None:
            await pilot.pause(0.02)
        else:
            await asyncio.sleep(0.02)


def team_app(folder: Path, *, people: list[str] = PEOPLE, **options: Any) -> OpsMaturityApp:
    """A team session of the minimal questionnaire that starts remote voting on any free port."""
    return make_app(
        questionnaire=str(MINIMAL),
        team="Payments",
        label="2026-Q4",
        participants=people,
        folder=folder,
        remote=RemoteOptions(port=0, **options),
    )


async def remote_running(app: OpsMaturityApp, pilot: Pilot[Any]) -> RemoteVoting:
    """Wait for remote voting to run, close the how-to-join dialog, return the session."""
    await until(lambda: app.remote_voting is not None and app.remote_voting.running, pilot)
    session = app.remote_voting
    assert session is not None
    await until(lambda: type(app.screen).__name__ == "RemoteJoinDialog", pilot)
    await pilot.press("escape")
    await until(lambda: type(app.screen).__name__ == "AssessScreen", pilot)
    return session


class Participant:
    """One participant's page, spoken to the server without a browser."""

    def __init__(
        self, base_url: str, *, origin: str | None = None, local_address: str | None = None
    ) -> None:
        self.base = base_url.rstrip("/")
        self.origin = self.base if origin is None else origin
        connector = aiohttp.TCPConnector(
            limit=0, local_addr=(local_address, 0) if local_address else None
        )
        # Browsers keep cookies for IP hosts; aiohttp's jar does only when told it may.
        self.session = aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True)
        )
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.state: dict[str, Any] = {}
        self.received: list[dict[str, Any]] = []

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        await self.session.close()

    async def __aenter__(self) -> Participant:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    def _headers(self) -> dict[str, str]:
        return {"Origin": self.origin} if self.origin else {}

    async def post_join(self, code: str, name: str | None = None) -> tuple[int, dict[str, Any]]:
        body: dict[str, Any] = {"code": code} if name is None else {"code": code, "name": name}
        async with self.session.post(
            f"{self.base}/join", json=body, headers=self._headers()
        ) as response:
            return response.status, await response.json()

    async def join(self, code: str, name: str) -> None:
        """Join as `name` and open the websocket; the first state arrives."""
        status, reply = await self.post_join(code, name)
        assert status == 200 and reply.get("joined") == name, (status, reply)
        await self.connect()
        await self.next("state")

    async def connect(self) -> aiohttp.ClientWebSocketResponse:
        self.ws = await self.session.ws_connect(f"{self.base}/ws", headers=self._headers())
        return self.ws

    async def next(self, *kinds: str, seconds: float = WAIT_SECONDS) -> dict[str, Any]:
        """The next message of one of these types (states seen on the way are kept)."""
        assert self.ws is not None
        while True:
            message = await asyncio.wait_for(self.ws.receive(), seconds)
            if message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"websocket closed: {message}")
            data: dict[str, Any] = json.loads(message.data)
            self.received.append(data)
            if data["type"] == "state":
                self.state = data
            if data["type"] in kinds:
                return data

    @property
    def question(self) -> dict[str, Any]:
        question = self.state.get("question")
        assert isinstance(question, dict), self.state
        return question

    async def send_vote(
        self, value: int | str, *, question: str | None = None, round_: int | None = None
    ) -> None:
        assert self.ws is not None
        await self.ws.send_str(
            json.dumps(
                {
                    "type": "vote",
                    "question": question or self.question["id"],
                    "round": self.state["round"] if round_ is None else round_,
                    "value": value,
                }
            )
        )

    async def vote(self, value: int | str, **where: Any) -> dict[str, Any]:
        """Vote and return the answer: counted, refused or unsaved."""
        await self.send_vote(value, **where)
        return await self.next("counted", "refused", "unsaved")

    def choice(self, position: int) -> int:
        """The value of choice `position` (1 = the first) of the question shown."""
        value = self.question["choices"][position - 1]["value"]
        assert isinstance(value, int)
        return value
