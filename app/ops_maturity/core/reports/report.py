"""Render an assessment as a GitHub-flavoured Markdown roadmap with Jinja2.

This module and `template_sandbox` are the only ones that import jinja2; the app imports them only
when a report is rendered. Templates run in `BoundedSandbox` (an immutable sandbox with limits on
time, value sizes and output) with StrictUndefined, and every printed value passes through
`escape_markdown`. Templates and includes are read through `read_bytes_bounded`. Template
problems raise `ReportTemplateError` naming the template line. Templates are compiled in memory
(the bundled ones once per process) and never cached on disk: Jinja2's bytecode cache would run
whatever code object it read back (benchmarks/RESULTS.md gives the cost, about 35 ms a process).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2

from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.files.bounded_read import UnreadableFileError, read_bytes_bounded
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.discussion import DiscussionTopic, discussion_topics
from ops_maturity.core.model.questionnaire import Area, Questionnaire
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.roadmap_items import Roadmap, RoadmapItem
from ops_maturity.core.model.roadmap_text import (
    item_labels,
    plan_closing,
    plan_introduction,
    plan_reason,
    when_text,
)
from ops_maturity.core.model.scoring import (
    AssessmentScore,
    LevelProgress,
    QuestionResult,
    QuestionState,
    score_assessment,
)
from ops_maturity.core.model.sessions import SessionSummary, session_summaries
from ops_maturity.core.model.targets import AreaTarget, RoadmapPart, area_targets, roadmap_parts
from ops_maturity.core.model.votes import (
    DISCUSS_SPREAD,
    MEDIAN_RULE,
    SELECTION_RULE,
    Participation,
    participation,
)
from ops_maturity.core.questionnaires.bundled import templates_folder
from ops_maturity.core.reports.markdown_how import indented_markdown
from ops_maturity.core.reports.markdown_text import MarkdownSafe, escape_markdown, markdown_link
from ops_maturity.core.reports.mermaid import Series, fenced, legend, xychart
from ops_maturity.core.reports.sandbox import DEFAULT_TIME_LIMIT, BoundedSandbox, render_bounded
from ops_maturity.core.text import strip_control_characters
from ops_maturity.core.trends.comparison import ScoreComparison, compare_assessments

DEFAULT_TEMPLATE = "roadmap.md.j2"
"""The full report: this quarter's plan, summary, matrix, the whole roadmap, follow-ups, appendix."""
SUMMARY_TEMPLATE = "summary.md.j2"
"""The one-screen report: levels and targets, this quarter's plan with owners, what changed."""
MAX_TEMPLATE_BYTES = 200_000
"""A template or include larger than this is refused."""
_BAR_CELLS_PER_LEVEL = 3
NO_PRACTICE_CELL = "– none"
"""A maturity-matrix cell at a level where the area has no practice (it skips that level)."""

STATE_MARKS = {
    QuestionState.MET: "✅",
    QuestionState.PARTIAL: "🟡",
    QuestionState.UNMET: "❌",
    QuestionState.NOT_APPLICABLE: "➖",
    QuestionState.DONT_KNOW: "❓",
    QuestionState.UNANSWERED: "⬜",
}


class ReportTemplateError(OpsMaturityError):
    """A report template could not be loaded or rendered; the message names file and line."""


@dataclass(frozen=True)
class FollowUpGroup:
    """One area's follow-ups: listed one by one, or as one line when none of it was answered."""

    area: Area
    results: tuple[QuestionResult, ...]
    whole_area: bool
    """Every question of the area is unanswered."""


def follow_up_groups(score: AssessmentScore) -> tuple[FollowUpGroup, ...]:
    """The follow-ups area by area, in questionnaire order."""
    groups = []
    for area_score in score.areas:
        mine = tuple(
            r
            for r in area_score.results
            if r.state in (QuestionState.UNANSWERED, QuestionState.DONT_KNOW)
        )
        if mine:
            groups.append(FollowUpGroup(area_score.area, mine, area_score.answered == 0))
    return tuple(groups)


