"""Open the assessment the app works on: a team's file for a label, or a file to resume.

This is where the Start screen, `run` and `report` meet the rest of the core: it resolves the questionnaire,
creates or loads the assessment file, reconciles it with the questionnaire, and turns every
failure into plain messages (`path:line:col: message`) for the screen to show in place. It never
overwrites a file it could not read. Plain Python: no Textual, no Rich.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.files.atomic_file import (
    FileStamp,
    file_stamp,
    remove_stale_temp_files,
    replace_refusal,
)
from ops_maturity.core.files.lock import AssessmentLock
from ops_maturity.core.files.user_paths import InvalidPathError, user_path
from ops_maturity.core.model.assessment import Assessment, today
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.sessions import MAX_TIMEBOX_SECONDS, PlanError, plan_session
from ops_maturity.core.model.votes import anonymous_seats
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.bundled import (
    bundled_questionnaire_files,
    names_a_file,
    resolve_questionnaire,
)
from ops_maturity.core.questionnaires.loader import parse_questionnaire
from ops_maturity.core.storage.answer_check import check_answers
from ops_maturity.core.storage.assessment_questionnaire import questionnaire_for
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.examples import (
    EXAMPLE_REASON,
    is_bundled_example,
    is_bundled_examples_folder,
)
from ops_maturity.core.storage.file_names import (
    default_assessment_path,
    legacy_assessment_path,
    same_team_and_label,
)
from ops_maturity.core.storage.reconcile import (
    QuestionnaireChanges,
    QuestionnaireMismatchError,
    reconcile,
)
from ops_maturity.core.text import clean_single_line, describe_os_error


class OpenError(OpsMaturityError):
    """Opening failed; `messages` are the lines to show the user, one problem each."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass
class Session:
    """An assessment open in the app, with the questionnaire it is answered against."""

    questionnaire: Questionnaire
    assessment: Assessment
    path: Path
    changes: QuestionnaireChanges | None = None
    """How the questionnaire changed since the file was written (None for a new assessment)."""
    created: bool = False
    """True when the assessment is new and its file does not exist yet."""
    stamp: FileStamp | None = None
    """The file as it was read (None when new): saves refuse to overwrite a changed file."""
    read_only_reason: str = ""
    """Why the file may only be read here ('' when it may be written): a bundled example
    (`EXAMPLE_REASON`), permissions that allow no writing, or other names (hard links) that a
    save would leave behind."""
    changed: bool = False
    """Changed since it was read (today's plan or the timebox given when opening): the app
    saves it once it holds the file."""

    @property
    def bundled_example(self) -> bool:
        """True for one of ops-maturity's bundled examples, open read-only (`copy_example`)."""
        return self.read_only_reason == EXAMPLE_REASON


def prepare_session(
    session: Session,
    *,
    timebox: int | None = None,
    areas: Sequence[str] = (),
    question_count: int | None = None,
    day: dt.date | None = None,
) -> None:
    """Apply what the facilitator asked for when opening: the timebox (0 turns it off, None
    keeps the assessment's) and today's plan (`sessions.plan_session`). Raises OpenError for an
    area the questionnaire does not have or a timebox out of range."""
    assessment = session.assessment
    if timebox is not None:
        if not 0 <= timebox <= MAX_TIMEBOX_SECONDS:
            raise OpenError(
                [f"The timebox is {timebox:,} seconds; at most {MAX_TIMEBOX_SECONDS:,}."]
            )
        if (assessment.timebox or 0) != timebox:
            assessment.timebox = timebox or None
            session.changed = True
    if areas or question_count is not None:
        try:
            plan_session(
                session.questionnaire,
                assessment,
                day or today(),
                areas=areas,
                question_count=question_count,
            )
        except PlanError as error:
            raise OpenError([f"Today's plan: {error}"]) from None
        session.changed = True


def _problems(error: InvalidFileError) -> list[str]:
    return [str(problem) for problem in error.problems] or [str(error)]


def questionnaire_file_reference(reference: str) -> Path | None:
    """The file a questionnaire reference names, or None when it is a bundled id (or cannot name
    a file at all: loading it reports why)."""
    try:
        return names_a_file(reference)
    except InvalidPathError:
        return None


def load_questionnaire_reference(reference: str) -> Questionnaire:
    """Load a questionnaire by file path or bundled id, or raise OpenError."""
    try:
        return resolve_questionnaire(reference)
    except InvalidFileError as error:
        raise OpenError(_problems(error)) from None


