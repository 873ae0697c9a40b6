"""Opening assessments through the one core path that the CLI and the app share."""

from __future__ import annotations

import inspect
from pathlib import Path

import ops_maturity.cli as cli
import pytest
from ops_maturity.core.assessment_store import QuestionnaireChanges, save_assessment_atomically
from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.questionnaire import Questionnaire
from ops_maturity.core.session import OpenError, describe_changes, open_assessment_file

from .builders import MINIMAL_QUESTIONNAIRE, assess


def test_open_error_is_a_project_error() -> None:
    """Callers catch OpenError with the project's one base class."""
    assert issubclass(OpenError, OpsMaturityError)


def test_cli_has_no_second_open_path() -> None:
    """The CLI opens assessments through core.session, not a copy of its logic."""
    assert not hasattr(cli, "questionnaire_for_assessment")
    assert "open_assessment_file" in inspect.getsource(cli.command_report)


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
