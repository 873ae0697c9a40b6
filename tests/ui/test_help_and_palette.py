"""Pilot tests of the Help screen and the command palette provider, in small host apps."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.ui.providers.commands import OpsMaturityCommands
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.help import HelpScreen, collect_key_help
from ops_maturity.ui.screens.report import ReportScreen
from ops_maturity.ui.screens.results import ResultsScreen
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette, Hit
from textual.content import Content
from textual.widgets import DataTable, Input

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "examples" / "minimal-questionnaire.toml"
MARKUP = "[@click=app.quit]x[/] [/bold]"


@pytest.fixture
def questionnaire() -> Questionnaire:
    return load_questionnaire(MINIMAL)


def started(questionnaire: Questionnaire) -> Assessment:
    assessment = Assessment.start(questionnaire, "Payments", "2026-Q4", today=dt.date(2026, 11, 2))
    assessment.record("visibility.error-rates", Answer(3))
    return assessment


class HostApp(App[None]):
    """Stands in for the app shell: the attributes and methods the provider relies on."""

    COMMANDS = App.COMMANDS | {OpsMaturityCommands}

    def __init__(
        self, questionnaire: Questionnaire | None = None, assessment: Assessment | None = None
    ) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.assessment = assessment
        self.assessment_path: Path | None = None
        self.calls: list[tuple[str, Any]] = []

    def jump_to_area(self, area_id: str) -> None:
        self.calls.append(("jump_to_area", area_id))

    def jump_to_question(self, question_id: str) -> None:
        self.calls.append(("jump_to_question", question_id))

    def action_toggle_presentation(self) -> None:
        self.calls.append(("toggle_presentation", None))

    def action_switch_team_mode(self) -> None:
        self.calls.append(("switch_team_mode", None))


async def run_command(app: HostApp, pilot: Any, query: str) -> None:
    """Open the palette, type `query` and run the best hit."""
    await pilot.press(app.COMMAND_PALETTE_BINDING)
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("down", "enter")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def hits_for(app: HostApp, query: str) -> list[Hit]:
    provider = OpsMaturityCommands(app.screen)
    return [hit async for hit in provider.search(query) if isinstance(hit, Hit)]


async def test_help_lists_every_assess_binding() -> None:
    """Each of the Assess screen's bindings has a row, under 'Assess'."""
    app = HostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(HelpScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        assess_rows = [row for row in screen.rows if row.where == "Assess"]
        for binding in Binding.make_bindings(AssessScreen.BINDINGS):
            # The digits share one row ('1-9') for answers and one for team votes; every other
            # action lists its own keys.
            shared = binding.action.startswith(("answer(", "vote("))
            own = dataclasses.replace(binding, key_display=None)
            key = app.get_key_display(binding if shared else own)
            label = binding.description or binding.tooltip
            assert any(key in row.keys and row.description == label for row in assess_rows), binding
        assert screen.query_one(DataTable).row_count == len(screen.rows)


async def test_help_lists_results_report_and_app_wide_keys() -> None:
    """Results, Report, their dialogs and the app-wide keys (quit, palette) are listed too."""
    app = HostApp()
    async with app.run_test(size=(80, 24)):
        rows = {(row.where, row.keys, row.description) for row in collect_key_help(app)}
    assert ("Results", "esc / b", "Back") in rows
    assert ("Results", "m", "Report") in rows
    assert ("Report", "s", "Save") in rows
    assert ("Report", "c", "Copy") in rows
    assert ("Confirm dialog", "n / esc", "Keep") in rows
    assert ("Everywhere", "^q", "Quit") in rows
    assert ("Everywhere", "^p", "Commands") in rows


async def test_escape_and_f1_close_help() -> None:
    """Both keys dismiss the help screen."""
    for key in ("escape", "f1"):
        app = HostApp()
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(HelpScreen())
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)


async def test_palette_toggles_presentation_mode(questionnaire: Questionnaire) -> None:
    """Typing 'presentation' and choosing the hit calls the app's toggle action."""
    app = HostApp(questionnaire, started(questionnaire))
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(app, pilot, "presentation")
    assert app.calls == [("toggle_presentation", None)]


async def test_palette_switches_team_and_solo_mode(questionnaire: Questionnaire) -> None:
    """'Switch team/solo mode' calls the app's switch action."""
    app = HostApp(questionnaire, started(questionnaire))
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(app, pilot, "team/solo")
    assert app.calls == [("switch_team_mode", None)]


async def test_palette_jumps_to_an_area(questionnaire: Questionnaire) -> None:
    """'Jump to area: Incident management' calls jump_to_area with the area's id."""
    app = HostApp(questionnaire, started(questionnaire))
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(app, pilot, "area incident")
    assert app.calls == [("jump_to_area", "incidents")]


async def test_palette_jumps_to_a_question(questionnaire: Questionnaire) -> None:
    """A question is found by words of its text and jumped to by id."""
    app = HostApp(questionnaire, started(questionnaire))
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(app, pilot, "blameless review")
    assert app.calls == [("jump_to_question", "incidents.reviews")]


async def test_palette_shows_results_and_exports_the_report(
    questionnaire: Questionnaire,
) -> None:
    """'Show results' pushes Results; 'Export report' pushes Report, for the open assessment."""
    assessment = started(questionnaire)
    app = HostApp(questionnaire, assessment)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(app, pilot, "show results")
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.assessment is assessment
        await run_command(app, pilot, "export report")
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.assessment is assessment


async def test_without_an_assessment_only_presentation_and_theme_are_offered() -> None:
    """On the Start screen there is nothing to jump to, show or export."""
    app = HostApp()
    async with app.run_test(size=(80, 24)):
        provider = OpsMaturityCommands(app.screen)
        discovered = [hit.text async for hit in provider.discover()]
        assert discovered == ["Toggle presentation mode", "Switch theme"]
        assert await hits_for(app, "jump") == []
        assert await hits_for(app, "results") == []


async def test_switch_theme_opens_the_theme_picker(questionnaire: Questionnaire) -> None:
    """'Switch theme' runs the app's change-theme action, which opens the theme list."""
    app = HostApp(questionnaire, started(questionnaire))
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(app, pilot, "switch theme")
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).placeholder.startswith("Search for themes")


async def test_hits_show_questionnaire_text_literally(tmp_path: Path) -> None:
    """Area and question text written as markup is shown as typed, never parsed."""
    source = MINIMAL.read_text(encoding="utf-8")
    source = source.replace('name = "Incident management"', f'name = "{MARKUP}"')
    source = source.replace(
        'text = "Are review actions tracked until they are done?"', f'text = "{MARKUP}"'
    )
    path = tmp_path / "markup.toml"
    path.write_text(source, encoding="utf-8")
    questionnaire = load_questionnaire(path)
    app = HostApp(questionnaire, started(questionnaire))
    async with app.run_test(size=(80, 24)):
        hits = await hits_for(app, "click")
    displays = {hit.text: hit.match_display for hit in hits}
    for text in (f"Jump to area: {MARKUP}", f"Jump to question: {MARKUP}"):
        display = displays[text]
        assert isinstance(display, Content)
        assert display.plain == text


async def test_help_lists_each_move_keys_separately(tmp_path: Path) -> None:
    """Previous and next each show their own keys, not the footer's shared '←→'."""
    from ops_maturity.ui.app import make_app

    app = make_app(team="Keys", label="2026-Q4", folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = {row.keys: row for row in collect_key_help(app) if row.where == "Assess"}
    assert "← / pgup" in rows
    assert "→ / pgdn" in rows
    assert "←→" not in rows