def load_bundled_choices() -> tuple[list[Questionnaire], list[str]]:
    """Every bundled questionnaire that loads, and the problems of those that do not."""
    questionnaires: list[Questionnaire] = []
    problems: list[str] = []
    try:
        files = bundled_questionnaire_files()
    except OSError as error:
        return [], [f"cannot list the bundled questionnaires: {describe_os_error(error)}"]
    for file in files:
        try:
            questionnaires.append(
                parse_questionnaire(file.read_bytes(), f"questionnaires/{file.name}")
            )
        except InvalidFileError as error:
            problems.extend(_problems(error))
        except OSError as error:
            problems.append(f"questionnaires/{file.name}: cannot read: {describe_os_error(error)}")
    return questionnaires, problems


def stored_questionnaire_path(questionnaire_file: Path | None, folder: Path) -> str:
    """How an assessment in `folder` refers to a questionnaire file ('' for a bundled one)."""
    if questionnaire_file is None:
        return ""
    target = user_path(questionnaire_file).resolve()
    try:
        return Path(os.path.relpath(target, user_path(folder).resolve())).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return target.as_posix()


def _merge_people(assessment: Assessment, facilitator: str, participants: list[str]) -> None:
    """Add who is in the room now to a resumed assessment, never removing anyone recorded."""
    if clean_single_line(facilitator):
        assessment.facilitator = clean_single_line(facilitator)
    if assessment.anonymous_votes:  # names never enter an anonymous assessment: only seats
        count = max(len(assessment.participants), len([p for p in participants if p.strip()]))
        assessment.participants = anonymous_seats(count)
        return
    for name in participants:
        cleaned = clean_single_line(name)
        if cleaned and cleaned not in assessment.participants:
            assessment.participants.append(cleaned)


def _existing_team_file(
    path: Path, team: str, label: str
) -> tuple[Path, Assessment, FileStamp | None] | None:
    """The team's file at `path` if there is one; OpenError if it is unreadable or another's."""
    if not path.exists():
        return None
    stamp = file_stamp(path)
    try:
        assessment = load_assessment(path)
    except InvalidFileError as error:
        raise OpenError(
            [
                *_problems(error),
                f"{path} already exists and cannot be read; fix it, move it away, "
                "or choose another label.",
            ]
        ) from None
    if not same_team_and_label(assessment, team, label):
        raise OpenError(
            [
                f"{path} belongs to team '{assessment.team}', label '{assessment.label}', "
                f"not team '{team}', label '{label}'. It was left untouched: "
                "rename or move that file, or choose another label."
            ]
        )
    return path, assessment, stamp


def _legacy_team_file(
    folder: Path, path: Path, team: str, label: str
) -> tuple[Path, Assessment, FileStamp | None] | None:
    """The team's file under an earlier version's name, only if it is really this team's."""
    legacy = legacy_assessment_path(folder, team, label)
    try:
        if legacy == path or not legacy.exists():
            return None
    except OSError:  # a name too long for the file system: no such file was ever saved
        return None
    stamp = file_stamp(legacy)
    try:
        assessment = load_assessment(legacy)
    except InvalidFileError:
        return None
    return (legacy, assessment, stamp) if same_team_and_label(assessment, team, label) else None


def open_team_assessment(
    questionnaire: Questionnaire,
    questionnaire_file: Path | None,
    folder: Path,
    team: str,
    label: str,
    facilitator: str = "",
    participants: list[str] | None = None,
) -> Session:
    """Start a team's assessment for a label, or resume it when its file already exists.

    The file is found by team and label (`assessment_file_name`), or under the name earlier
    versions used; either way, the team and label inside must be the ones asked for. A file that
    holds another team's assessment is never opened for writing: that is an OpenError.
    """
    team = clean_single_line(team)
    label = clean_single_line(label)
    if not team:
        raise OpenError(["Enter the team's name."])
    if not label:
        raise OpenError(["Enter a label, such as the quarter."])
    path = default_assessment_path(folder, team, label)
    existing = _existing_team_file(path, team, label)
    if existing is None:
        existing = _legacy_team_file(folder, path, team, label)
    if existing is not None:
        path, assessment, stamp = existing
        if assessment.questionnaire_id != questionnaire.id:
            raise OpenError(
                [
                    f"{path} holds this team's {assessment.label} assessment against "
                    f"questionnaire '{assessment.questionnaire_id}', not '{questionnaire.id}'. "
                    "Pick that questionnaire to resume it, or choose another label."
                ]
            )
        changes = reconcile(assessment, questionnaire)
        try:
            check_answers(assessment, questionnaire, str(path))
        except InvalidFileError as error:
            raise OpenError(_problems(error)) from None
        _merge_people(assessment, facilitator, participants or [])
        return Session(
            questionnaire,
            assessment,
            path,
            changes,
            stamp=stamp,
            read_only_reason=_why_read_only(path),
        )
    if is_bundled_examples_folder(folder):
        raise OpenError([_examples_folder_refusal(folder)])
    assessment = Assessment.start(
        questionnaire,
        team,
        label,
        facilitator=facilitator,
        participants=participants or [],
        questionnaire_path=stored_questionnaire_path(questionnaire_file, folder),
    )
    return Session(questionnaire, assessment, path, created=True)


