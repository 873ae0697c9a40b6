"""Opening assessments through the one core path that the CLI and the app share."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import ops_maturity.cli.report as report_command
import pytest
from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.files.lock import AssessmentLockedError
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.storage.assessment_store import save_assessment_atomically
from ops_maturity.core.storage.reconcile import QuestionnaireChanges
from ops_maturity.core.storage.session import (
    OpenError,
    claim_session,
    describe_changes,
    open_assessment_file,
    open_team_assessment,
)

from .builders import MINIMAL_QUESTIONNAIRE, assess


def test_open_error_is_a_project_error() -> None:
    """Callers catch OpenError with the project's one base class."""
    assert issubclass(OpenError, OpsMaturityError)


def test_cli_has_no_second_open_path() -> None:
    """The CLI opens assessments through core.session, not a copy of its logic."""
    assert not hasattr(report_command, "questionnaire_for_assessment")
    assert "open_assessment_file" in inspect.getsource(report_command.run_command)


def test_opening_for_another_questionnaire_is_an_open_error(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """A questionnaire id mismatch is reported as plain lines, naming the file."""
    assessment = assess(minimal, {})
    assessment.questionnaire_id = "something-else"
    assessment.questionnaire_path = str(MINIMAL_QUESTIONNAIRE)
    path = tmp_path / "a.toml"
    save_assessment_atomically(assessment, path)
    with pytest.raises(OpenError) as raised:
        open_assessment_file(path)
    assert raised.value.messages == [
        f"{path}: assessment is for questionnaire 'something-else', not '{minimal.id}'"
    ]


def test_same_version_change_does_not_name_the_version_twice() -> None:
    """Questions added under an unchanged version: no "1.0.0 to 1.0.0"."""
    note = describe_changes(QuestionnaireChanges("1.0.0", "1.0.0", ("a.b",), ()))
    assert "1.0.0" not in note
    assert "1 new question(s) to answer" in note


def test_version_change_without_question_changes_mentions_no_questions() -> None:
    """Only a version change: the sentence names the versions and nothing about questions."""
    note = describe_changes(QuestionnaireChanges("1.0.0", "1.1.0", (), ()))
    assert note == "The questionnaire was updated from 1.0.0 to 1.1.0."


def test_no_change_says_nothing() -> None:
    assert describe_changes(QuestionnaireChanges("1.0.0", "1.0.0", (), ())) == ""


def test_a_new_assessment_in_a_new_folder_is_locked_from_the_start(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """The first run in a fresh ./assessments takes the lock too, so a second run cannot write."""
    folder = tmp_path / "assessments"
    session = open_team_assessment(minimal, MINIMAL_QUESTIONNAIRE, folder, "Payments", "2026-Q4")
    lock = claim_session(session)
    assert lock.is_held() and lock.lock_path.parent == folder
    with pytest.raises(AssessmentLockedError):
        claim_session(session)
    lock.release()


def test_a_read_only_file_opens_read_only_with_the_reason(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """`chmod 444` on an assessment: the session says it may only read it, and why."""
    path = tmp_path / "a.toml"
    save_assessment_atomically(assess(minimal, {}), path)
    assert open_assessment_file(path, str(MINIMAL_QUESTIONNAIRE)).read_only_reason == ""
    path.chmod(0o444)
    session = open_assessment_file(path, str(MINIMAL_QUESTIONNAIRE))
    assert "read-only" in session.read_only_reason


def test_a_hard_linked_team_file_opens_read_only_with_the_reason(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """A team's file with a second name opens read-only, by team and label as by path."""
    first = open_team_assessment(minimal, MINIMAL_QUESTIONNAIRE, tmp_path, "Payments", "2026-Q4")
    save_assessment_atomically(first.assessment, first.path)
    os.link(first.path, tmp_path / "second-name.toml")
    again = open_team_assessment(minimal, MINIMAL_QUESTIONNAIRE, tmp_path, "Payments", "2026-Q4")
    assert "2 names (hard links)" in again.read_only_reason
    by_path = open_assessment_file(tmp_path / "second-name.toml", str(MINIMAL_QUESTIONNAIRE))
    assert "2 names (hard links)" in by_path.read_only_reason
