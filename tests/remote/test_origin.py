"""The voting server's request checks on their own: which origins and hosts may act, and which
address wrong codes count under. (test_hostile.py drives the same rules over real sockets.)"""

from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from ops_maturity.web.origin import OriginCheck, host_name


def request(origin: str | None, host: str, **headers: str) -> web.Request:
    sent = {"Host": host, **headers}
    if origin is not None:
        sent["Origin"] = origin
    return make_mocked_request("POST", "/join", headers=sent)


@pytest.mark.parametrize(
    ("host_header", "name"),
    [("[::1]:8000", "::1"), ("vote.example.org:443", "vote.example.org"), ("::1", "::1")],
)
def test_host_name_drops_the_port(host_header: str, name: str) -> None:
    """IPv6 brackets and ports are removed; a bare IPv6 address is kept whole."""
    assert host_name(host_header) == name


def test_the_pages_own_origin_may_act() -> None:
    """The page served from 127.0.0.1:8000 may post to it."""
    check = OriginCheck(None)
    assert check.allows(request("http://127.0.0.1:8000", "127.0.0.1:8000"))


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        (None, "127.0.0.1:8000"),  # no Origin: not a page
        ("https://evil.example", "127.0.0.1:8000"),  # another site
        ("http://evil.example:8000", "evil.example:8000"),  # DNS rebinding: a name not ours
    ],
)
def test_other_origins_are_refused(origin: str | None, host: str) -> None:
    """No Origin, another site's, or a host name this machine does not answer to."""
    assert not OriginCheck(None).allows(request(origin, host))


def test_the_public_url_is_an_origin_of_its_own() -> None:
    """Behind a proxy, pages from --public-url may act, whatever Host the proxy forwards."""
    check = OriginCheck("https://vote.example.org")
    assert check.allows(request("https://vote.example.org", "127.0.0.1:8000"))
    assert check.allows(request("https://vote.example.org", "vote.example.org"))
    assert not check.allows(request("https://other.example.org", "vote.example.org"))
