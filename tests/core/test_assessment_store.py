"""Assessment files: round trips, atomic saves, cleaning, positioned errors, reconciling."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer, Status
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.bundled import load_default_questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.assessment_toml import assessment_to_toml
from ops_maturity.core.storage.file_names import default_assessment_path
from ops_maturity.core.storage.folder import find_assessments
from ops_maturity.core.storage.reconcile import QuestionnaireMismatchError, reconcile

from .builders import DAY, FIXTURES, ROOT, assess

if TYPE_CHECKING:
    from conftest import RunUnprivileged

TRICKY_NOTES = (
    'Line one with "quotes", a \\ backslash and a tab\there.\n'
    "Line two: '''triple single''' and \"\"\"triple double\"\"\" quotes.\n"
    "Line three: # not a comment, [not.a.table], key = value"
)


def _full_assessment(questionnaire: Questionnaire) -> Assessment:
    """An assessment using every kind of answer and every optional field."""
    assessment = Assessment.start(
        questionnaire,
        "Payments Platform",
        "2026-Q4",
        facilitator="Priya Nair",
        participants=["Mei Chen", "Tomás Ortega"],
        today=DAY,
        questionnaire_path="../examples/minimal-questionnaire.toml",
    )
    assessment.record("visibility.error-rates", Answer(2, notes=TRICKY_NOTES, owner="Mei Chen"))
    assessment.record(
        "visibility.dashboards",
        Answer(SpecialAnswer.NOT_APPLICABLE, na_reason="Batch only: no UI.\nConfirmed by Sam."),
    )
    assessment.record("visibility.trends", Answer(SpecialAnswer.DONT_KNOW, notes="Ask the SREs"))
    assessment.record("visibility.anomalies", Answer(None, notes="Before answering", owner="Sam"))
    assessment.record("incidents.roles", Answer(0))
    assessment.record("incidents.reviews", Answer(3, owner="Tomás Ortega"))
    assessment.status = Status.COMPLETE
    return assessment


def _write_fixture_copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes((FIXTURES / name).read_bytes())
    return path


def test_round_trip_preserves_everything(tmp_path: Path, minimal: Questionnaire) -> None:
    """Save then load gives an equal assessment: every answer kind and every field."""
    original = _full_assessment(minimal)
    path = tmp_path / "payments.toml"
    save_assessment_atomically(original, path)
    loaded = load_assessment(path)
    assert loaded == original
    # Spelled out, so a change to Assessment's equality cannot hide a lost field.
    assert loaded.answers["visibility.error-rates"] == Answer(2, TRICKY_NOTES, "Mei Chen")
    assert loaded.answers["visibility.dashboards"].na_reason == (
        "Batch only: no UI.\nConfirmed by Sam."
    )
    assert loaded.answers["visibility.trends"].value is SpecialAnswer.DONT_KNOW
    assert loaded.answers["visibility.anomalies"] == Answer(None, "Before answering", "Sam")
    assert loaded.answers["incidents.roles"].value == 0
    assert loaded.facilitator == "Priya Nair"
    assert loaded.participants == ["Mei Chen", "Tomás Ortega"]
    assert (loaded.date, loaded.status) == (dt.date(2026, 10, 15), Status.COMPLETE)
    assert loaded.questionnaire_path == "../examples/minimal-questionnaire.toml"
    assert loaded.question_ids == [question.id for question in minimal.questions]


def test_saving_a_loaded_assessment_gives_the_same_bytes(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """Load and save again: the file is byte-for-byte unchanged (no churn in version control)."""
    path = tmp_path / "payments.toml"
    save_assessment_atomically(_full_assessment(minimal), path)
    first = path.read_bytes()
    save_assessment_atomically(load_assessment(path), path)
    assert path.read_bytes() == first


def test_recording_an_empty_answer_removes_it(minimal: Questionnaire) -> None:
    """An answer with no value, notes, owner or reason is dropped, not stored."""
    assessment = assess(minimal, {"incidents.roles": 2})
    assessment.record("incidents.roles", Answer(None, notes="  \n "))
    assert "incidents.roles" not in assessment.answers


def test_successful_save_leaves_no_temporary_file(tmp_path: Path, minimal: Questionnaire) -> None:
    """After a save the folder holds exactly the assessment file."""
    save_assessment_atomically(_full_assessment(minimal), tmp_path / "payments.toml")
    assert os.listdir(tmp_path) == ["payments.toml"]


def test_failed_replace_leaves_old_file_intact(
    tmp_path: Path, minimal: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.replace failing mid-save keeps the old file byte for byte and removes the temp file."""
    path = tmp_path / "payments.toml"
    assessment = _full_assessment(minimal)
    save_assessment_atomically(assessment, path)
    old = path.read_bytes()

    def refuse(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    assessment.record("incidents.roles", Answer(3, notes="changed"))
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        save_assessment_atomically(assessment, path)
    assert path.read_bytes() == old
    assert os.listdir(tmp_path) == ["payments.toml"]


def test_write_failing_midway_leaves_old_file_intact(
    tmp_path: Path, minimal: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the temp file is written (fsync) keeps the old file and no temp file."""
    path = tmp_path / "payments.toml"
    assessment = _full_assessment(minimal)
    save_assessment_atomically(assessment, path)
    old = path.read_bytes()

    def fail(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    assessment.team = "Renamed"
    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError, match="Input/output"):
        save_assessment_atomically(assessment, path)
    assert path.read_bytes() == old
    assert os.listdir(tmp_path) == ["payments.toml"]


def test_interrupted_save_leaves_old_file_intact(
    tmp_path: Path, minimal: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C during a save (KeyboardInterrupt) keeps the old file and no temp file."""
    path = tmp_path / "payments.toml"
    assessment = _full_assessment(minimal)
    save_assessment_atomically(assessment, path)
    old = path.read_bytes()

    def interrupt(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_assessment_atomically(assessment, path)
    assert path.read_bytes() == old
    assert os.listdir(tmp_path) == ["payments.toml"]


def test_saving_into_a_missing_folder_raises_oserror(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """A folder that does not exist is an OSError, and is not created."""
    with pytest.raises(OSError):
        save_assessment_atomically(_full_assessment(minimal), tmp_path / "missing" / "a.toml")
    assert not (tmp_path / "missing").exists()


def test_saving_under_a_file_raises_oserror(tmp_path: Path, minimal: Questionnaire) -> None:
    """A 'folder' that is really a file is an OSError, and the file is untouched."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("keep me", encoding="utf-8")
    with pytest.raises(OSError):
        save_assessment_atomically(_full_assessment(minimal), blocker / "a.toml")
    assert blocker.read_text(encoding="utf-8") == "keep me"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_saving_into_a_read_only_folder_raises_oserror(
    shared_folder: Path, run_unprivileged: RunUnprivileged
) -> None:
    """A folder the user cannot write to is an OSError (root runs it without the capabilities that override permissions)."""
    folder = shared_folder / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    result = run_unprivileged(
        "import sys\n"
        "from pathlib import Path\n"
        "from ops_maturity.core.storage.assessment_store import load_assessment,"
        " save_assessment_atomically\n"
        "assessment = load_assessment(Path(sys.argv[1]))\n"
        "try:\n"
        "    save_assessment_atomically(assessment, Path(sys.argv[2]))\n"
        "except OSError as error:\n"
        "    print('refused:', error.strerror)\n",
        str(ROOT / "examples" / "payments-platform-2026-q4.toml"),
        str(folder / "a.toml"),
    )
    assert result.stdout.strip() == "refused: Permission denied", result.stderr
    assert os.listdir(folder) == []


def test_control_characters_are_stripped_on_load(tmp_path: Path) -> None:
    """BEL, ESC, NUL and C1 controls vanish from names and notes; newlines and tabs stay."""
    loaded = load_assessment(_write_fixture_copy(tmp_path, "assessment-control-characters.toml"))
    assert loaded.team == "Payments"
    assert loaded.facilitator == "Priya[2J Nair"
    assert loaded.participants == ["Mei Chen", "[31mSam[0m"]
    answer = loaded.answers["visibility.error-rates"]
    assert answer.notes == "fine[31m red[0m\nsecond line\twith a tab"
    assert answer.owner == "Lena Fischer"
    assert answer.na_reason == "nothing"


def test_control_characters_are_stripped_from_new_answers() -> None:
    """Answers typed in the app are cleaned as they are made, before any save."""
    answer = Answer(1, notes="a\x1b[31mb\r\nc", owner="  Mei \x07\n Chen ")
    assert (answer.notes, answer.owner) == ("a[31mb\nc", "Mei Chen")


def test_unknown_key_in_an_answer_is_reported_at_its_line() -> None:
    """A misspelt answer key (`noets`) is a positioned error."""
    path = FIXTURES / "assessment-unknown-key.toml"
    with pytest.raises(InvalidFileError) as caught:
        load_assessment(path)
    assert str(caught.value) == (
        f"{path}:18:1: unknown key 'noets' in answers.visibility.dashboards "
        "(allowed: answer, due, not_applicable_reason, notes, overridden, owner, revealed, "
        "vote_counts, votes)"
    )


def test_bad_answer_value_is_reported_at_its_line() -> None:
    """An answer that is neither an integer nor a special answer is a positioned error."""
    path = FIXTURES / "assessment-bad-answer.toml"
    with pytest.raises(InvalidFileError) as caught:
        load_assessment(path)
    assert str(caught.value) == (
        f"{path}:17:1: answer must be a scale value, an array of scale values or one of 'not-applicable', 'dont-know'"
    )


def test_date_of_the_wrong_type_is_reported_at_its_line() -> None:
    """A quoted date is a string, not a TOML date: a positioned error."""
    path = FIXTURES / "assessment-date-not-a-date.toml"
    with pytest.raises(InvalidFileError) as caught:
        load_assessment(path)
    assert str(caught.value) == f"{path}:6:1: assessment.date must be a date"


def test_questionnaire_file_is_not_an_assessment() -> None:
    """Loading a questionnaire as an assessment fails cleanly, naming what is missing."""
    path = ROOT / "examples" / "minimal-questionnaire.toml"
    with pytest.raises(InvalidFileError) as caught:
        load_assessment(path)
    assert "missing required key 'assessment'" in str(caught.value)


def _assessment_from_older_version(questionnaire: Questionnaire) -> Assessment:
    """Written against version 0.9: no incidents.auto-mitigation yet, a since-removed question."""
    current = [question.id for question in questionnaire.questions]
    assessment = Assessment.start(questionnaire, "Payments", "2026-Q3", today=DAY)
    assessment.questionnaire_version = "0.9"
    assessment.question_ids = [
        *[qid for qid in current if qid != "incidents.auto-mitigation"],
        "visibility.retired",
    ]
    assessment.record("visibility.retired", Answer(3, notes="kept"))
    assessment.record("incidents.roles", Answer(2))
    return assessment


def test_reconcile_reports_added_and_removed_questions(minimal: Questionnaire) -> None:
    """A version change reports which questions were added and which removed."""
    changes = reconcile(_assessment_from_older_version(minimal), minimal)
    assert changes.added == ("incidents.auto-mitigation",)
    assert changes.removed == ("visibility.retired",)
    assert (changes.old_version, changes.new_version) == ("0.9", "1.0.0")
    assert changes.changed


def test_reconcile_keeps_answers_to_removed_questions(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """Answers to removed questions survive reconciling, saving and loading."""
    assessment = _assessment_from_older_version(minimal)
    reconcile(assessment, minimal)
    path = tmp_path / "old.toml"
    save_assessment_atomically(assessment, path)
    loaded = load_assessment(path)
    assert loaded.answers["visibility.retired"] == Answer(3, "kept")
    assert loaded.answers["incidents.roles"] == Answer(2)


def test_reconcile_brings_the_assessment_up_to_the_new_version(minimal: Questionnaire) -> None:
    """After reconciling, the assessment records the new version and the current question ids."""
    assessment = _assessment_from_older_version(minimal)
    reconcile(assessment, minimal)
    assert assessment.questionnaire_version == "1.0.0"
    assert assessment.question_ids == [question.id for question in minimal.questions]
    assert not reconcile(assessment, minimal).changed


def test_reconcile_of_an_unchanged_questionnaire_reports_nothing(minimal: Questionnaire) -> None:
    """Same version, same questions: nothing added, nothing removed, not changed."""
    changes = reconcile(assess(minimal, {"incidents.roles": 1}), minimal)
    assert (changes.added, changes.removed, changes.changed) == ((), (), False)


def test_reconcile_refuses_another_questionnaire(minimal: Questionnaire) -> None:
    """A different questionnaire id is the project's own error (not a bare ValueError)."""
    assessment = assess(minimal, {})
    assessment.questionnaire_id = "something-else"
    with pytest.raises(QuestionnaireMismatchError, match="something-else") as raised:
        reconcile(assessment, minimal)
    assert isinstance(raised.value, OpsMaturityError)
    assert not isinstance(raised.value, ValueError)


def test_default_path_is_one_file_per_team_and_label(tmp_path: Path) -> None:
    """Team and label become a safe file name: lower case, dashes, no separators, and a hash
    of the exact name because the slug dropped the '/' and spaces."""
    path = default_assessment_path(tmp_path, "Payments / Platform", "2026-Q4")
    assert path.parent == tmp_path
    assert path.name.startswith("payments-platform-2026-q4_")
    assert path.suffix == ".toml"


def test_find_assessments_lists_files_with_percent_and_skips_broken_ones(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """Two readable files are listed newest first with their progress; a broken one is a failure."""
    older = assess(minimal, {"incidents.roles": 2, "incidents.reviews": SpecialAnswer.DONT_KNOW})
    older.date = dt.date(2026, 7, 1)
    older.record("visibility.trends", Answer(None, notes="notes only: not answered"))
    save_assessment_atomically(older, tmp_path / "older.toml")
    newer = _full_assessment(minimal)  # 5 of 8 answered; anomalies holds only notes
    save_assessment_atomically(newer, tmp_path / "newer.toml")
    broken = _write_fixture_copy(tmp_path, "assessment-bad-answer.toml")
    (tmp_path / "notes.txt").write_text("not an assessment", encoding="utf-8")

    summaries, failures = find_assessments(tmp_path)

    found = [(s.path.name, s.answered, s.total, s.percent, s.status) for s in summaries]
    assert found == [
        ("newer.toml", 5, 8, 62, Status.COMPLETE),  # 5/8 = 62.5%, rounded to even
        ("older.toml", 2, 8, 25, Status.IN_PROGRESS),
    ]
    assert [problem.path for failure in failures for problem in failure.problems] == [str(broken)]


def test_find_assessments_in_a_missing_folder_finds_nothing(tmp_path: Path) -> None:
    """A folder that does not exist yet is simply empty."""
    assert find_assessments(tmp_path / "assessments") == ([], [])


def test_serialised_answers_follow_the_documented_keys(minimal: Questionnaire) -> None:
    """Special answers are written as their documented strings, reasons under their own key."""
    text = assessment_to_toml(_full_assessment(minimal))
    assert 'answer = "not-applicable"' in text
    assert 'answer = "dont-know"' in text
    assert "not_applicable_reason = " in text


def _example_assessments() -> list[Path]:
    return sorted((ROOT / "examples").glob("*-20*-q*.toml"))


def test_example_assessments_load_and_match_the_default_questionnaire() -> None:
    """Each example assessment loads and answers the current default questionnaire."""
    paths = _example_assessments()
    if not paths:
        pytest.skip("no example assessments yet")
    questionnaire = load_default_questionnaire()
    for path in paths:
        assessment = load_assessment(path)
        assert not reconcile(assessment, questionnaire).changed, path.name
        unknown = [qid for qid in assessment.answers if not questionnaire.has_question(qid)]
        assert unknown == [], path.name


def test_example_assessments_differ_in_levels() -> None:
    """The example quarters of one team show different area levels (progress to talk about)."""
    paths = _example_assessments()
    if len(paths) < 2:
        pytest.skip("fewer than two example assessments")
    questionnaire = load_default_questionnaire()
    levels = [
        [area.level for area in score_assessment(questionnaire, load_assessment(path)).areas]
        for path in paths
    ]
    assert len({tuple(area_levels) for area_levels in levels}) == len(paths)


def test_assessment_equality_covers_every_field() -> None:
    """Guard for the round-trip test: Assessment compares all its fields."""
    assert all(field.compare for field in dataclasses.fields(Assessment))
