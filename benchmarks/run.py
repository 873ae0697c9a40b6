"""Benchmarks: ops-maturity against a bare Textual app, measured in the same run, printed as ratios.

    python benchmarks/run.py [--repeat 5]

1. First interactive screen: a fresh interpreter imports the app, starts it headless on the bundled
   questionnaire (`run --team`) and waits for its first refresh on the Assess screen; the baseline is a bare app with a Header, a Static and a
   Footer. Wall time (from interpreter start of the script) and peak RSS. Goal: <= 1.3x.
2. Answer loop: answering 200 questions through Pilot (every answer saved atomically, as in real
   use); the baseline is a bare app that changes one Label per key press. Goal: <= 1.5x.

Each measurement runs in its own subprocess, bare and ours interleaved; medians of --repeat runs.
"""

from __future__ import annotations

import time

_SCRIPT_START = time.perf_counter()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

LOOP_QUESTIONS = 200
SIZE = (80, 24)


def _peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def synthetic_questionnaire(path: Path, questions: int) -> None:
    """Write a valid questionnaire with `questions` questions (10 areas x 4 levels)."""
    lines = [
        '[questionnaire]\nid = "bench"\nversion = "1"\ntitle = "Benchmark"\n',
        *(f'[[levels]]\nnumber = {n}\nname = "Level {n}"\n' for n in range(1, 5)),
        '[horizons.short]\nlabel = "Short"\n[horizons.medium]\nlabel = "Medium"\n[horizons.long]\nlabel = "Long"\n',
        '[scales.adoption]\nname = "Adoption"\nmet_threshold = 2\n',
        *(f'[[scales.adoption.choices]]\nvalue = {v}\nlabel = "Choice {v}"\n' for v in range(4)),
    ]
    areas = 10
    per_area = questions // areas
    for area in range(areas):
        lines.append(f'[[areas]]\nid = "area-{area}"\nname = "Area {area}"\n')
        for index in range(per_area):
            level = index * 4 // per_area + 1
            lines.append(
                f'[[areas.questions]]\nid = "a{area}.q{index}"\nlevel = {level}\n'
                f'text = "Question {index} of area {area}?"\nscale = "adoption"\n'
                f'recommendation = {{ action = "Do it.", horizon = "short" }}\n'
            )
    path.write_text("\n".join(lines), encoding="utf-8")


# --- the apps under test -------------------------------------------------------------------------


def _bare_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Label, Static

    class BareApp(App[None]):
        BINDINGS = [("3", "bump", "Bump")]  # noqa: RUF012

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Label("0", id="counter")
            yield Footer()

        def action_bump(self) -> None:
            label = self.query_one("#counter", Label)
            label.update(str(int(str(label.content)) + 1))

    return BareApp()


def _ops_app(folder: Path, questionnaire: Path | None) -> Any:
    from ops_maturity.ui.app import make_app

    reference = None if questionnaire is None else str(questionnaire)
    return make_app(team="Bench", label="2026-Q4", questionnaire=reference, folder=folder)


async def _startup(kind: str, folder: Path, questionnaire: Path) -> dict[str, float]:
    # The start-up measure opens the bundled default questionnaire, as a user's first run does.
    app = _bare_app() if kind == "bare" else _ops_app(folder, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - _SCRIPT_START
        if kind == "app":
            assert type(app.screen).__name__ == "AssessScreen", type(app.screen).__name__
    return {"seconds": elapsed, "peak_rss_kib": _peak_rss_kib()}


async def _answer_loop(kind: str, folder: Path, questionnaire: Path) -> dict[str, float]:
    app = _bare_app() if kind == "bare" else _ops_app(folder, questionnaire)
    if kind == "app":
        from ops_maturity.ui.screens.assess import AssessScreen

        AssessScreen.advance_delay = 0.0
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        for _ in range(LOOP_QUESTIONS):
            await pilot.press("3")
        await pilot.pause()
        elapsed = time.perf_counter() - start
        if kind == "app":
            answered = app.assessment.answered_count(app.questionnaire)
            assert answered == LOOP_QUESTIONS, f"only {answered} answered"
    return {"seconds": elapsed, "peak_rss_kib": _peak_rss_kib()}


def child(measure: str, kind: str, folder: Path) -> None:
    questionnaire = folder / "bench.toml"
    if not questionnaire.exists():
        synthetic_questionnaire(questionnaire, LOOP_QUESTIONS)
    runner = _startup if measure == "startup" else _answer_loop
    print(json.dumps(asyncio.run(runner(kind, folder, questionnaire))))


def _run_child(what: str, kind: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        synthetic_questionnaire(Path(folder) / "bench.toml", LOOP_QUESTIONS)
        output = subprocess.run(
            [sys.executable, __file__, "--child", what, kind, folder],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def measure_pair(what: str, repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median figures for the bare app and ours, runs interleaved so drift hits both alike."""
    bare_runs, our_runs = [], []
    for _ in range(repeat):
        bare_runs.append(_run_child(what, "bare"))
        our_runs.append(_run_child(what, "app"))

    def median(runs: list[dict[str, float]]) -> dict[str, float]:
        return {key: statistics.median(run[key] for run in runs) for key in runs[0]}

    return median(bare_runs), median(our_runs)


def _compile_package() -> None:
    """Byte-compile the app, as `pip install` does, so that neither side pays for compiling.

    (With PYTHONDONTWRITEBYTECODE set, an editable checkout would otherwise recompile every run.)
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("app")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            compileall.compile_dir(location, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs per measurement (median reported)"
    )
    parser.add_argument("--only", choices=("startup", "loop"), help="run one benchmark only")
    parser.add_argument(
        "--child", nargs=3, metavar=("MEASURE", "KIND", "FOLDER"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], Path(args.child[2]))
        return
    _compile_package()
    rows = []
    for what, title, goal in (
        ("startup", "first interactive screen", 1.3),
        ("loop", f"answer loop ({LOOP_QUESTIONS} questions)", 1.5),
    ):
        if args.only and what != args.only:
            continue
        bare, ours = measure_pair(what, args.repeat)
        time_ratio = ours["seconds"] / bare["seconds"]
        rows.append(
            (
                title,
                "wall time",
                f"{bare['seconds'] * 1000:.0f} ms",
                f"{ours['seconds'] * 1000:.0f} ms",
                time_ratio,
                goal,
            )
        )
        if what == "startup":
            memory_ratio = ours["peak_rss_kib"] / bare["peak_rss_kib"]
            rows.append(
                (
                    title,
                    "peak memory",
                    f"{bare['peak_rss_kib'] / 1024:.1f} MiB",
                    f"{ours['peak_rss_kib'] / 1024:.1f} MiB",
                    memory_ratio,
                    goal,
                )
            )
    print(
        f"{'benchmark':<32} {'measure':<12} {'bare Textual':>13} {'ops-maturity':>13} {'ratio':>7}  goal"
    )
    for title, measure_name, bare_text, ours_text, ratio, goal in rows:
        verdict = "ok" if ratio <= goal else "OVER"
        print(
            f"{title:<32} {measure_name:<12} {bare_text:>13} {ours_text:>13} {ratio:>6.2f}x  <= {goal}x {verdict}"
        )


if __name__ == "__main__":
    main()
