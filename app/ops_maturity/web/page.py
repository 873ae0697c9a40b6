"""The voting page and the headers of every response: what a browser is allowed to do with them.

The page (`vote.html`, shipped in the package) gets a strict Content-Security-Policy naming its one
inline style and one inline script by hash, so nothing else runs and nothing is loaded from
anywhere. Every other response (the join answer, refusals, errors) allows nothing at all. No
response may be framed, sniffed, cached or followed by a referrer.
"""

from __future__ import annotations

import base64
import hashlib
import re
import socket
from dataclasses import dataclass
from importlib import resources

from aiohttp import web

DEFAULT_POLICY = "default-src 'none'; frame-ancestors 'none'"
"""The Content-Security-Policy of every response but the page's."""


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


def page_response(page: VotingPage) -> web.Response:
    """`GET /`: the page, with its own policy."""
    return web.Response(
        body=page.html,
        content_type="text/html",
        charset="utf-8",
        headers={"Content-Security-Policy": page.policy},
    )


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """aiohttp's `on_response_prepare` hook: the headers every response carries."""
    headers = response.headers
    headers["Server"] = "ops-maturity"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers["Cache-Control"] = "no-store"
    headers.setdefault("Content-Security-Policy", DEFAULT_POLICY)


def shown_url(host: str, port: int) -> str:
    """The address to show for a bound socket ('0.0.0.0' is shown as this machine's name)."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
