"""Builders shared by the core tests: paths, tiny questionnaires, assessments, problem lookups.

`build_questionnaire` writes a questionnaire from a compact spec so that a test can show, in a few
lines, exactly the areas, levels, horizons and dependencies its expectations are reasoned from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from ops_maturity.core.model.assessment import Answer, AnswerValue, Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.parsing.validation import FileProblem, InvalidFileError
from ops_maturity.core.questionnaires.loader import load_questionnaire, parse_questionnaire

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL_QUESTIONNAIRE = ROOT / "examples" / "minimal-questionnaire.toml"
DAY = dt.date(2026, 10, 15)

Answers = Mapping[str, AnswerValue | Answer]
"""Question id -> a scale value, a special answer or a full Answer."""

# Every scale in `build_questionnaire` is this one: 0 not in place, 1 partial, 2-3 met.
NOT_IN_PLACE, PARTIALLY, MOSTLY, FULLY = 0, 1, 2, 3


@dataclass(frozen=True)
class Q:
    """One question for `build_questionnaire`: id, level, declared horizon, dependencies."""

    id: str
    level: int
    horizon: str = "short"
    depends_on: tuple[str, ...] = ()


_HEADER = """\
[questionnaire]
id = "{id}"
version = "{version}"
title = "Test questionnaire"
{levels}
[horizons.short]
label = "Short-term (0-3 months)"

[horizons.medium]
label = "Medium-term (3-12 months)"

[horizons.long]
label = "Long-term (12+ months)"

[scales.adoption]
name = "Adoption"
met_threshold = 2
choices = [
  {{ value = 0, label = "Not in place" }},
  {{ value = 1, label = "Partially" }},
  {{ value = 2, label = "Mostly" }},
  {{ value = 3, label = "Fully" }},
]
"""


LEVEL_NAMES = (
    "Reactive Response",
    "Proactive Monitoring",
    "Predictive Operations",
    "Self-Healing Systems",
)


def _levels_toml(count: int) -> str:
    names = [*LEVEL_NAMES, *(f"Level {n}" for n in range(len(LEVEL_NAMES) + 1, count + 1))]
    return "".join(
        f'\n[[levels]]\nnumber = {n}\nname = "{names[n - 1]}"\n' for n in range(1, count + 1)
    )


def questionnaire_toml(
    areas: Mapping[str, Iterable[Q]], *, id: str = "test", version: str = "1", levels: int = 4
) -> str:
    """TOML text for a questionnaire with these areas and questions (see `Q`), and `levels`
    levels (the bundled four names first). Levels an area has no question at are listed in its
    `skipped_levels`."""
    parts = [_HEADER.format(id=id, version=version, levels=_levels_toml(levels))]
    for area_id, area_questions in areas.items():
        questions = list(area_questions)
        skipped = sorted(set(range(1, levels + 1)) - {question.level for question in questions})
        parts.append(
            f'\n[[areas]]\nid = "{area_id}"\nname = "Area {area_id}"\nskipped_levels = {skipped}\n'
        )
        for question in questions:
            depends = ", ".join(f'"{d}"' for d in question.depends_on)
            parts.append(
                f'\n[[areas.questions]]\nid = "{question.id}"\nlevel = {question.level}\n'
                f'text = "Question {question.id}?"\nscale = "adoption"\n'
                f"depends_on = [{depends}]\n"
                f'recommendation = {{ action = "Do {question.id}.", '
                f'horizon = "{question.horizon}" }}\n'
            )
    return "".join(parts)


def build_questionnaire(
    areas: Mapping[str, Iterable[Q]], *, id: str = "test", version: str = "1", levels: int = 4
) -> Questionnaire:
    """A validated questionnaire with these areas and questions (see `Q`)."""
    text = questionnaire_toml(areas, id=id, version=version, levels=levels)
    return parse_questionnaire(text.encode(), "built.toml")


def one_per_level(area_id: str, horizons: tuple[str, str, str, str] = ("short",) * 4) -> list[Q]:
    """An area with one question per level, ids `<area>.l1` .. `<area>.l4`."""
    return [Q(f"{area_id}.l{level}", level, horizons[level - 1]) for level in range(1, 5)]


def assess(questionnaire: Questionnaire, answers: Answers) -> Assessment:
    """An assessment of `questionnaire` holding these answers (values or full Answers)."""
    assessment = Assessment.start(questionnaire, "Payments", "2026-Q4", today=DAY)
    for question_id, answer in answers.items():
        assert questionnaire.has_question(question_id), f"typo in test: {question_id}"
        assessment.record(question_id, answer if isinstance(answer, Answer) else Answer(answer))
    return assessment


def problems_of(path: Path) -> list[FileProblem]:
    """Load a questionnaire that must be rejected and return its problems."""
    with pytest.raises(InvalidFileError) as caught:
        load_questionnaire(path)
    return caught.value.problems


def only_problem_with(problems: list[FileProblem], fragment: str) -> FileProblem:
    """The single problem whose message holds `fragment`."""
    matching = [problem for problem in problems if fragment in problem.message]
    assert len(matching) == 1, [str(problem) for problem in problems]
    return matching[0]
