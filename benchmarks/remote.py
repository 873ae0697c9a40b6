"""Benchmark: remote voting, 30 voters on 16 questions, against a bare app in the same run.

    python benchmarks/remote.py [--voters 30] [--questions 16]

Everything is real. The facilitator's app runs headless in this process and serves the page
itself (`run --remote`, port 0). The voters run in a child process, each an aiohttp client that
joins as the page does (POST /join, then the websocket) and votes as soon as its page shows a new
question, as a room does, all at once. The facilitator moves on once all votes are in.

Measured:
- key to saved: from a voter's vote leaving its websocket to the facilitator's app having
  recorded it and written the assessment file (atomic save returned), median and p95;
- key to "Counted" on the page: the same, plus the answer's way back;
- the app's memory: RSS of this process before remote voting starts, and its peak (VmHWM) over
  the whole session with every voter connected.

Baseline, same run, same voters: a bare Textual app with the same aiohttp endpoints that writes
each vote to a file atomically (temp file, fsync, rename) and answers; no rules, no rescoring,
no screen update. Earlier textual-serve design (issue 15): median 65 ms, p95 122 ms with 12 voters,
and about 38 MB per connection (two processes per browser).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

HERE = Path(__file__).resolve()


def _kib(field: str, pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# ------------------------------------------------------------------ the voters


async def _voter(url: str, code: str, name: str, index: int, questions: int) -> list[list[Any]]:
    """Join as `name`, vote on each new question; [question, sent, counted] per vote."""
    origin = url.rstrip("/")
    jar = aiohttp.CookieJar(unsafe=True)
    records: list[list[Any]] = []
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        async with session.post(
            f"{origin}/join", json={"code": code, "name": name}, headers={"Origin": origin}
        ) as response:
            assert response.status == 200, await response.text()
        async with session.ws_connect(f"{origin}/ws", headers={"Origin": origin}) as ws:
            voted: set[str] = set()
            sent: dict[str, float] = {}
            async for message in ws:
                data = json.loads(message.data)
                if data["type"] == "state":
                    question = data["question"]
                    if question and not question["revealed"] and question["id"] not in voted:
                        voted.add(question["id"])
                        choices = question["choices"]
                        sent[question["id"]] = time.time()
                        await ws.send_str(
                            json.dumps(
                                {
                                    "type": "vote",
                                    "question": question["id"],
                                    "round": data["round"],
                                    "value": choices[(index + question["number"]) % len(choices)][
                                        "value"
                                    ],
                                }
                            )
                        )
                elif data["type"] == "counted":
                    records.append([data["question"], sent[data["question"]], time.time()])
                    if len(records) == questions:
                        return records
                elif data["type"] in ("refused", "unsaved", "ended", "signed-out"):
                    raise RuntimeError(f"{name}: {data}")
    return records


async def run_voters(url: str, code: str, voters: int, questions: int) -> None:
    names = [f"P{number:02d}" for number in range(1, voters + 1)]
    results = await asyncio.gather(
        *(_voter(url, code, name, index, questions) for index, name in enumerate(names))
    )
    print(json.dumps(dict(zip(names, results, strict=True))))


def _start_voters(url: str, code: str, voters: int, questions: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(HERE), "--as-voters", url, code, str(voters), str(questions)],
        stdout=subprocess.PIPE,
        text=True,
    )


# ---------------------------------------------------------------- ops-maturity


async def bench_ops_maturity(voters: int, questions: int) -> dict[str, Any]:
    from ops_maturity.core.remote.options import RemoteOptions
    from ops_maturity.ui.app import make_app
    from ops_maturity.ui.screens.assess import AssessScreen

    AssessScreen.advance_delay = 0.0
    names = [f"P{number:02d}" for number in range(1, voters + 1)]
    saved_at: dict[tuple[str, str], float] = {}
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(
            team="Bench",
            label="2026-Q4",
            participants=names,
            folder=Path(folder),
            remote=RemoteOptions(port=0),
        )
        rss_before = _kib("VmRSS")
        async with app.run_test(size=(120, 40)) as pilot:
            while app.remote_voting is None or not app.remote_voting.running:
                await pilot.pause(0.02)
            session = app.remote_voting
            await pilot.press("escape")
            submit = session.submit

            async def timed_submit(vote: Any) -> Any:
                outcome = await submit(vote)
                saved_at[(vote.name, vote.question_id)] = time.time()
                return outcome

            session.submit = timed_submit  # type: ignore[method-assign]
            rss_idle = _kib("VmRSS")
            with open("/proc/self/clear_refs", "w") as refs:
                refs.write("5")
            started = time.monotonic()
            process = _start_voters(session.url, session.room.code, voters, questions)
            screen = app.screen
            assert isinstance(screen, AssessScreen)
            for number in range(questions):
                question = screen.question
                while True:
                    votes = app.assessment.votes.get(question.id)  # type: ignore[union-attr]
                    if votes is not None and len(votes.votes) == voters:
                        break
                    await pilot.pause(0.002)
                if number + 1 < questions:
                    await pilot.press("right")
            out, _ = await asyncio.to_thread(process.communicate)
            seconds = time.monotonic() - started
            peak = _kib("VmHWM")
            await app.stop_remote_voting()
    records: dict[str, list[list[Any]]] = json.loads(out)
    to_saved = [
        saved_at[(name, question)] - sent
        for name, votes in records.items()
        for question, sent, _ in votes
    ]
    to_counted = [counted - sent for votes in records.values() for _, sent, counted in votes]
    return {
        "to_saved": to_saved,
        "to_counted": to_counted,
        "rss_before_mib": rss_before / 1024,
        "rss_idle_mib": rss_idle / 1024,
        "peak_mib": peak / 1024,
        "seconds": seconds,
    }


# ------------------------------------------------------------------------ bare

BARE_APP = r"""
import asyncio, json, os, socket, sys, tempfile, time
from aiohttp import web
from textual.app import App
from textual.widgets import Static

