"""Report templates users bring cannot run long, build huge values or read special files.

Each hostile template must fail fast (well under the time it used to take: minutes) with a
ReportTemplateError that says what went wrong, and never grow memory by gigabytes.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.reports.report import ReportTemplateError, render_report
from ops_maturity.core.reports.sandbox import MAX_OUTPUT_LENGTH

from .builders import DAY, MINIMAL_QUESTIONNAIRE

FAST = 5.0
"""Seconds: every refusal below must come at least this fast."""


@pytest.fixture(scope="module")
def minimal() -> Questionnaire:
    return load_questionnaire(MINIMAL_QUESTIONNAIRE)


def render_template(
    tmp_path: Path, minimal: Questionnaire, text: str, time_limit: float = 10.0
) -> str:
    template = tmp_path / "hostile.md.j2"
    template.write_text(text, encoding="utf-8")
    assessment = Assessment.start(minimal, "Payments", "2026-Q4", today=DAY)
    return render_report(minimal, assessment, template, time_limit=time_limit)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ 'a' * 10**9 }}", "the result of '*' would be 1,000,000,000 long"),
        ("{{ [1] * 10**8 }}", "the result of '*' would be 100,000,000 long"),
        ("{{ 10 ** 1000000 }}", "the result of '**' would be too large a number"),
        ("{{ 7 ** 999999 }}", "the result of '**' would be too large a number"),
        ("{{ 'a'|center(10**9) }}", "the number passed is too large"),
        ("{{ 'a'.ljust(10**9) }}", "the number passed is too large"),
        ("{{ '{:>999999999}'.format(1) }}", "width that is too large"),
        ("{{ '%999999999d' % 1 }}", "width that is too large"),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
            "{% endfor %}",
            "the result of '~' would be",
        ),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}"
            "{% endfor %}",
            "the result of '+' would be",
        ),
        ("{{ ('a' * 100000)|replace('a', 'bbbbbbbbbbbbbbbbbbbb') }}", "the result of replace"),
        ("{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}", "report would be over"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself too deeply"),
    ],
)
def test_oversized_results_fail_fast_with_a_message(
    tmp_path: Path, minimal: Questionnaire, text: str, message: str
) -> None:
    """Multiplication, powers, joins and output are bounded before they allocate."""
    started = time.monotonic()
    with pytest.raises(ReportTemplateError) as caught:
        render_template(tmp_path, minimal, text)
    assert time.monotonic() - started < FAST
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "hostile.md.j2") + ":")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ " + "9" * 5000 + " }}", "a number in the template is too long"),
        ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "the template is nested too deeply"),
        ("{{ x" + "[0]" * 5000 + " }}", "the template is nested too deeply"),
    ],
)
def test_templates_that_cannot_compile_fail_with_a_message(
    tmp_path: Path, minimal: Questionnaire, text: str, message: str
) -> None:
    """Jinja's lexer and parser raised ValueError and RecursionError (found by the fuzzer)."""
    with pytest.raises(ReportTemplateError, match=message):
        render_template(tmp_path, minimal, text)


def test_nested_loops_stop_at_the_time_limit(tmp_path: Path, minimal: Questionnaire) -> None:
    """Two nested 100,000-item loops with an empty body ran for minutes; now they stop."""
    text = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    started = time.monotonic()
    with pytest.raises(
        ReportTemplateError, match=r"ran for more than 0\.5 seconds and was stopped"
    ):
        render_template(tmp_path, minimal, text, time_limit=0.5)
    assert time.monotonic() - started < FAST


def test_output_limit_is_large_enough_for_real_reports(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """A template printing a big but sane report (a fifth of the limit) renders."""
    text = "{% for i in range(2000) %}{{ 'x' * 200 }}\n{% endfor %}"
    report = render_template(tmp_path, minimal, text)
    assert len(report) == 2000 * 201 < MAX_OUTPUT_LENGTH


def test_blocked_include_says_not_found_or_outside_the_folder(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """An include that leaves the folder gets the full reason, not only its name."""
    with pytest.raises(ReportTemplateError) as caught:
        render_template(tmp_path, minimal, "{% include '../secret.md' %}")
    assert "template '../secret.md' not found, or outside the template's folder" in str(
        caught.value
    )


def test_template_that_is_a_fifo_is_refused_at_once(tmp_path: Path, minimal: Questionnaire) -> None:
    """A FIFO given as the template used to hang the read forever."""
    fifo = tmp_path / "fifo.md.j2"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(ReportTemplateError, match=r"not a regular file \(a FIFO\)"):
        render_report(minimal, Assessment.start(minimal, "T", today=DAY), fifo)
    assert time.monotonic() - started < FAST


def test_include_of_a_fifo_is_refused(tmp_path: Path, minimal: Questionnaire) -> None:
    """Includes are read through the same bounded reader: a FIFO is refused, with the line."""
    os.mkfifo(tmp_path / "fifo.md.j2")
    with pytest.raises(
        ReportTemplateError, match=r"hostile.md.j2:1: .*not a regular file \(a FIFO\)"
    ):
        render_template(tmp_path, minimal, "{% include 'fifo.md.j2' %}")


def test_device_as_template_is_refused(minimal: Questionnaire) -> None:
    """`--template /dev/zero` used to read without end."""
    with pytest.raises(ReportTemplateError, match=r"not a regular file \(a character device\)"):
        render_report(minimal, Assessment.start(minimal, "T", today=DAY), Path("/dev/zero"))


def test_oversized_template_is_refused(tmp_path: Path, minimal: Questionnaire) -> None:
    """A template over the size limit is refused before it is compiled."""
    with pytest.raises(ReportTemplateError, match="the limit is"):
        render_template(tmp_path, minimal, "x" * 300_000)


def test_control_characters_in_a_template_do_not_reach_the_report(
    tmp_path: Path, minimal: Questionnaire
) -> None:
    """Escape sequences and bidi controls written in the template itself are removed too."""
    report = render_template(tmp_path, minimal, "a\x1b[2Jb\u202ec\x07d\n")
    assert report == "a[2Jbcd\n"
