"""JSON exports of a report, a comparison, a history and a roll-up, for dashboards.

Every document follows docs/schema/export.schema.json: an object with `schema_version`
(EXPORT_SCHEMA_VERSION, raised on any incompatible change) and `kind` ('report', 'compare',
'history' or 'rollup'). Values are plain data: ids, names, levels, dates as ISO strings.
Version 2 (see docs/schema/CHANGES.md): reports carry every answer with its notes, owner, due
quarter and votes (counts only when votes are anonymous), the facilitator and participants, and
roadmap items in plan order with when and why they start; `quick_win` became `partly_in_place`.
Version 3: multi-select answers and votes are arrays of the values picked; roadmap items carry
`how_format`, `effort`, `tags`, `references` and `missing_choices`; added later within it, a
report's `assessment` carries `discuss` (questions flagged by hand) and `sessions` (which areas
were assessed when).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ops_maturity.core.model.assessment import (
    Assessment,
    plain_value,
)
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.roadmap_items import RoadmapItem
from ops_maturity.core.model.roadmap_text import when_text
from ops_maturity.core.model.scoring import AssessmentScore, QuestionResult
from ops_maturity.core.model.sessions import session_summaries
from ops_maturity.core.model.targets import area_targets
from ops_maturity.core.model.votes import votes_as_data
from ops_maturity.core.reports.export_csv import item_key
from ops_maturity.core.reports.markdown_how import safe_markdown
from ops_maturity.core.trends.comparison import ScoreComparison

if TYPE_CHECKING:
    from ops_maturity.core.model.roadmap import Roadmap
    from ops_maturity.core.trends.history import TeamHistory
    from ops_maturity.core.trends.rollup import RollUp

EXPORT_SCHEMA_VERSION = 3


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


def answer_json(result: QuestionResult, assessment: Assessment) -> dict[str, Any]:
    """One question's answer: value, state, notes, owner, due, and votes when there are any
    (per participant, or only counts when the votes are anonymous)."""
    answer = result.answer
    value = answer.value
    entry: dict[str, Any] = {
        "question_id": result.question.id,
        "area_id": result.question.area_id,
        "level": result.question.level,
        "answer": plain_value(value) if value is not None else None,
        "answer_label": result.answer_label,
        "state": result.state.value,
        "notes": answer.notes,
        "owner": answer.owner,
        "due": answer.due,
        "not_applicable_reason": answer.na_reason,
    }
    votes = assessment.votes.get(result.question.id)
    if votes is not None and not votes.is_empty:
        entry["revealed"] = votes.revealed
        entry["overridden"] = votes.overridden
        entry.update(votes_as_data(votes, anonymous=assessment.anonymous_votes))
    return entry


def roadmap_item_json(item: RoadmapItem, roadmap: Roadmap, questionnaire_id: str) -> dict[str, Any]:
    return {
        "key": item_key(questionnaire_id, item.question_id),
        "question_id": item.question_id,
        "action": item.action,
        "how": safe_markdown(item.how) if item.how_is_markdown else item.how,
        "how_format": "markdown" if item.how_is_markdown else "text",
        "effort": item.recommendation.effort,
        "tags": list(item.recommendation.tags),
        "references": list(item.recommendation.references),
        "missing_choices": [
            {"value": choice.value, "label": choice.label, "how": safe_markdown(choice.how)}
            for choice in item.missing_choices
        ],
        "area_id": item.area.id,
        "area": item.area.name,
        "level": item.level.number,
        "horizon": item.horizon.id,
        "size": item.size.id,
        "timing": item.timing.value,
        "when": when_text(item, roadmap),
        "owner": item.owner,
        "due": item.due,
        "why": item.why,
        "partly_in_place": item.partly_in_place,
        "discussed": item.discussed,
        "in_constraint": item.in_constraint,
        "is_prerequisite": item.is_prerequisite,
        "needed_for_target": item.needed_for_target,
        "blocked_by": list(item.blocked_by),
        "needed_by": list(item.needed_by),
        "waits_for": list(item.waits_for),
    }


def sessions_json(questionnaire: Questionnaire, assessment: Assessment) -> list[dict[str, Any]]:
    """Each session, oldest first: its date, its plan, the questions answered that day and how
    many per area (which areas were assessed when), and the pace measured."""
    answered_on = {record.date: record.answered for record in assessment.sessions}
    return [
        {
            "date": summary.date.isoformat(),
            "planned_areas": [area.id for area in summary.planned_areas],
            "planned_question_count": summary.planned_question_count,
            "answered": [
                qid for qid in answered_on[summary.date] if questionnaire.has_question(qid)
            ],
            "areas": [
                {"id": area.id, "answered": count} for area, count in summary.answered_by_area
            ],
            "pace_seconds": summary.pace_seconds,
        }
        for summary in session_summaries(questionnaire, assessment)
    ]


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
        "not_answered": [r.question.id for r in comparison.not_answered],
        "warnings": list(comparison.warnings),
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
    """The report's data: levels and targets per area, every answer, the roadmap in plan order
    (this quarter's plan is its short-term items), the follow-ups, and any comparison."""
    return {
        **_header("report"),
        "questionnaire": _questionnaire(questionnaire),
        "assessment": {
            **_assessment(assessment),
            "facilitator": assessment.facilitator,
            "participants": list(assessment.participants),
            "anonymous_votes": assessment.anonymous_votes,
            "discuss": [qid for qid in assessment.discuss if questionnaire.has_question(qid)],
            "sessions": sessions_json(questionnaire, assessment),
        },
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
        "answers": [answer_json(result, assessment) for result in score.results],
        "constraint": [entry.area.id for entry in roadmap.constraint],
        "roadmap": [roadmap_item_json(item, roadmap, questionnaire.id) for item in roadmap.items],
        "follow_ups": [result.question.id for result in roadmap.follow_ups],
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
                "answered": team.score.answered,
                "total": team.score.total,
                "complete": team.is_complete,
            }
            for team in rollup.teams
        ],
        "include_incomplete": rollup.include_incomplete,
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
