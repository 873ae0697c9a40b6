"""OWASP DSOMM (DevSecOps Maturity Model) YAML -> an ops-maturity questionnaire.

Reads the generated model (`generated/model.yaml`: a `meta` document, then dimension ->
sub-dimension -> activity), older single-document generated files, and one sub-dimension's
source file. The mapping, stated for users in docs/importers.md:

- **levels**: DSOMM's five, with names of our own (the model names none);
- **areas**: one per sub-dimension (DSOMM's own scoring unit), named "Dimension / Sub-dimension";
  the levels a sub-dimension has no activity at go into `skipped_levels`;
- **questions**: one per activity, id `dsomm-<uuid>` (stable across renames), at its level, on a
  three-step scale (not, partly, in place); `text` is the activity's name, `help` its measure and
  how to check it;
- **recommendation**: action "Put in place: <name>"; `how` (Markdown) holds the description, the
  risk, the implementation guide, the tools (as links) and the usefulness; horizon from the
  hardest of the three difficulty ratings (1-2 short, 3 medium, 4-5 long) and `effort` all three;
  `tags`; `references` every framework id ("samm2 O-OM-A-1") and openCRE address; `links` the
  implementations' addresses;
- **dependsOn** by name, `uuid:<uuid>` or bare uuid -> `depends_on`.

What cannot be carried over (assessment state such as isImplemented and teamsImplemented,
dependencies outside the file, unknown keys, malformed activities) is listed in the notes, one
line per kind, never silently dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ops_maturity.core.importers.common import (
    ImportedModel,
    ImportText,
    ModelImportError,
    break_dependency_cycles,
    cap_dependencies,
    finish,
    markdown_link,
    recommendation_lists,
    slug,
    unique_id,
)
from ops_maturity.core.importers.yaml_reading import load_yaml_documents

_UUID = re.compile(
    r"(?:uuid:)?\s*([0-9a-f]{6,}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{6,})", re.I
)
LEVELS = (
    ("Basic understanding", "The team knows the practices and has started on the basics."),
    ("Adoption of basic practices", "The basic practices are in place for most services."),
    ("High adoption", "The practices are in place everywhere and kept up."),
    ("Advanced adoption", "Advanced practices are in place and measured."),
    ("Adoption at scale", "The practices run at scale, automated and improved continuously."),
)
"""DSOMM's levels 1-5 carry numbers only; these names and descriptions are ours."""

SCALE_ID = "dsomm"
_KNOWN = {
    "uuid", "level", "description", "risk", "measure", "difficultyOfImplementation",
    "usefulness", "implementation", "references", "comments", "dependsOn", "assessment", "tags",
    "meta", "credits", "comment",
}  # fmt: skip
_STATE = {"isImplemented", "evidence", "teamsImplemented", "teamsEvidence"}
_WHY = {
    "comments/credits": "free notes and attributions",
    "implementation $ref": "it points into DSOMM's implementations.yaml, which is not given",
}


@dataclass
class _Activity:
    dimension: str
    sub_dimension: str
    name: str
    fields: dict[str, Any]
    id: str = ""
    level: int = 0


def import_dsomm(source: str, display_path: str) -> ImportedModel:
    """Convert a DSOMM YAML file. Raises ModelImportError, or MissingExtraError without PyYAML."""
    documents = load_yaml_documents(source, display_path)
    meta: dict[Any, Any] = next(
        (d["meta"] for d in documents if isinstance(d, dict) and isinstance(d.get("meta"), dict)),
        {},
    )
    model = next((d for d in documents if isinstance(d, dict) and "meta" not in d and d), None)
    if model is None:
        raise ModelImportError(
            [f"{display_path}: no DSOMM model found (dimension -> sub-dimension -> activity)"]
        )
    text = ImportText(display_path)
    notes: list[str] = []
    activities = _activities(model, text, notes, display_path)
    if not activities:
        raise ModelImportError([f"{display_path}: the file holds no DSOMM activity"])
    version = text.line(meta.get("version")) or "unversioned"
    if version == "unversioned":
        notes.append("no meta.version: the questionnaire's version is 'unversioned'")
    document = {
        "questionnaire": {
            "id": "dsomm",
            "version": version,
            "title": f"DevSecOps Maturity Model (DSOMM) {version}".strip(),
            "description": "Imported from OWASP DSOMM by `ops-maturity import dsomm`; levels "
            "named by ops-maturity (DSOMM numbers them only).",
        },
        "levels": [
            {"number": number, "name": name, "description": description}
            for number, (name, description) in enumerate(LEVELS, 1)
        ],
        "horizons": {
            "short": {"label": "Short-term (0-3 months)"},
            "medium": {"label": "Medium-term (3-12 months)"},
            "long": {"label": "Long-term (12+ months)"},
        },
        "scales": {
            SCALE_ID: {
                "name": "Implementation",
                "met_threshold": 2,
                "choices": [
                    {"value": 0, "label": "Not in place"},
                    {"value": 1, "label": "Partly in place"},
                    {"value": 2, "label": "In place"},
                ],
            }
        },
        "areas": _areas(activities, text, notes),
    }
    break_dependency_cycles(document, notes)
    return finish(document, display_path, notes)


