"""`ops-maturity serve ASSESSMENT.toml`: let remote participants vote from their own browsers.

It serves the voting app (app/ui/voting) through textual-serve, which starts one process per
browser. It makes a fresh join code, writes it with the URL to the assessment's `.remote/`
folder (the facilitator's app shows both), prints them, and serves until Ctrl+C. It never writes
the assessment itself: the facilitator's app merges the votes. textual-serve is imported only here.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import sys
import time
from pathlib import Path
from typing import Any

from .core.assessment_store import load_assessment
from .core.remote import (
    ServeInfo,
    new_join_code,
    new_session_id,
    prepare_remote_folder,
    remote_folder_for,
    write_serve_info,
)
from .core.text import describe_os_error
from .core.validation import InvalidFileError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_serve_parser(commands: argparse._SubParsersAction[Any]) -> None:
    serve = commands.add_parser(
        "serve",
        help="let remote participants vote from their browsers (beside the facilitator's app)",
        description="Serve the voting page for an assessment open in the facilitator's app. "
        "Prints the URL and a join code. Binds 127.0.0.1 unless --host says otherwise; the "
        "traffic is not encrypted, so put it behind a TLS reverse proxy or an SSH tunnel to "
        "reach it from other machines.",
    )
    serve.add_argument("assessment", type=Path, metavar="ASSESSMENT.toml")
    serve.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})"
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})"
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address participants use, when it differs (behind a proxy or tunnel)",
    )


def _shown_url(host: str, port: int) -> str:
    try:
        shown = f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        shown = host
    return f"http://{shown}:{port}"


def command_serve(args: argparse.Namespace) -> int:
    """Serve until interrupted. Exit 1 when the assessment cannot be read, 2 for a bad port."""
    path: Path = args.assessment
    if not 1 <= args.port <= 65535:
        print(f"ops-maturity: error: --port must be 1 to 65535, not {args.port}", file=sys.stderr)
        return 2
    try:
        assessment = load_assessment(path)
    except InvalidFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    folder = remote_folder_for(path.resolve())
    url = args.public_url or _shown_url(args.host, args.port)
    code = new_join_code()
    try:
        prepare_remote_folder(folder)
        write_serve_info(
            folder,
            ServeInfo(
                url=url,
                join_code=code,
                pid=os.getpid(),
                host=socket.gethostname(),
                started=time.time(),
                session_id=new_session_id(),
            ),
        )
    except OSError as error:
        print(f"ops-maturity: error: {folder}: {describe_os_error(error)}", file=sys.stderr)
        return 1

    from textual_serve.server import Server

    os.environ["OPS_MATURITY_REMOTE_DIR"] = str(folder)
    command = shlex.join([sys.executable, "-m", "ops_maturity.ui.voting"])
    print(f"Remote voting for {assessment.team} ({assessment.label})")
    print(f"  Open:      {url}")
    print(f"  Join code: {code}")
    if args.host in ("127.0.0.1", "::1", "localhost"):
        print("  Only this machine can connect (use --host to listen on another address).")
    else:
        print("  Warning: the traffic is not encrypted; prefer an SSH tunnel or a TLS proxy.")
    print("Press Ctrl+C to stop; votes already saved are kept.", flush=True)
    Server(
        command, host=args.host, port=args.port, title="ops-maturity vote", public_url=url
    ).serve()
    return 0
