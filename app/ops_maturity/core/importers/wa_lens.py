"""AWS Well-Architected custom lens (JSON) -> an ops-maturity questionnaire.

The mapping, stated for users in docs/importers.md:

- **areas**: one per pillar;
- **levels**: 1 "No high risk", 2 "No risk", 3 "Every best practice": a pillar is at level 1 when
  none of its questions is at high risk, at level 2 when all are at no risk (WA's own verdicts);
- **questions**: each WA question becomes up to three multi-select questions, one per level,
  listing the choices that decide that band with an "at least N" met rule found from the truth
  table of its risk rules (`wa_rules.risk_bands`). Every choice is asked once. An anti-pattern
  choice is asked as "Avoided: ...". "None of these" (`_no`) is the built-in empty answer;
- **guidance**: each choice's improvement plan (and its additional plans) is the choice's `how`,
  with links; the question's description and helpful resource are the recommendation's `how`;
  the lens and question ids are `references`;
- **horizons**: level 1 short, level 2 medium, level 3 long.

What cannot be carried over (keys WA does not document, rules that cannot be read, bands that
only approximate WA's verdict, with how often they agree) is listed in the notes.
"""

from __future__ import annotations

import json
from typing import Any

from ops_maturity.core.importers.common import (
    ImportedModel,
    ImportText,
    ModelImportError,
    finish,
    markdown_link,
    recommendation_lists,
    slug,
    unique_id,
)
from ops_maturity.core.importers.wa_rules import (
    MAX_TABLE_CHOICES,
    RISKS,
    Band,
    RiskBands,
    RiskRule,
    RuleError,
    parse_condition,
    risk_bands,
)
from ops_maturity.core.questionnaires.loader import MAX_AREAS
from ops_maturity.core.questionnaires.scales import MAX_MULTIPLE_CHOICES

LEVELS = (
    ("No high risk", "None of the area's questions is at high risk."),
    ("No risk", "Every question of the area is at no risk: its best practices are in place."),
    (
        "Every best practice",
        "Every listed best practice is in place, even those no risk rule needs.",
    ),
)
_HORIZONS = ("short", "medium", "long")
_ACTIONS = (
    "Take out of high risk: {title}",
    "Take to no risk: {title}",
    "Put every listed best practice in place: {title}",
)
_LENS_KEYS = {"schemaVersion", "name", "description", "pillars"}
_PILLAR_KEYS = {"id", "name", "questions"}
_QUESTION_KEYS = {"id", "title", "description", "helpfulResource", "choices", "riskRules"}
_CHOICE_KEYS = {"id", "title", "helpfulResource", "improvementPlan", "additionalResources"}


