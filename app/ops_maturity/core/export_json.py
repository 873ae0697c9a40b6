"""JSON exports of a report, a comparison, a history and a roll-up, for dashboards.

Every document follows docs/schema/export.schema.json: an object with `schema_version`
(EXPORT_SCHEMA_VERSION, raised on any incompatible change) and `kind` ('report', 'compare',
'history' or 'rollup'). Values are plain data: ids, names, levels, dates as ISO strings.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .assessment import Assessment
from .comparison import ScoreComparison
from .questionnaire import Questionnaire
from .roadmap import RoadmapItem
from .scoring import AssessmentScore
from .targets import area_targets, is_needed_for_target, split_roadmap, target_levels

if TYPE_CHECKING:
    from .history import TeamHistory
    from .roadmap import Roadmap
    from .rollup import RollUp

EXPORT_SCHEMA_VERSION = 1


def to_json_text(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _header(kind: str) -> dict[str, Any]:
    return {"schema_version": EXPORT_SCHEMA_VERSION, "kind": kind}


def _questionnaire(questionnaire: Questionnaire) -> dict[str, Any]:
    return {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "title": questionnaire.title,
        "max_level": questionnaire.max_level,
    }


def _assessment(assessment: Assessment) -> dict[str, Any]:
    return {
        "team": assessment.team,
        "label": assessment.label,
        "date": assessment.date.isoformat(),
        "status": assessment.status.value,
    }


def roadmap_item_json(item: RoadmapItem, targets: dict[str, int]) -> dict[str, Any]:
    return {
        "question_id": item.result.question.id,
        "action": item.action,
        "area_id": item.area.id,
        "area": item.area.name,
        "level": item.level.number,
        "horizon": item.horizon.id,
        "owner": item.owner,
        "due": item.result.answer.due,
        "why": item.why,
        "quick_win": item.quick_win,
        "needed_for_target": is_needed_for_target(item, targets),
        "blocked_by": list(item.blocked_by),
    }


def comparison_json(comparison: ScoreComparison) -> dict[str, Any]:
    return {
        "previous": _assessment(comparison.previous),
        "previous_overall_level": comparison.previous_overall,
        "current_overall_level": comparison.current_overall,
        "areas": [
            {
                "id": change.area.id,
                "name": change.area.name,
                "previous_level": change.previous_level,
                "current_level": change.current_level,
                "delta": change.delta,
            }
            for change in comparison.areas
        ],
        "newly_met": [r.question.id for r in comparison.newly_met],
        "no_longer_met": [r.question.id for r in comparison.no_longer_met],
        "not_applicable_changes": [
            {
                "question_id": change.result.question.id,
                "question": change.result.question.text,
                "previous_state": change.previous_state.value,
                "current_state": change.result.state.value,
            }
            for change in comparison.not_applicable_changes
        ],
    }


def report_json(
    questionnaire: Questionnaire,
    assessment: Assessment,
    score: AssessmentScore,
    roadmap: Roadmap,
    comparison: ScoreComparison | None = None,
) -> dict[str, Any]:
    """The report's data: levels and targets per area, the roadmap, and any comparison."""
    targets = target_levels(questionnaire, assessment, score)
    ordered = split_roadmap(roadmap, targets).items
    return {
        **_header("report"),
        "questionnaire": _questionnaire(questionnaire),
        "assessment": _assessment(assessment),
        "overall_level": score.overall_level,
        "answered": score.answered,
        "total": score.total,
        "areas": [
            {
                "id": target.area.id,
                "name": target.area.name,
                "level": target.current,
                "target": target.target,
                "target_set": target.stored,
            }
            for target in area_targets(questionnaire, assessment, score)
        ],
        "roadmap": [roadmap_item_json(item, targets) for item in ordered],
        "comparison": comparison_json(comparison) if comparison else None,
    }


def compare_json(
    questionnaire: Questionnaire,
    assessment: Assessment,
    comparison: ScoreComparison,
    added: tuple[str, ...] = (),
    removed: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A comparison of two assessments, with the questions added and removed in between."""
    return {
        **_header("compare"),
        "questionnaire": _questionnaire(questionnaire),
        "assessment": _assessment(assessment),
        **comparison_json(comparison),
        "questions_added": list(added),
        "questions_removed": list(removed),
    }


def history_json(history: TeamHistory) -> dict[str, Any]:
    return {
        **_header("history"),
        "team": history.team,
        "questionnaire": _questionnaire(history.questionnaire),
        "entries": [
            {
                **_assessment(entry.assessment),
                "path": str(entry.path),
                "overall_level": entry.overall_level,
                "areas": dict(entry.area_levels),
                "questions_added": list(entry.added),
                "questions_removed": list(entry.removed),
                "not_applicable_changes": [
                    {
                        "question_id": change.result.question.id,
                        "previous_state": change.previous_state.value,
                        "current_state": change.result.state.value,
                    }
                    for change in entry.not_applicable_changes
                ],
            }
            for entry in history.entries
        ],
        "areas": [
            {
                "id": trend.area.id,
                "name": trend.area.name,
                "levels": list(trend.levels),
                "sparkline": trend.sparkline,
            }
            for trend in history.area_trends
        ],
    }


def rollup_json(rollup: RollUp) -> dict[str, Any]:
    questionnaire = rollup.questionnaire
    area_ids = [area.id for area in questionnaire.areas]
    return {
        **_header("rollup"),
        "questionnaire": _questionnaire(questionnaire),
        "teams": [
            {
                "team": team.record.team,
                "label": team.record.label,
                "date": team.record.date.isoformat(),
                "status": team.record.status,
                "path": str(team.record.path),
                "overall_level": team.overall_level,
                "areas": dict(zip(area_ids, team.score.levels, strict=True)),
                "previous_label": team.previous.label if team.previous else None,
                "previous_overall_level": team.previous_overall,
            }
            for team in rollup.teams
        ],
        "areas": [
            {
                "id": summary.area.id,
                "name": summary.area.name,
                "mean_level": round(summary.mean_level, 2),
                "lowest_level": summary.lowest_level,
                "teams_below_2": summary.teams_below(2),
            }
            for summary in rollup.area_summaries
        ],
        "weakest_areas": [summary.area.id for summary in rollup.weakest_areas],
        "common_roadmap_items": [
            {
                "question_id": item.question.id,
                "action": item.question.recommendation.action,
                "area_id": item.question.area_id,
                "level": item.question.level,
                "teams": item.team_count,
            }
            for item in rollup.common_items
        ],
        "teams_that_fell": [
            {
                "team": fall.team.team,
                "previous_label": fall.previous_label,
                "label": fall.team.label,
                "previous_overall_level": fall.previous_overall,
                "overall_level": fall.team.overall_level,
                "areas_fell": list(fall.areas_fell),
            }
            for fall in rollup.falls
        ],
        "warnings": [str(warning) for warning in rollup.warnings],
    }
