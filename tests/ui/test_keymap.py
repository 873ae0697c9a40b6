"""Remapping keys from a TOML file: the documented examples, every binding id listed in
docs/keys.md, the file's checks (`path:line:col` for each problem), the CLI, and the remapped keys
in the footer and on the Help screen."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import ops_maturity.ui
import pytest
from ops_maturity.cli import main
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.binding_catalog import BINDING_MODULES, binding_catalog, declared_in
from ops_maturity.ui.keymap import (
    KEYS_FILE_MAX_BYTES,
    default_keys_path,
    key_problem,
    load_keymap,
    parse_keymap,
)
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.help import HelpScreen, collect_key_help
from ops_maturity.ui.widgets.vote_grid import VoteGrid
from textual.binding import Binding

ROOT = Path(__file__).resolve().parents[2]
KEYS_DOC = ROOT / "docs" / "keys.md"


def documented(kind: str) -> str:
    """The docs/keys.md block that starts with `# example: <kind>`."""
    text = KEYS_DOC.read_text(encoding="utf-8")
    match = re.search(rf"```toml\n(# example: {kind}\n.*?)```", text, re.DOTALL)
    assert match is not None, kind
    return match.group(1)


def problems(source: str) -> list[str]:
    with pytest.raises(InvalidFileError) as raised:
        parse_keymap(source.encode(), "keys.toml", OpsMaturityApp)
    return [str(problem) for problem in raised.value.problems]


def test_the_documented_example_loads() -> None:
    """docs/keys.md's example is a valid keymap, with '?' spelled as Textual spells it."""
    keymap = parse_keymap(documented("keys").encode(), "keys.toml", OpsMaturityApp)
    assert keymap["assess.reveal"] == "space"
    assert keymap["assess.next"] == "right,pagedown,j"
    assert keymap["results.back"] == "escape,b"


def test_the_documented_refusal_is_what_the_app_says() -> None:
    """The bad example is refused with exactly the messages docs/keys.md shows."""
    text = KEYS_DOC.read_text(encoding="utf-8")
    shown = re.search(r"is refused with:\n\n```text\n(.*?)```", text, re.DOTALL)
    assert shown is not None
    assert problems(documented("bad_keys")) == shown.group(1).splitlines()


def test_docs_list_every_binding_id_with_its_keys() -> None:
    """The table in docs/keys.md is the app's own: every id, its default keys and where it works,
    in the order the Help screen lists them."""
    rows = re.findall(
        r"^\| `([^`]+)` \| (.*?) \| (.*?) \| .*\|$",
        KEYS_DOC.read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    documented_rows = [(binding_id, keys, places) for binding_id, keys, places in rows]
    expected = [
        (entry.id, ", ".join(f"`{key}`" for key in entry.keys), ", ".join(entry.places))
        for entry in binding_catalog(OpsMaturityApp).values()
    ]
    assert documented_rows == expected, "docs/keys.md is stale: regenerate its table"


def test_every_module_that_declares_bindings_is_in_the_catalog() -> None:
    """A screen or dialog with keys in a module the catalog does not read would be missing from
    the Help screen, the keymap checks and docs/keys.md."""
    with_bindings = {
        info.name
        for info in pkgutil.walk_packages(ops_maturity.ui.__path__, "ops_maturity.ui.")
        if any(declared_in(importlib.import_module(info.name)))
    }
    # The app's own keys are read from the app class itself (`app_wide_bindings`).
    assert with_bindings - {"ops_maturity.ui.app"} == set(BINDING_MODULES)


def test_every_binding_has_an_id() -> None:
    """Every key the UI declares can be remapped."""
    from ops_maturity.ui.binding_catalog import binding_classes

    for cls in binding_classes():
        for binding in Binding.make_bindings(cls.BINDINGS):
            assert binding.id, (cls.__name__, binding)


@pytest.mark.parametrize(
    "key", ["r", "R", "?", "+", "space", "f5", "f24", "ctrl+s", "ctrl+shift+up", "question_mark"]
)
def test_keys_textual_knows_are_accepted(key: str) -> None:
    assert key_problem(key) is None


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "no spaces"),
        (" r", "no spaces"),
        ("ctrl+", "is not a key Textual knows"),
        ("shft+r", "'shft' is not a modifier"),
        ("ctrl+ctrl+r", "repeated"),
        ("f99", "is not a key Textual knows"),
        ("bogus_key", "is not a key Textual knows"),
        ("\x1b[31m", "is not a key Textual knows"),
    ],
)
def test_keys_textual_does_not_know_are_refused(key: str, reason: str) -> None:
    problem = key_problem(key)
    assert problem is not None and reason in problem


