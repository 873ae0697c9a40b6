"""The importers: a DSOMM model and a Well-Architected lens of our own, in the real formats
(tests/data/models, invented content), become questionnaires that validate, score and report;
what cannot be carried over is noted; hostile input is refused in one line, never a traceback.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ops_maturity.core.importers.common import ImportedModel, MissingExtraError, ModelImportError
from ops_maturity.core.importers.dsomm import import_dsomm
from ops_maturity.core.importers.wa_lens import import_wa_lens
from ops_maturity.core.importers.wa_rules import RuleError, parse_condition
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.questionnaires.loader import parse_questionnaire
from ops_maturity.core.reports.report import render_report

from .builders import DAY, ROOT

MODELS = ROOT / "tests" / "data" / "models"
DSOMM = MODELS / "dsomm-sample.yaml"
DSOMM_SOURCE = MODELS / "dsomm-source-sample.yaml"
LENS = MODELS / "wa-lens-sample.json"


def _dsomm(path: Path = DSOMM) -> ImportedModel:
    return import_dsomm(path.read_text(encoding="utf-8"), str(path))


def _lens(source: str | None = None) -> ImportedModel:
    return import_wa_lens(source or LENS.read_text(encoding="utf-8"), str(LENS))


def _activities(path: Path) -> dict[str, dict[str, object]]:
    """Every activity of a DSOMM fixture by name, read independently with PyYAML."""
    found = {}
    for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        if "meta" in document:
            continue
        for subs in document.values():
            for activities in subs.values():
                found.update(activities)
    return found


# ------------------------------------------------------------------ DSOMM


def test_every_dsomm_activity_becomes_a_question_at_its_level() -> None:
    """11 activities, ids from their uuids, each at the level the model gives."""
    imported = _dsomm()
    activities = _activities(DSOMM)
    questions = {q.text: q for q in imported.questionnaire.questions}
    assert set(questions) == set(activities)
    for name, fields in activities.items():
        assert questions[name].id == f"dsomm-{fields['uuid']}"
        assert questions[name].level == fields["level"]
    assert imported.notes == []  # the generated model carries over whole
    assert [level.number for level in imported.questionnaire.levels] == [1, 2, 3, 4, 5]


def test_dsomm_sub_dimensions_are_areas_that_skip_levels() -> None:
    """One area per sub-dimension; the levels without activities are the skipped ones."""
    areas = {a.name: sorted({q.level for q in a.questions}) for a in _dsomm().questionnaire.areas}
    assert areas == {
        "Operations Readiness / Observability": [1, 2, 3, 5],
        "Operations Readiness / Incident Handling": [1, 2, 4],
        "Change Delivery / Release Safety": [2, 3, 4],
    }
    text = _dsomm().toml
    assert "skipped_levels = [\n    1,\n    5,\n]" in text  # Release Safety


def test_dsomm_dependencies_in_all_three_spellings_resolve() -> None:
    """Bare uuid, 'uuid:<uuid>' and the activity's name all become depends_on ids."""
    imported = _dsomm()
    by_name = {q.text: q for q in imported.questionnaire.questions}
    activities = _activities(DSOMM)
    for name, fields in activities.items():
        expected = set()
        for entry in fields.get("dependsOn", []) or []:  # type: ignore[attr-defined]
            match = re.search(r"[0-9a-f]{8}-[0-9a-f-]{27}", str(entry))
            target = match.group(0) if match else activities[str(entry)]["uuid"]
            expected.add(f"dsomm-{target}")
        assert set(by_name[name].depends_on) == expected, name
    assert any(
        q.area_id != imported.questionnaire.question(d).area_id
        for q in imported.questionnaire.questions
        for d in q.depends_on
    )  # one dependency crosses dimensions


