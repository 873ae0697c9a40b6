"""Benchmark: `ops-maturity rollup` over many teams against `ops-maturity report` on one assessment.

    python benchmarks/rollup.py [--repeat 5] [--teams 500] [--questions 80] [--workers N]

Writes a synthetic questionnaire (10 areas) and, for each team, two quarters of complete
assessments. Then times, as real subprocesses interleaved in the same run, `ops-maturity report`
on one assessment (the baseline) and `ops-maturity rollup` over the whole folder at three sizes
(a quarter, half and all of --teams), each reading every file (`--no-cache`), and once more
at full size with the cache of unchanged files that a previous roll-up left. Prints medians, the ratio to the baseline (goal at full
size: <= 2x), and the time per team above the fixed start-up cost at each size, which is
constant when the roll-up grows linearly.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AREAS = 10


def write_questionnaire(path: Path, questions: int) -> list[str]:
    """A valid questionnaire with `questions` questions over 10 areas; returns the ids."""
    parts = [
        '[questionnaire]\nid = "bench"\nversion = "1"\ntitle = "Benchmark"\n',
        *(f'[[levels]]\nnumber = {n}\nname = "Level {n}"\n' for n in range(1, 5)),
        '[horizons.short]\nlabel = "Short"\n[horizons.medium]\nlabel = "Medium"\n'
        '[horizons.long]\nlabel = "Long"\n',
        '[scales.adoption]\nname = "Adoption"\nmet_threshold = 2\n',
        *(f'[[scales.adoption.choices]]\nvalue = {v}\nlabel = "Choice {v}"\n' for v in range(4)),
    ]
    ids = []
    per_area = questions // AREAS
    for area in range(AREAS):
        parts.append(f'[[areas]]\nid = "area-{area}"\nname = "Area {area}"\n')
        for index in range(per_area):
            level = index * 4 // per_area + 1
            ids.append(f"area-{area}.q{index}")
            parts.append(
                f'[[areas.questions]]\nid = "area-{area}.q{index}"\nlevel = {level}\n'
                f'text = "Benchmark question {index} of area {area}?"\nscale = "adoption"\n'
                '[areas.questions.recommendation]\naction = "Do it."\nhorizon = "short"\n'
            )
    path.write_text("\n".join(parts), encoding="utf-8")
    return ids


def write_assessment(path: Path, team: str, label: str, ids: list[str], rng: random.Random) -> None:
    answers = "".join(
        f'\n[answers."{qid}"]\nanswer = {rng.choice((0, 1, 2, 3, 3, 3))}\n'
        + (f'owner = "Owner {rng.randint(1, 9)}"\n' if rng.random() < 0.2 else "")
        for qid in ids
    )
    question_ids = ", ".join(f'"{qid}"' for qid in ids)
    path.write_text(
        f'[assessment]\nformat_version = 2\nteam = "{team}"\nlabel = "{label}"\n'
        f'date = 2026-11-19\nstatus = "complete"\n\n[questionnaire]\nid = "bench"\n'
        f'version = "1"\npath = "../questionnaire.toml"\nquestion_ids = [{question_ids}]\n'
        + answers,
        encoding="utf-8",
    )


def build_folder(root: Path, teams: int, ids: list[str]) -> Path:
    folder = root / f"org-{teams}"
    folder.mkdir()
    rng = random.Random(teams)
    for number in range(teams):
        team_folder = folder / f"team-{number:04d}"
        team_folder.mkdir()
        for label in ("2026-Q3", "2026-Q4"):
            write_assessment(team_folder / f"{label}.toml", f"Team {number:04d}", label, ids, rng)
    shutil.copy(root / "questionnaire.toml", folder / "questionnaire.toml")
    return folder


def timed(command: list[str], environment: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--teams", type=int, default=500)
    parser.add_argument("--questions", type=int, default=80)
    parser.add_argument("--workers", type=int, help="passed to rollup --workers")
    args = parser.parse_args()
    tool = [sys.executable, "-m", "ops_maturity"]
    sizes = sorted({max(1, args.teams // 4), max(1, args.teams // 2), args.teams})
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        ids = write_questionnaire(root / "questionnaire.toml", args.questions)
        folders = {size: build_folder(root, size, ids) for size in sizes}
        one = folders[sizes[-1]] / "team-0000" / "2026-Q4.toml"
        workers = ["--workers", str(args.workers)] if args.workers else []
        commands = {"report": [*tool, "report", str(one)]}
        for size, folder in folders.items():
            commands[f"rollup {size}"] = [*tool, "rollup", str(folder), "--no-cache", *workers]
        commands[f"warm {sizes[-1]}"] = [*tool, "rollup", str(folders[sizes[-1]]), *workers]
        runs: dict[str, list[float]] = {name: [] for name in commands}
        environment = {**os.environ, "XDG_CACHE_HOME": str(root / "cache")}
        for command in commands.values():  # warm the OS file cache, bytecode and our cache
            timed(command, environment)
        for _ in range(args.repeat):
            for name, command in commands.items():
                runs[name].append(timed(command, environment))
    medians = {name: statistics.median(times) for name, times in runs.items()}
    baseline = medians["report"]
    print(f"cores: {os.cpu_count()}, {args.questions} questions, 2 quarters per team")
    print(f"report, one assessment:   {baseline * 1000:7.0f} ms")
    for size in sizes:
        wall = medians[f"rollup {size}"]
        per_team = (wall - baseline) / size * 1000
        print(
            f"rollup, {size:4d} teams:      {wall * 1000:7.0f} ms  "
            f"{wall / baseline:4.2f}x report  {per_team:5.2f} ms per team above report"
        )
    warm = medians[f"warm {sizes[-1]}"]
    print(
        f"rollup, {sizes[-1]:4d} teams, cached: {warm * 1000:5.0f} ms  {warm / baseline:4.2f}x report"
        "  (files unchanged since the last roll-up)"
    )
    cold = medians[f"rollup {sizes[-1]}"] / baseline
    for name, ratio in (("first run", cold), ("cached", warm / baseline)):
        print(
            f"goal, {name}: rollup of {sizes[-1]} teams <= 2x report: {'met' if ratio <= 2 else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