def _activities(
    model: dict[Any, Any], text: ImportText, notes: list[str], display_path: str
) -> list[_Activity]:
    found: list[_Activity] = []
    skipped: list[str] = []
    for dimension, subs in model.items():
        if str(dimension).startswith("_"):
            continue
        if not isinstance(subs, dict):
            skipped.append(f"dimension '{text.line(dimension)}' is not a map")
            continue
        for sub, entries in subs.items():
            if str(sub).startswith("_"):
                continue
            if not isinstance(entries, dict):
                skipped.append(f"sub-dimension '{text.line(sub)}' is not a map")
                continue
            for name, fields in entries.items():
                if not isinstance(fields, dict):
                    skipped.append(f"activity '{text.line(name)}' is not a map")
                    continue
                found.append(
                    _Activity(text.line(dimension), text.line(sub), text.line(name), fields)
                )
    ids: set[str] = set()
    kept = []
    for activity in found:
        level = _level(activity.fields.get("level"))
        if level is None:
            skipped.append(
                f"activity '{activity.name}' has level {text.line(activity.fields.get('level'))!r} "
                "(DSOMM levels are 1 to 5)"
            )
            continue
        activity.level = level
        uuid = _UUID.fullmatch(text.line(activity.fields.get("uuid")))
        if uuid is None:
            notes.append(f"activity '{activity.name}' has no uuid: its id is made from its name")
            wanted = f"dsomm-{slug(activity.name)}"
        else:
            wanted = f"dsomm-{uuid.group(1).lower()}"
        if wanted in ids:
            skipped.append(f"activity '{activity.name}' repeats the uuid or name of another")
            continue
        activity.id = unique_id(wanted, ids)
        kept.append(activity)
    notes.extend(f"left out: {reason}" for reason in skipped)
    del display_path
    return kept


def _level(raw: object) -> int | None:
    """An integer level 1-5, also from text such as '2' or '2.0' (numbers are read as text)."""
    if isinstance(raw, bool):
        return None
    try:
        number = float(str(raw))
    except ValueError:
        return None
    return int(number) if number.is_integer() and 1 <= number <= 5 else None


def _areas(activities: list[_Activity], text: ImportText, notes: list[str]) -> list[dict[str, Any]]:
    by_uuid = {a.id.removeprefix("dsomm-"): a.id for a in activities}
    by_name = {a.name: a.id for a in activities}
    grouped: dict[tuple[str, str], list[_Activity]] = defaultdict(list)
    for activity in activities:
        grouped[(activity.dimension, activity.sub_dimension)].append(activity)
    unresolved: list[str] = []
    not_carried: dict[str, int] = defaultdict(int)
    area_ids: set[str] = set()
    areas = []
    for (dimension, sub), members in grouped.items():
        members.sort(key=lambda a: a.level)
        levels = {a.level for a in members}
        area: dict[str, Any] = {
            "id": unique_id(f"{slug(dimension)}.{slug(sub)}", area_ids),
            "name": f"{dimension} / {sub}",
        }
        if skipped := [n for n in range(1, len(LEVELS) + 1) if n not in levels]:
            area["skipped_levels"] = skipped
        area["questions"] = [
            _question(a, text, notes, by_uuid, by_name, unresolved, not_carried) for a in members
        ]
        areas.append(area)
    if unresolved:
        shown = ", ".join(unresolved[:5]) + (
            f" and {len(unresolved) - 5} more" if len(unresolved) > 5 else ""
        )
        notes.append(
            f"{len(unresolved)} dependencies name activities not in this file, left out: {shown}"
        )
    for key, count in sorted(not_carried.items()):
        why = _WHY.get(
            key, "assessment state, not part of a questionnaire" if key in _STATE else "unknown key"
        )
        notes.append(f"'{key}' not carried over ({why}): {count} activities")
    return areas