def test_dsomm_guidance_references_and_links_are_kept() -> None:
    """Measure and checks in help; risk, tools and usefulness in how; 5.30 stays 5.30."""
    question = next(
        q for q in _dsomm().questionnaire.questions if q.text == "Service health endpoint"
    )
    assert question.help.startswith("Expose a health endpoint on each service")
    assert "How to check:\n- Show the probe configuration" in question.help
    how = question.recommendation.how
    assert "**Why:** An outage is noticed only when users complain" in how
    assert "[Prometheus](https://prometheus.io/)" in how and "**Usefulness:** 4 of 5" in how
    assert question.recommendation.effort == "knowledge 1/5, time 1/5, resources 1/5"
    assert question.recommendation.horizon == "short"
    assert question.recommendation.tags == ("monitoring",)
    assert "samm2 O-OM-A-1" in question.recommendation.references
    assert question.recommendation.links == ("https://prometheus.io/",)
    every_reference = [
        r for q in _dsomm().questionnaire.questions for r in q.recommendation.references
    ]
    assert "iso27001-2022 5.30" in every_reference


def test_dsomm_source_file_notes_what_was_not_carried_over() -> None:
    """A dependency into another file, $ref tools, assessment state and credits are noted."""
    notes = "\n".join(_dsomm(DSOMM_SOURCE).notes)
    assert "Log-based alert rules -> Service health endpoint" in notes
    assert "'implementation $ref' not carried over" in notes
    assert "'isImplemented' not carried over (assessment state" in notes
    assert "'comments/credits' not carried over" in notes
    assert "no meta.version" in notes


def test_dsomm_model_scores_and_reports() -> None:
    """Answer a few activities: levels follow the skipped-level rule, the report has the items."""
    questionnaire = _dsomm().questionnaire
    assessment = Assessment.start(questionnaire, "Platform", "2027-Q1", today=DAY)
    for question in questionnaire.questions:
        assessment.record(question.id, Answer(2 if question.level <= 2 else 0))
    score = score_assessment(questionnaire, assessment)
    levels = {a.area.name.split(" / ")[1]: a.level for a in score.areas}
    # Release Safety has no level-1 activity, so meeting level 2 puts it at level 2.
    assert levels == {"Observability": 2, "Incident Handling": 3, "Release Safety": 2}
    roadmap = build_roadmap(questionnaire, score, assessment)
    assert roadmap.plan
    text = render_report(questionnaire, assessment, generated_on=DAY, charts=False)
    assert "**Put in place: Service level objectives with error budgets**" in text
    assert "**Why:** Without an agreed target" in text


def test_dependency_that_closes_a_level_cycle_is_dropped_with_a_note() -> None:
    """A level-1 activity depending on a level-3 one of its own sub-dimension would be a cycle
    through the levels: dropped, noted, and the output validates."""
    source = DSOMM.read_text(encoding="utf-8").replace(
        "      tags:\n      - monitoring\n      implementation:\n      - uuid: a1446da9",
        "      dependsOn:\n      - Service level objectives with error budgets\n"
        "      tags:\n      - monitoring\n      implementation:\n      - uuid: a1446da9",
        1,
    )
    assert source != DSOMM.read_text(encoding="utf-8")
    imported = import_dsomm(source, "cycle.yaml")
    assert any("closes a cycle" in note for note in imported.notes)
    assert parse_questionnaire(imported.toml.encode(), "again.toml")


def test_dsomm_without_pyyaml_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(MissingExtraError, match=r'pip install "ops-maturity\[import\]"'):
        _dsomm()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("a: [1, 2\n", "dsomm.yaml:2:1: YAML error"),
        ("x: &a [1, 2]\ny: *a\n", "a YAML alias repeats a list or a map"),
        ("!!python/object:os.system {}\n", "YAML error"),
        ("[" * 150 + "]" * 150, "nested"),
        ("just text", "no DSOMM model found"),
        ("Dim:\n  Sub:\n    Act:\n      level: 9\n", "the file holds no DSOMM activity"),
    ],
)
def test_hostile_dsomm_is_one_line_each(source: str, message: str) -> None:
    """Syntax errors with line and column, collection aliases, Python tags, deep nesting, and
    files that are not a model: a ModelImportError naming the file."""
    with pytest.raises(ModelImportError) as caught:
        import_dsomm(source, "dsomm.yaml")
    assert any(message in problem for problem in caught.value.problems), caught.value.problems


