"""SVG snapshots of a multi-select question on the Assess screen: solo at 80x24 and 120x40 (two
boxes ticked, one of them saved), and team mode at 120x40 after the reveal.

The determinism fixtures (frozen date, steady cursor, default theme, working folder) are
test_snapshots.py's. Update with `pytest tests/ui/test_multi_select_snapshots.py
--snapshot-update`, then look at each SVG as PNG before committing it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.storage.assessment_store import save_assessment_atomically
from ops_maturity.core.storage.file_names import default_assessment_path
from ops_maturity.core.storage.session import stored_questionnaire_path
from ops_maturity.ui.app import make_app
from ops_maturity.ui.screens.assess import AssessScreen
from test_snapshots import (  # the determinism fixtures, autouse
    FOLDER,
    FROZEN_TODAY,
    LABEL,
    frozen_clock,
    settle,
    stable_colours,
    steady_cursor,
    working_folder,
)

__all__ = ["frozen_clock", "stable_colours", "steady_cursor", "working_folder"]

SnapCompare = Callable[..., bool]
MULTI = Path(__file__).resolve().parents[1] / "core" / "fixtures" / "multi-select.toml"
QUESTIONNAIRE = "multi-select.toml"


def saved_practices(participants: list[str], *, answered: bool = True) -> Path:
    """Demo · 2026-Q2 of the multi-select questionnaire, with 'Blameless reviews' saved on
    learning.practices (met with 2 of 3) when `answered`; returns its path."""
    shutil.copyfile(MULTI, QUESTIONNAIRE)
    questionnaire = load_questionnaire(Path(QUESTIONNAIRE))
    assessment = Assessment.start(
        questionnaire,
        "Demo",
        LABEL,
        participants=participants,
        today=FROZEN_TODAY,
        questionnaire_path=stored_questionnaire_path(Path(QUESTIONNAIRE), FOLDER),
    )
    if answered:
        assessment.record("learning.practices", Answer((1,)))
    path = default_assessment_path(FOLDER, "Demo", LABEL)
    save_assessment_atomically(assessment, path)
    return path


class TestMultiSelectQuestion:
    def test_solo_at_80x24(self, snap_compare: SnapCompare) -> None:
        """The last question: 1 saved, 3 ticked since; the met rule and 'Saved:' line."""
        app = make_app(resume=saved_practices([]), folder=FOLDER)
        keys = ("right", "right", "right", "3")
        assert snap_compare(
            app, terminal_size=(80, 24), run_before=settle(*keys, expect=AssessScreen)
        )

    def test_solo_at_120x40(self, snap_compare: SnapCompare) -> None:
        """The same at 120x40, beside the wide sidebar."""
        app = make_app(resume=saved_practices([]), folder=FOLDER)
        keys = ("right", "right", "right", "3")
        assert snap_compare(
            app, terminal_size=(120, 40), run_before=settle(*keys, expect=AssessScreen)
        )

    def test_team_revealed_at_120x40(self, snap_compare: SnapCompare) -> None:
        """Three sets voted and revealed: a bar per choice (and None of these), the team's set
        ticked, the check boxes showing the highlighted participant's set."""
        path = saved_practices(["Ana", "Bo", "Chen"], answered=False)
        app = make_app(resume=path, folder=FOLDER)
        votes = ("1", "2", "enter", "1", "enter", "0", "enter")
        keys = ("right", "right", "right", *votes, "v", "enter", "up", "up")
        assert snap_compare(
            app, terminal_size=(120, 40), run_before=settle(*keys, expect=AssessScreen)
        )
