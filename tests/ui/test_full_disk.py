"""A full disk under the running app: a plain warning, every answer kept, saved once space returns."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.ui.app import make_app
from ops_maturity.ui.screens.assess import AssessScreen
from textual.content import Content
from textual.widgets import Static

if TYPE_CHECKING:
    from conftest import FullDisk


async def test_full_disk_warns_keeps_answers_and_saves_when_freed(
    full_disk: FullDisk, half_finished: Path
) -> None:
    """No space: the warning names it and the file stays; freed, the next answer saves both."""
    path = full_disk.folder / half_finished.name
    shutil.copyfile(half_finished, path)
    app = make_app(resume=path, folder=full_disk.folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        before = path.read_bytes()
        full_disk.fill()
        await pilot.press("2")
        await pilot.pause()
        warning = app.screen.query_one("#save-warning", Static).content
        text = warning.plain if isinstance(warning, Content) else str(warning)
        assert "Not saved: No space left on device" in text
        assert path.read_bytes() == before
        full_disk.free()
        await pilot.press("3")
        await pilot.pause()
        assert app.save_problem == ""
    assert len(load_assessment(path).answers) == 5
    assert not [name for name in os.listdir(full_disk.folder) if name.endswith(".tmp")]
