"""The parsed-questionnaire cache: a hit skips parsing, and a bad entry is never trusted."""

from __future__ import annotations

import pickle
from pathlib import Path

import ops_maturity.core.questionnaire_cache as cache_module
import pytest
from ops_maturity.core.questionnaire_cache import cache_folder, parse_questionnaire_cached
from ops_maturity.core.questionnaire_loader import parse_questionnaire

from .builders import MINIMAL_QUESTIONNAIRE

DISPLAY = "questionnaires/minimal.toml"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "ops-maturity"


@pytest.fixture
def raw() -> bytes:
    return MINIMAL_QUESTIONNAIRE.read_bytes()


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("questionnaire-*.pickle"))


def test_the_cache_lives_under_xdg_cache_home(cache_home: Path) -> None:
    assert cache_folder() == cache_home


def test_a_second_parse_is_answered_from_the_cache(
    cache_home: Path, raw: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first call parses and writes one entry; the second returns it without parsing."""
    first = parse_questionnaire_cached(raw, DISPLAY)
    assert len(entries(cache_home)) == 1

    def must_not_parse(raw: bytes, display_path: str) -> None:
        raise AssertionError("parsed although the cache holds this questionnaire")

    monkeypatch.setattr(cache_module, "parse_questionnaire", must_not_parse)
    second = parse_questionnaire_cached(raw, DISPLAY)
    assert second == first == parse_questionnaire(raw, DISPLAY)
    assert [q.id for q in second.questions] == [q.id for q in first.questions]


def test_changed_content_gets_its_own_entry(cache_home: Path, raw: bytes) -> None:
    """The key is the content: an edited file never reads the old entry."""
    parse_questionnaire_cached(raw, DISPLAY)
    edited = raw.replace(b'title = "', b'title = "Edited ', 1)
    assert parse_questionnaire_cached(edited, DISPLAY).title.startswith("Edited ")
    assert len(entries(cache_home)) == 2


def test_a_corrupt_entry_is_ignored_and_rewritten(cache_home: Path, raw: bytes) -> None:
    """Garbage in the cache costs a parse, never an error, and the entry is repaired."""
    expected = parse_questionnaire_cached(raw, DISPLAY)
    [entry] = entries(cache_home)
    entry.write_bytes(b"\x80\x05not a pickle at all")
    assert parse_questionnaire_cached(raw, DISPLAY) == expected
    assert pickle.loads(entry.read_bytes()) == expected


def test_an_entry_naming_other_classes_is_never_loaded(cache_home: Path, raw: bytes) -> None:
    """A planted pickle that would call a function is refused, not run."""
    expected = parse_questionnaire_cached(raw, DISPLAY)
    [entry] = entries(cache_home)
    marker = cache_home / "ran"
    entry.write_bytes(
        b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR."  # pickle protocol 0
    )
    assert parse_questionnaire_cached(raw, DISPLAY) == expected
    assert not marker.exists()


def test_an_unwritable_cache_folder_is_not_an_error(
    tmp_path: Path, raw: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the cache cannot be written (here $XDG_CACHE_HOME is a file) parsing still works."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert parse_questionnaire_cached(raw, DISPLAY) == parse_questionnaire(raw, DISPLAY)
