"""The wheel carries the bundled questionnaires and report templates.

Builds the wheel with the installed hatchling backend (no network, no build isolation) into a
temporary folder, then reads its file list.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .builders import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel freshly built from the working tree."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def wheel_names(wheel_path: Path) -> list[str]:
    """Every file name inside the wheel."""
    with zipfile.ZipFile(wheel_path) as wheel:
        return wheel.namelist()


def test_wheel_contains_the_default_questionnaire(wheel_names: list[str]) -> None:
    """questionnaires/ops-maturity.toml ships as ops_maturity/_bundled/questionnaires/ops-maturity.toml."""
    assert "ops_maturity/_bundled/questionnaires/ops-maturity.toml" in wheel_names


def test_wheel_contains_every_bundled_questionnaire(wheel_names: list[str]) -> None:
    """Each questionnaire in questionnaires/ is in the wheel."""
    for path in sorted((ROOT / "questionnaires").glob("*.toml")):
        assert f"ops_maturity/_bundled/questionnaires/{path.name}" in wheel_names


def test_wheel_contains_the_report_template(wheel_names: list[str]) -> None:
    """reports/templates/roadmap.md.j2 ships as ops_maturity/_bundled/templates/roadmap.md.j2."""
    assert "ops_maturity/_bundled/templates/roadmap.md.j2" in wheel_names


def test_wheel_contains_the_package_and_its_entry_point(wheel_names: list[str]) -> None:
    """The app package and the `ops-maturity` console script are in the wheel."""
    assert "ops_maturity/core/model/scoring.py" in wheel_names
    assert "ops_maturity/__main__.py" in wheel_names
    entry_points = [name for name in wheel_names if name.endswith(".dist-info/entry_points.txt")]
    assert len(entry_points) == 1


def test_wheel_installs_no_top_level_app(wheel_names: list[str]) -> None:
    """Only `ops_maturity` is installed: no top-level `app` to clash with another project's."""
    top_level = {name.split("/", 1)[0] for name in wheel_names if "/" in name}
    top_level = {name for name in top_level if not name.endswith(".dist-info")}
    assert top_level == {"ops_maturity"}
    assert not [name for name in wheel_names if name.startswith("app/") or name == "app.py"]


def test_wheel_leaves_tests_out(wheel_names: list[str]) -> None:
    """Tests are not installed into site-packages."""
    assert not [name for name in wheel_names if name.startswith("tests/")]


def test_bundled_files_load_from_an_unpacked_wheel(tmp_path: Path, wheel_path: Path) -> None:
    """From the wheel alone, run from another folder, the questionnaire and template load."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel_path) as wheel:
        wheel.extractall(site)
    code = (
        "import ops_maturity, sys\n"
        f"assert ops_maturity.__file__.startswith({str(site)!r}), ops_maturity.__file__\n"
        "from ops_maturity.core.model.assessment import Assessment\n"
        "from ops_maturity.core.questionnaires.bundled import load_default_questionnaire\n"
        "from ops_maturity.core.reports.report import render_report\n"
        "q = load_default_questionnaire()\n"
        "print(len(q.questions), render_report(q, Assessment.start(q, 'T')).splitlines()[0])\n"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    completed = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r})\n{code}"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    count, title = completed.stdout.strip().split(" ", 1)
    assert int(count) >= 40
    assert title.startswith("# Operational maturity roadmap: T, ")
