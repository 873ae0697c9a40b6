"""Open the assessment the app works on: a team's file for a label, or a file to resume.

This is where the Start screen and the command line meet the core: it resolves the questionnaire,
creates or loads the assessment file, reconciles it with the questionnaire, and turns every
failure into plain messages (`path:line:col: message`) for the screen to show in place. It never
overwrites a file it could not read, and it does not import Textual.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..core.answer_check import check_answers
from ..core.assessment import Assessment
from ..core.assessment_store import (
    QuestionnaireChanges,
    default_assessment_path,
    load_assessment,
    reconcile,
)
from ..core.bundled import bundled_questionnaire_files, names_a_file, resolve_questionnaire
from ..core.questionnaire import Questionnaire
from ..core.questionnaire_loader import parse_questionnaire
from ..core.text import clean_single_line, describe_os_error
from ..core.user_paths import InvalidPathError, user_path
from ..core.validation import InvalidFileError


class OpenError(Exception):
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
    for name in participants:
        cleaned = clean_single_line(name)
        if cleaned and cleaned not in assessment.participants:
            assessment.participants.append(cleaned)


def open_team_assessment(
    questionnaire: Questionnaire,
    questionnaire_file: Path | None,
    folder: Path,
    team: str,
    label: str,
    facilitator: str = "",
    participants: list[str] | None = None,
) -> Session:
    """Start a team's assessment for a label, or resume it when its file already exists."""
    team = clean_single_line(team)
    label = clean_single_line(label)
    if not team:
        raise OpenError(["Enter the team's name."])
    if not label:
        raise OpenError(["Enter a label, such as the quarter."])
    path = default_assessment_path(folder, team, label)
    if path.exists():
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
        return Session(questionnaire, assessment, path, changes)
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
        assessment = load_assessment(path)
    except InvalidFileError as error:
        raise OpenError(_problems(error)) from None
    try:
        if questionnaire_reference:
            questionnaire = resolve_questionnaire(questionnaire_reference)
        elif assessment.questionnaire_path:
            questionnaire = resolve_questionnaire(
                assessment.questionnaire_path, relative_to=path.parent
            )
        else:
            questionnaire = resolve_questionnaire(assessment.questionnaire_id)
    except InvalidFileError as error:
        raise OpenError(_problems(error)) from None
    try:
        changes = reconcile(assessment, questionnaire)
        check_answers(assessment, questionnaire, str(path))
    except ValueError as error:
        raise OpenError([f"{path}: {error}"]) from None
    except InvalidFileError as error:
        raise OpenError(_problems(error)) from None
    return Session(questionnaire, assessment, path, changes)


def describe_changes(changes: QuestionnaireChanges | None) -> str:
    """One sentence about questionnaire changes since the file was saved ('' when none)."""
    if changes is None or not changes.changed:
        return ""
    if not (changes.added or changes.removed):
        return (
            f"The questionnaire was updated from {changes.old_version} to "
            f"{changes.new_version}; no questions were added or removed."
        )
    parts = []
    if changes.added:
        parts.append(f"{len(changes.added)} new question(s) to answer")
    if changes.removed:
        parts.append(
            f"{len(changes.removed)} question(s) removed (their answers are kept in the file "
            "but not scored)"
        )
    return (
        f"The questionnaire changed since this assessment was saved "
        f"({changes.old_version} to {changes.new_version}): " + "; ".join(parts) + "."
    )
