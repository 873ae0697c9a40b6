"""Fuzz report templates: every template renders or raises ReportTemplateError, nothing else.

Inputs are structured mutations of the bundled roadmap template, templates assembled from
hostile Jinja fragments, and raw text. Each renders against the example assessment with a short
time limit, so a runaway template shows up as a limit error rather than a slow test.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.questionnaires.bundled import load_default_questionnaire
from ops_maturity.core.reports.report import render_report
from ops_maturity.core.storage.assessment_store import load_assessment
from ops_maturity.core.storage.reconcile import reconcile

from .mutations import mutated_text

ROOT = Path(__file__).resolve().parents[2]
ROADMAP = (ROOT / "reports" / "templates" / "roadmap.md.j2").read_text(encoding="utf-8")
QUESTIONNAIRE = load_default_questionnaire()
ASSESSMENT = load_assessment(ROOT / "examples" / "payments-platform-2026-q4.toml")
reconcile(ASSESSMENT, QUESTIONNAIRE)
FOLDER = Path(tempfile.mkdtemp(prefix="ops-maturity-fuzz-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)  # hypothesis reuses it across examples
(FOLDER / "part.md.j2").write_text("{{ assessment.team }}\n", encoding="utf-8")

FRAGMENTS = [
    "{{ assessment.team }}",
    "{{ 'a' * 10**9 }}",
    "{{ 'ab' * 400000 }}",
    "{{ [1, 2] * 10**7 }}",
    "{{ 9 ** 99999 }}",
    "{{ 2 ** 64 }}",
    "{{ 'x'|center(10**8) }}",
    "{{ 'x'|indent(10**8) }}",
    "{{ 'a b'|wordwrap(1) }}",
    "{{ 'x'.zfill(10**8) }}",
    "{{ '%s-%d'|format('a', 3) }}",
    "{{ '{:>99}'.format(1) }}",
    "{{ ('a' * 1000)|replace('a', 'bbbb') }}",
    "{% for i in range(100000) %}",
    "{% for item in roadmap.items %}",
    "{% for c in 'abcdefghij' * 10 %}",
    "{% endfor %}",
    "{% if score.overall_level > 1 %}",
    "{% endif %}",
    "{% set ns = namespace(s='ab') %}",
    "{% set ns.s = ns.s ~ ns.s %}",
    "{% set ns.s = ns.s + ns.s %}",
    "{{ ns.s|length }}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}",
    "{{ f(1) }}",
    "{% include 'part.md.j2' %}",
    "{% include '../../etc/passwd' %}",
    "{% include 'missing.md.j2' %}",
    "{% raw %}{{ 7*7 }}{% endraw %}",
    "{{ undefined_name }}",
    "{{ assessment.nope }}",
    "{{ assessment.__class__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler(1, 2).next() }}",
    "{{ range(10)|list|join(',') }}",
    "{{ raw_markdown('**x**') }}",
    "{{ link('x', 'javascript:alert(1)') }}",
    "{{ level_bar(2, 4) }}",
    "\x1b[2J",
    "\u202e",
    "{{ " + "9" * 5000 + " }}",
    "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "\n",
    "text",
]


def render(text: str) -> None:
    template = FOLDER / "fuzzed.md.j2"
    template.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        report = render_report(QUESTIONNAIRE, ASSESSMENT, template, time_limit=1.0)
    except OpsMaturityError:
        return
    assert "\x1b" not in report and "\u202e" not in report


@given(mutated_text(ROADMAP))
def test_mutated_roadmap_template_renders_or_fails_cleanly(text: str) -> None:
    render(text)


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join))
def test_hostile_fragment_templates_render_or_fail_cleanly(text: str) -> None:
    render(text)


@given(st.text(max_size=300))
def test_raw_text_templates_render_or_fail_cleanly(text: str) -> None:
    render(text)
