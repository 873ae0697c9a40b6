"""Render an assessment as a GitHub-flavoured Markdown roadmap with Jinja2.

This is the only module that imports jinja2; the app imports it only when a report is rendered.
Templates run in a SandboxedEnvironment with StrictUndefined, and every printed value passes
through `escape_markdown`. Template problems raise `ReportTemplateError` naming the template line.
"""

from __future__ import annotations

import copy
import datetime as dt
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .assessment import Assessment
from .bundled import templates_folder
from .comparison import ScoreComparison, compare_assessments
from .discussion import DiscussionTopic, discussion_topics
from .errors import OpsMaturityError
from .markdown_text import MarkdownSafe, escape_markdown, markdown_link
from .questionnaire import Questionnaire
from .roadmap import Roadmap, build_roadmap
from .scoring import AssessmentScore, LevelProgress, QuestionState, score_assessment
from .votes import DISCUSS_SPREAD, MEDIAN_RULE, Participation, participation

DEFAULT_TEMPLATE = "roadmap.md.j2"
_BAR_CELLS_PER_LEVEL = 3

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
class ReportContext:
    """Everything a template can use, computed once by the core."""

    questionnaire: Questionnaire
    assessment: Assessment
    score: AssessmentScore
    roadmap: Roadmap
    generated_on: dt.date
    comparison: ScoreComparison | None = None
    """Progress since a previous assessment, when one was given."""
    discussion: tuple[DiscussionTopic, ...] = ()
    """Team mode: the widest spreads of votes, and overridden answers (names only if not anonymous)."""
    participation: Participation | None = None
    """Team mode: who voted on how many questions (None when nobody voted)."""


def level_bar(level: int, max_level: int) -> str:
    """A text bar such as '██████░░░░░░' for level 2 of 4."""
    filled = level * _BAR_CELLS_PER_LEVEL
    return "█" * filled + "░" * (max_level * _BAR_CELLS_PER_LEVEL - filled)


def level_cell(progress: LevelProgress) -> str:
    """A maturity-matrix cell: a met, partial or unmet mark with the count of practices met."""
    if progress.applicable == 0:
        return f"{STATE_MARKS[QuestionState.NOT_APPLICABLE]} n/a"
    if progress.is_met:
        mark = STATE_MARKS[QuestionState.MET]
    elif progress.met or progress.partial:
        mark = STATE_MARKS[QuestionState.PARTIAL]
    else:
        mark = STATE_MARKS[QuestionState.UNMET]
    return f"{mark} {progress.met}/{progress.applicable}"


def _make_environment(
    source_of: Callable[[str], str | None], display_name: Callable[[str], str]
) -> ImmutableSandboxedEnvironment:
    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        source = source_of(name)
        return None if source is None else (source, display_name(name), lambda: True)

    environment = ImmutableSandboxedEnvironment(
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
        link=markdown_link,
        raw_markdown=MarkdownSafe,
        state_marks=STATE_MARKS,
        QuestionState=QuestionState,
    )
    return environment


def _read_or_none(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _read_inside(folder: Path, name: str) -> str | None:
    """A template next to the user's template; None for names that leave its folder."""
    try:
        pieces = jinja2.loaders.split_template_path(name)  # rejects '..'
    except jinja2.TemplateNotFound:
        return None
    path = folder.joinpath(*pieces)
    if not path.resolve().is_relative_to(folder.resolve()):
        return None
    return _read_or_none(path)


def build_report_context(
    questionnaire: Questionnaire,
    assessment: Assessment,
    generated_on: dt.date | None = None,
    previous: Assessment | None = None,
) -> ReportContext:
    assessment = copy.deepcopy(assessment)  # a template must not change the caller's data
    score = score_assessment(questionnaire, assessment)
    comparison = None
    if previous is not None:
        comparison = compare_assessments(questionnaire, copy.deepcopy(previous), score)
    question_ids = [question.id for question in questionnaire.questions]
    counted = participation(assessment, question_ids)
    return ReportContext(
        questionnaire,
        assessment,
        score,
        build_roadmap(questionnaire, score),
        generated_on or assessment.date,
        comparison,
        tuple(discussion_topics(questionnaire, assessment)),
        counted if counted.questions_with_votes else None,
    )


def render_report(
    questionnaire: Questionnaire,
    assessment: Assessment,
    template_path: Path | None = None,
    generated_on: dt.date | None = None,
    previous: Assessment | None = None,
) -> str:
    """Render the Markdown report, with the bundled template or one the user brings.

    With `previous` (an earlier assessment of the same questionnaire), the report also says what
    changed since then.
    """
    if template_path is None:
        folder = templates_folder()
        environment = _make_environment(
            lambda name: (
                folder.joinpath(name).read_text(encoding="utf-8")
                if folder.joinpath(name).is_file()
                else None
            ),
            lambda name: f"reports/templates/{name}",
        )
        name = DEFAULT_TEMPLATE
    else:
        folder_path = template_path.parent
        environment = _make_environment(
            lambda name: _read_inside(folder_path, name), lambda name: str(folder_path / name)
        )
        name = template_path.name
    context = build_report_context(questionnaire, assessment, generated_on, previous)
    try:
        template = environment.get_template(name)
    except jinja2.TemplateNotFound:
        raise ReportTemplateError(
            f"{template_path or name}: template not found or unreadable"
        ) from None
    except jinja2.TemplateSyntaxError as error:
        raise ReportTemplateError(
            f"{error.filename or name}:{error.lineno}: {error.message}"
        ) from None
    try:
        text = template.render(
            questionnaire=context.questionnaire,
            assessment=context.assessment,
            score=context.score,
            roadmap=context.roadmap,
            generated_on=context.generated_on,
            comparison=context.comparison,
            discussion=context.discussion,
            participation=context.participation,
            discuss_spread=DISCUSS_SPREAD,
            median_rule=MEDIAN_RULE,
        )
    except Exception as error:  # template errors, and anything a template calls that fails
        raise ReportTemplateError(_locate_render_error(error, template.filename or name)) from None
    return text.rstrip("\n") + "\n"


def _locate_render_error(error: BaseException, filename: str) -> str:
    """`file:line: message`, taking the line from the template's own traceback frames."""
    frames = [
        frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == filename
    ]
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    if frames:
        return f"{filename}:{frames[-1].lineno}: {message}"
    return f"{filename}: {message}"
