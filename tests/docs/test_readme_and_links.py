"""README and docs/ stay true: every relative link leads somewhere, the quoted plan is the real one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_LINK = re.compile(r"\]\(([^)\s]+)\)|<img [^>]*src=\"([^\"]+)\"")
_FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)


def _headings(page: Path) -> set[str]:
    """GitHub's anchors for the page's headings (lower case, punctuation dropped, spaces to -)."""
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    anchors = set()
    for heading in re.findall(r"^#+ (.+)$", text, re.MULTILINE):
        anchor = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(anchor)
    return anchors


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_somewhere(page: Path) -> None:
    """A link to a file names one that exists; a link to #anchor names a heading of that page."""
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    broken = []
    for match in _LINK.finditer(text):
        target = match.group(1) or match.group(2)
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        path_part, _, anchor = target.partition("#")
        linked = (page.parent / unquote(path_part)).resolve() if path_part else page
        missing_anchor = bool(anchor) and linked.suffix == ".md" and anchor not in _headings(linked)
        if not linked.exists() or missing_anchor:
            broken.append(target)
    assert not broken, f"{page.name}: broken links {broken}"


def test_the_plan_quoted_in_readme_is_what_the_report_says() -> None:
    """README's excerpt of "This quarter's plan" matches the report of the same example."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted_rows = [
        line.removeprefix("> ")
        for line in readme.splitlines()
        if line.startswith("> | ") and not line.startswith("> | ---")
    ]
    assert len(quoted_rows) >= 3
    report = subprocess.run(
        [
            sys.executable,
            "-m",
            "ops_maturity",
            "report",
            str(ROOT / "examples" / "payments-platform-2027-q1.toml"),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    plan = report.split("## This quarter's plan", 1)[1].split("\n## ", 1)[0]
    plan_lines = set(plan.splitlines())
    assert [row for row in quoted_rows if row not in plan_lines] == []
