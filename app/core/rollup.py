"""The organisation's view: the latest assessment of every team in a folder tree, side by side.

`build_rollup` takes the loaded assessments (see `assessment_folder.scan_folder`), keeps those of
one questionnaire (the one most teams use, unless told), and for each team its latest assessment
and the one before. From these it derives the heatmap (team x area levels), the weakest areas
across teams, the roadmap items most teams share, and the teams whose level fell. A file whose
questionnaire cannot be found becomes a warning, never an abort. Pure apart from loading
questionnaires.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .assessment import Assessment
from .assessment_folder import FoundAssessment, ScanWarning
from .assessment_questionnaire import QuestionnaireCache
from .questionnaire import Area, Question, Questionnaire
from .scoring import AssessmentScore, score_assessment
from .validation import InvalidFileError

COMMON_ITEMS_SHOWN = 10
WEAKEST_AREAS_SHOWN = 3


@dataclass(frozen=True)
class TeamStanding:
    """One team's latest assessment, scored, with its previous overall level if any."""

    path: Path
    assessment: Assessment
    score: AssessmentScore
    previous: Assessment | None
    previous_score: AssessmentScore | None

    @property
    def previous_overall(self) -> int | None:
        return self.previous_score.overall_level if self.previous_score else None


@dataclass(frozen=True)
class AreaSummary:
    """One area across every team."""

    area: Area
    levels: tuple[int, ...]

    @property
    def mean_level(self) -> float:
        return sum(self.levels) / len(self.levels) if self.levels else 0.0

    @property
    def lowest_level(self) -> int:
        return min(self.levels, default=0)

    def teams_below(self, level: int) -> int:
        return sum(1 for value in self.levels if value < level)


@dataclass(frozen=True)
class CommonItem:
    """A practice unmet by several teams: a candidate for shared work."""

    question: Question
    team_count: int


@dataclass(frozen=True)
class LevelFall:
    """A team whose overall level, or an area's level, fell since its previous assessment."""

    team: TeamStanding
    previous_label: str
    previous_overall: int
    areas_fell: tuple[str, ...]
    """Names of the areas whose level fell."""


@dataclass(frozen=True)
class RollUp:
    questionnaire: Questionnaire
    teams: tuple[TeamStanding, ...]
    area_summaries: tuple[AreaSummary, ...]
    common_items: tuple[CommonItem, ...]
    falls: tuple[LevelFall, ...]
    warnings: tuple[ScanWarning, ...] = ()
    other_questionnaires: dict[str, int] = field(default_factory=dict)
    """Questionnaire id -> number of files left out because they use another questionnaire."""

    @property
    def weakest_areas(self) -> tuple[AreaSummary, ...]:
        ranked = sorted(
            self.area_summaries, key=lambda s: (s.mean_level, s.lowest_level, s.area.name)
        )
        return tuple(ranked[:WEAKEST_AREAS_SHOWN])

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label of the teams' latest and previous assessments, in order."""
        labels = {team.assessment.label for team in self.teams}
        labels.update(team.previous.label for team in self.teams if team.previous)
        return tuple(sorted(labels))


def _most_used_questionnaire(found: Sequence[FoundAssessment]) -> str:
    counts = Counter(item.assessment.questionnaire_id for item in found)
    return max(counts, key=lambda qid: (counts[qid], qid))


def _team_key(team: str) -> str:
    return " ".join(team.split()).casefold()


def build_rollup(
    found: Sequence[FoundAssessment],
    warnings: Sequence[ScanWarning] = (),
    questionnaire_reference: str | None = None,
    questionnaire_id: str | None = None,
) -> RollUp | None:
    """The roll-up of every team's latest assessment; None when no assessment can be used."""
    all_warnings = list(warnings)
    if not found:
        return None
    cache = QuestionnaireCache(questionnaire_reference)
    wanted = questionnaire_id or _most_used_questionnaire(found)
    if questionnaire_reference:
        wanted = cache.get(found[0].path, found[0].assessment).id  # InvalidFileError if bad
    others = Counter(
        item.assessment.questionnaire_id
        for item in found
        if item.assessment.questionnaire_id != wanted
    )
    by_team: dict[str, list[FoundAssessment]] = {}
    for item in found:
        if item.assessment.questionnaire_id == wanted:
            by_team.setdefault(_team_key(item.assessment.team), []).append(item)
    usable: list[tuple[FoundAssessment, FoundAssessment | None, Questionnaire]] = []
    for team_files in by_team.values():
        team_files.sort(key=lambda i: (i.assessment.label, i.assessment.date, str(i.path)))
        latest = team_files[-1]
        try:
            team_questionnaire = cache.get(latest.path, latest.assessment)
        except InvalidFileError as error:
            reason = error.problems[0].message if error.problems else str(error)
            all_warnings.append(ScanWarning(latest.path, f"questionnaire not found: {reason}"))
            continue
        usable.append((latest, team_files[-2] if len(team_files) > 1 else None, team_questionnaire))
    if not usable:
        return None
    # Every team is scored against one questionnaire (the most recent assessment's), so the
    # heatmap's columns line up; questions are matched by id across versions.
    questionnaire = max(usable, key=lambda u: (u[0].assessment.label, u[0].assessment.date))[2]
    standings = [
        TeamStanding(
            latest.path,
            latest.assessment,
            score_assessment(questionnaire, latest.assessment),
            previous.assessment if previous else None,
            score_assessment(questionnaire, previous.assessment) if previous else None,
        )
        for latest, previous, _ in usable
    ]
    standings.sort(key=lambda s: s.assessment.team.casefold())
    teams = tuple(standings)
    return RollUp(
        questionnaire,
        teams,
        _area_summaries(questionnaire, teams),
        _common_items(questionnaire, teams),
        _falls(teams),
        tuple(all_warnings),
        dict(others),
    )


def _area_summaries(
    questionnaire: Questionnaire, teams: tuple[TeamStanding, ...]
) -> tuple[AreaSummary, ...]:
    return tuple(
        AreaSummary(area, tuple(team.score.areas[index].level for team in teams))
        for index, area in enumerate(questionnaire.areas)
    )


def _common_items(
    questionnaire: Questionnaire, teams: tuple[TeamStanding, ...]
) -> tuple[CommonItem, ...]:
    """Unmet practices at the next level up of their area, counted over teams."""
    counts: Counter[str] = Counter()
    for team in teams:
        for area_score in team.score.areas:
            counts.update(r.question.id for r in area_score.needed_for_next_level)
    ranked = sorted(
        counts.items(), key=lambda pair: (-pair[1], questionnaire.question_index(pair[0]))
    )
    return tuple(
        CommonItem(questionnaire.question(qid), count)
        for qid, count in ranked[:COMMON_ITEMS_SHOWN]
        if count > 0
    )


def _falls(teams: tuple[TeamStanding, ...]) -> tuple[LevelFall, ...]:
    falls = []
    for team in teams:
        if team.previous is None or team.previous_score is None:
            continue
        areas_fell = tuple(
            now.area.name
            for then, now in zip(team.previous_score.areas, team.score.areas, strict=True)
            if now.level < then.level
        )
        if team.score.overall_level < team.previous_score.overall_level or areas_fell:
            falls.append(
                LevelFall(team, team.previous.label, team.previous_score.overall_level, areas_fell)
            )
    return tuple(falls)
