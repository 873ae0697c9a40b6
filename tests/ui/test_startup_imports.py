"""Start-up stays lean: reaching the Assess screen loads neither Jinja2 nor the later screens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROGRAM = """
import asyncio, sys, tempfile
from pathlib import Path
from ops_maturity.ui.app import make_app

async def main():
    app = make_app(team="Lean", label="2026-Q4", folder=Path(tempfile.mkdtemp()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "AssessScreen", type(app.screen).__name__

asyncio.run(main())
unwanted = ["jinja2", "ops_maturity.core.reports.report", "ops_maturity.ui.screens.report", "ops_maturity.ui.screens.results",
            "ops_maturity.ui.screens.help", "ops_maturity.ui.providers.commands", "ops_maturity.ui.dialogs.notes",
            "aiohttp", "segno", "ops_maturity.web.server", "ops_maturity.ui.binding_catalog",
            "ops_maturity.ui.screens.report_formatted", "ops_maturity.core.remote.room",
            "ops_maturity.core.trends.history", "ops_maturity.core.trends.comparison", "tomllib",
            "ops_maturity.ui.widgets.vote_grid", "ops_maturity.ui.widgets.countdown",
            "ops_maturity.ui.widgets.remote_panel", "importlib.resources", "zipfile", "statistics"]
loaded = [name for name in unwanted if name in sys.modules]
assert not loaded, f"loaded at start-up: {loaded}"
"""


def test_reaching_the_assess_screen_loads_no_report_machinery() -> None:
    """Jinja2, the report and results screens, dialogs, the palette, the remote-voting server
    (aiohttp, segno), a team's history (with no earlier assessment), team mode's widgets (in
    solo mode) and importlib.resources (the package is a folder) load only when first used."""
    result = subprocess.run(
        [sys.executable, "-c", _PROGRAM], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]


_GC_PROGRAM = """
import asyncio, gc, tempfile
from pathlib import Path
import sys
normal = gc.get_threshold()
normal_interval = sys.getswitchinterval()
import ops_maturity.ui
from ops_maturity.ui.start_up_gc import START_UP_SWITCH_INTERVAL, START_UP_THRESHOLD
assert gc.get_threshold() == START_UP_THRESHOLD, gc.get_threshold()
assert sys.getswitchinterval() == START_UP_SWITCH_INTERVAL, sys.getswitchinterval()
from ops_maturity.ui.app import make_app

async def main():
    app = make_app(team="Lean", label="2026-Q4", folder=Path(tempfile.mkdtemp()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.get_threshold() == normal, (gc.get_threshold(), normal)
        assert gc.get_freeze_count() > 0
        assert sys.getswitchinterval() == normal_interval, sys.getswitchinterval()

asyncio.run(main())
"""


def test_garbage_collection_is_relaxed_only_until_the_first_screen() -> None:
    """Importing the UI raises the collector's thresholds and shortens the switch interval; the
    first screen restores both."""
    result = subprocess.run(
        [sys.executable, "-c", _GC_PROGRAM], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]


_FIRST_FRAME_PROGRAM = """
import asyncio, os, tempfile
from pathlib import Path
from ops_maturity.ui.app import OpsMaturityApp, make_app

seen = []
retry_save = OpsMaturityApp.retry_save

def first_retry(self):
    if not seen:
        sources = {os.path.basename(path) for path, _ in self.stylesheet.source}
        seen.append((type(self.screen).__name__, self.assessment_path.exists(), sources))
    retry_save(self)

OpsMaturityApp.retry_save = first_retry

async def main():
    app = make_app(team="Lean", label="2026-Q4", folder=Path(tempfile.mkdtemp()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen, existed, sources = seen[0]
        assert screen == "AssessScreen", screen
        assert not existed, "saved before the first frame"
        assert "assess.tcss" in sources and "start.tcss" not in sources, sources
        assert "report.tcss" not in sources, sources
        assert app.assessment_path.exists(), "not saved after the first frame"
        assert not app.saver.due
        read = {os.path.basename(path) for path, _ in app.stylesheet.source}
        assert {"start.tcss", "report.tcss"} <= read, read

asyncio.run(main())
"""


def test_the_first_save_and_later_screens_styles_wait_for_the_first_frame() -> None:
    """A new team's assessment is saved, and the Start and Report screens' styles are read,
    once its first question is on screen."""
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME_PROGRAM],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