def import_wa_lens(source: str, display_path: str) -> ImportedModel:
    """Convert a Well-Architected custom lens. Raises ModelImportError."""
    try:
        lens = json.loads(source)
    except json.JSONDecodeError as error:
        raise ModelImportError(
            [f"{display_path}:{error.lineno}:{error.colno}: JSON error: {error.msg}"]
        ) from None
    except (RecursionError, ValueError):
        raise ModelImportError(
            [f"{display_path}: JSON nested too deeply or a number too long"]
        ) from None
    if not isinstance(lens, dict) or not isinstance(lens.get("pillars"), list):
        raise ModelImportError([f"{display_path}: not a Well-Architected lens (no 'pillars' list)"])
    text = ImportText(display_path)
    notes: list[str] = []
    _unknown_keys(lens, _LENS_KEYS, "the lens", notes)
    scales: dict[str, Any] = {}
    areas: list[dict[str, Any]] = []
    area_ids: set[str] = set()
    question_ids: set[str] = set()
    lens_name = text.line(lens.get("name")) or "Well-Architected lens"
    for pillar_index, pillar in enumerate(lens["pillars"]):
        if not isinstance(pillar, dict):
            notes.append(f"left out: pillar {pillar_index + 1} is not an object")
            continue
        if len(areas) >= MAX_AREAS:
            notes.append(f"left out: pillars past the first {MAX_AREAS}")
            break
        pillar_name = text.line(pillar.get("name")) or text.line(pillar.get("id")) or "Pillar"
        _unknown_keys(pillar, _PILLAR_KEYS, f"pillar '{pillar_name}'", notes)
        area_id = unique_id(slug(text.line(pillar.get("id")), "pillar"), area_ids)
        questions: list[dict[str, Any]] = []
        for raw in _list(pillar.get("questions")):
            questions.extend(_questions(raw, area_id, lens_name, text, scales, question_ids, notes))
        if not questions:
            notes.append(f"left out: pillar '{pillar_name}' has no question that could be read")
            continue
        area: dict[str, Any] = {"id": area_id, "name": pillar_name}
        levels = {question["level"] for question in questions}
        if skipped := [n for n in range(1, len(LEVELS) + 1) if n not in levels]:
            area["skipped_levels"] = skipped
        area["questions"] = sorted(questions, key=lambda q: q["level"])
        areas.append(area)
    if not areas:
        raise ModelImportError([f"{display_path}: the lens holds no question that could be read"])
    document = {
        "questionnaire": {
            "id": slug(lens_name, "wa-lens"),
            "version": text.line(lens.get("schemaVersion")) or "unversioned",
            "title": lens_name,
            "description": text.text(lens.get("description"))
            or "Imported by `ops-maturity import wa-lens`.",
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
        "scales": scales,
        "areas": areas,
    }
    return finish(document, display_path, notes)


def _unknown_keys(table: dict[str, Any], known: set[str], where: str, notes: list[str]) -> None:
    unknown = sorted(str(key) for key in table if key not in known)
    if unknown:
        notes.append(f"{where}: keys WA does not document, not carried over: {', '.join(unknown)}")


def _questions(
    raw: object,
    area_id: str,
    lens_name: str,
    text: ImportText,
    scales: dict[str, Any],
    question_ids: set[str],
    notes: list[str],
) -> list[dict[str, Any]]:
    """One WA question as up to three multi-select questions (see the module doc)."""
    if not isinstance(raw, dict):
        notes.append("left out: a question that is not an object")
        return []
    wa_id = text.line(raw.get("id"), 128)
    title = text.line(raw.get("title")) or wa_id or "Question"
    where = f"question '{wa_id or title}'"
    _unknown_keys(raw, _QUESTION_KEYS, where, notes)
    raw_choices = (
        [c for c in raw.get("choices", []) if isinstance(c, dict)]
        if isinstance(raw.get("choices"), list)
        else []
    )
    none_ids = [
        text.line(c.get("id"), 128)
        for c in raw_choices
        if text.line(c.get("id"), 128).endswith("_no")
    ]
    choices = [c for c in raw_choices if not text.line(c.get("id"), 128).endswith("_no")]
    for choice in choices:
        if text.line(choice.get("title")).lower().startswith("none of"):
            notes.append(
                f"{where}: choice '{text.line(choice.get('id'))}' reads like 'None of these' but "
                "its id does not end in _no: asked as an ordinary choice"
            )
    if len(choices) > MAX_MULTIPLE_CHOICES:
        notes.append(f"{where}: choices past the first {MAX_MULTIPLE_CHOICES} left out")
        choices = choices[:MAX_MULTIPLE_CHOICES]
    if not choices:
        notes.append(f"left out: {where} has no choice to answer")
        return []
    bands = _bands(raw, choices, none_ids, text, where, notes)
    base = f"{area_id}.{slug(wa_id, 'q')}"
    how_parts = [text.text(raw.get("description"))]
    helpful = raw.get("helpfulResource")
    if isinstance(helpful, dict):
        how_parts.append(_resource(helpful, text))
    references = [f"{lens_name}: {wa_id}"] if wa_id else []
    questions = []
    for level, band in enumerate((bands.no_high_risk, bands.no_risk, bands.every_practice), 1):
        if band is None:
            continue
        scale_id = unique_id(f"{base}.l{level}", question_ids)
        scales[scale_id] = {
            "name": f"{title} ({LEVELS[level - 1][0].lower()})",
            "select": "multiple",
            "met_at_least": "all" if band.at_least >= len(band.choices) else band.at_least,
            "choices": [
                _choice(choices[index], index, index in bands.inverted, text)
                for index in band.choices
            ],
        }
        recommendation: dict[str, Any] = {
            "action": _ACTIONS[level - 1].format(title=title),
            "horizon": _HORIZONS[level - 1],
        }
        if how := "\n\n".join(part for part in how_parts if part):
            recommendation["how"] = how
        recommendation.update(recommendation_lists([], references, [], notes, scale_id))
        question: dict[str, Any] = {
            "id": scale_id,
            "level": level,
            "text": title,
            "help": _band_help(level, band, len(choices)),
            "scale": scale_id,
            "recommendation": recommendation,
        }
        questions.append(question)
    return questions


def _bands(
    raw: dict[str, Any],
    choices: list[dict[str, Any]],
    none_ids: list[str],
    text: ImportText,
    where: str,
    notes: list[str],
) -> RiskBands:
    """The question's risk bands; when its rules cannot be read or tabulated, every choice at
    level 2 with 'all' (and a note saying so)."""
    every = tuple(range(len(choices)))
    fallback = RiskBands(None, Band(every, len(every)), None, frozenset(), 0, 0, False)
    if len(choices) > MAX_TABLE_CHOICES:
        notes.append(
            f"{where}: over {MAX_TABLE_CHOICES} choices, risk rules not tabulated: one level-2 "
            "question met with every choice"
        )
        return fallback
    bits = {text.line(c.get("id"), 128): 1 << index for index, c in enumerate(choices)}
    none_bit = 1 << len(choices)
    bits.update(dict.fromkeys(none_ids, none_bit))
    rules = []
    raw_rules = _list(raw.get("riskRules"))
    try:
        for rule in raw_rules[:3]:
            if not isinstance(rule, dict) or text.line(rule.get("risk")) not in RISKS:
                raise RuleError("a rule without HIGH_RISK, MEDIUM_RISK or NO_RISK")
            condition = text.line(rule.get("condition"), 2_000)
            rules.append(
                RiskRule(
                    None if condition == "default" else parse_condition(condition, bits),
                    RISKS[text.line(rule.get("risk"))],
                )
            )
    except RuleError as error:
        notes.append(
            f"{where}: risk rules not read ({error}): one level-2 question met with every choice"
        )
        return fallback
    if not rules:
        notes.append(f"{where}: no risk rules: one level-2 question met with every choice")
        return fallback
    bands = risk_bands(len(choices), none_bit if none_ids else 0, rules)
    if bands.overstates:
        notes.append(
            f"{where}: no 'at least N' rule stays within WA's verdict; the closest agrees on "
            f"{bands.agree:,} of {bands.total:,} selections and may score better than WA"
        )
    elif not bands.exact:
        notes.append(
            f"{where}: WA's risk rules are not 'at least N' per level; the levels agree with WA on "
            f"{bands.agree:,} of {bands.total:,} selections and never score better than WA"
        )
    if bands.inverted:
        names = ", ".join(text.line(choices[i].get("id")) for i in sorted(bands.inverted))
        notes.append(f"{where}: anti-pattern choices asked as 'Avoided: ...': {names}")
    return bands


def _choice(raw: dict[str, Any], index: int, inverted: bool, text: ImportText) -> dict[str, Any]:
    title = text.line(raw.get("title")) or text.line(raw.get("id")) or f"Choice {index + 1}"
    choice: dict[str, Any] = {
        "value": index + 1,
        "label": f"Avoided: {title}" if inverted else title,
    }
    helpful = raw.get("helpfulResource")
    if isinstance(helpful, dict) and (described := text.text(helpful.get("displayText"))):
        choice["description"] = described
    plans = []
    plan = raw.get("improvementPlan")
    if isinstance(plan, dict):
        plans.append(_resource(plan, text))
    for extra in _list(raw.get("additionalResources")):
        if not isinstance(extra, dict) or not isinstance(extra.get("content"), list):
            continue
        label = "More" if extra.get("type") == "IMPROVEMENT_PLAN" else "Helpful"
        for content in extra["content"]:
            if isinstance(content, dict) and (line := _resource(content, text)):
                plans.append(f"{label}: {line}")
    if how := "\n\n".join(p for p in plans if p):
        choice["how"] = how
    return choice


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _resource(raw: dict[str, Any], text: ImportText) -> str:
    """`{displayText, url}` as Markdown: the text, then a link to the address."""
    shown = text.text(raw.get("displayText"))
    url = text.line(raw.get("url"), 2_000)
    link = markdown_link("Read more", url) if url else ""
    return " ".join(part for part in (shown, link) if part and part != "Read more")


def _band_help(level: int, band: Band, choice_count: int) -> str:
    rule = "all of them" if band.at_least >= len(band.choices) else f"at least {band.at_least}"
    part = (
        ""
        if len(band.choices) == choice_count
        else f" ({len(band.choices)} of its {choice_count} choices)"
    )
    return (
        f"Which of these are in place? Level {level}, {LEVELS[level - 1][0].lower()}, needs "
        f"{rule}{part}."
    )
