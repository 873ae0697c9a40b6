"""The organisation's view: the latest assessment of every team in a folder tree, side by side.

`build_rollup` takes compact records of every assessment file (see `assessment_records`), keeps
those of one questionnaire (the one most teams use, unless told), and for each team its latest
assessment and the one before, by the rule of `ops_maturity.core.storage.team_assessments`
(the team name inside the files; label, then date).
It scores them all against one questionnaire (the most recent assessment's, so the heatmap's
columns line up; questions are matched by id) with a `LevelTable`, and derives the heatmap,
the weakest areas, the roadmap items most teams share, and the teams whose level fell. A file
whose questionnaire cannot be found becomes a warning, never an abort.

An incomplete assessment is shown with the others, marked with how many questions it answered,
and left out of everything computed across teams (the areas' means and weakest areas, the common
items, the falls): its unanswered questions would count as unmet and drag them down. Asked with
`include_incomplete`, it counts like the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ops_maturity.core.model.level_table import LevelTable, QuickScore
from ops_maturity.core.model.questionnaire import Area, Question, Questionnaire
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.storage.assessment_questionnaire import QuestionnaireCache
from ops_maturity.core.storage.folder import ScanWarning
from ops_maturity.core.storage.records import AssessmentRecord
from ops_maturity.core.storage.team_assessments import history_order, team_key

COMMON_ITEMS_SHOWN = 10
WEAKEST_AREAS_SHOWN = 3


@dataclass(frozen=True)
class TeamStanding:
    """One team's latest assessment, scored, with its previous one if any."""

    record: AssessmentRecord
    score: QuickScore
    previous: AssessmentRecord | None
    previous_score: QuickScore | None

    @property
    def team(self) -> str:
        return self.record.team

    @property
    def label(self) -> str:
        return self.record.label

    @property
    def overall_level(self) -> int:
        return self.score.overall_level

    @property
    def previous_overall(self) -> int | None:
        return self.previous_score.overall_level if self.previous_score else None

    @property
    def is_complete(self) -> bool:
        return self.score.is_complete


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
    """A practice that several teams still need for their next level: shared work."""

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
    include_incomplete: bool = False
    """Incomplete assessments count in the summaries too (by default they are only shown)."""

    @property
    def counted(self) -> tuple[TeamStanding, ...]:
        """The teams the summaries are computed from."""
        return tuple(t for t in self.teams if self.include_incomplete or t.is_complete)

    @property
    def incomplete(self) -> tuple[TeamStanding, ...]:
        return tuple(team for team in self.teams if not team.is_complete)

    @property
    def weakest_areas(self) -> tuple[AreaSummary, ...]:
        if not self.counted:
            return ()
        ranked = sorted(
            self.area_summaries, key=lambda s: (s.mean_level, s.lowest_level, s.area.name)
        )
        return tuple(ranked[:WEAKEST_AREAS_SHOWN])


def _order(record: AssessmentRecord) -> tuple[tuple[str, object], str]:
    return history_order(record, record.path)


def build_rollup(
    records: Sequence[AssessmentRecord],
    warnings: Sequence[ScanWarning] = (),
    questionnaire_reference: str | None = None,
    *,
    include_incomplete: bool = False,
) -> RollUp | None:
    """The roll-up of every team's latest assessment; None when no assessment can be used.

    Raises InvalidFileError only when `questionnaire_reference` itself cannot be loaded.
    """
    if not records:
        return None
    all_warnings = list(warnings)
    cache = QuestionnaireCache(questionnaire_reference)
    if questionnaire_reference:
        wanted = cache.get(records[0].path, records[0].questionnaire_id).id
    else:
        counts = Counter(record.questionnaire_id for record in records)
        wanted = max(counts, key=lambda qid: (counts[qid], qid))
    others = Counter(r.questionnaire_id for r in records if r.questionnaire_id != wanted)
    by_team: dict[str, list[AssessmentRecord]] = {}
    for record in records:
        if record.questionnaire_id == wanted:
            by_team.setdefault(team_key(record.team), []).append(record)
    usable: list[tuple[AssessmentRecord, AssessmentRecord | None, Questionnaire]] = []
    for team_records in by_team.values():
        team_records.sort(key=_order)
        latest = team_records[-1]
        try:
            found = cache.get(latest.path, latest.questionnaire_id, latest.questionnaire_path)
        except InvalidFileError as error:
            reason = error.problems[0].message if error.problems else str(error)
            all_warnings.append(ScanWarning(latest.path, f"questionnaire not found: {reason}"))
            continue
        usable.append((latest, team_records[-2] if len(team_records) > 1 else None, found))
    if not usable:
        return None
    questionnaire = max(usable, key=lambda u: _order(u[0]))[2]
    table = LevelTable(questionnaire)
    standings = sorted(
        (
            TeamStanding(
                latest,
                table.score(latest.values),
                previous,
                table.score(previous.values) if previous else None,
            )
            for latest, previous, _ in usable
        ),
        key=lambda s: (s.team.casefold(), str(s.record.path)),
    )
    teams = tuple(standings)
    counted = tuple(t for t in teams if include_incomplete or t.is_complete)
    return RollUp(
        questionnaire,
        teams,
        tuple(
            AreaSummary(area, tuple(team.score.levels[index] for team in counted))
            for index, area in enumerate(questionnaire.areas)
        ),
        _common_items(questionnaire, counted),
        _falls(questionnaire, counted),
        tuple(all_warnings),
        dict(others),
        include_incomplete,
    )


def _common_items(
    questionnaire: Questionnaire, teams: tuple[TeamStanding, ...]
) -> tuple[CommonItem, ...]:
    """Practices teams still need for their next level, by how many teams need them."""
    counts = Counter(question_id for team in teams for question_id in team.score.needed)
    ranked = sorted(
        counts.items(), key=lambda pair: (-pair[1], questionnaire.question_index(pair[0]))
    )
    return tuple(
        CommonItem(questionnaire.question(qid), count) for qid, count in ranked[:COMMON_ITEMS_SHOWN]
    )


def _falls(questionnaire: Questionnaire, teams: tuple[TeamStanding, ...]) -> tuple[LevelFall, ...]:
    falls = []
    for team in teams:
        if team.previous is None or team.previous_score is None:
            continue
        areas_fell = tuple(
            area.name
            for area, then, now in zip(
                questionnaire.areas, team.previous_score.levels, team.score.levels, strict=True
            )
            if now < then
        )
        if team.overall_level < team.previous_score.overall_level or areas_fell:
            falls.append(
                LevelFall(team, team.previous.label, team.previous_score.overall_level, areas_fell)
            )
    return tuple(falls)
