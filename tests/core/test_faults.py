"""Saving under faults: a read-only folder (checked without root's powers) and a full disk.

In each case the save is refused with a plain reason, the last good file stays byte for byte,
no temp file is left, and the answers in memory are saved once the disk takes them again.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from ops_maturity.core.files.atomic_file import file_stamp
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.autosave import AutoSaver, SaveOutcome

if TYPE_CHECKING:
    from conftest import FullDisk, RunUnprivileged

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")

SAVE_WITHOUT_PRIVILEGES = """
import sys
from pathlib import Path
from ops_maturity.core.model.assessment import Answer
from ops_maturity.core.files.lock import AssessmentLock
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.core.files.atomic_file import file_stamp
from ops_maturity.core.storage.autosave import AutoSaver

path = Path(sys.argv[1])
try:
    AssessmentLock.acquire(path)
    print("lock: taken")
except OSError as error:
    print("lock:", type(error).__name__)
assessment = load_assessment(path)
assessment.record(sys.argv[2], Answer(3, notes="typed without privileges"))
saver = AutoSaver(assessment, path, expected=file_stamp(path))
outcome = saver.save()
print("save:", outcome.value, "|", saver.reason)
"""


def _saved(folder: Path, minimal: Questionnaire) -> Path:
    assessment = Assessment.start(minimal, "Payments", "2026-Q4")
    assessment.record(minimal.questions[0].id, Answer(2))
    path = folder / "payments-2026-q4.toml"
    save_assessment_atomically(assessment, path)
    path.chmod(0o644)
    return path


def test_a_read_only_folder_refuses_the_save_and_keeps_the_file(
    shared_folder: Path, minimal: Questionnaire, run_unprivileged: RunUnprivileged
) -> None:
    """As a user who may not write the folder: no lock, no save, a plain reason, nothing left."""
    path = _saved(shared_folder, minimal)
    path.chmod(0o666)  # the file would let anyone write it: only the folder refuses
    before = path.read_bytes()
    shared_folder.chmod(0o555)
    result = run_unprivileged(SAVE_WITHOUT_PRIVILEGES, str(path), minimal.questions[1].id)
    assert result.returncode == 0, result.stderr
    assert "lock: PermissionError" in result.stdout
    assert "save: failed | Permission denied" in result.stdout
    assert path.read_bytes() == before
    assert os.listdir(shared_folder) == [path.name]


def test_a_read_only_folder_refuses_a_report_plainly(
    shared_folder: Path, minimal: Questionnaire, run_unprivileged: RunUnprivileged
) -> None:
    """`report -o` into a folder the user cannot write: exit 1, one line, no traceback."""
    path = _saved(shared_folder, minimal)
    shared_folder.chmod(0o555)
    out = shared_folder / "report.md"
    result = run_unprivileged(
        "import sys; from ops_maturity.cli import main; sys.exit(main(sys.argv[1:]))",
        "report",
        str(path),
        "--questionnaire",
        str(Path(__file__).resolve().parents[2] / "examples" / "minimal-questionnaire.toml"),
        "-o",
        str(out),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"cannot write {out}: Permission denied" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_full_disk_refuses_the_save_then_recovers(
    full_disk: FullDisk, minimal: Questionnaire
) -> None:
    """No space: the old file stays whole and no temp file is left; freed, every answer saves."""
    path = _saved(full_disk.folder, minimal)
    before = path.read_bytes()
    assessment = load_assessment(path)
    saver = AutoSaver(assessment, path, expected=file_stamp(path))
    full_disk.fill()
    for question in minimal.questions[1:]:
        assessment.record(question.id, Answer(1, notes="n" * 2_000))
    assert saver.save() is SaveOutcome.FAILED
    assert saver.reason == "No space left on device"
    assert path.read_bytes() == before
    assert sorted(os.listdir(full_disk.folder)) == sorted(
        [path.name, *(["filler.bin"] if full_disk.mounted else [])]
    )
    full_disk.free()
    assert saver.retry() is SaveOutcome.RECOVERED
    assert len(load_assessment(path).answers) == len(minimal.questions)
