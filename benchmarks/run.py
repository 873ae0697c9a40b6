"""Benchmarks: ops-maturity against a bare Textual app, in the same run; writes benchmarks/RESULTS.md.

    python benchmarks/run.py [--repeat 3] [--only ROW ...] [--no-suite] [--output FILE]

Each measurement runs in a fresh interpreter (bare and ours interleaved, so drift hits both
alike); the figure is the median of --repeat runs. ops-maturity's modules are compiled to
bytecode first, as an installed package's are. Every row runs at three sizes, and the table
says whether the cost grows linearly with size. A goal is judged at one size, the one the goal
was set for (64 questions, the bundled questionnaire, unless said otherwise); the other sizes
show how the cost scales. Rows:

- startup: a first run, `run --team` on a new team, until the Assess screen has been drawn
  (wall time from interpreter start, and peak RSS), with the bundled 64-question questionnaire
  and with synthetic files of 1,000 and 5,000 questions. Baseline: a bare app with a Header, a
  Static and a Footer. Goal <= 1.3x, wall and memory.
- terminal: what a user waits for: `ops-maturity run --team` on a new team started in a real
  terminal (tmux, 80x24), from the command until the first question's text is on the screen
  (polled with `tmux capture-pane` every 5 ms). Baseline: a bare app (Header, Static, Label,
  Footer) showing the same text, started the same way. Goal <= 1.3x at 64 questions.
- load: reopening an answered assessment (`run --resume`) of 64, 1,000 and 5,000 questions
  until the Assess screen has been drawn. Goal <= 1 s at 1,000 questions. Baseline: the bare
  app's start-up.
- loop: 200 answers through Pilot, each saved atomically and fsynced as in real use, on
  questionnaires of 200, 1,000 and 5,000 questions; the 0.3 s acknowledged pause is set to 0,
  as it is waiting by design. Baseline: a bare app that changes one Label per key press.
  Goal <= 1.5x at 200 questions.
- report: the Report screen, from `m` on the Results screen (pressed after reading it for a
  second, as people do: the Results screen renders the report in the background) until the
  report is readable (its text drawn on screen) and until it is complete (rendered, loaded,
  drawn, nothing left to do), at 64, 1,000 and 5,000 questions. Goals 0.3 s and 1 s.
- report-cold: the same, opened with nothing rendered ahead (as from the command palette's
  "Export report"): the worst case, with the same goals. Baseline for both: a bare app pushing
  a screen with a Header, a read-only TextArea holding the same report, and a Footer (the goals
  are absolute; the ratio shows how much of the time any Textual screen of that text needs).
- formatted: the formatted view (`v`), which renders one page of the report at a time, on
  reports of imported DSOMM-shaped models (`big_models.py`: every activity "Not in place", so
  a roadmap item with its Markdown guidance) of 60, 194 (DSOMM's size) and 600 activities, about
  0.1, 0.3 and 1 MB of Markdown: from `v` until its first page is drawn, and from `]` until the
  next page is. Baseline: a bare app rendering the whole report in one MarkdownViewer (what the
  view did before it was paged). Goal <= 1 s at 1 MB, for both.
- votes: team mode with 8 participants on the bundled questionnaire: per question 8 votes, the
  reveal (`v`), Enter to close the area summary after each area's last question, and the next
  question, every vote saved; the first 16, 32 and 64 questions. Baseline: the bare app given
  the same number of key presses. Goal <= 1.5x at 64 questions.
- suite: the default test suite (`pytest`, parallel with pytest-xdist). Goal < 60 s.
"""

from __future__ import annotations

import time

_SCRIPT_START = time.perf_counter()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable, Coroutine  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().with_name("RESULTS.md")
SIZE = (80, 24)
LOOP_ANSWERS = 200

Figures = dict[str, float]


