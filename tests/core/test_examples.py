"""The bundled examples stay as they are: found by the source tree around them, opened
read-only, copied to the assessments folder to work on (never over an earlier copy)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from ops_maturity.core.model.assessment import Answer
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.examples import (
    EXAMPLE_REASON,
    is_bundled_example,
    is_bundled_examples_folder,
)
from ops_maturity.core.storage.file_names import default_assessment_path
from ops_maturity.core.storage.session import (
    OpenError,
    copy_example,
    open_assessment_file,
    open_team_assessment,
    prepare_session,
)

from .builders import MINIMAL_QUESTIONNAIRE, assess

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "payments-platform-2027-q1.toml"
PYPROJECT = '[project]\nname = "ops-maturity"\nversion = "1"\n'


@pytest.fixture
def source_tree(tmp_path: Path) -> Path:
    """A clone in miniature: pyproject.toml naming ops-maturity, and examples/ with one."""
    tree = tmp_path / "clone"
    (tree / "examples").mkdir(parents=True)
    (tree / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copyfile(ROOT / "examples" / EXAMPLE, tree / "examples" / EXAMPLE)
    return tree


def test_the_clones_own_examples_are_bundled_examples() -> None:
    """Every assessment in this repository's examples/ is one."""
    assert is_bundled_example(ROOT / "examples" / EXAMPLE)
    assert is_bundled_examples_folder(ROOT / "examples")


