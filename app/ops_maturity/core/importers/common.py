"""What both importers share: the result, the error, cleaning text taken from a foreign model,
and writing the questionnaire TOML (tomli-w), checked by the loader before anyone sees it.

A foreign model is hostile input: every string goes through `ImportText`, which strips control
characters and counts the characters taken against a budget, so a file full of YAML aliases to
one long string cannot make the importer build gigabytes. Nothing here reads or writes files.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import tomli_w

from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.model.prerequisites import is_level_node, needs_graph
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.dependencies import find_cycles
from ops_maturity.core.questionnaires.loader import (
    MAX_DEPENDENCIES,
    MAX_LINKS,
    MAX_REFERENCE_CHARS,
    MAX_REFERENCES,
    MAX_TAG_CHARS,
    MAX_TAGS,
    parse_questionnaire,
)
from ops_maturity.core.text import clean_single_line, strip_control_characters

MAX_INPUT_BYTES = 5_000_000
"""A model file larger than this is refused before parsing (DSOMM 5.x's model is about 610 KB;
AWS caps a lens at 500 KB)."""
MAX_TEXT_CHARS = 8_000_000
"""Characters an import may take from its model in all (aliases count each time they are used)."""
MAX_LINE_CHARS = 300
"""One-line fields (names, actions) are cut here, with '…'."""

_SLUG = re.compile(r"[^a-z0-9]+")
_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")


class ModelImportError(OpsMaturityError):
    """A model could not be imported; `problems` are lines such as `path:line:col: message`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class MissingExtraError(OpsMaturityError):
    """An optional dependency the importer needs is not installed; the message says how."""


@dataclass
class ImportedModel:
    """A converted model: the questionnaire TOML, what it holds, and what was not carried over."""

    toml: str
    questionnaire: Questionnaire
    notes: list[str] = field(default_factory=list)
    """One line each: what could not be carried over, or was carried over approximately."""


class ImportText:
    """Cleans text taken from the model and counts it against MAX_TEXT_CHARS."""

    def __init__(self, display_path: str, limit: int = MAX_TEXT_CHARS) -> None:
        self.display_path = display_path
        self.limit = limit
        self.taken = 0

    def text(self, value: object) -> str:
        """Any scalar as clean multi-line text ('' for None, lists and tables)."""
        if value is None or isinstance(value, dict | list | bool):
            return ""
        text = str(value)
        self.taken += len(text)
        if self.taken > self.limit:
            raise ModelImportError(
                [
                    f"{self.display_path}: the model's text adds up to over {self.limit:,} "
                    "characters (YAML aliases count each time they are used); not imported"
                ]
            )
        return strip_control_characters(text.replace("\r\n", "\n").replace("\r", "\n")).strip()

    def line(self, value: object, limit: int = MAX_LINE_CHARS) -> str:
        """Text on one line, cut at `limit` characters."""
        return shorten(clean_single_line(self.text(value).replace("\n", " ")), limit)


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def slug(text: str, fallback: str = "x") -> str:
    """An id made of lower-case letters, digits and '-'."""
    made = _SLUG.sub("-", text.lower()).strip("-")[:60].strip("-")
    return made or fallback