def _peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def synthetic_questionnaire(path: Path, questions: int) -> None:
    """Write a valid questionnaire with `questions` questions in 10 areas of 4 levels."""
    lines = [
        '[questionnaire]\nid = "bench"\nversion = "1"\ntitle = "Benchmark"\n',
        *(f'[[levels]]\nnumber = {n}\nname = "Level {n}"\n' for n in range(1, 5)),
        '[horizons.short]\nlabel = "Short"\n[horizons.medium]\nlabel = "Medium"\n'
        '[horizons.long]\nlabel = "Long"\n',
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


def _questionnaire_reference(folder: Path, questions: int) -> str | None:
    """None (the bundled questionnaire) for 64 questions, else a synthetic file of that size."""
    if questions == 64:
        return None
    # Not in the assessments' folder: the Report screen reads every .toml there to find the
    # team's previous assessment, as it would in real use.
    path = folder / "questionnaires" / f"bench-{questions}.toml"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        synthetic_questionnaire(path, questions)
    return str(path)


def _answered_assessment(folder: Path, questions: int) -> Path:
    """An assessment answering every question (values cycling 0-3), saved in `folder`."""
    from ops_maturity.core.model.assessment import Answer, Assessment
    from ops_maturity.core.questionnaires.bundled import resolve_questionnaire
    from ops_maturity.core.storage.assessment_store import save_assessment_atomically

    reference = _questionnaire_reference(folder, questions)
    questionnaire = resolve_questionnaire(reference or "ops-maturity")
    assessment = Assessment.start(
        questionnaire, "Bench", "2026-Q4", questionnaire_path=reference or ""
    )
    for index, question in enumerate(questionnaire.questions):
        assessment.record(question.id, Answer(index % 4))
    assessment.refresh_status(questionnaire)
    path = folder / f"bench-{questions}-answered.toml"
    save_assessment_atomically(assessment, path)
    from ops_maturity.core.reports.report import render_report

    report = folder / f"bench-{questions}-report.md"  # for the bare app's report screen
    report.write_text(render_report(questionnaire, assessment), encoding="utf-8")
    return path


def _imported_model_assessment(folder: Path, activities: int) -> Path:
    """A DSOMM-shaped model of `activities` activities, imported, and an assessment answering
    every one "Not in place" (the longest report: every activity is a roadmap item with its
    guidance), saved in `folder` as `bench-{activities}-answered.toml`, its report beside it."""
    from big_models import dsomm_yaml
    from ops_maturity.core.importers.dsomm import import_dsomm
    from ops_maturity.core.model.assessment import Answer, Assessment
    from ops_maturity.core.reports.report import render_report
    from ops_maturity.core.storage.assessment_store import save_assessment_atomically

    imported = import_dsomm(dsomm_yaml(activities), "model.yaml")
    model = folder / "questionnaires" / f"dsomm-{activities}.toml"
    model.parent.mkdir(exist_ok=True)
    model.write_text(imported.toml, encoding="utf-8")
    questionnaire = imported.questionnaire
    assessment = Assessment.start(questionnaire, "Bench", "2026-Q4", questionnaire_path=str(model))
    for question in questionnaire.questions:
        assessment.record(question.id, Answer(0))
    assessment.refresh_status(questionnaire)
    path = folder / f"bench-{activities}-answered.toml"
    save_assessment_atomically(assessment, path)
    report = folder / f"bench-{activities}-report.md"
    report.write_text(render_report(questionnaire, assessment), encoding="utf-8")
    return path


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


def _record_displays(app: Any) -> list[float]:
    """Times at which the app drew a frame (the headless driver still goes through _display)."""
    displays: list[float] = []
    draw = app._display

    def recorded(*args: Any, **kwargs: Any) -> Any:
        displays.append(time.perf_counter())
        return draw(*args, **kwargs)

    app._display = recorded
    return displays


async def _wait_until(condition: Callable[[], bool], timeout: float = 120.0) -> float:
    """Poll every 5 ms; the time the condition first held."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.005)
    return time.perf_counter()


async def _startup(kind: str, folder: Path, size: int) -> Figures:
    if kind == "bare":
        app = _bare_app()
    else:
        from ops_maturity.ui.app import make_app

        reference = _questionnaire_reference(folder, size)
        app = make_app(team="Bench", label="2026-Q4", questionnaire=reference, folder=folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - _SCRIPT_START
        if kind == "app":
            assert type(app.screen).__name__ == "AssessScreen", type(app.screen).__name__
    return {"seconds": elapsed, "peak_rss_kib": _peak_rss_kib()}


_BARE_TERMINAL_APP = """
import sys
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Label, Static

class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(sys.argv[1])
        yield Label("0")
        yield Footer()

BareApp().run()
"""


def _first_question_text(folder: Path, size: int) -> str:
    from ops_maturity.core.questionnaires.bundled import resolve_questionnaire

    reference = _questionnaire_reference(folder, size)
    return resolve_questionnaire(reference or "ops-maturity").questions[0].text


async def _terminal(kind: str, folder: Path, size: int) -> Figures:
    """Start the app in tmux and time until the first question's text is on the screen."""
    import shlex
    import shutil

    tmux = shutil.which("tmux")
    if tmux is None:
        raise RuntimeError("the terminal row needs tmux (apt-get install tmux)")
    text = _first_question_text(folder, size)
    marker = text[:30]
    if kind == "bare":
        script = folder / "bare_app.py"
        script.write_text(_BARE_TERMINAL_APP, encoding="utf-8")
        command = [sys.executable, str(script), text]
    else:
        reference = _questionnaire_reference(folder, size)
        command = [sys.executable, "-m", "ops_maturity", "run", "--team", "Bench"]
        command += ["--label", "2026-Q4", "--dir", str(folder)]
        command += ["--questionnaire", reference] if reference else []
    server = ["tmux", "-L", f"om-bench-{os.getpid()}"]
    width, height = SIZE
    subprocess.run([*server, "new-session", "-d", "-s", "keep", "sleep 600"], check=True)
    try:
        start = time.perf_counter()
        subprocess.run(
            [
                *server,
                "new-session",
                "-d",
                "-s",
                "app",
                "-x",
                str(width),
                "-y",
                str(height),
                shlex.join(command),
            ],
            check=True,
        )

        def on_screen() -> bool:
            shown = subprocess.run(
                [*server, "capture-pane", "-p", "-J", "-t", "app"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            return marker in " ".join(shown.split())

        seen = await _wait_until(on_screen, timeout=60.0)
    finally:
        subprocess.run([*server, "kill-server"], check=False, capture_output=True)
    return {"seconds": seen - start}


async def _load(kind: str, folder: Path, size: int) -> Figures:
    if kind == "bare":
        return {"seconds": (await _startup(kind, folder, size))["seconds"]}
    from ops_maturity.ui.app import make_app

    app = make_app(resume=folder / f"bench-{size}-answered.toml", folder=folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - _SCRIPT_START
        assert type(app.screen).__name__ == "AssessScreen", type(app.screen).__name__
    return {"seconds": elapsed}


async def _answer_loop(kind: str, folder: Path, size: int) -> Figures:
    if kind == "bare":
        app = _bare_app()
    else:
        from ops_maturity.ui.app import make_app

        reference = _questionnaire_reference(folder, size)
        app = make_app(
            team="Bench", label="2026-Q4", questionnaire=reference, folder=folder, ack_delay=0.0
        )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        for _ in range(LOOP_ANSWERS):
            await pilot.press("3")
        await pilot.pause()
        elapsed = time.perf_counter() - start
        if kind == "app":
            answered = app.assessment.answered_count(app.questionnaire)
            assert answered == LOOP_ANSWERS, f"only {answered} answered"
    return {"seconds": elapsed}


VOTERS = [f"Person {number}" for number in range(1, 9)]


def _vote_keys(app: Any, questions: int) -> list[str]:
    """The facilitator's keys: per question 8 votes, the reveal, Enter to close the summary that
    follows the last question of an area, and the next question."""
    keys: list[str] = []
    all_questions = app.questionnaire.questions[:questions]
    for index, question in enumerate(all_questions):
        keys += [str(1 + (index + voter) % 4) for voter in range(len(VOTERS))]
        keys.append("v")
        area = app.questionnaire.area(question.area_id)
        if question is area.questions[-1]:
            keys.append("enter")
        keys.append("right")
    return keys


async def _vote_loop(kind: str, folder: Path, size: int) -> Figures:
    """Team mode on the bundled questionnaire: the first `size` questions voted and revealed."""
    from ops_maturity.ui.app import make_app

    app = make_app(team="Bench", label="2026-Q4", folder=folder, participants=VOTERS, ack_delay=0.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = _vote_keys(app, size)
    if kind == "bare":
        app = _bare_app()
    else:
        app = make_app(
            team="Bench 2", label="2026-Q4", folder=folder, participants=VOTERS, ack_delay=0.0
        )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        for key in keys if kind == "app" else ["3"] * len(keys):
            await pilot.press(key)
        await pilot.pause()
        elapsed = time.perf_counter() - start
        if kind == "app":
            assert app.assessment is not None and app.questionnaire is not None
            answered = app.assessment.answered_count(app.questionnaire)
            assert answered == size, f"only {answered} answered"
            assert all(len(v.votes) == len(VOTERS) for v in app.assessment.votes.values())
    return {"seconds": elapsed}


READING_SECONDS = 1.0
"""How long the benchmark reads the Results screen before pressing `m` (people read it first)."""


async def _bare_report(folder: Path, size: int) -> Figures:
    """The baseline: a bare app pushes a screen with a Header, the same text and a Footer."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Footer, Header, TextArea

    text = (folder / f"bench-{size}-report.md").read_text(encoding="utf-8")

    class BareReport(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield TextArea(text, read_only=True, soft_wrap=True)
            yield Footer()

    app = App[None]()
    displays = _record_displays(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        app.push_screen(BareReport())
        shown = await _wait_until(lambda: isinstance(app.screen, BareReport))
        readable = await _wait_until(lambda: bool(displays) and displays[-1] >= shown)
        await pilot.pause()
    return {"readable": readable - start, "complete": max(readable, displays[-1]) - start}


async def _report(kind: str, folder: Path, size: int) -> Figures:
    """From `m` on the Results screen (kind "app"), or a cold open as from the palette."""
    if kind == "bare":
        return await _bare_report(folder, size)
    if kind == "bare-formatted":
        return await _bare_formatted(folder, size)
    from ops_maturity.ui.app import make_app

    app = make_app(resume=folder / f"bench-{size}-answered.toml", folder=folder)
    displays = _record_displays(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.questionnaire is not None and app.assessment is not None
        if kind == "app":
            await pilot.press("r")
            await _wait_until(lambda: type(app.screen).__name__ == "ResultsScreen")
            await pilot.pause(READING_SECONDS)
            start = time.perf_counter()
            # Not awaited: Pilot.press also waits for the Results screen's bar animations.
            pressing = asyncio.create_task(pilot.press("m"))
        else:
            start = time.perf_counter()
            from ops_maturity.ui.screens.report import ReportScreen

            app.push_screen(ReportScreen(app.questionnaire, app.assessment, app.assessment_path))
        await _wait_until(lambda: type(app.screen).__name__ == "ReportScreen")
        screen: Any = app.screen
        loaded = await _wait_until(
            lambda: screen.report_text is not None and screen.source_view.text == screen.report_text
        )
        readable = await _wait_until(lambda: bool(displays) and displays[-1] >= loaded)
        if kind == "app":
            await pressing
        await app.workers.wait_for_complete()
        await pilot.pause()
        figures = {"readable": readable - start, "complete": max(readable, displays[-1]) - start}
        if kind == "formatted":
            figures = await _turn_pages(pilot, screen, displays)
            figures["report_chars"] = len(screen.report_text)
    return figures


async def _turn_pages(pilot: Any, screen: Any, displays: list[float]) -> Figures:
    """`v` until the formatted view's first page is drawn, then `]` until the next one is."""
    figures: Figures = {}
    for name, key, page in (("first_page", "v", 0), ("next_page", "right_square_bracket", 1)):
        start = time.perf_counter()
        await pilot.press(key)
        rendered = await _wait_until(_page_shown(screen, page))
        await pilot.pause()  # the frame that shows it, if one was still to come
        figures[name] = max(rendered, displays[-1]) - start
    return figures


def _page_shown(screen: Any, page: int) -> Callable[[], bool]:
    return lambda: screen.formatted_view is not None and screen.formatted_view.shown == page


async def _bare_formatted(folder: Path, size: int) -> Figures:
    """The baseline: a bare app renders the whole report in one MarkdownViewer."""
    from textual.app import App
    from textual.widgets import MarkdownViewer

    text = (folder / f"bench-{size}-report.md").read_text(encoding="utf-8")
    app = App[None]()
    displays = _record_displays(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        viewer = MarkdownViewer(show_table_of_contents=False)
        await app.screen.mount(viewer)
        start = time.perf_counter()
        await viewer.document.update(text)
        rendered = time.perf_counter()
        await pilot.pause()
    return {"first_page": max(rendered, displays[-1]) - start, "report_chars": len(text)}


MEASURES: dict[str, Callable[[str, Path, int], Coroutine[Any, Any, Figures]]] = {
    "startup": _startup,
    "terminal": _terminal,
    "load": _load,
    "loop": _answer_loop,
    "report": _report,
    "report-cold": _report,
    "formatted": _report,
    "votes": _vote_loop,
}


def child(measure: str, kind: str, folder: Path, size: int) -> None:
    result = asyncio.run(MEASURES[measure](kind, folder, size))
    print(json.dumps(result))


# --- the parent: runs children, medians, the table ------------------------------------------------


def _prepare(folder: Path, measure: str, size: int) -> None:
    if measure == "formatted":
        _imported_model_assessment(folder, size)
    elif measure in ("load", "report", "report-cold"):
        _answered_assessment(folder, size)


def _run_child(measure: str, kind: str, size: int) -> Figures:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _prepare(folder, measure, size)
        completed = subprocess.run(
            [sys.executable, __file__, "--child", measure, kind, str(folder), str(size)],
            capture_output=True,
            text=True,
            check=False,
        )
    if completed.returncode != 0:
        raise RuntimeError(f"{measure} {kind} {size} failed:\n{completed.stderr[-3000:]}")
    result: Figures = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _median(runs: list[Figures]) -> Figures:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def measure_pair(measure: str, size: int, repeat: int, with_bare: bool) -> tuple[Figures, Figures]:
    """Median figures for the bare app (empty when there is none) and ours, interleaved."""
    bare_runs: list[Figures] = []
    our_runs: list[Figures] = []
    kind = {"formatted": "formatted", "report-cold": "cold"}.get(measure, "app")
    bare_kind = "bare-formatted" if measure == "formatted" else "bare"
    for _ in range(repeat):
        if with_bare:
            bare_runs.append(_run_child(measure, bare_kind, size))
        our_runs.append(_run_child(measure, kind, size))
    return (_median(bare_runs) if bare_runs else {}), _median(our_runs)


@dataclass(frozen=True)
class Row:
    benchmark: str
    measure: str
    size: str
    bare: float | None
    ours: float
    unit: str
    goal: str
    passed: bool | None

    @property
    def ratio(self) -> float | None:
        return None if self.bare is None else self.ours / self.bare


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"
    return f"{value / 1024:,.1f} MiB"


def growth(sizes: list[int], values: list[float]) -> str:
    """Whether the cost above the smallest size grows in proportion to the size."""
    if len(values) < 3:
        return ""
    first = (values[1] - values[0]) / (sizes[1] - sizes[0])
    second = (values[2] - values[1]) / (sizes[2] - sizes[1])
    if first <= 0 or second <= 0:
        return "flat (within noise)"
    factor = second / first
    if factor > 1.5:
        return f"faster than linear (marginal cost x{factor:.1f} at the larger step)"
    if factor < 1 / 1.5:
        return f"slower than linear (marginal cost x{factor:.2f} at the larger step)"
    return f"linear (marginal cost x{factor:.2f} at the larger step)"


PLAN: list[tuple[str, str, list[int], int, bool]] = [
    # measure, title, sizes, the size the goal is set at (the others show how it scales), bare?
    ("startup", "first run to the Assess screen", [64, 1000, 5000], 64, True),
    ("terminal", "first run, in a real terminal", [64, 1000, 5000], 64, True),
    ("load", "reopen an answered assessment", [64, 1000, 5000], 1000, True),
    ("loop", f"answer loop, {LOOP_ANSWERS} answers", [200, 1000, 5000], 200, True),
    ("report", "Report screen, m after 1 s on Results", [64, 1000, 5000], 64, True),
    ("report-cold", "Report screen, cold (palette)", [64, 1000, 5000], 64, True),
    ("formatted", "formatted view (v), a page at a time", [60, 194, 600], 600, True),
    ("votes", "team votes: 8 votes, reveal, next", [16, 32, 64], 64, True),
]

GOALS = {
    ("startup", "wall"): "≤ 1.3×",
    ("startup", "peak memory"): "≤ 1.3×",
    ("terminal", "wall"): "≤ 1.3×",
    ("load", "wall"): "≤ 1 s",
    ("loop", "wall"): "≤ 1.5×",
    ("votes", "wall"): "≤ 1.5×",
    ("report", "readable"): "≤ 0.3 s",
    ("report", "complete"): "≤ 1 s",
    ("report-cold", "readable"): "≤ 0.3 s",
    ("report-cold", "complete"): "≤ 1 s",
    ("formatted", "first page"): "≤ 1 s",
    ("formatted", "next page"): "≤ 1 s",
}


def run_plan(repeat: int, only: set[str] | None) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    notes: list[str] = []
    for measure, title, sizes, goal_size, with_bare in PLAN:
        if only and measure not in only:
            continue
        series: dict[str, list[float]] = {}
        for size in sizes:
            print(f"measuring {measure} at {size}...", file=sys.stderr, flush=True)
            bare, ours = measure_pair(measure, size, repeat, with_bare)
            label = f"{size:,} questions"
            if "report_chars" in ours:
                label = f"{size:,} DSOMM activities, {ours['report_chars'] / 1e6:.1f} MB report"
            figures = [("peak memory", "peak_rss_kib", "kib")] if measure == "startup" else []
            names = {
                "seconds": "wall",
                "readable": "readable",
                "complete": "complete",
                "first_page": "first page",
                "next_page": "next page",
            }
            figures = [(names[key], key, "s") for key in ours if key in names] + figures
            for name, key, unit in figures:
                goal = GOALS.get((measure, name), "—") if size == goal_size else "—"
                row = Row(title, name, label, bare.get(key), ours[key], unit, goal, None)
                rows.append(_judged(row))
                series.setdefault(name, []).append(ours[key])
        for measure_name, values in series.items():
            notes.append(f"{title}, {measure_name}: {growth(sizes, values)}")
    return rows, notes


def _judged(row: Row) -> Row:
    goal = row.goal
    if goal.endswith("×") and row.ratio is not None:
        passed: bool | None = row.ratio <= float(goal.strip("≤ ×"))
    elif goal.endswith(" s"):
        passed = row.ours <= float(goal.strip("≤ s"))
    else:
        passed = None
    return Row(row.benchmark, row.measure, row.size, row.bare, row.ours, row.unit, goal, passed)


def run_suite() -> Row:
    """The default suite exactly as README runs it, once (it takes a minute)."""
    print("measuring the test suite...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    summary = completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else ""
    print(f"suite: {summary}", file=sys.stderr)
    passed = completed.returncode == 0 and elapsed < 60
    return Row(
        "test suite (`pytest`, 4 workers)",
        "wall",
        summary.strip("= "),
        None,
        elapsed,
        "s",
        "< 60 s",
        passed,
    )


def machine() -> list[str]:
    from importlib.metadata import version

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, Textual {version('textual')}, "
        f"Rich {version('rich')}, ops-maturity {version('ops-maturity')}",
    ]


def write_results(
    rows: list[Row],
    notes: list[str],
    repeat: int,
    loads: tuple[tuple[float, ...], ...],
    output: Path,
) -> None:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results",
        "",
        "Written by `python benchmarks/run.py` (see its docstring for what each row measures).",
        "Do not edit the figures by hand: run it again. The Notes at the end are kept across runs.",
        "",
        f"- Date: {now}; median of {repeat} runs per figure, bare and ours interleaved",
        *machine(),
        f"- Load average (1, 5, 15 min) at start {_loads(loads[0])}, at end {_loads(loads[1])}: "
        f"{_load_note(loads)}",
        "",
        "| benchmark | measure | size | bare Textual | ops-maturity | ratio | goal | result |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        ratio = "—" if row.ratio is None else f"{row.ratio:.2f}×"
        result = {True: "pass", False: "FAIL", None: "—"}[row.passed]
        lines.append(
            f"| {row.benchmark} | {row.measure} | {row.size} | {_format(row.bare, row.unit)} | "
            f"{_format(row.ours, row.unit)} | {ratio} | {row.goal} | {result} |"
        )
    lines += ["", "## Growth with size", "", *(f"- {note}" for note in notes), ""]
    text = "\n".join(lines)
    # The Notes section (written by people: what the figures mean, decisions) survives re-runs.
    previous = output.read_text(encoding="utf-8") if output.exists() else ""
    if NOTES_HEADING in previous:
        text += "\n" + previous[previous.index(NOTES_HEADING) :]
    output.write_text(text, encoding="utf-8")


NOTES_HEADING = "## Notes"


def _loads(values: tuple[float, ...]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def _load_note(loads: tuple[tuple[float, ...], ...]) -> str:
    """Judged by the load at the start: at the end it includes the benchmark's own test run."""
    cores = os.cpu_count() or 1
    if loads[0][0] < 0.3 * cores:
        return "a quiet machine (the load at the end is the benchmark's own test-suite run)"
    return (
        f"a busy machine (other work was running on the {cores} cores): ratios are fairer "
        "than absolute times, and a quiet re-run will be faster"
    )


def byte_compile() -> None:
    """Compile ops-maturity's modules to bytecode before measuring, as installing the package
    does (pip compiles what it installs, Textual's modules included). Without this, a source
    tree run with PYTHONDONTWRITEBYTECODE set, or whose modules changed since their last run,
    compiles every module of ours from source in every measured start-up (about 35 ms of it),
    while the bare app's Textual loads compiled code."""
    import compileall

    import ops_maturity

    compileall.compile_dir(Path(ops_maturity.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument(
        "--only", nargs="+", choices=[entry[0] for entry in PLAN], help="run these rows only"
    )
    parser.add_argument("--no-suite", action="store_true", help="skip timing the test suite")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where the table goes")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure, kind, folder, size = args.child
        child(measure, kind, Path(folder), int(size))
        return
    byte_compile()
    start_load = os.getloadavg()
    rows, notes = run_plan(args.repeat, set(args.only) if args.only else None)
    if not args.no_suite and not args.only:
        rows.append(run_suite())
    write_results(rows, notes, args.repeat, (start_load, os.getloadavg()), args.output)
    print(args.output.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
