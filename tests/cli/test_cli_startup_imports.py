"""Starting the app through the command line loads nothing that only the other commands need.

Each check runs in a fresh interpreter, since this test process has other modules loaded already.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from ops_maturity.cli.parser import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parents[2]

RUN_PATH = """
from ops_maturity.cli import main
import ops_maturity.ui.app as ui_app
ui_app.OpsMaturityApp.run = lambda self, *args, **kwargs: None  # stop short of the screen
main(["run", "--team", "Lean", "--dir", {folder!r}])
"""

RUN_OPTIONS = {"ops_maturity.core.remote", "ops_maturity.core.remote.options"}
"""What `run`'s own arguments are made of (the remote-voting defaults in its help)."""


def _ops_maturity_modules(code: str) -> set[str]:
    """The ops_maturity modules in sys.modules after running `code` in a new interpreter."""
    program = (
        f"{code}\nimport json, sys\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('ops_maturity'))))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=True
    )
    loaded: list[str] = json.loads(completed.stdout.splitlines()[-1])
    return set(loaded)


def test_main_imports_only_the_chosen_commands_module(tmp_path: Path) -> None:
    """`run` loads the parser, the shared module and `run` itself: no other command's module."""
    loaded = _ops_maturity_modules(RUN_PATH.format(folder=str(tmp_path)))
    cli_modules = {name for name in loaded if name.split(".")[:2] == ["ops_maturity", "cli"]}
    assert cli_modules == {
        "ops_maturity.cli",
        "ops_maturity.cli.common",
        "ops_maturity.cli.parser",
        "ops_maturity.cli.run",
    }


def test_the_run_path_loads_only_what_the_app_loads_itself() -> None:
    """Parsing `run` adds no core module to those the app imports anyway, but its own options."""
    app = _ops_maturity_modules("import ops_maturity.ui.app")
    cli = _ops_maturity_modules(
        "from ops_maturity.cli.parser import build_parser\n"
        "build_parser().parse_args(['run'])\n"
        "import ops_maturity.cli.run\n"
    )
    extra = {name for name in cli - app if not name.startswith("ops_maturity.cli")}
    assert extra <= RUN_OPTIONS, sorted(extra)


def test_another_command_loads_its_own_module() -> None:
    """The check above can fail: `report` loads its module and the report machinery."""
    loaded = _ops_maturity_modules(
        "from ops_maturity.cli import main\nmain(['report', 'examples/payments-platform-2027-q1.toml', '--format', 'csv'])"
    )
    assert {"ops_maturity.cli.report", "ops_maturity.core.reports.export_csv"} <= loaded
    assert "ops_maturity.cli.run" not in loaded
    assert "ops_maturity.ui.app" not in loaded


def _sub_parser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    sub: argparse.ArgumentParser = commands.choices[name]
    return sub


def test_a_parser_built_for_one_command_parses_it_as_the_whole_one() -> None:
    """`main` builds only the named command's sub-parser: the same help, the same arguments."""
    whole = build_parser()
    for name in COMMANDS:
        alone = build_parser(name)
        assert _sub_parser(alone, name).format_help() == _sub_parser(whole, name).format_help()
    arguments = ["run", "--team", "Lean", "--participants", "Ana,Bo", "--timebox", "60"]
    assert build_parser("run").parse_args(arguments) == whole.parse_args(arguments)


_GC_PROGRAM = """
import gc, sys
normal = gc.get_threshold()
from ops_maturity.cli import main
assert "ops_maturity.cli.parser" not in sys.modules and "ops_maturity.ui" not in sys.modules
assert gc.get_threshold() == normal
try:
    main([{command!r}, "--no-such-option"])  # a usage error: exits before doing anything
except SystemExit:
    pass
after = gc.get_threshold()
from ops_maturity.ui.start_up_gc import START_UP_THRESHOLD
print(after == START_UP_THRESHOLD)
"""


def test_only_run_relaxes_the_collector_before_its_arguments_are_parsed() -> None:
    """`run` makes collections rare from the start (its parser's modules are the app's too);
    other commands keep Python's thresholds."""
    for command, relaxed in (("run", "True"), ("report", "False"), ("rollup", "False")):
        completed = subprocess.run(
            [sys.executable, "-c", _GC_PROGRAM.format(command=command)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        assert completed.stdout.strip() == relaxed, (command, completed.stderr[-1500:])
