"""Where the remote-voting page is served: `run --remote [--host] [--port] [--public-url]`."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_HOST = "127.0.0.1"
"""Only this machine: others reach it through an SSH tunnel or a TLS proxy (README)."""
DEFAULT_PORT = 8000


@dataclass(frozen=True)
class RemoteOptions:
    """How to serve the voting page."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    """0: any free port (the status line shows which)."""
    public_url: str | None = None
    """The address participants open when it is not this one (a proxy or a tunnel)."""
    fall_back_to_any_port: bool = False
    """When the port is taken, take any free one (the palette's start; never an explicit --port)."""
