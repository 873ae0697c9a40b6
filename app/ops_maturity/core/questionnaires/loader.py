"""Load and validate a questionnaire TOML file into `ops_maturity.core.model.questionnaire` objects.

Every problem in the file is collected and raised together as `InvalidFileError`, each one as
`path:line:col: message`: syntax errors, unknown keys, missing keys, duplicate ids, unknown
references, levels without questions, control characters and oversized files. Scales are read by
`scales`, ids checked by `ids`. Once every question
is read, `dependencies` checks `depends_on` across the whole questionnaire (unknown questions,
cycles, cycles through the gated levels).
"""

from __future__ import annotations

import re
from pathlib import Path

from ops_maturity.core.model.questionnaire import (
    HORIZON_IDS,
    Area,
    Horizon,
    Level,
    Question,
    Questionnaire,
    Recommendation,
    Scale,
)
from ops_maturity.core.parsing.toml_positions import KeyPath
from ops_maturity.core.parsing.validation import (
    Field,
    TomlDocument,
    describe_integer,
    parse_toml_document,
    read_toml_document,
)
from ops_maturity.core.questionnaires.dependencies import check_dependencies
from ops_maturity.core.questionnaires.ids import check_id
from ops_maturity.core.questionnaires.scales import read_scales

MAX_LEVELS = 10
MAX_AREAS = 100
MAX_QUESTIONNAIRE_BYTES = 4_000_000
"""A questionnaire file larger than this is refused before parsing. Imported models carry long
guidance: DSOMM 5.x (194 activities) converts to about 0.5 MB, and 1,000 activities of DSOMM's
length to 2.6 MB; 4 MB holds about 1,500 of them, or 10,000 short questions. Every reader stays
linear in the file (the nesting pre-scan, tomli, one pass of checks; positions are worked out
only for a file with problems), and benchmarks/big_models.py measures the load."""
MAX_QUESTIONS = 10_000
"""In the whole questionnaire. Teams run 5,000."""
MAX_DEPENDENCIES = 50
"""Per question."""
MAX_LINKS = 20
"""Per recommendation. These caps keep the work for one file bounded (levels multiply checks)."""
MAX_TAGS = 20
"""Per recommendation."""
MAX_TAG_CHARS = 64
MAX_REFERENCES = 50
"""Per recommendation: a DSOMM activity maps to a few ids in each of a few frameworks."""
MAX_REFERENCE_CHARS = 500
_LINK_PATTERN = re.compile(r"^https?://[^\s]+$")

_TOP_LEVEL = {
    "questionnaire": Field(dict),
    "levels": Field(list),
    "horizons": Field(dict),
    "scales": Field(dict),
    "areas": Field(list),
}
_METADATA = {
    "id": Field(str, text=True, single_line=True),
    "version": Field(str, text=True, single_line=True, non_empty=True),
    "title": Field(str, text=True, single_line=True, non_empty=True),
    "description": Field(str, required=False, text=True),
}
_LEVEL = {
    "number": Field(int, minimum=1, maximum=MAX_LEVELS),
    "name": Field(str, text=True, single_line=True, non_empty=True),
    "description": Field(str, required=False, text=True),
}
_HORIZON = {
    "label": Field(str, text=True, single_line=True, non_empty=True),
    "description": Field(str, required=False, text=True),
}
_AREA = {
    "id": Field(str, text=True, single_line=True),
    "name": Field(str, text=True, single_line=True, non_empty=True),
    "description": Field(str, required=False, text=True),
    "skipped_levels": Field(list, required=False, items=int),
    "questions": Field(list),
}
_QUESTION = {
    "id": Field(str, text=True, single_line=True),
    "level": Field(int, minimum=1, maximum=MAX_LEVELS),
    "text": Field(str, text=True, non_empty=True),
    "help": Field(str, required=False, text=True),
    "scale": Field(str, text=True, single_line=True),
    "depends_on": Field(list, required=False, items=str, text=True, single_line=True),
    "recommendation": Field(dict),
}
_RECOMMENDATION = {
    "action": Field(str, text=True, single_line=True, non_empty=True),
    "horizon": Field(str, text=True, single_line=True),
    "detail": Field(str, required=False, text=True),
    "how": Field(str, required=False, text=True),
    "effort": Field(str, required=False, text=True, single_line=True, non_empty=True),
    "tags": Field(list, required=False, items=str, text=True, single_line=True),
    "references": Field(list, required=False, items=str, text=True, single_line=True),
    "links": Field(list, required=False, items=str, text=True, single_line=True),
}


