"""What the command line asked for (`LaunchOptions`), and the assessment it opens first.

`--resume FILE` reopens that file; `--team NAME` starts (or resumes) that team's assessment of the
questionnaire asked for; neither shows the Start screen. This module only opens the session,
through the core (`ops_maturity.core.storage.session`); the app shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ops_maturity.core.model.assessment import current_quarter_label
from ops_maturity.core.model.sessions import PlanError, parse_plan
from ops_maturity.core.model.votes import make_votes_anonymous
from ops_maturity.core.questionnaires.bundled import DEFAULT_QUESTIONNAIRE_ID
from ops_maturity.core.storage.session import (
    OpenError,
    Session,
    load_questionnaire_reference,
    open_assessment_file,
    open_team_assessment,
    prepare_session,
    questionnaire_file_reference,
)

if TYPE_CHECKING:
    from ops_maturity.core.remote.options import RemoteOptions


@dataclass(frozen=True)
class LaunchOptions:
    """What the command line asked for; decides the first screen."""

    questionnaire: str | None = None
    team: str | None = None
    label: str | None = None
    facilitator: str = ""
    participants: list[str] = field(default_factory=list)
    folder: Path = Path("assessments")
    resume: Path | None = None
    presentation: bool = False
    anonymous_votes: bool = False
    """Team mode keeps vote counts only, never names (a new assessment only)."""
    timebox: int | None = None
    """Seconds per question in team mode: a countdown that warns and never advances; kept in
    the assessment until changed (0 turns it off, None keeps the assessment's)."""
    areas: tuple[str, ...] = ()
    """Today's plan: these areas (ids or names)."""
    question_count: int | None = None
    """Today's plan: the next this many unanswered questions."""
    ack_delay: float | None = None
    """Seconds an answer stays highlighted before the next question (None: the screen's default)."""
    remote: RemoteOptions | None = None
    """Serve the voting page for remote participants once a team assessment is open."""


def first_session(options: LaunchOptions) -> Session | None:
    """The session `--resume` or `--team` asks for, or None for the Start screen.

    Raises OpenError (with every message to show above the Start screen's form) when it cannot
    be opened."""
    if options.resume is not None:
        session = open_assessment_file(options.resume, options.questionnaire)
        _prepare(session, options)
        return session
    if not options.team:
        return None
    reference = options.questionnaire or DEFAULT_QUESTIONNAIRE_ID
    session = open_team_assessment(
        load_questionnaire_reference(reference),
        questionnaire_file_reference(reference),
        options.folder,
        options.team,
        options.label or current_quarter_label(),
        options.facilitator,
        options.participants,
    )
    if options.anonymous_votes and session.created:
        make_votes_anonymous(session.assessment)
    _prepare(session, options)
    return session


def _prepare(session: Session, options: LaunchOptions) -> None:
    """The timebox and today's plan from the command line (`--areas` takes ids or names)."""
    areas: list[str] = []
    if options.areas:
        try:
            areas, _ = parse_plan(session.questionnaire, ",".join(options.areas))
        except PlanError as error:
            raise OpenError([f"--areas: {error}"]) from None
    prepare_session(
        session, timebox=options.timebox, areas=areas, question_count=options.question_count
    )
