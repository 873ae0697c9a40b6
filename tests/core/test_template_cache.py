"""Compiled report templates are cached on disk; a bad or unwritable cache never breaks a report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from ops_maturity.core import report
from ops_maturity.core.assessment import Answer, Assessment
from ops_maturity.core.questionnaire import Questionnaire
from ops_maturity.core.report import render_report
from ops_maturity.core.template_cache import _compiler_tag

from .builders import DAY


@pytest.fixture
def assessment(minimal: Questionnaire) -> Assessment:
    assessment = Assessment.start(minimal, "Payments", "2026-Q4", today=DAY)
    assessment.record(minimal.questions[0].id, Answer(2))
    return assessment


@pytest.fixture
def template_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh cache folder, and no environment kept in memory from an earlier render."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    report._bundled_environment.cache_clear()
    yield tmp_path / "cache" / "ops-maturity" / f"templates-{_compiler_tag()}"
    report._bundled_environment.cache_clear()


def test_a_second_report_does_not_compile_the_template_again(
    template_cache: Path,
    minimal: Questionnaire,
    assessment: Assessment,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first render stores the compiled template; the next one loads it instead."""
    expected = render_report(minimal, assessment)
    assert list(template_cache.glob("*.cache"))

    def must_not_compile(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although the cache holds the template")

    monkeypatch.setattr(jinja2.Environment, "compile", must_not_compile)
    report._bundled_environment.cache_clear()  # as in a new process: only the disk cache is left
    assert render_report(minimal, assessment) == expected


def test_a_corrupt_cache_entry_is_ignored(
    template_cache: Path, minimal: Questionnaire, assessment: Assessment
) -> None:
    expected = render_report(minimal, assessment)
    for entry in template_cache.glob("*.cache"):
        entry.write_bytes(b"j2 garbage")
    report._bundled_environment.cache_clear()
    assert render_report(minimal, assessment) == expected


def test_an_unwritable_cache_is_not_an_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    minimal: Questionnaire,
    assessment: Assessment,
) -> None:
    """$XDG_CACHE_HOME pointing at a file: the report renders all the same."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    report._bundled_environment.cache_clear()
    try:
        assert render_report(minimal, assessment).startswith("# Operational maturity roadmap")
    finally:
        report._bundled_environment.cache_clear()
