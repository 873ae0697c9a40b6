"""Benchmark: remote voting through textual-serve, against a bare textual-serve app in the same run.

    python benchmarks/remote.py [--voters 12] [--questions 64]

Everything is real: `ops-maturity serve` runs as a subprocess, each voter is a websocket client
that textual-serve gives a voting-app process of its own (as a browser would, without the
browser), and the facilitator's app runs headless in this process. Each voter joins with the
code, then for every question presses a key; the facilitator moves on once all votes are in.

Measured:
- vote latency: from a voter's key leaving the websocket to the vote showing in the facilitator's
  assessment (median and p95);
- memory per voting process (RSS, from /proc), after the run.

Baseline: a bare textual-serve app (one Static) that appends one line to a file per key, pressed
one key at a time; latency is from the key to the line being seen by a poller in this process,
and memory is its process's RSS. The voters, unlike the baseline, all press at once, as in a room.
Results go to stdout as a table (and are quoted in benchmarks/RESULTS.md by hand).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

BARE_APP = """
import os, sys, time
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare")
    def on_key(self, event):
        with open(os.environ["BENCH_KEYS"], "a") as log:  # one short line: an atomic append
            log.write(f"{event.key} {time.time()}\\n")

Bare().run()
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children_rss_kib(parent: int) -> list[int]:
    """RSS of the processes whose parent (or grandparent: the shell) is `parent`."""
    parents = {parent}
    rss: list[int] = []
    for _ in range(2):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if int(fields.get("PPid", "0").strip()) in parents:
                pid = int(entry.name)
                if pid not in parents:
                    parents.add(pid)
                    if "python" in fields.get("Name", ""):
                        rss.append(int(fields.get("VmRSS", "0 kB").split()[0]))
    return rss