def _question(
    activity: _Activity,
    text: ImportText,
    notes: list[str],
    by_uuid: dict[str, str],
    by_name: dict[str, str],
    unresolved: list[str],
    not_carried: dict[str, int],
) -> dict[str, Any]:
    fields = activity.fields
    for key in fields:
        if key not in _KNOWN:
            not_carried[str(key)] += 1
    if fields.get("comments") or fields.get("comment") or fields.get("credits"):
        not_carried["comments/credits"] += 1
    if any(isinstance(e, dict) and "$ref" in e for e in _as_list(fields.get("implementation"))):
        not_carried["implementation $ref"] += 1
    measure = text.text(fields.get("measure"))
    check = text.text(fields.get("assessment"))
    help_parts = [measure] + ([f"How to check:\n{check}"] if check else [])
    difficulty = fields.get("difficultyOfImplementation")
    ratings = _ratings(difficulty if isinstance(difficulty, dict) else {}, text)
    hardest = max(ratings.values(), default=3)
    recommendation: dict[str, Any] = {
        "action": f"Put in place: {activity.name}",
        "horizon": "short" if hardest <= 2 else "medium" if hardest == 3 else "long",
    }
    if how := _how(fields, text):
        recommendation["how"] = how
    if ratings:
        recommendation["effort"] = ", ".join(f"{key} {value}/5" for key, value in ratings.items())
    tags = [text.line(t, 64) for t in _as_list(fields.get("tags"))]
    references = _references(fields.get("references"), text)
    links = [
        text.line(entry.get("url"), 2_000)
        for entry in _as_list(fields.get("implementation"))
        if isinstance(entry, dict)
    ]
    recommendation.update(
        recommendation_lists(
            [t for t in tags if t and t != "none"], references, links, notes, activity.id
        )
    )
    question: dict[str, Any] = {
        "id": activity.id,
        "level": activity.level,
        "text": activity.name,
    }
    if any(help_parts):
        question["help"] = "\n\n".join(part for part in help_parts if part)
    question["scale"] = SCALE_ID
    depends = []
    for raw in _as_list(fields.get("dependsOn")):
        reference = text.line(raw)
        match = _UUID.search(reference)
        target = by_uuid.get(match.group(1).lower()) if match else by_name.get(reference)
        if target is None:
            unresolved.append(f"{activity.name} -> {reference}")
        elif target != activity.id and target not in depends:
            depends.append(target)
    if depends:
        question["depends_on"] = cap_dependencies(depends, notes, activity.id)
    question["recommendation"] = recommendation
    return question


def _ratings(difficulty: dict[Any, Any], text: ImportText) -> dict[str, int]:
    ratings = {}
    for key in ("knowledge", "time", "resources"):
        try:
            value = round(float(text.line(difficulty.get(key))))
        except ValueError:
            continue
        if 1 <= value <= 5:
            ratings[key] = value
    return ratings


def _as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _references(raw: object, text: ImportText) -> list[str]:
    """'samm2 O-OM-A-1', 'iso27001-2022 5.30' (as written), openCRE addresses as they are."""
    if not isinstance(raw, dict):
        return []
    references = []
    for framework, ids in raw.items():
        for entry in _as_list(ids) if isinstance(ids, list) else [ids]:
            value = text.line(entry, 400)
            if not value or value.upper() == "TODO":
                continue
            references.append(
                value
                if value.startswith(("http://", "https://"))
                else f"{text.line(framework, 60)} {value}"
            )
    return references


def _how(fields: dict[str, Any], text: ImportText) -> str:
    """The Markdown guidance: description, why (the risk), the guide, tools, usefulness."""
    parts = []
    if description := text.text(fields.get("description")):
        parts.append(description)
    if risk := text.text(fields.get("risk")):
        parts.append(f"**Why:** {risk}")
    meta = fields.get("meta")
    if isinstance(meta, dict) and (guide := text.text(meta.get("implementationGuide"))):
        parts.append(f"**Implementation guide:** {guide}")
    tools = []
    for entry in _as_list(fields.get("implementation")):
        if isinstance(entry, dict) and "$ref" in entry:
            continue
        if isinstance(entry, dict):
            name = text.line(entry.get("name")) or text.line(entry.get("url"))
            if name:
                tools.append(markdown_link(name, text.line(entry.get("url"), 2_000)))
        elif isinstance(entry, str) and (line := text.line(entry)):
            tools.append(line)
    if tools:
        parts.append("**Tools and guides:**\n\n" + "\n".join(f"- {tool}" for tool in tools))
    usefulness = _level(fields.get("usefulness"))
    if usefulness is not None:
        parts.append(f"**Usefulness:** {usefulness} of 5")
    return "\n\n".join(parts)
