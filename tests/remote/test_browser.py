"""End to end in a real browser: a participant on a phone joins (a wrong code first), votes by
tapping, sees "Counted", is refused a vote that arrives after the reveal, sees the distribution,
and follows the facilitator to the next question; the facilitator's digits skip her. The
facilitator's app runs headless in this process and serves the page itself.

Debian's Chromium, driven by Playwright for Python (Playwright's own browser download does not
work here). `.ci/run` installs Chromium; without it (on a developer's machine) this test is skipped
with the reason, except under CI (the CI variable set), where a missing browser fails it.
Set OPS_MATURITY_E2E_SHOTS=FOLDER to keep screenshots of the phone and a laptop.
"""

from __future__ import annotations

import os
import shutil
import threading
import tomllib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from ops_maturity.ui.app import OpsMaturityApp
from ops_maturity.ui.screens.assess import AssessScreen

from .client import remote_running, team_app, until

if TYPE_CHECKING:
    from playwright.async_api import ViewportSize

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE: ViewportSize = {"width": 360, "height": 640}
SHOTS = (
    Path(os.environ["OPS_MATURITY_E2E_SHOTS"]) if os.environ.get("OPS_MATURITY_E2E_SHOTS") else None
)

PROBE_PAGE = """<!doctype html><html><body><script>
window.probe = async (target) => {
  const socket = await new Promise((resolve) => {
    const ws = new WebSocket(target.replace("http", "ws") + "ws");
    ws.onopen = () => resolve("opened");
    ws.onerror = () => resolve("refused");
  });
  let post;
  try {
    const response = await fetch(target + "join", {method: "POST", body: '{"code": "X"}'});
    post = "answered " + response.status;
  } catch (error) { post = "refused"; }
  return {socket, post};
};
</script></body></html>"""


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: .ci/run should install it")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


@pytest.fixture
def other_origin() -> Iterator[str]:
    """A page on another origin (another loopback port), as a hostile site would be."""

    class Probe(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = PROBE_PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Probe)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _saved_votes(app: OpsMaturityApp, question_id: str) -> dict[str, Any]:
    assert app.assessment_path is not None
    answers = tomllib.loads(app.assessment_path.read_text(encoding="utf-8")).get("answers", {})
    return dict(answers.get(question_id, {}).get("votes", {}))