def test_an_example_in_a_source_tree_is_found_through_relative_paths_and_links(
    source_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`examples/X.toml` from the clone's folder, and a symlink to it from elsewhere."""
    monkeypatch.chdir(source_tree)
    assert is_bundled_example(Path("examples") / EXAMPLE)
    link = tmp_path / "elsewhere.toml"
    link.symlink_to(source_tree / "examples" / EXAMPLE)
    assert is_bundled_example(link)


def test_an_examples_folder_outside_ops_maturity_is_not_bundled(source_tree: Path) -> None:
    """Another project's examples/, a folder with no pyproject.toml, another folder name."""
    example = source_tree / "examples" / EXAMPLE
    (source_tree / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    assert not is_bundled_example(example)
    (source_tree / "pyproject.toml").unlink()
    assert not is_bundled_example(example)
    (source_tree / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    renamed = source_tree / "samples"
    (source_tree / "examples").rename(renamed)
    assert not is_bundled_example(renamed / EXAMPLE)


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not UTF-8",
        b"[project\nname = ",
        b'project = "ops-maturity"\n',
        b"[project]\nname = 7\n",
        b"a = " + b"[" * 30_000,
        b"# " + b"x" * 200_000 + b'\n[project]\nname = "ops-maturity"\n',
    ],
    ids=["not-utf8", "not-toml", "project-not-a-table", "name-not-text", "deep", "huge"],
)
def test_a_hostile_pyproject_is_simply_not_ops_maturitys(source_tree: Path, content: bytes) -> None:
    """Whatever pyproject.toml holds, the check answers False and never raises."""
    (source_tree / "pyproject.toml").write_bytes(content)
    assert not is_bundled_example(source_tree / "examples" / EXAMPLE)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_pyproject_that_is_a_fifo_or_a_folder_never_hangs(source_tree: Path) -> None:
    """A FIFO is not read (it would block); a folder is not a file."""
    (source_tree / "pyproject.toml").unlink()
    os.mkfifo(source_tree / "pyproject.toml")
    assert not is_bundled_example(source_tree / "examples" / EXAMPLE)
    (source_tree / "pyproject.toml").unlink()
    (source_tree / "pyproject.toml").mkdir()
    assert not is_bundled_example(source_tree / "examples" / EXAMPLE)


def test_an_example_opens_read_only_saying_so(source_tree: Path) -> None:
    """`run --resume examples/X.toml` and the Start screen both open it this way."""
    session = open_assessment_file(source_tree / "examples" / EXAMPLE)
    assert session.read_only_reason == EXAMPLE_REASON
    assert session.bundled_example
    assert sorted(p.name for p in (source_tree / "examples").iterdir()) == [EXAMPLE]


def test_a_copy_goes_to_the_teams_file_in_the_folder_and_opens_writable(
    source_tree: Path, tmp_path: Path
) -> None:
    """The copy holds the same assessment under the app's name for it; the example is unchanged."""
    example = source_tree / "examples" / EXAMPLE
    before = example.read_bytes()
    session = open_assessment_file(example)
    folder = tmp_path / "assessments"
    copy, copied = copy_example(session, folder)
    assessment = session.assessment
    assert copied
    assert copy == default_assessment_path(folder, assessment.team, assessment.label)
    reopened = open_assessment_file(copy)
    assert reopened.read_only_reason == "" and not reopened.bundled_example
    assert reopened.assessment.answers == assessment.answers
    assert example.read_bytes() == before
    assert sorted(p.name for p in example.parent.iterdir()) == [EXAMPLE]


def test_a_copy_keeps_what_opening_set(source_tree: Path, tmp_path: Path) -> None:
    """`run --resume examples/X.toml --timebox 90` then the copy: the timebox comes along."""
    session = open_assessment_file(source_tree / "examples" / EXAMPLE)
    prepare_session(session, timebox=90)
    copy, _ = copy_example(session, tmp_path / "assessments")
    assert load_assessment(copy).timebox == 90


def test_an_earlier_copy_is_kept_with_its_answers(source_tree: Path, tmp_path: Path) -> None:
    """Copying again opens the earlier copy as it is: never overwritten."""
    folder = tmp_path / "assessments"
    session = open_assessment_file(source_tree / "examples" / EXAMPLE)
    copy, _ = copy_example(session, folder)
    worked_on = load_assessment(copy)
    first = next(iter(worked_on.answers))
    worked_on.record(first, Answer(worked_on.answers[first].value, notes="Ours now"))
    save_assessment_atomically(worked_on, copy)
    before = copy.read_bytes()
    assert b"Ours now" in before
    again, copied = copy_example(open_assessment_file(source_tree / "examples" / EXAMPLE), folder)
    assert (again, copied) == (copy, False)
    assert copy.read_bytes() == before


def test_another_assessment_in_the_copys_place_refuses_the_copy(
    source_tree: Path, tmp_path: Path
) -> None:
    """A file under the copy's name that holds another team's assessment is left alone."""
    folder = tmp_path / "assessments"
    session = open_assessment_file(source_tree / "examples" / EXAMPLE)
    target = default_assessment_path(folder, session.assessment.team, session.assessment.label)
    folder.mkdir()
    other = load_assessment(source_tree / "examples" / EXAMPLE)
    other.team = "Someone Else"
    save_assessment_atomically(other, target)
    before = target.read_bytes()
    with pytest.raises(OpenError) as raised:
        copy_example(session, folder)
    assert "belongs to team 'Someone Else'" in raised.value.messages[0]
    assert target.read_bytes() == before


def test_a_copy_that_cannot_be_written_says_why(source_tree: Path, tmp_path: Path) -> None:
    """The assessments folder is a file: one plain sentence, nothing written."""
    blocked = tmp_path / "assessments"
    blocked.write_text("not a folder", encoding="utf-8")
    session = open_assessment_file(source_tree / "examples" / EXAMPLE)
    with pytest.raises(OpenError) as raised:
        copy_example(session, blocked)
    assert "cannot be written" in raised.value.messages[0]


def test_nothing_is_copied_or_started_inside_the_examples_folder(source_tree: Path) -> None:
    """`--dir examples`: no copy into it, no new assessment there; an example there opens
    read-only."""
    examples = source_tree / "examples"
    session = open_assessment_file(examples / EXAMPLE)
    with pytest.raises(OpenError, match="bundled examples"):
        copy_example(session, examples)
    with pytest.raises(OpenError, match="bundled examples"):
        open_team_assessment(session.questionnaire, None, examples, "New Team", "2027-Q1")
    resumed = open_team_assessment(
        session.questionnaire,
        None,
        examples,
        session.assessment.team,
        session.assessment.label,
    )
    assert resumed.bundled_example
    assert sorted(p.name for p in examples.iterdir()) == [EXAMPLE]


@pytest.fixture
def minimal_path_in(source_tree: Path) -> Path:
    """examples/minimal-questionnaire.toml inside the source tree."""
    target = source_tree / "examples" / MINIMAL_QUESTIONNAIRE.name
    shutil.copyfile(MINIMAL_QUESTIONNAIRE, target)
    return target


def test_a_questionnaire_named_by_path_is_named_again_from_the_copy(
    source_tree: Path, tmp_path: Path, minimal_path_in: Path
) -> None:
    """An example answered against examples/minimal-questionnaire.toml: the copy in
    assessments/ names it as ../clone/examples/minimal-questionnaire.toml, and opens."""
    from ops_maturity.core.questionnaires.loader import load_questionnaire

    minimal = load_questionnaire(minimal_path_in)
    example = source_tree / "examples" / "minimal-example.toml"
    assessment = assess(minimal, {})
    assessment.questionnaire_path = minimal_path_in.name
    save_assessment_atomically(assessment, example)
    session = open_assessment_file(example)
    assert session.bundled_example
    copy, _ = copy_example(session, tmp_path / "assessments")
    assert (
        load_assessment(copy).questionnaire_path == "../clone/examples/minimal-questionnaire.toml"
    )
    assert open_assessment_file(copy).questionnaire.id == minimal.id
