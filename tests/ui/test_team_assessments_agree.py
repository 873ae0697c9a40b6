"""Every view of a team's past agrees on which assessment came before, even when a quarter was
dated out of order: the Report screen's "what changed", the Results screen's trend, the Assess
screen's "Last time", `history` and `rollup`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ops_maturity.cli import main
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.questionnaires.bundled import resolve_questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.core.trends.sparkline import trend_arrow
from ops_maturity.ui.app import make_app
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.report import ReportScreen
from ops_maturity.ui.screens.results import ResultsScreen
from textual.widgets import Static

PREVIOUS = "2026-Q4"
"""The quarter before 2027-Q1, although 2026-Q3 carries a later date."""


def plain(static: Static) -> str:
    return str(static.render()).strip()


def area_arrows(before: Path, now: Path) -> list[str]:
    """Each area's trend arrow from the assessment at `before` to the one at `now`."""
    questionnaire = resolve_questionnaire("ops-maturity")
    then = score_assessment(questionnaire, load_assessment(before))
    current = score_assessment(questionnaire, load_assessment(now))
    return [trend_arrow(a.level, b.level) for a, b in zip(then.areas, current.areas, strict=True)]


async def test_report_results_and_assess_compare_with_the_same_quarter(
    out_of_order_folder: Path,
) -> None:
    """Assess shows Q4's answer, Results' arrows compare with Q4, and so does the Report."""
    folder = out_of_order_folder.parent
    app = make_app(resume=out_of_order_folder, folder=folder)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        last_answer = plain(app.screen.query_one("#last-answer", Static))
        assert last_answer.startswith(f"Last time ({PREVIOUS}):")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        arrows = [
            plain(app.screen.query_one(f"#area-{index} .area-trend", Static))[0]
            for index in range(len(app.screen.questionnaire.areas))
        ]
        assert arrows == area_arrows(folder / "payments-platform-2026-q4.toml", out_of_order_folder)
        assert arrows != area_arrows(folder / "payments-platform-2026-q3.toml", out_of_order_folder)
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await app.workers.wait_for_complete()
        await pilot.pause()
        report = app.screen
        assert isinstance(report, ReportScreen)
        assert f"Compared with {PREVIOUS} (assessed on" in report.report_text


def test_history_and_rollup_agree_with_the_app(
    out_of_order_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """history lists 2026-Q4 just before 2027-Q1; rollup's previous assessment is 2026-Q4."""
    folder = str(out_of_order_folder.parent)
    assert main(["history", folder, "--team", "Payments Platform", "--format", "json"]) == 0
    labels = [entry["label"] for entry in json.loads(capsys.readouterr().out)["entries"]]
    assert labels[-2:] == [PREVIOUS, "2027-Q1"]
    assert main(["rollup", folder, "--no-cache", "--format", "json"]) == 0
    teams = json.loads(capsys.readouterr().out)["teams"]
    payments = next(team for team in teams if team["team"] == "Payments Platform")
    assert (payments["label"], payments["previous_label"]) == ("2027-Q1", PREVIOUS)