async def _wait_http(url: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(url)
            await asyncio.sleep(0.1)


async def _drain(ws: aiohttp.ClientWebSocketResponse) -> None:
    async for _ in ws:
        pass


async def _connect(session: aiohttp.ClientSession, url: str) -> aiohttp.ClientWebSocketResponse:
    ws = await session.ws_connect(f"{url.replace('http', 'ws')}/ws?width=100&height=30")
    asyncio.get_running_loop().create_task(_drain(ws))
    return ws


async def _type(ws: aiohttp.ClientWebSocketResponse, text: str) -> None:
    await ws.send_json(["stdin", text])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def bench_bare(voters: int, presses: int) -> tuple[list[float], list[int]]:
    """Key-to-file latency of bare apps, one key at a time, and their processes' RSS."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder, "bare.py")
        script.write_text(BARE_APP)
        keys_log = Path(folder, "keys.log")
        port = _free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from textual_serve.server import Server; "
                f"Server({shlex.join([sys.executable, str(script)])!r}, host='127.0.0.1', "
                f"port={port}).serve()",
            ],
            env={**os.environ, "BENCH_KEYS": str(keys_log)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        latencies: list[float] = []
        try:
            url = f"http://127.0.0.1:{port}"
            await _wait_http(url)
            async with aiohttp.ClientSession() as session:
                sockets = [await _connect(session, url) for _ in range(voters)]
                await asyncio.sleep(4.0)  # every app starts
                memory = _children_rss_kib(server.pid)
                lines = 0
                for _ in range(presses):
                    for ws in sockets:
                        sent = time.time()
                        await _type(ws, "1")
                        deadline = time.monotonic() + 5
                        while time.monotonic() < deadline:
                            count = keys_log.read_text().count("\n") if keys_log.exists() else 0
                            if count > lines:
                                latencies.append(time.time() - sent)
                                lines = count
                                break
                            await asyncio.sleep(0.002)
                for ws in sockets:
                    await ws.close()
        finally:
            server.terminate()
            server.wait(10)
    return latencies, memory


async def bench_remote(voters: int, questions: int) -> tuple[list[float], list[int], float]:
    from ops_maturity.core.remote import read_serve_info, remote_folder_for
    from ops_maturity.ui.app import make_app
    from ops_maturity.ui.screens.assess import AssessScreen

    AssessScreen.advance_delay = 0.0
    names = [f"P{index:02d}" for index in range(1, voters + 1)]
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(team="Bench", label="2026-Q4", participants=names, folder=Path(folder))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, AssessScreen)
            path = app.assessment_path
            assert path is not None
            port = _free_port()
            server = subprocess.Popen(
                [sys.executable, "-m", "ops_maturity", "serve", str(path), "--port", str(port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            latencies: list[float] = []
            started = time.monotonic()
            try:
                url = f"http://127.0.0.1:{port}"
                await _wait_http(url)
                info = read_serve_info(remote_folder_for(path))
                assert info is not None
                await pilot.pause(0.5)  # the facilitator picks up the server
                async with aiohttp.ClientSession() as session:
                    sockets = [await _connect(session, url) for _ in range(voters)]
                    await asyncio.sleep(4.0)  # every voting app starts
                    for index, ws in enumerate(sockets):
                        await _type(ws, info.join_code + "\r")
                        await asyncio.sleep(0.2)
                        await _type(ws, "\x1b[B" * index + "\r")
                    claims = remote_folder_for(path) / "claims"
                    deadline = time.monotonic() + 20
                    while len(list(claims.glob("*.json"))) < voters:
                        if time.monotonic() > deadline:
                            raise TimeoutError("voters did not all join")
                        await pilot.pause(0.1)
                    await pilot.pause(0.5)
                    joined_at = time.monotonic()
                    for number in range(questions):
                        question = screen.question
                        await pilot.pause(0.4)  # voters see the new question
                        sent: dict[str, float] = {}
                        for name, ws in zip(names, sockets, strict=True):
                            sent[name] = time.time()
                            await _type(ws, str(1 + (number + names.index(name)) % 4))
                        seen: set[str] = set()
                        deadline = time.monotonic() + 10
                        while len(seen) < voters and time.monotonic() < deadline:
                            votes = app.assessment.votes.get(question.id)  # type: ignore[union-attr]
                            for name in votes.votes if votes else {}:
                                if name not in seen:
                                    seen.add(name)
                                    latencies.append(time.time() - sent[name])
                            await pilot.pause(0.005)
                        await pilot.press("right")
                    loop_seconds = time.monotonic() - joined_at
                    memory = _children_rss_kib(server.pid)
                    for ws in sockets:
                        await ws.close()
            finally:
                server.terminate()
                server.wait(10)
            del started
    return latencies, memory, loop_seconds


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=12)
    parser.add_argument("--questions", type=int, default=64)
    args = parser.parse_args()
    bare_latency, bare_memory = await bench_bare(args.voters, args.questions)
    latency, memory, loop_seconds = await bench_remote(args.voters, args.questions)
    print(f"{args.voters} voters x {args.questions} questions (textual-serve, websocket clients)")
    print("| measure | bare textual-serve app | ops-maturity voting | ratio |")
    print("| --- | --- | --- | --- |")
    for label, ours, bare in (
        ("vote latency, median", statistics.median(latency), statistics.median(bare_latency)),
        ("vote latency, p95", _pct(latency, 0.95), _pct(bare_latency, 0.95)),
    ):
        print(f"| {label} | {bare * 1000:.0f} ms | {ours * 1000:.0f} ms | {ours / bare:.1f}x |")
    ours_mem = statistics.median(memory) / 1024 if memory else float("nan")
    bare_mem = statistics.median(bare_memory) / 1024 if bare_memory else float("nan")
    print(
        f"| memory per process (RSS) | {bare_mem:.1f} MiB | {ours_mem:.1f} MiB | "
        f"{ours_mem / bare_mem:.2f}x |"
    )
    print(
        f"votes measured: {len(latency)} (bare: {len(bare_latency)}); "
        f"whole session {loop_seconds:.1f} s"
    )


if __name__ == "__main__":
    asyncio.run(main())
