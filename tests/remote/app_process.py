"""The facilitator's app, headless, with remote voting on a free port: for tests that measure the
app's process from outside (its memory, its children).

    python tests/remote/app_process.py FOLDER

Prints one JSON line once serving ({"url", "code", "pid"}), then runs until its standard input
closes. Not a test module.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from ops_maturity.core.remote.options import RemoteOptions
from ops_maturity.ui.app import make_app

MINIMAL = Path(__file__).resolve().parents[2] / "examples" / "minimal-questionnaire.toml"


async def main(folder: Path) -> None:
    app = make_app(
        questionnaire=str(MINIMAL),
        team="Payments",
        participants=["Ana", "Bo", "Chen"],
        folder=folder,
        remote=RemoteOptions(port=0),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        while app.remote_voting is None or not app.remote_voting.running:
            await pilot.pause(0.05)
        session = app.remote_voting
        print(json.dumps({"url": session.url, "code": session.room.code, "pid": os.getpid()}))
        sys.stdout.flush()
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
