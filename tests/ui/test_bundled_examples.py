"""README's examples never change the clone (issue 16, item 5), at 80x24: a bundled example
opens read-only with no lock file beside it, says so and how to copy it; the palette copies it
to the assessments folder and the session continues there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ops_maturity.core.files.lock import lock_path_for
from ops_maturity.core.model.assessment import Answer
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.file_names import default_assessment_path
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.example_copy import COPY_COMMAND
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.results import ResultsScreen
from ops_maturity.ui.screens.start import StartScreen
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import OptionList, Static
from timing import wait_for

ROOT = Path(__file__).resolve().parents[2]
SMALL = (80, 24)
EXAMPLE = "payments-platform-2027-q1.toml"


@pytest.fixture
def source_tree(tmp_path: Path) -> Path:
    """A clone in miniature: pyproject.toml naming ops-maturity, and examples/ with one."""
    tree = tmp_path / "clone"
    (tree / "examples").mkdir(parents=True)
    (tree / "pyproject.toml").write_text(
        '[project]\nname = "ops-maturity"\nversion = "1"\n', encoding="utf-8"
    )
    shutil.copyfile(ROOT / "examples" / EXAMPLE, tree / "examples" / EXAMPLE)
    return tree


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def warning_text(app: OpsMaturityApp) -> str:
    widget = app.screen.query_one("#save-warning", Static)
    content = widget.content
    text = content.plain if isinstance(content, Content) else str(content)
    return text if widget.display else ""


def toasts(app: OpsMaturityApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def palette_highlights(app: OpsMaturityApp, text: str) -> bool:
    """The palette is open with `text` as its highlighted command (ready for enter)."""
    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return False
    commands = palette.query_one(CommandList)
    if commands.highlighted is None:
        return False
    return text in str(commands.get_option_at_index(commands.highlighted).prompt)


async def copy_from_the_palette(app: OpsMaturityApp, pilot: Pilot[None]) -> None:
    """ctrl+p, 'copy this example', enter once the command is highlighted."""
    await pilot.press("ctrl+p", *"copy this example")
    await wait_for(
        lambda: palette_highlights(app, COPY_COMMAND), "the palette's copy command", pilot=pilot
    )
    await pilot.press("enter")


async def test_a_resumed_example_is_read_only_and_writes_nothing_beside_it(
    source_tree: Path, tmp_path: Path
) -> None:
    """`run --resume examples/X.toml`, then answer keys: refused with the reason and the way to
    copy it; no lock file, temp file or save in examples/, during the session or after it."""
    examples = source_tree / "examples"
    before = (examples / EXAMPLE).read_bytes()
    app = make_app(resume=examples / EXAMPLE, folder=tmp_path / "assessments")
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(
            lambda: isinstance(app.screen, AssessScreen), "the Assess screen", pilot=pilot
        )
        assert app.read_only
        warning = warning_text(app)
        assert "bundled examples, kept as it is" in warning
        assert f"ctrl+p, then '{COPY_COMMAND}'" in warning
        assert not lock_path_for(examples / EXAMPLE).exists()
        await pilot.press("3", "right", "2", "d")
        await wait_for(
            lambda: any("Copy this example" in toast for toast in toasts(app)),
            "the read-only notice",
            pilot=pilot,
        )
        assert listing(examples) == [EXAMPLE]
        await pilot.press("ctrl+q")
    assert (examples / EXAMPLE).read_bytes() == before
    assert listing(examples) == [EXAMPLE]
    assert not (tmp_path / "assessments").exists()


async def test_targets_on_a_read_only_example_are_refused_up_front(
    source_tree: Path, tmp_path: Path
) -> None:
    """On Results, `t` on a bundled example opens no targets dialog (nothing could be saved):
    the key is shown disabled and says why."""
    examples = source_tree / "examples"
    before = (examples / EXAMPLE).read_bytes()
    app = make_app(resume=examples / EXAMPLE, folder=tmp_path / "assessments")
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(
            lambda: isinstance(app.screen, AssessScreen), "the Assess screen", pilot=pilot
        )
        await pilot.press("r")
        await wait_for(lambda: isinstance(app.screen, ResultsScreen), "Results", pilot=pilot)
        results = app.screen
        assert results.active_bindings["t"].enabled is False
        await pilot.press("t")
        await wait_for(
            lambda: any("targets cannot be set here" in toast for toast in toasts(app)),
            "the read-only notice",
            pilot=pilot,
        )
        assert app.screen is results, "no targets dialog"
    assert (examples / EXAMPLE).read_bytes() == before


async def test_the_palette_copies_the_example_and_the_session_continues_in_the_copy(
    source_tree: Path, tmp_path: Path
) -> None:
    """ctrl+p 'Copy this example': the copy in the assessments folder replaces the read-only
    screen, holds the lock, and takes the next answer; the example stays as it was."""
    examples = source_tree / "examples"
    before = (examples / EXAMPLE).read_bytes()
    folder = tmp_path / "assessments"
    app = make_app(resume=examples / EXAMPLE, folder=folder)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(
            lambda: isinstance(app.screen, AssessScreen), "the Assess screen", pilot=pilot
        )
        example = load_assessment(examples / EXAMPLE)
        copy = default_assessment_path(folder, example.team, example.label)
        app.clear_notifications()
        await copy_from_the_palette(app, pilot)
        await wait_for(lambda: app.assessment_path == copy, "the copy opened", pilot=pilot)
        await wait_for(
            lambda: isinstance(app.screen, AssessScreen), "its Assess screen", pilot=pilot
        )
        assert not app.read_only and warning_text(app) == ""
        assert [type(s) for s in app.screen_stack].count(AssessScreen) == 1
        assert any(f"Copied to {copy}" in toast for toast in toasts(app))
        assert not any(toast.startswith("Resumed") for toast in toasts(app)), "one notice"
        assert lock_path_for(copy).exists()
        copied = copy.read_bytes()
        await pilot.press("1")  # a vote: the example is a team's assessment
        await wait_for(
            lambda: copy.read_bytes() != copied, "the vote saved in the copy", pilot=pilot
        )
        await pilot.press("ctrl+q")
    assert (examples / EXAMPLE).read_bytes() == before
    assert listing(examples) == [EXAMPLE]
    assert not lock_path_for(copy).exists()


async def test_copying_again_opens_the_earlier_copy_with_its_answers(
    source_tree: Path, tmp_path: Path
) -> None:
    """An earlier copy holds notes: the copy command opens it as it is, and says so."""
    examples = source_tree / "examples"
    folder = tmp_path / "assessments"
    earlier = load_assessment(examples / EXAMPLE)
    copy = default_assessment_path(folder, earlier.team, earlier.label)
    first = next(iter(earlier.answers))
    earlier.record(first, Answer(earlier.answers[first].value, notes="Ours now"))
    folder.mkdir()
    save_assessment_atomically(earlier, copy)
    kept = copy.read_bytes()
    app = make_app(resume=examples / EXAMPLE, folder=folder)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(
            lambda: isinstance(app.screen, AssessScreen), "the Assess screen", pilot=pilot
        )
        await copy_from_the_palette(app, pilot)
        await wait_for(lambda: app.assessment_path == copy, "the earlier copy opened", pilot=pilot)
        assert app.assessment is not None and app.assessment.answers[first].notes == "Ours now"
        assert any("already holds a copy" in toast for toast in toasts(app))
        await pilot.press("ctrl+q")
    assert copy.read_bytes() == kept


async def test_the_start_screen_opens_a_listed_example_read_only(source_tree: Path) -> None:
    """`run --dir examples`: the resume list offers the example, which opens read-only with no
    lock file; a new team is refused there."""
    examples = source_tree / "examples"
    before = (examples / EXAMPLE).read_bytes()
    app = make_app(folder=examples)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(lambda: isinstance(app.screen, StartScreen), "the Start screen", pilot=pilot)
        resume = app.screen.query_one("#resume-list", OptionList)
        await wait_for(
            lambda: resume.option_count > 0 and resume.get_option_at_index(0).id is not None,
            "the example listed",
            pilot=pilot,
        )
        resume.focus()
        resume.highlighted = 0
        await pilot.press("enter")
        await wait_for(
            lambda: isinstance(app.screen, AssessScreen), "the Assess screen", pilot=pilot
        )
        assert app.read_only and "bundled examples" in warning_text(app)
        assert listing(examples) == [EXAMPLE]
        await pilot.press("ctrl+q")
    assert (examples / EXAMPLE).read_bytes() == before
    assert listing(examples) == [EXAMPLE]