async def _shoot(page: Any, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


async def test_a_phone_joins_votes_by_tapping_and_follows_the_reveal(
    tmp_path: Path, other_origin: str
) -> None:
    """Wrong code, right code, tap a name, tap a vote (Counted ✓), digits skip her, a vote
    after the reveal is refused visibly, the distribution shows, next question by keyboard."""
    _require_browser()
    from playwright.async_api import async_playwright, expect

    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        screen = app.screen
        assert isinstance(screen, AssessScreen)
        url = session.url
        origin = url.rstrip("/")
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            phone = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page = await phone.new_page()
            asked: list[str] = []
            page.on("request", lambda request: asked.append(request.url))
            held_back: list[bool] = [False]
            routes: list[Any] = []

            def relay(ws: Any) -> None:
                """Between page and server; while held back, the page hears no new state."""
                routes.append(ws)
                server = ws.connect_to_server()
                ws.on_message(lambda message: server.send(message))
                server.on_message(
                    lambda message: (
                        None
                        if held_back[0] and '"type":"state"' in str(message)
                        else ws.send(message)
                    )
                )

            await page.route_web_socket(f"{origin.replace('http', 'ws')}/ws", relay)
            await page.goto(url)

            # Join: a wrong code first, then the right one, then a tap on her name.
            await page.fill("#code", "WRONG9")
            await page.tap("#code-next")
            await expect(page.locator("#join-message")).to_contain_text("not right")
            await page.fill("#code", session.room.code.lower())
            await page.tap("#code-next")
            await page.get_by_role("button", name="Ana", exact=True).tap()
            await expect(page.locator("#where")).to_contain_text("Question 1 of 8")
            await until(
                lambda: "1 of 3 joined: Ana" in str(screen.query_one("#remote-panel").render()),
                pilot,
            )

            # Readable and tappable on a 360x640 phone: no sideways scroll, big buttons.
            assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            for button in await page.locator("#choices button, #others button").all():
                box = await button.bounding_box()
                assert box is not None and box["height"] >= 44
            await _shoot(page, "phone-question")

            question = screen.question
            values = [choice.value for choice in question.scale.choices]
            await page.locator("#choices button").nth(1).tap()
            await expect(page.locator("#vote-message")).to_contain_text("Counted ✓")
            assert _saved_votes(app, question.id) == {"Ana": values[1]}
            await expect(page.locator("#own")).to_contain_text("Your vote: 2 · ")
            await _shoot(page, "phone-counted")

            # The connection drops: the page says so, reconnects, and still shows her vote.
            await routes[-1].close()
            await expect(page.locator("#link")).to_contain_text("reconnecting")
            await expect(page.locator("#link")).to_have_text("Connected")
            assert len(routes) == 2
            await expect(page.locator("#own")).to_contain_text("Your vote: 2 · ")

            # The facilitator's digits go to Bo and Chen, never over Ana's vote.
            await pilot.press("1", "4")
            await until(lambda: len(_saved_votes(app, question.id)) == 3, pilot)
            assert _saved_votes(app, question.id) == {
                "Ana": values[1],
                "Bo": values[0],
                "Chen": values[3],
            }

            # The reveal happens while her page still shows voting open: her late tap is refused.
            held_back[0] = True
            await pilot.press("v")
            await page.locator("#choices button").nth(2).tap()
            await expect(page.locator("#vote-message")).to_contain_text(
                "Not counted: the votes on this question were revealed before it arrived."
            )
            await _shoot(page, "phone-refused")
            assert _saved_votes(app, question.id)["Ana"] == values[1]
            held_back[0] = False

            # Reloaded, the page catches up: the distribution, names and all.
            await page.reload()
            await expect(page.locator("#reveal")).to_be_visible()
            await expect(page.locator("#bars")).to_contain_text("Ana")
            await expect(page.locator("#progress")).to_contain_text(
                "Voting on this question is closed"
            )
            await expect(page.locator("#choices")).to_be_hidden()
            assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            await _shoot(page, "phone-reveal")

            # Next question; a keyboard digit votes too.
            await pilot.press("right")
            await expect(page.locator("#where")).to_contain_text("Question 2 of 8")
            await page.keyboard.press("3")
            await expect(page.locator("#vote-message")).to_contain_text("Counted ✓ 3 · ")
            second = screen.question
            assert _saved_votes(app, second.id) == {"Ana": second.scale.choices[2].value}

            if SHOTS is not None:
                laptop = await browser.new_page(viewport={"width": 1280, "height": 800})
                await laptop.goto(url + "#code=" + session.room.code)
                await laptop.get_by_role("button", name="Bo", exact=True).click()
                await expect(laptop.locator("#where")).to_contain_text("Question 2 of 8")
                await _shoot(laptop, "laptop-question")
                await pilot.press("escape")  # the screen, too, as the room sees it
                app.save_screenshot(str(SHOTS / "facilitator.svg"))

            # Nothing was asked of any other origin.
            assert asked and all(address.startswith(origin) for address in asked), asked

            # A page on another origin can neither open the websocket nor post a join.
            probe = await browser.new_page()
            await probe.goto(other_origin)
            result = await probe.evaluate("(target) => window.probe(target)", url)
            assert result["socket"] == "refused"
            assert result["post"] in ("refused", "answered 403")
            await browser.close()


async def test_a_phone_ticks_a_set_on_a_multi_select_question(tmp_path: Path) -> None:
    """A multi-select question on a phone: check boxes of 44 px or more and a Submit; the set
    ticked is counted and saved; None of these clears the other ticks; a set that arrives after
    the reveal is refused visibly, as a single vote is; a reload shows her set ticked."""
    _require_browser()
    from ops_maturity.core.remote.options import RemoteOptions
    from ops_maturity.ui.app import make_app
    from playwright.async_api import async_playwright, expect

    multi = Path(__file__).resolve().parents[1] / "core" / "fixtures" / "multi-select.toml"
    app = make_app(
        questionnaire=str(multi),
        team="Demo",
        label="2027-Q1",
        participants=["Ana", "Bo", "Chen"],
        folder=tmp_path,
        remote=RemoteOptions(port=0),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        session = await remote_running(app, pilot)
        screen = app.screen
        assert isinstance(screen, AssessScreen)
        screen.go_to(3)  # learning.practices: three choices, met with at least 2
        await pilot.pause()
        question = screen.question
        assert question.scale.multiple
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            phone = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page = await phone.new_page()
            held_back: list[bool] = [False]

            def relay(ws: Any) -> None:
                server = ws.connect_to_server()
                ws.on_message(lambda message: server.send(message))
                server.on_message(
                    lambda message: (
                        None
                        if held_back[0] and '"type":"state"' in str(message)
                        else ws.send(message)
                    )
                )

            await page.route_web_socket(
                f"{session.url.rstrip('/').replace('http', 'ws')}/ws", relay
            )
            await page.goto(session.url + "#code=" + session.room.code)
            await page.get_by_role("button", name="Ana", exact=True).tap()
            await expect(page.locator("#where")).to_contain_text("Question 4 of 4")
            await expect(page.locator("#rule")).to_contain_text(
                "met with at least 2 of the 3 listed choices"
            )
            rows = page.locator("#choices label.check")
            await expect(rows).to_have_count(4)  # three choices and None of these
            for row in [*await rows.all(), page.locator("#submit-set")]:
                box = await row.bounding_box()
                assert box is not None and box["height"] >= 44
            assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

            # None of these, then a choice: the choice clears None of these.
            await rows.nth(3).tap()
            await rows.nth(0).tap()
            await rows.nth(2).tap()
            await expect(rows.nth(3).locator("input")).not_to_be_checked()
            await _shoot(page, "phone-multi-select")
            await page.locator("#submit-set").tap()
            await expect(page.locator("#vote-message")).to_contain_text(
                "Counted ✓ 1 · Blameless reviews; 3 · Shared lessons"
            )
            assert _saved_votes(app, question.id) == {"Ana": [1, 3]}
            await _shoot(page, "phone-multi-select-counted")

            # Reloaded, her set is ticked again.
            await page.reload()
            await expect(page.locator("#own")).to_contain_text("Your vote: 1 · Blameless")
            checked = page.locator("#choices input:checked")
            await expect(checked).to_have_count(2)

            # Revealed while her page still shows voting open: her new set is refused.
            held_back[0] = True
            await pilot.press("v")
            await page.locator("#choices label.check").nth(3).tap()  # None of these
            await page.locator("#submit-set").tap()
            await expect(page.locator("#vote-message")).to_contain_text(
                "Not counted: the votes on this question were revealed before it arrived."
            )
            assert _saved_votes(app, question.id) == {"Ana": [1, 3]}
            held_back[0] = False
            await page.reload()
            await expect(page.locator("#bars")).to_contain_text("None of these")
            await expect(page.locator("#submit-set")).to_be_hidden()
            await _shoot(page, "phone-multi-select-reveal")
            await browser.close()
