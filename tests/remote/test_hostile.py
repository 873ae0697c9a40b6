"""Remote voting under attack: other origins, oversized input, wrong codes, connection floods.

The facilitator's app runs headless (in this process, or in a child process where its memory is
measured from outside); every request goes over the loopback to its real server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from .client import Participant, remote_running, team_app, until

APP_PROCESS = Path(__file__).resolve().parent / "app_process.py"
ONE_MB = 1024 * 1024


def _status_field_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


def _children_of(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    children.append(int(entry.name))
    return children


async def test_another_origin_can_neither_open_a_websocket_nor_post(tmp_path: Path) -> None:
    """A page on another origin, a request with no Origin, and a re-pointed host name (DNS
    rebinding) are all refused before anything is read."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        port = session.server.port if session.server else 0
        for origin in ("http://evil.example", "", f"http://localhost.evil.example:{port}"):
            async with Participant(session.url, origin=origin) as intruder:
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await intruder.connect()
                assert refused.value.status == 403
                status, reply = await intruder.post_join(session.room.code, "Ana")
                assert status == 403 and reply["ok"] is False
        rebinding = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
        async with (
            aiohttp.ClientSession() as client,
            client.post(
                f"{session.url}join", json={"code": session.room.code}, headers=rebinding
            ) as response,
        ):
            assert response.status == 403
        assert session.room.joined() == []


async def test_the_public_urls_origin_is_accepted_behind_a_proxy(tmp_path: Path) -> None:
    """With --public-url, pages from that origin (through a proxy on this machine) may join, and
    wrong codes are counted per client as the proxy reports it (X-Forwarded-For)."""
    app = team_app(tmp_path, public_url="https://vote.example.org")
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        assert session.url == "https://vote.example.org"
        port = session.server.port if session.server else 0
        local = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as client:
            for attempt in range(6):
                async with client.post(
                    f"{local}/join",
                    json={"code": "WRONG1" if attempt < 5 else session.room.code},
                    headers={
                        "Origin": "https://vote.example.org",
                        "X-Forwarded-For": "203.0.113.7, 198.51.100.1",
                    },
                ) as response:
                    assert response.status == (403 if attempt < 5 else 429)
            async with client.post(
                f"{local}/join",
                json={"code": session.room.code},
                headers={"Origin": "https://vote.example.org", "X-Forwarded-For": "198.51.100.2"},
            ) as response:
                assert response.status == 200


async def test_wrong_codes_from_one_client_do_not_stop_another(tmp_path: Path) -> None:
    """Five wrong codes lock out that client's address only: another joins at once."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with (
            Participant(session.url, local_address="127.0.0.2") as guesser,
            Participant(session.url, local_address="127.0.0.3") as chen,
        ):
            for _ in range(5):
                status, _ = await guesser.post_join("WRONG1")
                assert status == 403
            status, reply = await guesser.post_join(session.room.code, "Ana")
            assert status == 429 and "Too many wrong codes" in reply["reason"]
            await chen.join(session.room.code, "Chen")
            assert (await chen.vote(chen.choice(2)))["type"] == "counted"


async def test_two_hundred_connections_leave_one_process(tmp_path: Path) -> None:
    """200 websockets and 200 idle connections start no process and no thread; a page is kept
    to a few sockets; a participant still joins and votes while they are open."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        server = session.server
        assert server is not None
        children, threads = _children_of(os.getpid()), threading.active_count()
        idle = [await asyncio.open_connection("127.0.0.1", server.port) for _ in range(200)]
        async with Participant(session.url) as ana:
            status, _ = await ana.post_join(session.room.code, "Ana")
            assert status == 200
            sockets = []
            for _ in range(4):
                sockets += await asyncio.gather(
                    *(
                        ana.session.ws_connect(f"{session.url}ws", headers={"Origin": ana.origin})
                        for _ in range(50)
                    )
                )
            assert _children_of(os.getpid()) == children
            assert threading.active_count() <= threads + 1
            await until(lambda: session.room.connection_count <= 3, pilot)
            assert session.room.online() == ["Ana"]
            async with Participant(session.url) as bo:
                await bo.join(session.room.code, "Bo")
                assert (await bo.vote(bo.choice(1)))["type"] == "counted"
            for ws in sockets:
                await ws.close()
        for _, writer in idle:
            writer.close()