def open_assessment_file(path: Path, questionnaire_reference: str | None = None) -> Session:
    """Reopen an assessment file against its questionnaire (or the one given), reconciled."""
    try:
        stamp = file_stamp(path)
    except (OSError, ValueError):
        stamp = None  # the load below says what is wrong with the path
    try:
        assessment = load_assessment(path)
    except InvalidFileError as error:
        raise OpenError(_problems(error)) from None
    try:
        questionnaire = questionnaire_for(assessment, path, questionnaire_reference)
    except InvalidFileError as error:
        raise OpenError(_problems(error)) from None
    try:
        changes = reconcile(assessment, questionnaire)
        check_answers(assessment, questionnaire, str(path))
    except QuestionnaireMismatchError as error:
        raise OpenError([f"{path}: {error}"]) from None
    except InvalidFileError as error:
        raise OpenError(_problems(error)) from None
    return Session(
        questionnaire, assessment, path, changes, stamp=stamp, read_only_reason=_why_read_only(path)
    )


def _why_read_only(path: Path) -> str:
    """Why the file at `path` opens read-only ('' when it does not): a bundled example, kept
    as it is (`examples.is_bundled_example`), or a file saves would refuse to replace."""
    if is_bundled_example(path):
        return EXAMPLE_REASON
    refusal = replace_refusal(path)
    return describe_os_error(refusal) if refusal is not None else ""


def _examples_folder_refusal(folder: Path) -> str:
    return (
        f"{folder} holds ops-maturity's bundled examples, kept as they are: save assessments "
        "in another folder (the default is ./assessments)."
    )


def copy_example(session: Session, folder: Path) -> tuple[Path, bool]:
    """Copy the bundled example open in `session` to its team's file for its label in `folder`
    (the name the app gives it, `default_assessment_path`), with what opening it set (today's
    plan, the timebox); return that file and whether it was copied now.

    A file the team already has there for that label (an earlier copy, perhaps with answers) is
    kept and returned, never overwritten. A questionnaire named by a path is named again from
    `folder`. Raises OpenError, saying why in a sentence, when `folder` is itself an examples
    folder, its file for that team and label holds another assessment or cannot be read, or the
    copy cannot be written.
    """
    team, label = session.assessment.team, session.assessment.label
    if is_bundled_examples_folder(folder):
        raise OpenError([_examples_folder_refusal(folder)])
    path = default_assessment_path(folder, team, label)
    existing = _existing_team_file(path, team, label) or _legacy_team_file(
        folder, path, team, label
    )
    if existing is not None:
        return existing[0], False
    assessment = copy.deepcopy(session.assessment)
    if assessment.questionnaire_path:
        source = session.path.parent / assessment.questionnaire_path
        assessment.questionnaire_path = stored_questionnaire_path(source, folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        save_assessment_atomically(assessment, path)
    except OSError as error:
        raise OpenError([f"{path} cannot be written: {describe_os_error(error)}."]) from None
    except OpsMaturityError as error:
        raise OpenError([str(error)]) from None
    return path, True


def claim_session(session: Session) -> AssessmentLock:
    """Take the one-writer lock on the session's file and clear temp files a killed save left.

    A new assessment's folder is created first, so that its lock can be taken. Raises
    AssessmentLockedError (naming the holder) when another session has the file, and OSError
    when the folder refuses the lock file (a read-only folder, a full disk).
    """
    if session.created:
        session.path.parent.mkdir(parents=True, exist_ok=True)
    lock = AssessmentLock.acquire(session.path)
    remove_stale_temp_files(session.path)
    return lock


def describe_changes(changes: QuestionnaireChanges | None) -> str:
    """One sentence about questionnaire changes since the file was saved ('' when none).

    Versions are named only when they differ, and questions only when some were added or removed.
    """
    if changes is None or not changes.changed:
        return ""
    parts = []
    if changes.added:
        parts.append(f"{len(changes.added)} new question(s) to answer")
    if changes.removed:
        parts.append(
            f"{len(changes.removed)} question(s) removed (their answers are kept in the file "
            "but not scored)"
        )
    if changes.old_version != changes.new_version:
        head = f"The questionnaire was updated from {changes.old_version} to {changes.new_version}"
    else:
        head = "The questionnaire changed since this assessment was saved"
    return head + (": " + "; ".join(parts) if parts else "") + "."
