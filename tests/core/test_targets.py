"""Targets per area, due quarters, and format_version 2 in the assessment file."""

from __future__ import annotations

from pathlib import Path

import pytest
from ops_maturity.core.model.assessment import Answer
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.model.targets import area_targets, set_target, split_roadmap
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.assessment_toml import (
    FORMAT_VERSION,
    FORMAT_VERSION_WITHOUT_SELECTIONS,
    assessment_to_toml,
)

from .builders import FULLY, assess


def test_default_target_is_the_next_level_and_capped(minimal: Questionnaire) -> None:
    everything = {q.id: FULLY for q in minimal.questions}
    assessment = assess(minimal, {**everything, "incidents.roles": 0})
    targets = {
        t.area.id: t
        for t in area_targets(minimal, assessment, score_assessment(minimal, assessment))
    }
    assert (targets["incidents"].current, targets["incidents"].target) == (0, 1)
    assert (targets["visibility"].current, targets["visibility"].target) == (4, 4)
    assert not targets["incidents"].stored and targets["visibility"].reached


def test_a_stored_target_wins_and_splits_the_roadmap(minimal: Questionnaire) -> None:
    """With visibility aimed at 3, its level 2 and 3 items come first, level 4 after."""
    everything_unmet = {q.id: 0 for q in minimal.questions}
    assessment = assess(
        minimal, {**everything_unmet, "visibility.error-rates": FULLY, "incidents.roles": FULLY}
    )
    set_target(assessment, "visibility", 3, minimal.max_level)
    score = score_assessment(minimal, assessment)
    targets = {t.area.id: t.target for t in area_targets(minimal, assessment, score)}
    assert targets == {"visibility": 3, "incidents": 2}
    split = split_roadmap(build_roadmap(minimal, score, assessment), targets)
    assert {(i.area.id, i.level.number) for i in split.toward_target} == {
        ("visibility", 2),
        ("incidents", 2),
        ("visibility", 3),
    }
    assert split.items == split.toward_target + split.after_target
    assert {(i.area.id, i.level.number) for i in split.after_target} == {
        ("visibility", 4),
        ("incidents", 3),
        ("incidents", 4),
    }


def test_targets_and_due_survive_a_save(minimal: Questionnaire, tmp_path: Path) -> None:
    assessment = assess(minimal, {"visibility.error-rates": Answer(1, owner="Mei", due="2027-Q2")})
    set_target(assessment, "incidents", 9, minimal.max_level)  # clamped to the top level
    path = tmp_path / "a.toml"
    save_assessment_atomically(assessment, path)
    assert f"format_version = {FORMAT_VERSION_WITHOUT_SELECTIONS}" in path.read_text("utf-8")
    loaded = load_assessment(path)
    assert loaded.targets == {"incidents": 4}
    assert loaded.answer_for("visibility.error-rates").due == "2027-Q2"


def test_version_1_files_load_and_newer_versions_are_refused(
    minimal: Questionnaire, tmp_path: Path
) -> None:
    text = assessment_to_toml(assess(minimal, {}))
    old = tmp_path / "old.toml"
    old.write_text(text.replace("format_version = 2", "format_version = 1"), "utf-8")
    assert load_assessment(old).targets == {}
    newer = tmp_path / "newer.toml"
    newer.write_text(
        text.replace("format_version = 2", f"format_version = {FORMAT_VERSION + 1}"), "utf-8"
    )
    with pytest.raises(InvalidFileError, match="newer ops-maturity"):
        load_assessment(newer)


def test_a_target_must_be_a_small_integer(minimal: Questionnaire, tmp_path: Path) -> None:
    text = assessment_to_toml(assess(minimal, {}))
    path = tmp_path / "bad.toml"
    path.write_text(text + '\n[targets]\nvisibility = "high"\nincidents = 12\n', "utf-8")
    with pytest.raises(InvalidFileError) as caught:
        load_assessment(path)
    messages = [p.message for p in caught.value.problems]
    assert "a target must be an integer level" in messages
    assert any("from 0 to 9" in m for m in messages)