def unique_id(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... when it is taken; the result is added to `taken`."""
    candidate, number = wanted, 2
    while candidate in taken:
        candidate = f"{wanted}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def is_url(text: str) -> bool:
    return bool(_URL.match(text))


def markdown_link(text: str, url: str) -> str:
    """A Markdown link when `url` is http(s), else the text (escaping is the report's job)."""
    if not is_url(url):
        return text
    label = text.replace("[", "(").replace("]", ")") or url
    return f"[{label}]({url.replace('(', '%28').replace(')', '%29')})"


def capped(values: Iterable[str], most: int, longest: int) -> tuple[list[str], int]:
    """Distinct non-blank values, each cut to `longest`, at most `most`; and how many were left."""
    kept: list[str] = []
    dropped = 0
    for value in values:
        value = shorten(clean_single_line(value), longest)
        if not value or value in kept:
            continue
        if len(kept) >= most:
            dropped += 1
            continue
        kept.append(value)
    return kept, dropped


def recommendation_lists(
    tags: Iterable[str],
    references: Iterable[str],
    links: Iterable[str],
    notes: list[str],
    where: str,
) -> dict[str, list[str]]:
    """`tags`, `references` and `links` within the loader's limits; a note for anything cut."""
    result: dict[str, list[str]] = {}
    for key, values, most, longest in (
        ("tags", tags, MAX_TAGS, MAX_TAG_CHARS),
        ("references", references, MAX_REFERENCES, MAX_REFERENCE_CHARS),
        ("links", [link for link in links if is_url(link)], MAX_LINKS, 2_000),
    ):
        kept, dropped = capped(values, most, longest)
        if dropped:
            notes.append(f"{where}: {dropped} {key} past the first {most} left out")
        if kept:
            result[key] = kept
    return result


def break_dependency_cycles(document: dict[str, Any], notes: list[str]) -> None:
    """Drop `depends_on` entries until no cycle is left, counting that a practice needs every
    practice below it in its area (the loader refuses such cycles); a note for each one dropped.

    The document's questions are only read here as the loader would build them; each pass drops
    one dependency of the first cycle found, so it ends after at most one pass per dependency.
    """
    from ops_maturity.core.model.questionnaire import Area, Question, Recommendation, Scale

    scale = Scale("x", "x", 1, ())
    questions: dict[str, dict[str, Any]] = {}
    areas = []
    for area in document["areas"]:
        built = []
        for question in area["questions"]:
            questions[question["id"]] = question
            built.append(
                Question(
                    question["id"],
                    area["id"],
                    question["level"],
                    "",
                    "",
                    scale,
                    Recommendation("", "short"),
                    tuple(question.get("depends_on", ())),
                )
            )
        areas.append(Area(area["id"], "", "", tuple(built)))
    for _ in range(sum(len(q.get("depends_on", ())) for q in questions.values()) + 1):
        graph = needs_graph(areas)
        cycle = next(
            (c for c in find_cycles(graph) if sum(not is_level_node(n) for n in c) > 1), None
        )
        if cycle is None:
            return
        ring = [*cycle, cycle[0]]
        for node, need in itertools.pairwise(ring):
            depends = questions.get(node, {}).get("depends_on", [])
            if need in depends:
                depends.remove(need)
                if not depends:
                    del questions[node]["depends_on"]
                notes.append(
                    f"dependency {node} -> {need} left out: it closes a cycle (counting that a "
                    "practice needs every practice below it in its area)"
                )
                areas = [
                    Area(
                        a.id,
                        "",
                        "",
                        tuple(
                            Question(
                                q.id,
                                q.area_id,
                                q.level,
                                "",
                                "",
                                scale,
                                q.recommendation,
                                tuple(questions[q.id].get("depends_on", ())),
                            )
                            for q in a.questions
                        ),
                    )
                    for a in areas
                ]
                break
        else:
            return


def cap_dependencies(depends: list[str], notes: list[str], where: str) -> list[str]:
    if len(depends) > MAX_DEPENDENCIES:
        notes.append(
            f"{where}: {len(depends) - MAX_DEPENDENCIES} dependencies past the first "
            f"{MAX_DEPENDENCIES} left out"
        )
    return depends[:MAX_DEPENDENCIES]


def finish(document: dict[str, Any], display_path: str, notes: list[str]) -> ImportedModel:
    """Write the TOML and load it back with the questionnaire loader: what is written validates."""
    toml = tomli_w.dumps(document, multiline_strings=True)
    try:
        questionnaire = parse_questionnaire(toml.encode(), f"{display_path} (converted)")
    except InvalidFileError as error:  # a converter bug: say so plainly, never a traceback
        raise ModelImportError(
            [f"{display_path}: the converted questionnaire does not validate:"]
            + [str(problem) for problem in error.problems]
        ) from None
    return ImportedModel(toml, questionnaire, notes)
