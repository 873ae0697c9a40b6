"""What the dropped caches would save: parsing the bundled questionnaire, compiling the templates.

    python benchmarks/parse_and_compile.py [--processes 11]

Neither parsed questionnaires nor compiled templates are cached on disk (a pickle or a
marshalled code object read back can run code). This measures what that costs, each figure the
median over fresh processes (so "cold" is the first call in a process, as at start-up):

- the bundled questionnaire: `parse_questionnaire` cold and warm (median of 20 calls in the
  process), and tomli alone on the same text; with compiled tomli, and with the pure-Python
  parser (the stdlib's tomllib, used where tomli is not installed compiled);
- the bundled templates: compiling roadmap.md.j2 and summary.md.j2 in the report's sandbox.

Results and the decision are in benchmarks/RESULTS.md (Notes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

_PARSE = r"""
import json, os, statistics, sys, time
if os.environ.get("BENCH_PURE_PYTHON_TOML"):
    sys.modules["tomli"] = None  # the loader falls back to the stdlib's tomllib
from ops_maturity.core.questionnaires.bundled import questionnaires_folder
from ops_maturity.core.questionnaires.loader import parse_questionnaire
from ops_maturity.core.parsing.validation import toml_loads
raw = (questionnaires_folder() / "ops-maturity.toml").read_bytes()
shown = "questionnaires/ops-maturity.toml"
start = time.perf_counter(); parse_questionnaire(raw, shown); cold = time.perf_counter() - start
warm = []
for _ in range(20):
    start = time.perf_counter(); parse_questionnaire(raw, shown); warm.append(time.perf_counter() - start)
start = time.perf_counter(); toml_loads(raw.decode()); toml = time.perf_counter() - start
print(json.dumps({"cold": cold, "warm": statistics.median(warm), "toml only": toml}))
"""

_COMPILE = r"""
import json, time
from ops_maturity.core.reports import report
environment = report._bundled_environment()
figures = {}
for name in (report.DEFAULT_TEMPLATE, report.SUMMARY_TEMPLATE):
    start = time.perf_counter(); environment.get_template(name)
    figures[name] = time.perf_counter() - start
print(json.dumps(figures))
"""


def _medians(code: str, processes: int, environment: dict[str, str]) -> dict[str, float]:
    runs: list[dict[str, float]] = []
    for _ in range(processes):
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **environment},
        )
        runs.append(json.loads(result.stdout))
    return {key: statistics.median(run[key] for run in runs) * 1000 for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=11, help="fresh processes per figure")
    processes = parser.parse_args().processes
    print(f"medians of {processes} fresh processes, ms")
    for label, environment in (
        ("questionnaire, compiled tomli", {}),
        ("questionnaire, pure-Python TOML", {"BENCH_PURE_PYTHON_TOML": "1"}),
    ):
        figures = _medians(_PARSE, processes, environment)
        print(f"{label:34s}", "  ".join(f"{k} {v:6.2f}" for k, v in figures.items()))
    figures = _medians(_COMPILE, processes, {})
    print(
        f"{'templates, compiled in memory':34s}",
        "  ".join(f"{k} {v:6.2f}" for k, v in figures.items()),
    )
    if hasattr(os, "getloadavg"):
        print("load average (1, 5, 15 min): {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