@dataclass(frozen=True)
class ReportContext:
    """Everything a template can use, computed once by the core."""

    questionnaire: Questionnaire
    assessment: Assessment
    score: AssessmentScore
    roadmap: Roadmap
    generated_on: dt.date
    comparison: ScoreComparison | None = None
    """Progress since a previous assessment, when one was given."""
    targets: tuple[AreaTarget, ...] = ()
    """Each area's current level against its target."""
    roadmap_parts: tuple[RoadmapPart, ...] = ()
    """The roadmap toward the targets first, then after them; by horizon, unassigned last."""
    chart: MarkdownSafe = field(default_factory=lambda: MarkdownSafe(""))
    """A fenced Mermaid chart of levels per area ('' with charts off)."""

    discussion: tuple[DiscussionTopic, ...] = ()
    """Team mode: the widest spreads of votes, and overridden answers (names only if not anonymous)."""
    participation: Participation | None = None
    """Team mode: who voted on how many questions (None when nobody voted)."""
    sessions: tuple[SessionSummary, ...] = ()
    """Each day the team worked on it: what it planned and which areas it answered."""

    @property
    def top_actions(self) -> tuple[RoadmapItem, ...]:
        """This quarter's plan (the name templates written for earlier versions use)."""
        return self.roadmap.plan

    @property
    def unassessed_areas(self) -> tuple[Area, ...]:
        """Areas none of whose questions has an answer yet."""
        return self.score.unassessed_areas

    @property
    def committed_elsewhere(self) -> tuple[RoadmapItem, ...]:
        """Items outside this quarter's plan that already have an owner and a due quarter."""
        plan = {item.question_id for item in self.roadmap.plan}
        return tuple(
            item
            for item in self.roadmap.items
            if item.owner and item.due and item.question_id not in plan
        )

    def template_variables(self) -> dict[str, object]:
        return {
            "questionnaire": self.questionnaire,
            "assessment": self.assessment,
            "score": self.score,
            "roadmap": self.roadmap,
            "generated_on": self.generated_on,
            "comparison": self.comparison,
            "targets": self.targets,
            "roadmap_parts": self.roadmap_parts,
            "top_actions": self.top_actions,
            "unassessed_areas": self.unassessed_areas,
            "committed_elsewhere": self.committed_elsewhere,
            "follow_up_groups": follow_up_groups(self.score),
            "chart": self.chart,
            "discussion": self.discussion,
            "participation": self.participation,
            "sessions": self.sessions,
            "discuss_spread": DISCUSS_SPREAD,
            "median_rule": MEDIAN_RULE,
            "selection_rule": SELECTION_RULE,
            "skips_levels": any(
                not progress.results for area in self.score.areas for progress in area.levels
            ),
        }


def level_bar(level: int, max_level: int) -> str:
    """A text bar such as '██████░░░░░░' for level 2 of 4."""
    filled = level * _BAR_CELLS_PER_LEVEL
    return "█" * filled + "░" * (max_level * _BAR_CELLS_PER_LEVEL - filled)


def level_cell(progress: LevelProgress) -> str:
    """A maturity-matrix cell: a met, partial, unmet or unanswered mark with the count met, or
    NO_PRACTICE_CELL at a level the area skips."""
    if not progress.results:
        return NO_PRACTICE_CELL
    if progress.applicable == 0:
        return f"{STATE_MARKS[QuestionState.NOT_APPLICABLE]} n/a"
    if all(r.state == QuestionState.UNANSWERED for r in progress.results):
        return f"{STATE_MARKS[QuestionState.UNANSWERED]} {progress.met}/{progress.applicable}"
    if progress.is_met:
        mark = STATE_MARKS[QuestionState.MET]
    elif progress.met or progress.partial:
        mark = STATE_MARKS[QuestionState.PARTIAL]
    else:
        mark = STATE_MARKS[QuestionState.UNMET]
    return f"{mark} {progress.met}/{progress.applicable}"


def how_markdown(text: str, indent: int = 0) -> MarkdownSafe:
    """A questionnaire's Markdown guidance made safe (`markdown_how`), every line indented by
    `indent` spaces so it sits inside a list item."""
    return MarkdownSafe(indented_markdown(str(text), " " * max(0, min(int(indent), 16))))


def reference_link(reference: str) -> MarkdownSafe:
    """A recommendation's reference: a link when it is an http(s) address, else escaped text."""
    text = str(reference)
    if text.startswith(("http://", "https://")):
        return markdown_link(text, text)
    return MarkdownSafe(escape_markdown(text))


_STR_FORMATS = frozenset({"format", "format_map"})


