"""End to end in a real browser: three remote participants join and vote while the facilitator's
app, headless in this process, sees who voted (values hidden), reveals, and saves the votes.

Debian's Chromium, driven by Playwright for Python (no browser download works here). `.ci/run`
installs Chromium; without it (on a developer's machine) this test is skipped with the reason,
except under CI, where a missing browser fails it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tomllib
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from ops_maturity.core.remote import read_serve_info, remote_folder_for
from ops_maturity.ui.app import make_app
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.widgets.vote_grid import VoteGrid

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "examples" / "minimal-questionnaire.toml"
PEOPLE = ["Ana", "Bo", "Chen"]
SHOTS = (
    Path(os.environ.get("OPS_MATURITY_E2E_SHOTS", ""))
    if os.environ.get("OPS_MATURITY_E2E_SHOTS")
    else None
)


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: .ci/run should install it")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def serve_port() -> Iterator[int]:
    yield _free_port()


async def _wait_for_http(url: str, seconds: float) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        try:
            await asyncio.to_thread(urllib.request.urlopen, url, None, 1)
            return
        except OSError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.1)


async def _until(condition, pilot, seconds: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.1)


async def _join(page, url: str, code: str, name_index: int) -> None:  # type: ignore[no-untyped-def]
    await page.goto(url)
    await page.wait_for_timeout(2500)  # xterm.js and the app's first paint
    await page.focus(".xterm-helper-textarea")  # keys reach the app once the terminal has focus
    await page.keyboard.type(code.lower())
    await page.keyboard.press("Enter")
    await page.wait_for_timeout(300)
    for _ in range(name_index):
        await page.keyboard.press("ArrowDown")
    await page.keyboard.press("Enter")
    await page.wait_for_timeout(800)


async def test_three_browsers_vote_and_the_facilitator_reveals(
    tmp_path: Path, serve_port: int
) -> None:
    """Join (one wrong code first), vote, see 3 of 3 voted hidden, reveal, votes saved."""
    _require_browser()
    from playwright.async_api import async_playwright

    app = make_app(
        questionnaire=str(MINIMAL),
        team="Payments",
        label="2026-Q4",
        participants=PEOPLE,
        folder=tmp_path,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        path = app.assessment_path
        assert path is not None
        first_question = app.screen.question.id

        def votes_on_first_question() -> dict[str, object]:
            if not path.exists():
                return {}
            saved = tomllib.loads(path.read_text(encoding="utf-8"))
            return dict(saved.get("answers", {}).get(first_question, {}).get("votes", {}))

        serve = subprocess.Popen(
            [sys.executable, "-m", "ops_maturity", "serve", str(path), "--port", str(serve_port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{serve_port}"
            await _wait_for_http(url, 20)
            info = read_serve_info(remote_folder_for(path))
            assert info is not None
            # The facilitator's screen shows the URL and the code within a second.
            status = app.screen.query_one("#remote-status")
            await _until(lambda: info.join_code in str(status.render()), pilot, 5)
            assert url in str(status.render())

            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS
                )
                pages = [
                    await browser.new_page(viewport={"width": 900, "height": 600}) for _ in PEOPLE
                ]
                await _join(pages[0], url, "WRONG9", 0)
                failures = remote_folder_for(path) / "join-failures.log"
                assert len(failures.read_text().splitlines()) == 1  # refused and counted
                await pilot.pause(0.5)
                assert "0 of 3 joined" in str(status.render())
                # A reload (a fresh voting app) for the first page; all three join at once.
                await asyncio.gather(
                    *(_join(page, url, info.join_code, index) for index, page in enumerate(pages))
                )
                await _until(lambda: "3 of 3 joined" in str(status.render()), pilot)

                for page, key in zip(pages, ["1", "2", "4"], strict=True):
                    await page.keyboard.press(key)
                grid = app.screen.query_one(VoteGrid)
                await _until(lambda: "3 of 3 voted" in str(grid.render()), pilot)
                hidden = str(grid.render())
                print(hidden)
                assert len(votes_on_first_question()) == 3

                await pilot.press("v")
                await pilot.pause(0.6)
                revealed_text = str(grid.render())
                assert "discuss" in revealed_text.lower()  # 1 to 4 spans three steps
                if SHOTS is not None:
                    SHOTS.mkdir(parents=True, exist_ok=True)
                    for name, page in zip(PEOPLE, pages, strict=True):
                        await page.wait_for_timeout(500)
                        await page.screenshot(path=str(SHOTS / f"reveal-{name}.png"))
                # After the reveal the browsers take no more votes on this question.
                await pages[0].keyboard.press("4")
                await pilot.pause(1.0)
                await browser.close()
        finally:
            serve.terminate()
            serve.wait(10)

        answer = tomllib.loads(path.read_text(encoding="utf-8"))["answers"][first_question]
        assert answer["revealed"] is True
        # Keys 1, 2, 4 are the first, second and fourth choices: values 0, 1, 3 on this scale.
        assert answer["votes"] == {"Ana": 0, "Bo": 1, "Chen": 3}
        assert answer["answer"] == 1  # the median