# ------------------------------------------------------------- Well-Architected


def _wa_risk(question: dict[str, Any], picked: set[str]) -> int:
    """WA's verdict for a selection, straight from the lens's rules (first match wins)."""
    ids = [str(c["id"]) for c in question["choices"]]
    values = {i: (i in picked) for i in ids}
    for none_id in (i for i in ids if i.endswith("_no")):
        values[none_id] = not picked
    for rule in question["riskRules"]:
        condition = str(rule["condition"])
        python = condition.replace("&&", " and ").replace("||", " or ").replace("!", " not ")
        if condition == "default" or eval(python, {}, values):  # the test's oracle, our fixture
            return {"HIGH_RISK": 0, "MEDIUM_RISK": 1, "NO_RISK": 2}[str(rule["risk"])]
    raise AssertionError("no default rule")


def test_wa_levels_reproduce_wa_risk_for_every_selection() -> None:
    """For every WA question and every selection of its choices: the area level our questions
    give for that question equals WA's risk where the import says it is exact, and is never
    better than WA's where the import notes an approximation (with the agreement it states)."""
    lens = json.loads(LENS.read_text(encoding="utf-8"))
    imported = _lens()
    questionnaire = imported.questionnaire
    notes = "\n".join(imported.notes)
    for pillar in lens["pillars"]:
        area = questionnaire.area(pillar["id"].lower().replace("_", "-"))
        for wa in pillar["questions"]:
            ours = [q for q in area.questions if q.id.split(".")[1] == wa["id"].replace("_", "-")]
            choices = [c for c in wa["choices"] if not c["id"].endswith("_no")]
            agree = 0
            for size in range(len(choices) + 1):
                for chosen in itertools.combinations(choices, size):
                    picked = {c["id"] for c in chosen}
                    assessment = Assessment.start(questionnaire, "T", "L", today=DAY)
                    for question in area.questions:  # every other question fully in place
                        assessment.record(
                            question.id, Answer(tuple(c.value for c in question.scale.choices))
                        )
                    for question in ours:
                        values = []
                        for choice in question.scale.choices:
                            wa_id = choices[choice.value - 1]["id"]
                            avoided = choice.label.startswith("Avoided: ")
                            if (wa_id in picked) != avoided:
                                values.append(choice.value)
                        assessment.record(question.id, Answer(tuple(values)))
                    level = score_assessment(questionnaire, assessment).area_score(area.id).level
                    ours_risk = min(level, 2)
                    wa_risk = _wa_risk(wa, picked)
                    assert ours_risk <= wa_risk, (wa["id"], picked)
                    agree += ours_risk == wa_risk
            total = 2 ** len(choices)
            if f"question '{wa['id']}'" in notes:
                assert f"agree with WA on {agree} of {total} selections" in notes
            else:
                assert agree == total, wa["id"]


def test_wa_lens_structure_guidance_and_notes() -> None:
    """Pillars are areas; the anti-pattern is asked as avoided; plans are the choices' how."""
    imported = _lens()
    questionnaire = imported.questionnaire
    assert [a.name for a in questionnaire.areas] == ["Operational Excellence", "On-call Health"]
    detect = questionnaire.question("operationalexcellence.ops-detect.l1")
    assert detect.scale.multiple and detect.scale.met_at_least == 2
    assert detect.scale.choices[0].how.startswith("Add an external health probe")
    slo = questionnaire.question("operationalexcellence.ops-detect.l2").scale.choices[0]
    assert "[Read more](https://example.org/ops/slo-first-steps)" in slo.how
    labels = [c.label for q in questionnaire.questions for c in q.scale.choices]
    assert "Avoided: Releases are checked only by hand after they are live" in labels
    assert not any("None of these" in label for label in labels)  # built in, not a choice
    assert questionnaire.question("oncall-health.oncall-learning.l3").level == 3
    assert any("anti-pattern" in note for note in imported.notes)