class _ReportSandbox(BoundedSandbox):
    """The bounded immutable sandbox, remembering its verdict per (type, attribute name).

    Jinja2's checks (`is_internal_attribute`, `modifies_known_mutable`, the leading underscore)
    depend only on the object's type and the attribute's name, never on the value, and a long
    report asks the same few dozen questions tens of thousands of times.
    """

    def __init__(self, *, time_limit: float = DEFAULT_TIME_LIMIT, **options: Any) -> None:
        super().__init__(time_limit=time_limit, **options)
        self._safe_attributes: dict[tuple[type, str], bool] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja2's sandboxed getattr, with a fast path for attributes already judged safe.

        `format` and `format_map` always take Jinja2's own path, which wraps str.format.
        """
        if self._safe_attributes.get((type(obj), attribute)) and attribute not in _STR_FORMATS:
            self.check_time()
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        verdict = self._safe_attributes.get(key)
        if verdict is None:
            verdict = super().is_safe_attribute(obj, attr, value)
            self._safe_attributes[key] = verdict
        return verdict


def _make_environment(
    source_of: Callable[[str], str | None],
    display_name: Callable[[str], str],
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> _ReportSandbox:
    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        source = source_of(name)
        return None if source is None else (source, display_name(name), lambda: True)

    environment = _ReportSandbox(
        time_limit=time_limit,
        loader=jinja2.FunctionLoader(load),
        undefined=jinja2.StrictUndefined,
        finalize=escape_markdown,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        level_bar=level_bar,
        level_cell=level_cell,
        item_labels=item_labels,
        plan_closing=plan_closing,
        plan_introduction=plan_introduction,
        plan_reason=plan_reason,
        when_text=when_text,
        link=markdown_link,
        how_markdown=how_markdown,
        reference_link=reference_link,
        raw_markdown=MarkdownSafe,
        state_marks=STATE_MARKS,
        QuestionState=QuestionState,
    )
    return environment


@functools.cache
def _bundled_environment(time_limit: float = DEFAULT_TIME_LIMIT) -> _ReportSandbox:
    """One environment for the bundled templates, so each is compiled once per process."""
    folder = templates_folder()
    return _make_environment(
        lambda name: _read_bundled(folder, name),
        lambda name: f"reports/templates/{name}",
        time_limit,
    )


def _read_template(path: Path, shown: str) -> str | None:
    """A template's text, read bounded; None when it does not exist. Raises ReportTemplateError
    for a file that exists but cannot be used (a FIFO, a device, too large, not UTF-8)."""
    try:
        if not path.exists():
            return None
        raw = read_bytes_bounded(path, MAX_TEMPLATE_BYTES)
    except UnreadableFileError as error:
        raise ReportTemplateError(f"{shown}: {error.reason}") from None
    except (OSError, ValueError):
        return None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise ReportTemplateError(f"{shown}: template is not valid UTF-8") from None


def _read_inside(folder: Path, name: str) -> str | None:
    """A template in `folder` (or below it); None for names that leave it."""
    try:
        pieces = jinja2.loaders.split_template_path(name)  # rejects '..'
        path = folder.joinpath(*pieces)
        if not path.resolve().is_relative_to(folder.resolve()):
            return None
    except (jinja2.TemplateNotFound, OSError, ValueError):
        return None
    return _read_template(path, str(path))


def _read_bundled(folder: Traversable, name: str) -> str | None:
    """A bundled template (a plain folder when installed, else any importlib resource)."""
    if isinstance(folder, Path):
        return _read_inside(folder, name)
    resource = folder.joinpath(name)
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


def _detached(assessment: Assessment) -> Assessment:
    """A copy whose containers are its own, so a template calling `record` cannot change the
    caller's assessment. Cheaper than a deep copy: Answers are never changed in place."""
    return dataclasses.replace(
        assessment,
        answers=dict(assessment.answers),
        participants=list(assessment.participants),
        question_ids=list(assessment.question_ids),
        targets=dict(assessment.targets),
        votes=dict(assessment.votes),
        absent=list(assessment.absent),
        discuss=list(assessment.discuss),
        sessions=list(assessment.sessions),
    )


