"""The layer rules in pyproject.toml ([tool.importlinter]) hold, and they would catch a breach.

`lint-imports` reads the installed package, so the rules are checked against what the tests run.
The second test copies the installed package, adds a forbidden import to the copy and checks that
`lint-imports` fails on it: a rule that cannot fail would prove nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import ops_maturity
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
CONFIG = str(ROOT / "pyproject.toml")
LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
"""The `lint-imports` command installed next to this interpreter."""


def test_every_layer_contract_is_kept() -> None:
    """Every contract in pyproject.toml holds: the core's layers, the model's data below its rules,
    no UI in the core, command modules apart, only `run` reaching the UI, and the rest."""
    assert lint_imports(config_filename=CONFIG, no_cache=True, no_logo=True) == 0


@pytest.mark.parametrize(
    ("module", "forbidden_import"),
    [
        ("core/model/scoring.py", "from ops_maturity.ui import text as _ui_text\n"),
        ("core/model/scoring.py", "import textual as _textual\n"),
        ("ui/screens/help.py", "from .. import app as _app_module\n"),
        ("core/model/scoring.py", "from ops_maturity.core.storage import folder as _up\n"),
        ("core/files/atomic_file.py", "from ops_maturity.core.remote import room as _up\n"),
        ("core/model/assessment.py", "from ops_maturity.core.model import votes as _rules\n"),
        ("cli/report.py", "from ops_maturity.cli import history as _other_command\n"),
        ("cli/history.py", "import textual as _textual\n"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(
    tmp_path: Path, module: str, forbidden_import: str
) -> None:
    """A copy of the package with one forbidden import added fails `lint-imports`."""
    installed = Path(ops_maturity.__file__).parent
    copy = tmp_path / "ops_maturity"
    shutil.copytree(installed, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + forbidden_import, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [LINT_IMPORTS, "--config", CONFIG, "--no-cache"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert "BROKEN" in result.stdout
