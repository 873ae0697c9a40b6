"""One rule decides which files are a team's assessments and in which order (storage.team_assessments)."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.folder import scan_folder
from ops_maturity.core.storage.records import scan_records
from ops_maturity.core.storage.team_assessments import (
    earlier_assessments,
    previous_assessment,
    same_team,
    team_assessments,
    team_names,
)
from ops_maturity.core.trends.rollup import build_rollup

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_previous_assessment_is_the_same_teams_latest_earlier_one(tmp_path: Path) -> None:
    """Of the files beside an assessment, the same team's latest earlier one is its previous."""
    for name in ("payments-platform-2026-q3.toml", "payments-platform-2026-q4.toml"):
        shutil.copyfile(EXAMPLES / name, tmp_path / name)
    other_team = load_assessment(tmp_path / "payments-platform-2026-q3.toml")
    other_team.team = "Search"
    save_assessment_atomically(other_team, tmp_path / "search-2026-q3.toml")
    (tmp_path / "broken.toml").write_text("not = [toml", encoding="utf-8")
    q4 = load_assessment(tmp_path / "payments-platform-2026-q4.toml")
    q3 = load_assessment(tmp_path / "payments-platform-2026-q3.toml")
    previous = previous_assessment(q4, tmp_path / "payments-platform-2026-q4.toml")
    assert previous is not None
    assert (previous.team, previous.label) == ("Payments Platform", "2026-Q3")
    assert previous_assessment(q3, tmp_path / "payments-platform-2026-q3.toml") is None


def test_a_team_is_its_name_without_case_spacing_or_unicode_form() -> None:
    """'Équipe' typed as NFC or NFD, any case, any spacing, is one team; 'Team A' and 'Team-A' two."""
    nfc = unicodedata.normalize("NFC", "Équipe Paiements")
    nfd = unicodedata.normalize("NFD", "équipe  PAIEMENTS")
    assert nfc != nfd
    assert same_team(nfc, nfd)
    assert not same_team("Team A", "Team-A")


def test_the_label_orders_a_quarter_filled_in_late(out_of_order_folder: Path) -> None:
    """2026-Q3 dated after 2026-Q4 still comes before it: the label decides, then the date."""
    current = out_of_order_folder
    assessment = load_assessment(current)
    earlier = earlier_assessments(assessment, current)
    assert [item.assessment.label for item in earlier] == ["2026-Q3", "2026-Q4"]
    previous = previous_assessment(assessment, current)
    assert previous is not None and previous.label == "2026-Q4"


def test_history_and_rollup_use_the_same_order_and_identity(out_of_order_folder: Path) -> None:
    """history lists Q3, Q4, Q1 as one team; rollup's latest is Q1 and its previous Q4."""
    folder = out_of_order_folder.parent
    found = scan_folder(folder, recursive=False).found
    assert team_names(found) == ["Identity Services", "Payments Platform"]
    mine = team_assessments(found, "PAYMENTS PLATFORM")
    assert [item.assessment.label for item in mine] == ["2026-Q3", "2026-Q4", "2027-Q1"]
    rollup = build_rollup(scan_records(folder).records)
    assert rollup is not None
    standing = next(team for team in rollup.teams if same_team(team.team, "Payments Platform"))
    assert standing.label == "2027-Q1"
    assert standing.previous is not None and standing.previous.label == "2026-Q4"


def test_another_file_of_the_same_label_and_date_is_not_earlier(tmp_path: Path) -> None:
    """Two files of one team, label and date (an old file name beside the new one): neither is
    the other's previous assessment."""
    current = tmp_path / "payments-platform-2026-q4.toml"
    shutil.copyfile(EXAMPLES / current.name, current)
    shutil.copyfile(EXAMPLES / current.name, tmp_path / "copy.toml")
    assert previous_assessment(load_assessment(current), current) is None