def levels_chart(
    questionnaire: Questionnaire,
    targets: tuple[AreaTarget, ...],
    comparison: ScoreComparison | None,
    team: str,
) -> MarkdownSafe:
    """A Mermaid chart: current level per area (bars), target and last time (lines), with a
    legend in the chart's colours."""
    series = [
        Series("bar", tuple(float(t.current) for t in targets), "level now"),
        Series("line", tuple(float(t.target) for t in targets), "target"),
    ]
    if comparison is not None:
        series.append(
            Series(
                "line",
                tuple(float(c.previous_level) for c in comparison.areas),
                f"level in {comparison.previous.label}",
            )
        )
    chart = xychart(
        f"{team} · levels by area",
        [t.area.name for t in targets],
        "Level",
        questionnaire.max_level,
        series,
        horizontal=True,
    )
    return MarkdownSafe(f"{fenced(chart)}\n\n{escape_markdown(legend(series))}.")


def build_report_context(
    questionnaire: Questionnaire,
    assessment: Assessment,
    generated_on: dt.date | None = None,
    previous: Assessment | None = None,
    *,
    charts: bool = True,
) -> ReportContext:
    assessment = _detached(assessment)
    score = score_assessment(questionnaire, assessment)
    comparison = None
    if previous is not None:
        comparison = compare_assessments(questionnaire, _detached(previous), score, assessment)
    roadmap = build_roadmap(questionnaire, score, assessment)
    targets = area_targets(questionnaire, assessment, score)
    target_by_area = {t.area.id: t.target for t in targets}
    chart = (
        levels_chart(questionnaire, targets, comparison, assessment.team)
        if charts
        else MarkdownSafe("")
    )
    question_ids = [question.id for question in questionnaire.questions]
    counted = participation(assessment, question_ids)
    return ReportContext(
        questionnaire,
        assessment,
        score,
        roadmap,
        generated_on or assessment.date,
        comparison,
        targets,
        roadmap_parts(questionnaire, roadmap, target_by_area),
        chart,
        tuple(discussion_topics(questionnaire, assessment)),
        counted if counted.questions_with_votes else None,
        session_summaries(questionnaire, assessment),
    )


def render_report(
    questionnaire: Questionnaire,
    assessment: Assessment,
    template_path: Path | None = None,
    generated_on: dt.date | None = None,
    previous: Assessment | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    *,
    bundled_template: str = DEFAULT_TEMPLATE,
    charts: bool = True,
) -> str:
    """Render the Markdown report, with a bundled template or one the user brings.

    With `previous` (an earlier assessment of the same questionnaire), the report also says what
    changed since then. `bundled_template` picks DEFAULT_TEMPLATE or SUMMARY_TEMPLATE when no
    `template_path` is given; `charts=False` leaves the Mermaid chart out. Rendering stops with
    ReportTemplateError after `time_limit` seconds.
    """
    if template_path is None:
        environment = _bundled_environment(time_limit)
        name = bundled_template
    else:
        folder_path = template_path.parent
        environment = _make_environment(
            lambda name: _read_inside(folder_path, name),
            lambda name: str(folder_path / name),
            time_limit,
        )
        name = template_path.name
    context = build_report_context(questionnaire, assessment, generated_on, previous, charts=charts)
    try:
        template = environment.get_template(name)
    except jinja2.TemplateNotFound:
        raise ReportTemplateError(f"{template_path or name}: template not found") from None
    except jinja2.TemplateSyntaxError as error:
        raise ReportTemplateError(
            f"{error.filename or name}:{error.lineno}: {error.message}"
        ) from None
    except RecursionError:
        raise ReportTemplateError(
            f"{template_path or name}: the template is nested too deeply"
        ) from None
    except ValueError:  # Jinja's lexer uses int(), which refuses over 4,300 digits
        raise ReportTemplateError(
            f"{template_path or name}: a number in the template is too long"
        ) from None
    try:
        text = render_bounded(template, environment, **context.template_variables())
    except Exception as error:  # template errors, and anything a template calls that fails
        raise ReportTemplateError(_locate_render_error(error, template.filename or name)) from None
    return strip_control_characters(text).rstrip("\n") + "\n"


def _locate_render_error(error: BaseException, filename: str) -> str:
    """`file:line: message`, taking the line from the template's own traceback frames."""
    frames = [
        frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == filename
    ]
    if isinstance(error, jinja2.TemplateNotFound):
        message = f"template '{error.name}' not found, or outside the template's folder"
    elif isinstance(error, RecursionError):
        message = "the template calls itself too deeply"
    else:
        message = getattr(error, "message", None) or str(error) or type(error).__name__
    if frames:
        return f"{filename}:{frames[-1].lineno}: {message}"
    return f"{filename}: {message}"