VOTERS, QUESTIONS = int(sys.argv[1]), int(sys.argv[2])
FOLDER = tempfile.mkdtemp()

class Bare(App):
    def compose(self):
        yield Static("bare")

    async def on_mount(self):
        self.question, self.votes, self.sockets = 0, {}, []
        app = web.Application(client_max_size=2048)
        app.router.add_post("/join", self.join)
        app.router.add_get("/ws", self.ws)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        sock = socket.socket(); sock.bind(("127.0.0.1", 0)); sock.listen(128)
        await web.SockSite(self.runner, sock).start()
        print(json.dumps({"url": f"http://127.0.0.1:{sock.getsockname()[1]}/", "pid": os.getpid()}), flush=True)

    async def join(self, request):
        body = await request.json()
        response = web.json_response({"ok": True, "joined": body["name"]})
        response.set_cookie("bare", body["name"])
        return response

    def state(self):
        return json.dumps({"type": "state", "round": self.question, "question": {
            "id": f"q{self.question}", "number": self.question + 1, "revealed": False,
            "choices": [{"value": v} for v in range(4)]}})

    async def ws(self, request):
        ws = web.WebSocketResponse(max_msg_size=2048)
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_str(self.state())
        async for message in ws:
            vote = json.loads(message.data)
            self.votes[(request.cookies["bare"], vote["question"])] = vote["value"]
            path = os.path.join(FOLDER, "votes.json")
            with open(path + ".tmp", "w") as handle:  # the same atomic save as ours
                handle.write(json.dumps({f"{k[0]} {k[1]}": v for k, v in self.votes.items()}))
                handle.flush(); os.fsync(handle.fileno())
            os.replace(path + ".tmp", path)
            await ws.send_str(json.dumps({"type": "counted", "question": vote["question"]}))
            if sum(1 for key in self.votes if key[1] == f"q{self.question}") == VOTERS:
                self.question += 1
                if self.question < QUESTIONS:
                    for other in self.sockets:
                        await other.send_str(self.state())
        return ws

async def main():
    app = Bare()
    async with app.run_test():
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

asyncio.run(main())
"""


async def bench_bare(voters: int, questions: int) -> dict[str, Any]:
    server = subprocess.Popen(
        [sys.executable, "-c", BARE_APP, str(voters), str(questions)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        info = json.loads(await asyncio.to_thread(server.stdout.readline))
        rss_idle = _kib("VmRSS", info["pid"])
        Path(f"/proc/{info['pid']}/clear_refs").write_text("5")
        process = _start_voters(info["url"], "-", voters, questions)
        out, _ = await asyncio.to_thread(process.communicate)
        peak = _kib("VmHWM", info["pid"])
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(20)
    records: dict[str, list[list[Any]]] = json.loads(out)
    to_counted = [counted - sent for votes in records.values() for _, sent, counted in votes]
    return {"to_counted": to_counted, "rss_idle_mib": rss_idle / 1024, "peak_mib": peak / 1024}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=30)
    parser.add_argument("--questions", type=int, default=16)
    parser.add_argument("--as-voters", nargs=4, metavar=("URL", "CODE", "VOTERS", "QUESTIONS"))
    args = parser.parse_args()
    if args.as_voters:
        url, code, voters, questions = args.as_voters
        await run_voters(url, code, int(voters), int(questions))
        return
    bare = await bench_bare(args.voters, args.questions)
    ours = await bench_ops_maturity(args.voters, args.questions)
    ms = 1000.0
    print(f"{args.voters} voters x {args.questions} questions; load average {os.getloadavg()}")
    print("| measure | bare app (same endpoints, atomic file) | ops-maturity | ratio |")
    print("| --- | --- | --- | --- |")
    for label, function in (("median", statistics.median), ("p95", lambda v: _pct(v, 0.95))):
        bare_value, ours_value = function(bare["to_counted"]), function(ours["to_counted"])
        print(
            f"| vote to 'Counted' on the page, {label} | {bare_value * ms:.0f} ms | "
            f"{ours_value * ms:.0f} ms | {ours_value / bare_value:.1f}x |"
        )
    for label, function in (("median", statistics.median), ("p95", lambda v: _pct(v, 0.95))):
        print(
            f"| vote to the saved file, {label} | — | {function(ours['to_saved']) * ms:.0f} ms | — |"
        )
    print(
        f"| app memory, idle with remote voting on (RSS) | {bare['rss_idle_mib']:.1f} MiB | "
        f"{ours['rss_idle_mib']:.1f} MiB | {ours['rss_idle_mib'] / bare['rss_idle_mib']:.2f}x |"
    )
    print(
        f"| app memory, peak with {args.voters} voters (VmHWM) | {bare['peak_mib']:.1f} MiB | "
        f"{ours['peak_mib']:.1f} MiB | {ours['peak_mib'] / bare['peak_mib']:.2f}x |"
    )
    print(
        f"votes: {len(ours['to_counted'])} (bare {len(bare['to_counted'])}); "
        f"whole session {ours['seconds']:.1f} s; processes: 1 app + 1 for all voters"
    )


if __name__ == "__main__":
    asyncio.run(main())
