"""Style sheets read once the first screen is drawn, each parsed on its own.

When a pushed screen brings a .tcss file the app has not read yet (its CSS_PATH), Textual
re-parses every style sheet the app has (about 12 ms). The app reads the Assess screen's styles
with its own; the Start and Report screens' are read here instead: before the Start screen is
pushed, and otherwise once the first question is on screen, so they cost the first frame nothing
and their screens open without that re-parse. A sheet read here is parsed alone (the others'
rules are cached). Their rules are all scoped to their own screens, so reading them after the
Assess screen's changes no style it has.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textual.app import App

_HERE = Path(__file__).parent

START_STYLES = "screens/start.tcss"
LATER_STYLES = (START_STYLES, "screens/report.tcss")
"""The screens' style sheets read after the first frame (relative to this package)."""


def read_styles(app: App[Any], names: tuple[str, ...]) -> None:
    """Read and parse the style sheets `names` that `app` has not read yet."""
    stylesheet = app.stylesheet
    paths = [os.path.abspath(_HERE / name) for name in names]
    new = [path for path in paths if not stylesheet.has_source(path)]
    if new:
        stylesheet.read_all([Path(path) for path in new])
        stylesheet.parse()
