"""A folder of team assessments for roll-up and export tests, written with the real store."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

from ops_maturity.core.model.assessment import Answer, AnswerValue, Assessment
from ops_maturity.core.storage.assessment_store import save_assessment_atomically

from .builders import Q, build_questionnaire, one_per_level, questionnaire_toml

AREAS = {"a": one_per_level("a"), "b": one_per_level("b")}


def write_questionnaire(folder: Path, areas: Mapping[str, list[Q]] | None = None) -> Path:
    path = folder / "questionnaire.toml"
    path.write_text(questionnaire_toml(areas or AREAS), encoding="utf-8")
    return path


def write_team(
    folder: Path,
    questionnaire_file: Path,
    team: str,
    label: str,
    answers: dict[str, AnswerValue | Answer],
    *,
    name: str | None = None,
) -> Path:
    """Save `team`'s assessment for `label` in `folder` (created), naming the questionnaire file."""
    folder.mkdir(parents=True, exist_ok=True)
    questionnaire = build_questionnaire(AREAS)
    year, quarter = label.split("-Q")
    day = dt.date(int(year), int(quarter) * 3 - 1, 15)
    relative = Path(os.path.relpath(questionnaire_file, folder)).as_posix()
    assessment = Assessment.start(
        questionnaire, team, label, today=day, questionnaire_path=relative
    )
    for question_id, answer in answers.items():
        assessment.record(question_id, answer if isinstance(answer, Answer) else Answer(answer))
    path = folder / (name or f"{team.lower().replace(' ', '-')}-{label.lower()}.toml")
    save_assessment_atomically(assessment, path)
    return path


def levels(area_a: int, area_b: int) -> dict[str, AnswerValue | Answer]:
    """Answers that put area a at `area_a` and area b at `area_b` (3 = fully, 0 = not in place)."""
    answers: dict[str, AnswerValue | Answer] = {}
    for area, reached in (("a", area_a), ("b", area_b)):
        for level in range(1, 5):
            answers[f"{area}.l{level}"] = 3 if level <= reached else 0
    return answers
