"""The autosaver writes only over the file this session last wrote, and never in read-only mode."""

from __future__ import annotations

import os
from pathlib import Path

from ops_maturity.core.files.atomic_file import file_stamp
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.parsing.validation import MAX_FILE_BYTES
from ops_maturity.core.storage.assessment_store import (
    AssessmentTooLargeError,
    load_assessment,
    save_assessment_atomically,
)
from ops_maturity.core.storage.autosave import (
    AutoSaver,
    FileChangedError,
    ReadOnlySessionError,
    SaveOutcome,
)


def _saver(tmp_path: Path, minimal: Questionnaire) -> AutoSaver:
    assessment = Assessment.start(minimal, "Payments", "2026-Q4")
    path = tmp_path / "payments-2026-q4.toml"
    saver = AutoSaver(assessment, path)
    assert saver.save() is SaveOutcome.SAVED
    return saver


def test_a_file_changed_by_another_program_is_not_overwritten(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """Someone else's version of the file survives; the saver says why it did not save."""
    saver = _saver(tmp_path, minimal)
    theirs = Assessment.start(minimal, "Payments", "2026-Q4", facilitator="Someone else")
    save_assessment_atomically(theirs, saver.path)
    their_bytes = saver.path.read_bytes()
    saver.assessment.record(minimal.questions[0].id, Answer(1))
    assert saver.save() is SaveOutcome.FAILED
    assert isinstance(saver.error, FileChangedError)
    assert "was changed by another program" in saver.reason
    assert saver.path.read_bytes() == their_bytes
    assert saver.retry() is SaveOutcome.STILL_FAILING
    assert saver.path.read_bytes() == their_bytes


def test_a_file_deleted_under_the_app_is_written_again(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """Nothing to overwrite: the answers in memory go back to disk."""
    saver = _saver(tmp_path, minimal)
    saver.path.unlink()
    saver.assessment.record(minimal.questions[0].id, Answer(2))
    assert saver.save() is SaveOutcome.SAVED
    assert minimal.questions[0].id in load_assessment(saver.path).answers


def test_a_file_created_by_someone_else_after_open_is_not_overwritten(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """A new assessment whose path appeared meanwhile is another writer's: keep it."""
    path = tmp_path / "a.toml"
    saver = AutoSaver(Assessment.start(minimal, "Payments", "2026-Q4"), path)
    path.write_text("# theirs\n", encoding="utf-8")
    assert saver.save() is SaveOutcome.FAILED
    assert path.read_text(encoding="utf-8") == "# theirs\n"


def test_saves_in_a_row_recognise_their_own_file(tmp_path: Path, minimal: Questionnaire) -> None:
    """Each save records the file it wrote, so the next save goes ahead."""
    saver = _saver(tmp_path, minimal)
    for question in minimal.questions[:3]:
        saver.assessment.record(question.id, Answer(1))
        assert saver.save() is SaveOutcome.SAVED
    assert saver.expected == file_stamp(saver.path)


def test_a_read_only_session_never_writes(tmp_path: Path, minimal: Questionnaire) -> None:
    saver = _saver(tmp_path, minimal)
    before = saver.path.read_bytes()
    saver.read_only = True
    saver.assessment.record(minimal.questions[0].id, Answer(1))
    assert saver.save() is SaveOutcome.FAILED
    assert isinstance(saver.error, ReadOnlySessionError)
    assert saver.path.read_bytes() == before


def test_an_assessment_too_large_to_read_back_is_not_written(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """Over the loader's 1 MB limit: a clear message, and the last good file stays."""
    saver = _saver(tmp_path, minimal)
    before = saver.path.read_bytes()
    for question in minimal.questions:
        saver.assessment.record(question.id, Answer(1, notes="log line\n" * 20_000))
    assert saver.save() is SaveOutcome.FAILED
    assert isinstance(saver.error, AssessmentTooLargeError)
    assert f"{MAX_FILE_BYTES:,}-byte limit" in saver.reason
    assert saver.path.read_bytes() == before
    load_assessment(saver.path)


def test_a_file_made_read_only_or_linked_meanwhile_is_not_replaced(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """`chmod 444` or a second name (hard link) after opening: the save is refused with the
    reason, the answers stay in memory, and they are saved once the file may be replaced."""
    saver = _saver(tmp_path, minimal)
    before = saver.path.read_bytes()
    saver.path.chmod(0o444)
    saver.assessment.record(minimal.questions[0].id, Answer(1))
    assert saver.save() is SaveOutcome.FAILED
    assert "read-only" in saver.reason
    saver.path.chmod(0o644)
    second_name = tmp_path / "second-name.toml"
    os.link(saver.path, second_name)
    assert saver.retry() is SaveOutcome.STILL_FAILING
    assert "2 names (hard links)" in saver.reason
    assert saver.path.read_bytes() == second_name.read_bytes() == before
    second_name.unlink()
    assert saver.retry() is SaveOutcome.RECOVERED
    assert load_assessment(saver.path).answer_for(minimal.questions[0].id).value == 1
