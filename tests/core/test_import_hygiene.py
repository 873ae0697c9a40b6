"""The headless core never imports the UI toolkit, and the CLI imports heavy modules lazily.

Each check runs in a fresh interpreter, since this test process has other modules loaded already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .builders import ROOT

CORE_MODULES = [
    "ops_maturity.core.model.questionnaire",
    "ops_maturity.core.questionnaires.loader",
    "ops_maturity.core.parsing.validation",
    "ops_maturity.core.parsing.toml_positions",
    "ops_maturity.core.text",
    "ops_maturity.core.questionnaires.bundled",
    "ops_maturity.core.model.assessment",
    "ops_maturity.core.storage.assessment_store",
    "ops_maturity.core.files.atomic_file",
    "ops_maturity.core.files.bounded_read",
    "ops_maturity.core.errors",
    "ops_maturity.core.model.scoring",
    "ops_maturity.core.model.roadmap",
    "ops_maturity.core.reports.markdown_text",
    "ops_maturity.core.reports.report",
    "ops_maturity.core.storage.session",
    "ops_maturity.core.storage.autosave",
    "ops_maturity.core.trends.comparison",
    "ops_maturity.core.reports.comparison_text",
    "ops_maturity.core.model.targets",
    "ops_maturity.core.trends.sparkline",
    "ops_maturity.core.reports.mermaid",
    "ops_maturity.core.trends.history",
    "ops_maturity.core.reports.history_output",
    "ops_maturity.core.storage.folder",
    "ops_maturity.core.storage.records",
    "ops_maturity.core.storage.assessment_questionnaire",
    "ops_maturity.core.model.level_table",
    "ops_maturity.core.trends.rollup",
    "ops_maturity.core.reports.rollup_output",
    "ops_maturity.core.reports.export_json",
    "ops_maturity.core.reports.export_csv",
]

pytestmark = pytest.mark.slow


def _modules_after_importing(*modules: str) -> list[str]:
    """The names in sys.modules after importing `modules` in a new interpreter."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {list(modules)!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    loaded: list[str] = json.loads(completed.stdout)
    return loaded


def _starting_with(names: list[str], *prefixes: str) -> list[str]:
    return [name for name in names if name.split(".")[0] in prefixes]


def test_core_modules_import_neither_textual_nor_rich() -> None:
    """Loading, validation, scoring, roadmap, storage and report pull in no UI toolkit."""
    loaded = _modules_after_importing(*CORE_MODULES)
    assert set(CORE_MODULES) <= set(loaded)
    assert _starting_with(loaded, "textual", "rich") == []


def test_rendering_a_report_imports_neither_textual_nor_rich() -> None:
    """Even after rendering a report (jinja2 loaded), no UI toolkit is imported."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ops_maturity.core.model.assessment import Assessment\n"
        "from ops_maturity.core.questionnaires.loader import load_questionnaire\n"
        "from ops_maturity.core.reports.report import render_report\n"
        "q = load_questionnaire(Path('examples/minimal-questionnaire.toml'))\n"
        "render_report(q, Assessment.start(q, 'T'))\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "assert 'jinja2' in sys.modules\n"
        "print(bad)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert completed.stdout.strip() == "[]"


def test_cli_imports_neither_jinja2_nor_textual() -> None:
    """Importing ops_maturity.cli leaves jinja2, textual and rich for the commands that need them."""
    loaded = _modules_after_importing("ops_maturity.cli")
    assert "ops_maturity.cli" in loaded
    assert _starting_with(loaded, "jinja2", "textual", "rich") == []


def test_package_import_is_light() -> None:
    """`import ops_maturity` (for --version) loads no toolkit and no template engine."""
    loaded = _modules_after_importing("ops_maturity")
    assert _starting_with(loaded, "jinja2", "textual", "rich") == []
