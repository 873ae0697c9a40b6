"""The questionnaire model: levels, horizons, answer scales, areas, questions and recommendations.

Plain frozen dataclasses, built only by `ops_maturity.core.questionnaires.loader`, which validates them. The
format is documented in docs/questionnaire-format.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

HORIZON_IDS = ("short", "medium", "long")
"""The three investment horizons, earliest first. Their labels come from the questionnaire."""


@dataclass(frozen=True)
class Level:
    """One maturity level, numbered from 1 (lowest)."""

    number: int
    name: str
    description: str


@dataclass(frozen=True)
class Horizon:
    """An investment horizon such as 'Short-term (0-3 months)'."""

    id: str
    label: str
    description: str

    @property
    def rank(self) -> int:
        """0 for short, 1 for medium, 2 for long."""
        return HORIZON_IDS.index(self.id)


NONE_OF_THESE = "None of these"
"""How an empty selection reads: a multi-select answer with no choice picked."""

Selection = tuple[int, ...]
"""The answer to a multi-select question: the values of the choices picked, in increasing order,
each once. The empty selection is an answer too ("none of these")."""


def as_selection(values: object) -> Selection:
    """Values as a Selection: integers only, sorted, each once."""
    if not isinstance(values, list | tuple | set | frozenset):
        return ()
    return tuple(sorted({v for v in values if isinstance(v, int) and not isinstance(v, bool)}))


@dataclass(frozen=True)
class Choice:
    """One answer on a scale, for example 2 = 'Mostly', or one listed choice of a multi-select
    scale with `how`, the guidance for when it is not in place (Markdown)."""

    value: int
    label: str
    description: str = ""
    how: str = ""


@dataclass(frozen=True)
class Scale:
    """A reusable answer scale.

    A single-choice scale (`multiple` False): one value per answer, met at or above
    `met_threshold`. A multi-select scale (`multiple` True): an answer is the set of choices
    picked, met when at least `met_at_least` of them are (all of them, when the file says
    "all"); `met_threshold` is unused (0).
    """

    id: str
    name: str
    met_threshold: int
    choices: tuple[Choice, ...]
    multiple: bool = False
    met_at_least: int = 0

    def choice(self, value: int) -> Choice | None:
        """Return the choice with this value, if the scale has one."""
        return next((choice for choice in self.choices if choice.value == value), None)

    def is_met(self, value: int) -> bool:
        return value >= self.met_threshold

    def is_partial(self, value: int) -> bool:
        """True for an answer above the lowest choice that is still below the threshold."""
        return self.choices[0].value < value < self.met_threshold

    def is_valid_selection(self, values: Selection) -> bool:
        """True when every value picked is a choice of this (multi-select) scale."""
        known = {choice.value for choice in self.choices}
        return self.multiple and all(value in known for value in values)

    def selection_is_met(self, values: Selection) -> bool:
        return len(values) >= self.met_at_least

    def missing(self, values: Selection) -> tuple[Choice, ...]:
        """The listed choices not picked."""
        return tuple(choice for choice in self.choices if choice.value not in values)

    def selection_label(self, values: Selection) -> str:
        """The choices picked, by label, joined with '; ' ('None of these' when none)."""
        if not values:
            return NONE_OF_THESE
        labels = []
        for value in values:
            choice = self.choice(value)
            labels.append(choice.label if choice else f"Unknown value {value}")
        return "; ".join(labels)

    @property
    def met_rule(self) -> str:
        """A multi-select scale's met rule in words, after 'met with': 'all 3 listed choices' or
        'at least 2 of the 4 listed choices' ('' for a single-choice scale)."""
        if not self.multiple:
            return ""
        count = len(self.choices)
        if self.met_at_least >= count:
            return {1: "the listed choice", 2: "both listed choices"}.get(
                count, f"all {count} listed choices"
            )
        return f"at least {self.met_at_least} of the {count} listed choices"


@dataclass(frozen=True)
class Recommendation:
    """What to do when a question is not met, and how long the work takes (its horizon).

    `how` is Markdown written by the questionnaire's author (made safe where it is shown);
    `detail` is the plain-text guidance of earlier files. A recommendation has one or neither.
    """

    action: str
    horizon: str
    detail: str = ""
    links: tuple[str, ...] = ()
    how: str = ""
    effort: str = ""
    """Free text such as 'two weeks' or 'knowledge 2/5, time 3/5'."""
    tags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    """Framework ids ('SAMM O-IM-A-2', 'ISO 27001:2022 5.26') or http(s) addresses."""

    @property
    def guidance(self) -> str:
        """The guidance as written: `how` (Markdown) or `detail` (plain text)."""
        return self.how or self.detail


@dataclass(frozen=True)
class Question:
    """One practice to assess, belonging to one area and one level."""

    id: str
    area_id: str
    level: int
    text: str
    help: str
    scale: Scale
    recommendation: Recommendation
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    """A practice area (dimension), such as Alerting, with its questions in questionnaire order."""

    id: str
    name: str
    description: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    """A whole validated questionnaire."""

    id: str
    version: str
    title: str
    description: str
    levels: tuple[Level, ...]
    horizons: tuple[Horizon, ...]
    scales: dict[str, Scale]
    areas: tuple[Area, ...]
    source: str = field(default="", compare=False)

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """Every question, area by area, in the order the file gives them."""
        return tuple(question for area in self.areas for question in area.questions)

    @cached_property
    def _questions_by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}

    @cached_property
    def _question_indices(self) -> dict[str, int]:
        return {question.id: index for index, question in enumerate(self.questions)}

    @property
    def max_level(self) -> int:
        return self.levels[-1].number

    def question(self, question_id: str) -> Question:
        return self._questions_by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._questions_by_id

    def question_index(self, question_id: str) -> int:
        """Position of a question in `questions`."""
        return self._question_indices[question_id]

    def area(self, area_id: str) -> Area:
        return next(area for area in self.areas if area.id == area_id)

    def level(self, number: int) -> Level:
        """The level with this number; 0 gives a pseudo-level 'Not yet at Level 1'."""
        if number == 0:
            return Level(
                0,
                "Not yet at Level 1",
                f"Level 1 ({self.levels[0].name}) practices are not all met.",
            )
        return self.levels[number - 1]

    def horizon(self, horizon_id: str) -> Horizon:
        return next(horizon for horizon in self.horizons if horizon.id == horizon_id)
