"""Which requests may act: the Origin and Host checks, and the address wrong codes count under.

Every POST and websocket must come from the page's own origin, or from `--public-url`'s. The Host
a request names must be an IP address, localhost, this machine's name or the public URL's host,
so a page on another site cannot reach the server by re-pointing its own name at this address
(DNS rebinding). Behind a proxy on this machine, the client's address is the last
X-Forwarded-For entry: the one the proxy itself added.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from urllib.parse import urlsplit

from aiohttp import web


def origin_of(url: str) -> str:
    """'https://vote.example.org/x' -> 'https://vote.example.org' ('' when it has none)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def host_name(host_header: str) -> str:
    """'[::1]:8000' -> '::1', 'vote.example.org:443' -> 'vote.example.org'."""
    if host_header.startswith("["):
        return host_header[1 : host_header.find("]")] if "]" in host_header else ""
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class OriginCheck:
    """The origins and host names one server accepts."""

    def __init__(self, public_url: str | None) -> None:
        self.public_url = public_url
        self._public_origin = origin_of(public_url) if public_url else ""
        self._public_host = urlsplit(public_url).hostname or "" if public_url else ""
        self._known_hosts = {"localhost", socket.gethostname().lower()}
        with contextlib.suppress(OSError):
            self._known_hosts.add(socket.getfqdn().lower())

    def allows(self, request: web.Request) -> bool:
        """The request comes from the page's own origin (or --public-url's), through a host
        name this machine answers to."""
        origin = request.headers.get("Origin", "").lower()
        if not origin:
            return False
        if self._public_origin and origin == self._public_origin:
            return True
        host = request.headers.get("Host", "").lower()
        name = host_name(host)
        if not (is_ip(name) or name in self._known_hosts or name == self._public_host):
            return False
        return origin == f"{request.scheme}://{host}"

    def client_address(self, request: web.Request) -> str:
        """The address wrong codes are counted under. Behind a proxy on this machine (with
        --public-url), the last X-Forwarded-For entry: the one the proxy itself added."""
        peer = request.remote or ""
        if self.public_url and peer in ("127.0.0.1", "::1"):
            forwarded = request.headers.get("X-Forwarded-For", "")
            last = forwarded.rsplit(",", 1)[-1].strip()
            if is_ip(last):
                return last
        return peer