async def test_bad_input_prints_nothing_and_leaves_no_traceback(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """Garbage HTTP, huge headers and a huge message write nothing to the terminal (Textual owns
    it) and no log record reaches the root logger."""
    caplog.set_level(logging.DEBUG)
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        port = session.server.port if session.server else 0
        for raw in (
            b"GARBAGE\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n",
            b"POST /join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64),  # a TLS hello
        ):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(raw)
            await writer.drain()
            await reader.read(1000)
            writer.close()
        async with Participant(session.url) as ana:
            await ana.join(session.room.code, "Ana")
            assert ana.ws is not None
            with contextlib.suppress(ConnectionError, aiohttp.ClientError):
                await ana.ws.send_str("x" * ONE_MB)
            while (closed := await ana.ws.receive(timeout=20)).type == aiohttp.WSMsgType.TEXT:
                pass
            assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        await pilot.pause()
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""
    assert not [record for record in caplog.records if record.name.startswith("aiohttp")]


async def test_the_page_loads_nothing_from_elsewhere_and_runs_only_its_own_code(
    tmp_path: Path,
) -> None:
    """The page is one file: a viewport, no outside URL, no innerHTML, and a policy that allows
    exactly its inline style and script."""
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        async with aiohttp.ClientSession() as client, client.get(session.url) as response:
            page = await response.text()
            headers = response.headers
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert not re.search(r"https?://|//[a-z]|\bsrc=|\bhref=|@import|url\(", page)
    assert "innerHTML" not in page and "eval(" not in page
    policy = headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none';")
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+';", policy)
    assert "unsafe" not in policy
    assert headers["Server"] == "ops-maturity"
    assert headers["X-Content-Type-Options"] == "nosniff"


async def test_a_megabyte_message_and_post_are_refused_and_memory_stays_flat(
    tmp_path: Path,
) -> None:
    """1 MB websocket messages and 1 MB POSTs (sized or chunked) are refused before they are
    read: the app's process grows by under 20 MB and still counts votes after."""
    process = subprocess.Popen(
        [sys.executable, str(APP_PROCESS), str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), 60)
        info: dict[str, Any] = json.loads(line)
        pid, url, code = info["pid"], info["url"], info["code"]
        async with Participant(url) as ana:
            await ana.join(code, "Ana")
            assert (await ana.vote(ana.choice(1)))["type"] == "counted"
            with contextlib.suppress(OSError):
                Path(f"/proc/{pid}/clear_refs").write_text("5")  # peak RSS := RSS now
            before = _status_field_kib(pid, "VmRSS")

            async def chunks() -> Any:
                for _ in range(16):
                    yield b"x" * (ONE_MB // 16)

            for _ in range(3):
                extra = await ana.session.ws_connect(f"{url}ws", headers={"Origin": ana.origin})
                with contextlib.suppress(ConnectionError, aiohttp.ClientError):
                    await extra.send_str("x" * ONE_MB)
                while (message := await extra.receive(timeout=20)).type == aiohttp.WSMsgType.TEXT:
                    pass  # its first state, then the close
                assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
                for body in (b"{" + b" " * ONE_MB + b"}", chunks()):
                    try:
                        async with ana.session.post(
                            f"{url}join", data=body, headers={"Origin": ana.origin}
                        ) as response:
                            assert response.status == 413
                    except (ConnectionError, aiohttp.ClientError):
                        pass  # refused mid-upload: the server closed the connection
            peak = _status_field_kib(pid, "VmHWM")
            grown_mib = (max(peak, _status_field_kib(pid, "VmRSS")) - before) / 1024
            print(f"before {before / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB")
            assert grown_mib < 20, f"grew by {grown_mib:.1f} MiB"
            assert (await ana.vote(ana.choice(2)))["type"] == "counted"
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
