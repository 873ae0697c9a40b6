"""One file per team and label: names of every script keep their letters and never collide."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.file_names import (
    assessment_file_name,
    default_assessment_path,
    legacy_assessment_path,
)
from ops_maturity.core.storage.session import OpenError, open_team_assessment

from .builders import MINIMAL_QUESTIONNAIRE

NAME_LIMIT_BYTES = 255


def _open(minimal: Questionnaire, folder: Path, team: str, label: str = "2026-Q4"):  # type: ignore[no-untyped-def]
    return open_team_assessment(minimal, MINIMAL_QUESTIONNAIRE, folder, team, label)


@pytest.mark.parametrize(
    "names",
    [
        ("C++", "C#", "C"),
        ("Team A", "Team-A", "team a!"),
        ("Команда А", "Команда Б"),
        ("a-b", "a"),
        ("東京", "大阪", "🚀", "🛸"),
    ],
)
def test_different_teams_get_different_files(names: tuple[str, ...]) -> None:
    """Names that slug alike still get their own file."""
    files = {assessment_file_name(name, "2026-Q4") for name in names}
    assert len(files) == len(names)


def test_team_and_label_split_differently_do_not_meet() -> None:
    """'a-b' + 'c' and 'a' + 'b-c' slug to the same letters but are two files."""
    assert assessment_file_name("a-b", "c") != assessment_file_name("a", "b-c")


def test_unicode_letters_are_kept_in_the_name() -> None:
    """A Cyrillic team's file says its name, not 'team-'."""
    name = assessment_file_name("Команда Б", "2026-Q4")
    assert name.startswith("команда-б-2026-q4_")


def test_nfc_and_nfd_spellings_share_one_file() -> None:
    """'Équipe' typed precomposed or decomposed is one team."""
    nfc = unicodedata.normalize("NFC", "Équipe")
    nfd = unicodedata.normalize("NFD", "Équipe")
    assert nfc != nfd
    assert assessment_file_name(nfc, "2026-Q4") == assessment_file_name(nfd, "2026-Q4")
    assert assessment_file_name(nfc, "2026-Q4") == "équipe-2026-q4.toml"


def test_a_plain_name_has_no_hash() -> None:
    """A name that is already a slug stays readable."""
    assert assessment_file_name("Payments", "2026-Q4") == "payments-2026-q4.toml"


@pytest.mark.parametrize("letter", ["a", "東", "🚀"])
def test_names_of_200_characters_save_and_load(
    tmp_path: Path, minimal: Questionnaire, letter: str
) -> None:
    """Team names and labels up to 200 characters, in any script, save and read back."""
    team, label = letter * 200, letter * 199 + "!"
    session = _open(minimal, tmp_path, team, label)
    assert len(session.path.name.encode()) < NAME_LIMIT_BYTES - 20
    session.assessment.record(minimal.questions[0].id, Answer(1))
    save_assessment_atomically(session.assessment, session.path)
    loaded = load_assessment(session.path)
    assert (loaded.team, loaded.label) == (team, label)
    again = _open(minimal, tmp_path, team, label)
    assert again.path == session.path and not again.created


def test_another_teams_file_is_never_resumed(tmp_path: Path, minimal: Questionnaire) -> None:
    """Under the old [a-z0-9] names, 'Команда Б' found 'Команда А''s file; now it starts its own."""
    legacy = legacy_assessment_path(tmp_path, "Команда А", "2026-Q4")
    assert legacy.name == "team-2026-q4.toml"
    first = Assessment.start(minimal, "Команда А", "2026-Q4", facilitator="Аня")
    first.record(minimal.questions[0].id, Answer(2))
    save_assessment_atomically(first, legacy)
    before = legacy.read_bytes()
    session = _open(minimal, tmp_path, "Команда Б")
    assert session.created and session.path != legacy
    assert session.assessment.answers == {}
    assert legacy.read_bytes() == before


def test_a_legacy_file_of_the_same_team_still_resumes(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """A file saved under the earlier name is found when it really is this team's."""
    legacy = legacy_assessment_path(tmp_path, "Payments Team", "2026-Q4")
    earlier = Assessment.start(minimal, "Payments Team", "2026-Q4")
    earlier.record(minimal.questions[0].id, Answer(2))
    save_assessment_atomically(earlier, legacy)
    session = _open(minimal, tmp_path, "payments team")
    assert session.path == legacy and not session.created
    assert minimal.questions[0].id in session.assessment.answers


def test_a_file_holding_another_team_is_refused_plainly(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """A file whose team differs from the one asked for is named, and left untouched."""
    path = default_assessment_path(tmp_path, "Search", "2026-Q4")
    other = Assessment.start(minimal, "Payments", "2026-Q4")
    save_assessment_atomically(other, path)
    before = path.read_bytes()
    with pytest.raises(OpenError) as raised:
        _open(minimal, tmp_path, "Search")
    (message,) = raised.value.messages
    assert "belongs to team 'Payments'" in message
    assert "not team 'Search'" in message
    assert path.read_bytes() == before