def load_questionnaire(path: Path, display_path: str | None = None) -> Questionnaire:
    """Load a questionnaire file. Raises InvalidFileError listing every problem found."""
    document = read_toml_document(path, display_path, MAX_QUESTIONNAIRE_BYTES)
    return _QuestionnaireBuilder(document).build()


def parse_questionnaire(raw: bytes, display_path: str) -> Questionnaire:
    """Load a questionnaire from bytes (for bundled resources and tests)."""
    return _QuestionnaireBuilder(
        parse_toml_document(raw, display_path, MAX_QUESTIONNAIRE_BYTES)
    ).build()


class _QuestionnaireBuilder:
    """Walks the parsed TOML once, collecting problems, then builds the model if there were none."""

    def __init__(self, document: TomlDocument) -> None:
        self.document = document
        self.levels: list[Level] = []
        self.horizons: list[Horizon] = []
        self.scales: dict[str, Scale] = {}
        self.question_paths: dict[str, KeyPath] = {}
        self.duplicate_question_ids: set[str] = set()
        self.invalid_scale_ids: set[str] = set()
        """Scales defined with a problem (already reported): questions using them are not
        reported again as using an unknown scale."""
        self.question_count = 0
        self.levels_written: list[tuple[int, str, set[int], set[int]]] = []
        """Per area: its index, id, the levels its questions declare and those it skips."""

    def build(self) -> Questionnaire:
        document = self.document
        top = document.check_table(document.data, (), _TOP_LEVEL) or {}
        metadata = (
            document.check_table(top["questionnaire"], ("questionnaire",), _METADATA)
            if "questionnaire" in top
            else None
        )
        if metadata and "id" in metadata:
            check_id(document, metadata["id"], ("questionnaire", "id"))
        if "levels" in top:
            self._read_levels(top["levels"])
        if "horizons" in top:
            self._read_horizons(top["horizons"])
        if "scales" in top:
            found = read_scales(document, top["scales"])
            self.scales, self.invalid_scale_ids = found.scales, found.invalid_ids
        areas = self._read_areas(top["areas"]) if "areas" in top else []
        if areas:
            self._check_levels_have_questions()
            check_dependencies(document, areas, self.question_paths, self.duplicate_question_ids)
        if document.problems or document.more_problems or metadata is None or not areas:
            raise document.error()
        return Questionnaire(
            id=metadata["id"],
            version=metadata["version"],
            title=metadata["title"],
            description=metadata.get("description", ""),
            levels=tuple(self.levels),
            horizons=tuple(sorted(self.horizons, key=lambda horizon: horizon.rank)),
            scales=self.scales,
            areas=tuple(areas),
            source=document.display_path,
        )

    def _read_levels(self, raw_levels: object) -> None:
        document = self.document
        for index, raw in enumerate(
            document.check_array_of_tables(raw_levels, ("levels",), MAX_LEVELS, "levels")
        ):
            table = document.check_table(raw, ("levels", index), _LEVEL)
            if table and {"number", "name"} <= table.keys():
                self.levels.append(
                    Level(table["number"], table["name"], table.get("description", ""))
                )
        numbers = [level.number for level in self.levels]
        if len(set(numbers)) != len(numbers):
            for index, number in enumerate(numbers):
                if numbers.index(number) != index:
                    document.problem(
                        ("levels", index, "number"), f"duplicate level number {number}"
                    )
        elif sorted(numbers) != list(range(1, len(numbers) + 1)):
            document.problem(("levels",), "levels must be numbered 1, 2, 3, ... with no gaps")
        elif len(numbers) < 2:
            document.problem(("levels",), "a questionnaire needs at least two levels")
        self.levels.sort(key=lambda level: level.number)

    def _read_horizons(self, raw_horizons: object) -> None:
        document = self.document
        fields = {horizon_id: Field(dict) for horizon_id in HORIZON_IDS}
        table = document.check_table(raw_horizons, ("horizons",), fields) or {}
        for horizon_id, raw in table.items():
            horizon = document.check_table(raw, ("horizons", horizon_id), _HORIZON)
            if horizon and "label" in horizon:
                self.horizons.append(
                    Horizon(horizon_id, horizon["label"], horizon.get("description", ""))
                )

    def _read_areas(self, raw_areas: object) -> list[Area]:
        document = self.document
        areas: list[Area] = []
        area_ids: set[str] = set()
        raw_area_list = document.check_array_of_tables(raw_areas, ("areas",), MAX_AREAS, "areas")
        if isinstance(raw_areas, list) and not raw_areas:
            document.problem(("areas",), "a questionnaire needs at least one area")
        for area_index, raw in enumerate(raw_area_list):
            path: KeyPath = ("areas", area_index)
            table = document.check_table(raw, path, _AREA)
            if not table:
                continue
            area_id = table.get("id")
            if area_id is not None and check_id(document, area_id, (*path, "id")):
                if area_id in area_ids:
                    document.problem((*path, "id"), f"duplicate area id '{area_id}'")
                area_ids.add(area_id)
            questions = []
            raw_questions = document.check_array_of_tables(
                table.get("questions", []),
                (*path, "questions"),
                max(0, MAX_QUESTIONS - self.question_count),
                f"questions (a questionnaire holds at most {MAX_QUESTIONS:,} in all)",
            )
            self.question_count += len(raw_questions)
            if "questions" in table and not raw_questions:
                document.problem((*path, "questions"), f"area '{area_id}' has no questions")
            for question_index, raw_question in enumerate(raw_questions):
                question = self._read_question(
                    raw_question, (*path, "questions", question_index), area_id or ""
                )
                if question:
                    questions.append(question)
            levels_all_given = all(
                isinstance(q, dict) and isinstance(q.get("level"), int) for q in raw_questions
            )
            if raw_questions and levels_all_given:  # else a missing level is reported already
                written = {
                    q["level"]
                    for q in raw_questions
                    if isinstance(q, dict) and isinstance(q.get("level"), int)
                }
                skipped = set(table.get("skipped_levels", []))
                self.levels_written.append((area_index, str(area_id), written, skipped))
            if {"id", "name"} <= table.keys():
                areas.append(
                    Area(table["id"], table["name"], table.get("description", ""), tuple(questions))
                )
        return areas

    def _read_question(self, raw: object, path: KeyPath, area_id: str) -> Question | None:
        document = self.document
        table = document.check_table(raw, path, _QUESTION)
        if not table:
            return None
        question_id = table.get("id")
        if question_id is not None and check_id(document, question_id, (*path, "id")):
            if question_id in self.question_paths:
                document.problem((*path, "id"), f"duplicate question id '{question_id}'")
                self.duplicate_question_ids.add(question_id)
            else:
                self.question_paths[question_id] = path
        level = table.get("level")
        known_levels = {known.number for known in self.levels}
        if isinstance(level, int) and known_levels and level not in known_levels:
            document.problem(
                (*path, "level"), f"unknown level {level} (levels are {sorted(known_levels)})"
            )
        dependencies = table.get("depends_on", [])
        if len(dependencies) > MAX_DEPENDENCIES:
            document.problem(
                (*path, "depends_on"),
                f"depends_on lists {len(dependencies):,} questions; at most {MAX_DEPENDENCIES}",
            )
        scale_id = table.get("scale")
        if (
            isinstance(scale_id, str)
            and scale_id not in self.scales
            and scale_id not in self.invalid_scale_ids
        ):
            known = ", ".join(sorted(self.scales)) or "none defined"
            document.problem((*path, "scale"), f"unknown scale '{scale_id}' (known: {known})")
        recommendation = self._read_recommendation(
            table.get("recommendation"), (*path, "recommendation")
        )
        if not {"id", "level", "text", "scale"} <= table.keys() or recommendation is None:
            return None
        if scale_id not in self.scales:
            return None
        return Question(
            id=table["id"],
            area_id=area_id,
            level=table["level"],
            text=table["text"],
            help=table.get("help", ""),
            scale=self.scales[table["scale"]],
            recommendation=recommendation,
            depends_on=tuple(table.get("depends_on", ())),
        )

    def _read_recommendation(self, raw: object, path: KeyPath) -> Recommendation | None:
        if raw is None:
            return None
        document = self.document
        table = document.check_table(raw, path, _RECOMMENDATION)
        if not table:
            return None
        links = table.get("links", [])
        if len(links) > MAX_LINKS:
            document.problem(
                (*path, "links"), f"links has {len(links):,} links; at most {MAX_LINKS}"
            )
        for index, link in enumerate(links[:MAX_LINKS]):
            if not _LINK_PATTERN.match(link):
                document.problem(
                    (*path, "links", index),
                    f"link '{link}' must be an http:// or https:// address",
                )
        if "how" in table and "detail" in table:
            document.problem(
                (*path, "how"),
                "a recommendation has either how (Markdown) or detail (plain text), not both",
            )
        self._check_labels(table, path, "tags", MAX_TAGS, MAX_TAG_CHARS)
        self._check_labels(table, path, "references", MAX_REFERENCES, MAX_REFERENCE_CHARS)
        horizon = table.get("horizon")
        if isinstance(horizon, str) and horizon not in HORIZON_IDS:
            document.problem(
                (*path, "horizon"), f"unknown horizon '{horizon}' (use short, medium or long)"
            )
            return None
        if not {"action", "horizon"} <= table.keys():
            return None
        return Recommendation(
            table["action"],
            table["horizon"],
            table.get("detail", ""),
            tuple(table.get("links", ())),
            how=table.get("how", ""),
            effort=table.get("effort", ""),
            tags=tuple(table.get("tags", ())),
            references=tuple(table.get("references", ())),
        )

    def _check_labels(
        self, table: dict[str, object], path: KeyPath, key: str, most: int, longest: int
    ) -> None:
        """`tags` or `references`: at most `most` entries, each non-blank and at most `longest`
        characters; a problem removes the key, so the recommendation is built without it."""
        values = table.get(key)
        if not isinstance(values, list):
            return
        ok = True
        if len(values) > most:
            self.document.problem(
                (*path, key), f"{key} has {len(values):,} entries; at most {most}"
            )
            ok = False
        for index, value in enumerate(values[:most]):
            if not value.strip():
                self.document.problem((*path, key, index), f"{key}[{index}] must not be empty")
                ok = False
            elif len(value) > longest:
                self.document.problem(
                    (*path, key, index),
                    f"{key}[{index}] is {len(value):,} characters long; at most {longest}",
                )
                ok = False
        if not ok:
            del table[key]

    def _check_levels_have_questions(self) -> None:
        """Every area needs a question at every level it does not list in `skipped_levels`, and
        none at a level it does (counting questions rejected for other reasons, so one mistake
        is not reported twice)."""
        known = {level.number: level for level in self.levels}
        for area_index, area_id, levels, skipped in self.levels_written:
            path: KeyPath = ("areas", area_index, "skipped_levels")
            for number in sorted(skipped):
                if number not in known:
                    self.document.problem(
                        path,
                        f"skipped_levels names unknown level {describe_integer(number)} (levels are "
                        f"{sorted(known)})",
                    )
                elif number in levels:
                    self.document.problem(
                        path,
                        f"area '{area_id}' lists level {number} in skipped_levels but has "
                        f"questions at level {number}",
                    )
            for level in self.levels:
                if level.number not in levels and level.number not in skipped:
                    self.document.problem(
                        ("areas", area_index),
                        f"area '{area_id}' has no questions at level {level.number} "
                        f"({level.name}); add one, or list the level in skipped_levels if the "
                        "area has no practice there",
                    )