def test_wa_lens_scores_and_reports_with_missing_choices() -> None:
    questionnaire = _lens().questionnaire
    assessment = Assessment.start(questionnaire, "Ops", "2027-Q1", today=DAY)
    for question in questionnaire.questions:
        assessment.record(question.id, Answer((question.scale.choices[0].value,)))
    score = score_assessment(questionnaire, assessment)
    assert {a.area.id: a.level for a in score.areas} == {
        "operationalexcellence": 0,
        "oncall-health": 0,
    }
    text = render_report(questionnaire, assessment, generated_on=DAY, charts=False)
    assert "Not yet in place (the practice is met with" in text
    assert "Alerts fire on user-facing error rates" in text


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("a && ", "ends too early"),
        ("a && zz", "unknown choice 'zz'"),
        ("(a || b", "not closed"),
        ("a b", "unexpected 'b'"),
        ("a; rm -rf /", "unexpected ';"),
        ("!" * 60 + "a", "nested too deeply"),
        ("a || " * 1000 + "a", "longer than"),
    ],
)
def test_risk_rule_conditions_are_parsed_never_evaluated(condition: str, message: str) -> None:
    with pytest.raises(RuleError, match=re.escape(message)):
        parse_condition(condition, {"a": 1, "b": 2})


def test_unreadable_rules_fall_back_with_a_note() -> None:
    lens = json.loads(LENS.read_text(encoding="utf-8"))
    lens["pillars"][0]["questions"][0]["riskRules"][0]["condition"] = "ops_detect_probe &&"
    imported = _lens(json.dumps(lens))
    assert any("risk rules not read (condition ends too early)" in n for n in imported.notes)
    question = imported.questionnaire.question("operationalexcellence.ops-detect.l2")
    assert question.scale.met_at_least == len(question.scale.choices) == 3


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('{"pillars": [', "wa.json:1:14: JSON error"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"name": "x"}', "no 'pillars' list"),
        (
            '{"pillars": [{"id": "p", "questions": [{"id": "q"}]}]}',
            "no question that could be read",
        ),
    ],
)
def test_hostile_lens_is_one_line_each(source: str, message: str) -> None:
    with pytest.raises(ModelImportError) as caught:
        import_wa_lens(source, "wa.json")
    assert any(message in problem for problem in caught.value.problems), caught.value.problems


# ------------------------------------------------------------------ fuzzing


def _mutations(text: str) -> st.SearchStrategy[str]:
    """The fixture with a slice replaced by random text or by another slice of itself."""
    return st.tuples(st.integers(0, len(text)), st.integers(0, 200), st.text(max_size=40)).map(
        lambda t: text[: t[0]] + t[2] + text[t[0] + t[1] :]
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations(DSOMM.read_text(encoding="utf-8")))
def test_mutated_dsomm_imports_or_is_refused_plainly(source: str) -> None:
    """Any mutation either imports to a questionnaire that validates or raises ModelImportError."""
    try:
        imported = import_dsomm(source, "fuzz.yaml")
    except ModelImportError as error:
        assert error.problems and all("\n" not in p or "YAML" in p for p in error.problems)
        return
    assert parse_questionnaire(imported.toml.encode(), "fuzz.toml").questions


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations(LENS.read_text(encoding="utf-8")))
def test_mutated_lens_imports_or_is_refused_plainly(source: str) -> None:
    try:
        imported = import_wa_lens(source, "fuzz.json")
    except ModelImportError as error:
        assert error.problems
        return
    assert parse_questionnaire(imported.toml.encode(), "fuzz.toml").questions


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
        ["pillars", "id", "name", "questions", "title", "choices", "riskRules", "condition",
         "risk", "improvementPlan", "displayText", "url", "default", "HIGH_RISK", "NO_RISK"]
    ), inner, max_size=5),
    max_leaves=30,
)  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_VALUES)
def test_any_json_shape_imports_or_is_refused_plainly(value: object) -> None:
    try:
        imported = import_wa_lens(json.dumps(value), "shape.json")
    except ModelImportError as error:
        assert error.problems
        return
    assert parse_questionnaire(imported.toml.encode(), "shape.toml").questions
