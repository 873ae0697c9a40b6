"""Benchmark: big imported models, from the model file to the report, in-process.

    python benchmarks/big_models.py [--activities 194 1000 1500] [--repeat 3]

For each size it writes a DSOMM-shaped YAML model (generated layout, 5 levels, a few
sub-dimensions, each activity with DSOMM-length text: about 3 KB of description, risk, measure and
checks, a dependency, references and tools) and measures, median of `--repeat` runs:

- **import**: `import_dsomm` (YAML parsing, conversion, writing the TOML, loading it back);
- **TOML size**: the questionnaire file written;
- **load**: `load_questionnaire` of that file (what `validate`, `report` and the app do);
- **report**: `render_report` of an assessment answering every practice "Not in place", so each
  is a roadmap item with its Markdown `how` (the largest report the model gives), and its size.

The real DSOMM 5.x model is 194 activities in about 610 KB of YAML (about 3.1 KB an activity),
which is what each generated activity holds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from ops_maturity.core.importers.dsomm import import_dsomm
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.reports.report import render_report

_WORDS = [
    "service", "team", "alert", "probe", "incident", "release", "rollback", "latency", "budget",
    "objective", "dashboard", "runbook", "owner", "review", "deploy", "canary", "capacity",
    "backup", "restore", "trace", "metric", "log", "queue", "cache",
]  # fmt: skip


def _sentence(seed: int, words: int) -> str:
    return " ".join(_WORDS[(seed * 7 + i * 3) % len(_WORDS)] for i in range(words)).capitalize()


def dsomm_yaml(activities: int) -> str:
    """A generated-layout DSOMM model with `activities` activities of DSOMM-like length."""
    lines = ["---", "meta:", "  version: 9.9.9", "---", "Generated:"]
    per_sub = 40
    for index in range(activities):
        if index % per_sub == 0:
            lines.append(f"  Sub {index // per_sub}:")
        level = index % 5 + 1
        uuid = f"{index:08x}-0000-4000-8000-{index:012x}"
        lines += [
            f"    Activity number {index}:",
            f"      uuid: {uuid}",
            f"      level: {level}",
            "      description: |-",
            *(f"        {_sentence(index + n, 14)}." for n in range(8)),
            f"      risk: {_sentence(index, 30)}.",
            "      measure: |-",
            *(f"        {_sentence(index + n, 14)}." for n in range(6)),
            "      assessment: |",
            *(f"        - Show {_sentence(index + n, 10).lower()}." for n in range(4)),
            "      difficultyOfImplementation: {knowledge: 2, time: 3, resources: 1}",
            "      usefulness: 4",
            "      tags: [monitoring, alerting]",
            "      implementation:",
            "      - {name: Prometheus, url: 'https://prometheus.io/', tags: [monitoring]}",
            "      references:",
            "        samm2: [O-OM-A-1]",
            "        iso27001-2022: [8.16, 5.30]",
        ]
        if index >= 5:
            lines += ["      dependsOn:", f"      - Activity number {index - 5}"]
    return "\n".join(lines) + "\n"


T = TypeVar("T")


def _median(run: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The median time of `repeat` calls, and the last call's result."""
    times = []
    for _ in range(repeat - 1):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    result = run()
    times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure(count: int, folder: Path, repeat: int) -> str:
    """One table row for a model of `count` activities."""
    source = dsomm_yaml(count)
    import_time, imported = _median(partial(import_dsomm, source, "big.yaml"), repeat)
    path = folder / f"big-{count}.toml"
    path.write_text(imported.toml, encoding="utf-8")
    load_time, questionnaire = _median(partial(load_questionnaire, path), repeat)
    assessment = Assessment.start(questionnaire, "Team", "2027-Q1")
    for question in questionnaire.questions:
        assessment.record(question.id, Answer(0))
    render_time, report = _median(
        partial(render_report, questionnaire, assessment, charts=False), repeat
    )
    return (
        f"| {count:,} | {len(source.encode()):,} B | {import_time * 1000:,.0f} ms "
        f"| {path.stat().st_size:,} B | {load_time * 1000:,.0f} ms "
        f"| {render_time * 1000:,.0f} ms | {len(report):,} chars |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--activities", type=int, nargs="+", default=[194, 1000, 1500])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| activities | YAML | import | TOML | load | report | report size |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for count in args.activities:
            print(measure(count, Path(folder), args.repeat), flush=True)


if __name__ == "__main__":
    main()
