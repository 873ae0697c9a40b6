"""Answer scales: `[scales.<id>]` with their choices, single-choice or multi-select.

A single-choice scale has two to nine choices (answered with the digit keys) and a
`met_threshold`; a multi-select scale has one to twenty choices and `met_at_least` ("all" or a
number). Every problem is reported to the document as `path:line:col: message`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ops_maturity.core.model.questionnaire import Choice, Scale
from ops_maturity.core.parsing.toml_positions import KeyPath
from ops_maturity.core.parsing.validation import Field, TomlDocument, describe_integer
from ops_maturity.core.questionnaires.ids import check_id

MAX_CHOICES = 9
"""A single-choice scale's choices are answered with the digit keys 1-9."""
MAX_MULTIPLE_CHOICES = 20
"""A multi-select scale lists at most this many choices (an AWS Well-Architected question has at
most 15, its 'None of these' included)."""
MAX_SCALES = 1_000
"""Imported models give each multi-select question its own scale (a Well-Architected lens holds
up to 200 questions)."""

_SCALE = {
    "name": Field(str, text=True, single_line=True, non_empty=True),
    "select": Field(str, required=False, text=True, single_line=True),
    "met_threshold": Field(int, required=False),
    "met_at_least": Field((int, str), required=False, text=True, single_line=True),
    "choices": Field(list),
}
_CHOICE = {
    "value": Field(int),
    "label": Field(str, text=True, single_line=True, non_empty=True),
    "description": Field(str, required=False, text=True),
    "how": Field(str, required=False, text=True),
}
_SELECT_KINDS = ("one", "multiple")


@dataclass(frozen=True)
class ReadScales:
    """What `read_scales` found."""

    scales: dict[str, Scale]
    invalid_ids: set[str]
    """Scales defined with a problem (already reported): questions using them are not reported
    again as using an unknown scale."""


def read_scales(document: TomlDocument, raw_scales: object) -> ReadScales:
    """Read `[scales]`, reporting every problem to `document`; the valid scales, and the ids of
    those defined with a problem."""
    scales: dict[str, Scale] = {}
    invalid: set[str] = set()
    if not isinstance(raw_scales, dict):
        document.problem(("scales",), "scales must be a table of named scales")
        return ReadScales(scales, invalid)
    if not raw_scales:
        document.problem(("scales",), "a questionnaire needs at least one scale")
    if len(raw_scales) > MAX_SCALES:
        document.problem(
            ("scales",), f"scales has {len(raw_scales):,} scales; at most {MAX_SCALES}"
        )
    for scale_id, raw in list(raw_scales.items())[:MAX_SCALES]:
        path: KeyPath = ("scales", scale_id)
        invalid.add(scale_id)  # until it proves valid below
        check_id(document, scale_id, path)
        table = document.check_table(raw, path, _SCALE)
        if not table or not {"name", "choices"} <= table.keys():
            continue
        select = table.get("select", "one")
        if select not in _SELECT_KINDS:
            document.problem(
                (*path, "select"), f"select must be 'one' or 'multiple', not '{select}'"
            )
            continue
        multiple = select == "multiple"
        choices = []
        for index, raw_choice in enumerate(
            document.check_array_of_tables(table["choices"], (*path, "choices"))
        ):
            choice_path = (*path, "choices", index)
            choice = document.check_table(raw_choice, choice_path, _CHOICE)
            if choice and "how" in choice and not multiple:
                document.problem(
                    (*choice_path, "how"),
                    'only the choices of a multi-select scale (select = "multiple") '
                    "carry how; put guidance in the question's recommendation",
                )
            if choice and {"value", "label"} <= choice.keys():
                choices.append(
                    Choice(
                        choice["value"],
                        choice["label"],
                        choice.get("description", ""),
                        choice.get("how", ""),
                    )
                )
        if not _check_choices(document, path, scale_id, choices, multiple):
            continue
        scale = (
            _multiple_scale(document, path, scale_id, table, choices)
            if multiple
            else _single_scale(document, path, scale_id, table, choices)
        )
        if scale is not None:
            scales[scale_id] = scale
            invalid.discard(scale_id)
    return ReadScales(scales, invalid)


def _check_choices(
    document: TomlDocument, path: KeyPath, scale_id: str, choices: list[Choice], multiple: bool
) -> bool:
    """Two to nine choices (one to twenty when multi-select), distinct values in
    increasing order."""
    most, fewest = (MAX_MULTIPLE_CHOICES, 1) if multiple else (MAX_CHOICES, 2)
    if len(choices) > most:
        how = "" if multiple else " (they are answered with the keys 1-9)"
        document.problem(
            (*path, "choices"),
            f"scale '{scale_id}' has {len(choices)} choices; at most {most}{how}",
        )
        return False
    if len(choices) < fewest:
        needs = "a choice" if multiple else "at least two choices"
        document.problem((*path, "choices"), f"scale '{scale_id}' needs {needs}")
        return False
    values = [choice.value for choice in choices]
    if values != sorted(set(values)):
        document.problem(
            (*path, "choices"),
            f"scale '{scale_id}' choices must have distinct values in increasing order",
        )
        return False
    return True


def _single_scale(
    document: TomlDocument,
    path: KeyPath,
    scale_id: str,
    table: dict[str, object],
    choices: list[Choice],
) -> Scale | None:
    if "met_at_least" in table:
        document.problem(
            (*path, "met_at_least"),
            'met_at_least is for multi-select scales (select = "multiple"); '
            "a single-choice scale has met_threshold",
        )
        return None
    threshold = table.get("met_threshold")
    if not isinstance(threshold, int):
        document.problem(path, f"missing required key 'met_threshold' in scales.{scale_id}")
        return None
    values = [choice.value for choice in choices]
    if not values[0] < threshold <= values[-1] or threshold not in values:
        document.problem(
            (*path, "met_threshold"),
            f"met_threshold {describe_integer(threshold)} must be one of the scale's "
            f"values above the lowest ({values[1:]})",
        )
        return None
    return Scale(scale_id, str(table["name"]), threshold, tuple(choices))


def _multiple_scale(
    document: TomlDocument,
    path: KeyPath,
    scale_id: str,
    table: dict[str, object],
    choices: list[Choice],
) -> Scale | None:
    if "met_threshold" in table:
        document.problem(
            (*path, "met_threshold"),
            "a multi-select scale says when it is met with met_at_least "
            '("all", or how many of its choices), not met_threshold',
        )
        return None
    rule = table.get("met_at_least")
    if rule is None:
        document.problem(
            path,
            f"missing required key 'met_at_least' in scales.{scale_id} (\"all\", or how "
            "many of the listed choices must be picked)",
        )
        return None
    count = len(choices) if rule == "all" else rule
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= len(choices):
        shown = describe_integer(count) if isinstance(count, int) else f"'{count}'"
        document.problem(
            (*path, "met_at_least"),
            f'met_at_least {shown} must be "all" or a number from 1 to {len(choices)} '
            "(the choices listed)",
        )
        return None
    return Scale(scale_id, str(table["name"]), 0, tuple(choices), multiple=True, met_at_least=count)