def test_every_problem_is_reported_at_once_with_its_line() -> None:
    """A typo in the table, a wrong type, an empty value, too many keys and an unknown id."""
    found = problems(
        "[keys]\n"
        'assess.reveal = ""\n'
        "assess.results = [1, 2]\n"
        'assess.areas = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]\n'
        "[other]\n"
    )
    assert found == [
        "keys.toml:2:1: assess.reveal names no key: give at least one",
        'keys.toml:3:1: assess.results must be a key, such as "f5", or an array of keys',
        "keys.toml:4:1: assess.areas has 9 keys; at most 8",
        "keys.toml:5:1: unknown key 'other' in the file (allowed: keys)",
    ]


def test_a_clash_with_a_key_that_works_everywhere_is_refused() -> None:
    """ctrl+q quits on every screen: a screen's binding cannot have it."""
    assert problems('[keys]\n"report.save" = "ctrl+q"\n') == [
        "keys.toml:2:1: report.save: 'ctrl+q' is already the key of app.quit (Report)"
    ]


def test_swapping_two_keys_is_no_clash() -> None:
    """Results on v and reveal on r: each key has one binding again."""
    keymap = parse_keymap(
        b'[keys]\nassess.results = "v"\nassess.reveal = "r"\n', "keys.toml", OpsMaturityApp
    )
    assert keymap == {"assess.results": "v", "assess.reveal": "r"}


def test_a_large_or_strange_file_is_refused_before_parsing(tmp_path: Path) -> None:
    """Over the size cap, or a folder: one plain problem, nothing parsed."""
    big = tmp_path / "keys.toml"
    big.write_bytes(b"#" * (KEYS_FILE_MAX_BYTES + 1))
    with pytest.raises(InvalidFileError, match="limit is 64,000"):
        load_keymap(big, OpsMaturityApp)
    with pytest.raises(InvalidFileError, match="not a regular file"):
        load_keymap(tmp_path, OpsMaturityApp)
    assert load_keymap(tmp_path / "absent.toml", OpsMaturityApp, missing_ok=True) == {}


def test_the_default_file_is_under_the_config_home(tmp_path: Path) -> None:
    assert default_keys_path({"XDG_CONFIG_HOME": str(tmp_path)}) == (
        tmp_path / "ops-maturity" / "keys.toml"
    )
    assert default_keys_path({"XDG_CONFIG_HOME": "relative"}) == (
        Path.home() / ".config" / "ops-maturity" / "keys.toml"
    )


def test_run_refuses_a_bad_keymap_with_every_problem_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`run --keys FILE` prints `path:line:col: message` lines and exits 1; the app never starts."""
    keys = tmp_path / "keys.toml"
    keys.write_text(documented("bad_keys"), encoding="utf-8")
    assert main(["run", "--keys", str(keys), "--dir", str(tmp_path)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 4
    assert all(line.startswith(f"{keys}:") for line in errors)
    assert "Traceback" not in "\n".join(errors)


def test_run_reads_the_default_keymap_and_a_missing_one_given_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file under $XDG_CONFIG_HOME is used when present; `--keys` naming nothing fails."""
    started: list[dict[str, str]] = []
    monkeypatch.setattr(OpsMaturityApp, "run", lambda app: started.append(app.keymap))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert main(["run", "--dir", str(tmp_path)]) == 0
    default = default_keys_path()
    default.parent.mkdir(parents=True)
    default.write_text('[keys]\nassess.reveal = "space"\n', encoding="utf-8")
    assert main(["run", "--dir", str(tmp_path)]) == 0
    assert started == [{}, {"assess.reveal": "space"}]
    assert main(["run", "--keys", str(tmp_path / "none.toml"), "--dir", str(tmp_path)]) == 1
    assert "none.toml: cannot read file" in capsys.readouterr().err


async def test_remapped_keys_work_and_show_in_the_footer_and_help(
    tmp_path: Path, minimal_path: str
) -> None:
    """space reveals instead of v; the footer and the Help screen say space."""
    app = make_app(
        questionnaire=minimal_path,
        team="Payments",
        label="2026-Q2",
        folder=tmp_path,
        participants=["Ana", "Bo"],
        keymap={"assess.reveal": "space", "assess.answer-1": "z,1"},
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessScreen)
        footer = screen.active_bindings
        assert footer["space"].binding.action == "reveal"
        assert "v" not in footer
        assert footer["z"].binding.action == "vote(1)" and footer["1"].binding.action == "vote(1)"
        await pilot.press("1", "2", "v")
        await pilot.pause()
        assert "Votes hidden" in str(screen.query_one(VoteGrid).render())
        await pilot.press("space")
        await pilot.pause()
        assert "Revealed" in str(screen.query_one(VoteGrid).render())
        rows = {(row.where, row.description): row.keys for row in collect_key_help(app)}
        assert rows[("Assess", "Reveal")] == "space"
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
