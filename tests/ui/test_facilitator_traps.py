"""Pilot tests at 80x24 of what tripped a first-time facilitator: the mode switch, prompts below
the fold, the keys' range, the rounding note, the absent bar, toasts, the checkbox and the footer.

Each test drives the keys a facilitator presses on an 80x24 terminal and asserts on what is on
screen (regions, rendered text), not on internals.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.dialogs.confirm import ConfirmDialog
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.help import HelpScreen, collect_key_help
from ops_maturity.ui.screens.results import ResultsScreen
from ops_maturity.ui.screens.start import StartScreen
from ops_maturity.ui.widgets.plain_checkbox import PlainCheckbox
from ops_maturity.ui.widgets.question_card import QuestionPane
from ops_maturity.ui.widgets.vote_grid import VoteGrid
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Footer, Static
from timing import wait_for

SMALL = (80, 24)
EIGHT = ["Amara", "Jonas", "Lucía", "Wei", "Priya", "Farah", "Goran", "Hana"]


def bundled_team(tmp_path: Path, people: list[str] = EIGHT) -> OpsMaturityApp:
    """The bundled 64-question questionnaire (long questions and help) with a team."""
    return make_app(team="Checkout", label="2026-Q4", folder=tmp_path, participants=people)


def assess(app: OpsMaturityApp) -> AssessScreen:
    screen = app.screen
    assert isinstance(screen, AssessScreen), screen
    return screen


def grid_words(app: OpsMaturityApp) -> str:
    rendered = assess(app).query_one(VoteGrid).render()
    assert isinstance(rendered, Content)
    return " ".join(rendered.plain.split())


def visible(widget_region: Region, pane: QuestionPane) -> bool:
    viewport = pane.scrollable_content_region
    return viewport.contains_region(widget_region)


def yes_no_questionnaire(tmp_path: Path, minimal_path: str) -> str:
    """The minimal questionnaire with its first incident question on a yes/no scale."""
    text = Path(minimal_path).read_text("utf-8")
    yes_no = (
        '[scales.yes-no]\nname = "Yes or no"\nmet_threshold = 1\n\n'
        '[[scales.yes-no.choices]]\nvalue = 0\nlabel = "No"\n\n'
        '[[scales.yes-no.choices]]\nvalue = 1\nlabel = "Yes"\n\n[[areas]]\n'
    )
    text = text.replace("[[areas]]\n", yes_no, 1)
    marker = 'id = "incidents.roles"\nlevel = 1\n'
    start = text.index(marker)
    end = text.index('scale = "adoption"', start)
    text = text[:end] + 'scale = "yes-no"' + text[end + len('scale = "adoption"') :]
    path = tmp_path / "yes-no.toml"
    path.write_text(text, "utf-8")
    return str(path)


async def test_t_asks_before_switching_team_mode_off(tmp_path: Path) -> None:
    """t opens a question first; n (or escape) keeps team mode, y switches to solo."""
    app = bundled_team(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = assess(app)
        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog) and dialog.id == "switch-mode"
        await pilot.press("n")
        await pilot.pause()
        assert assess(app) is screen and screen.team_mode
        await pilot.press("t", "y")
        await pilot.pause()
        assert assess(app) is screen and not screen.team_mode


async def test_the_reveal_and_the_override_prompt_fit_at_80x24(tmp_path: Path) -> None:
    """Eight votes on a long question, v, then o: the whole grid, from 'Revealed' to the
    override prompt with this scale's keys, is inside the visible pane; nobody scrolled."""
    app = bundled_team(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("4", "2", "2", "1", "x", "3", "3", "2", "v")
        await pilot.pause()
        screen = assess(app)
        pane = screen.query_one(QuestionPane)
        grid = screen.query_one(VoteGrid)
        await wait_for(lambda: visible(grid.region, pane), "the reveal in view", pilot=pilot)
        assert "Team answer:" in grid_words(app)
        assert not screen.query_one("#help-text", Static).display, "help folded after the reveal"
        await pilot.press("o")
        await pilot.pause()
        words = grid_words(app)
        assert "Override: 1-4, n or ? sets the team's answer" in words
        await wait_for(lambda: visible(grid.region, pane), "the prompt in view", pilot=pilot)
        assert grid.pointer_line is not None
        prompt_row = grid.region.y + grid.pointer_line
        assert pane.scrollable_content_region.y <= prompt_row < pane.region.bottom


async def test_the_highlighted_participant_stays_in_view_while_voting(tmp_path: Path) -> None:
    """With eight people on a long question, each vote's next participant is on screen."""
    app = bundled_team(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = assess(app)
        pane = screen.query_one(QuestionPane)
        grid = screen.query_one(VoteGrid)
        for key in ("1", "2", "3", "4", "1", "2", "3"):
            await pilot.press(key)
            await pilot.pause()

            def pointer_visible() -> bool:
                line = grid.pointer_line
                assert line is not None
                row = grid.region.y + line
                viewport = pane.scrollable_content_region
                return viewport.y <= row < viewport.bottom

            await wait_for(pointer_visible, "the pointer in view", pilot=pilot)
        assert grid.highlighted_participant == "Hana"


async def test_keys_and_prompts_say_the_range_of_this_questions_scale(
    tmp_path: Path, minimal_path: str
) -> None:
    """'1-4' on a four-choice question, '1-2' on a yes/no one: footer, Help and override."""
    app = make_app(
        questionnaire=yes_no_questionnaire(tmp_path, minimal_path),
        team="Payments",
        label="2026-Q2",
        folder=tmp_path,
        participants=["Ana", "Bo"],
    )
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = assess(app)
        digit = screen.active_bindings["1"].binding
        assert app.get_key_display(digit) == "1-4"
        app.jump_to_question("incidents.roles")
        await pilot.pause()
        assert app.get_key_display(screen.active_bindings["1"].binding) == "1-2"
        assert "3" not in screen.active_bindings, "no third choice on a yes/no question"
        footer_text = " ".join(
            f"{getattr(key, 'key_display', '')} {getattr(key, 'description', '')}"
            for key in screen.query_one(Footer).children
        )
        assert "1-2 Vote" in footer_text
        assert any(row.keys == "1-2" for row in collect_key_help(app))
        await pilot.press("1", "2", "v", "o")
        await pilot.pause()
        assert "Override: 1-2, n or ?" in grid_words(app)
        await pilot.press("escape", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_rounded_down_is_said_only_when_something_was_rounded(tmp_path: Path) -> None:
    """Votes 1 2 2 4: both middle votes are 2, so the team's answer is 2 with no rounding note."""
    app = bundled_team(tmp_path, ["Ana", "Bo", "Chen", "Dev"])
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("1", "2", "2", "4", "v")
        await pilot.pause()
        words = grid_words(app)
        assert "Team answer: 2 Partially · median of 4 votes" in words
        assert "rounded" not in words


async def test_absent_is_a_dim_line_not_a_bar(tmp_path: Path) -> None:
    """After the reveal, absent people are named on an 'absent:' line with no bar or count."""
    app = bundled_team(tmp_path, ["Ana", "Bo", "Wei"])
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("3", "3", "x", "v")
        await pilot.pause()
        rendered = assess(app).query_one(VoteGrid).render()
        assert isinstance(rendered, Content)
        lines = rendered.plain.splitlines()
        absent = [line for line in lines if "Wei" in line and not line.startswith("▸")]
        assert absent == ["  absent: Wei"]
        assert not any(line.lstrip().startswith("Absent") for line in lines)


async def test_toasts_stay_with_their_screen_and_clear_the_progress_count(
    tmp_path: Path, minimal_path: str
) -> None:
    """The last answer's 'Assessment complete' toast sits above the progress row, and does not
    follow the facilitator to the Results screen."""
    app = make_app(questionnaire=minimal_path, team="Payments", label="2026-Q2", folder=tmp_path)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        for _ in range(8):
            await pilot.press("3")
            await pilot.pause()
        screen = assess(app)
        label = screen.query_one("#progress-label", Static)

        def toast_texts() -> list[str]:
            return [str(toast.render()) for toast in app.screen.query("Toast")]

        await wait_for(
            lambda: any("Assessment complete" in text for text in toast_texts()),
            "the completion toast",
            pilot=pilot,
        )
        for toast in screen.query("Toast"):
            assert not toast.region.overlaps(label.region), "a toast covers the count"
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        app.notify("A toast of the Results screen.")  # redraws the toasts on this screen
        await wait_for(
            lambda: any("Results screen" in text for text in toast_texts()),
            "the Results screen's toast",
            pilot=pilot,
        )
        assert not any("Assessment complete" in text for text in toast_texts())


async def test_the_anonymous_checkbox_reads_plainly(tmp_path: Path) -> None:
    """The Start screen's checkbox is '[ ]' unticked and '[x]' ticked, never '▐X▌'."""
    app = make_app(folder=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        box = app.screen.query_one("#anonymous", PlainCheckbox)
        rendered = box.render()
        assert rendered.plain.startswith("[ ] Anonymous votes")
        box.value = True
        await pilot.pause()
        assert box.render().plain.startswith("[x] Anonymous votes")
        assert "▐" not in box.render().plain


async def test_the_footer_fits_80_columns_and_keeps_help(tmp_path: Path) -> None:
    """In team and solo mode at 80 columns every footer key ends inside the screen, F1 among
    them; the keys left out are still in Help."""
    app = bundled_team(tmp_path, ["Ana", "Bo"])
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        for _ in ("team", "solo"):
            screen = assess(app)
            footer = screen.query_one(Footer)
            keys = [key for key in footer.children if hasattr(key, "key_display")]
            assert keys and all(key.region.right <= SMALL[0] for key in keys)
            assert "help" in {getattr(key, "action", "") for key in keys}
            widths = sorted(key.region for key in keys if "-command-palette" not in key.classes)
            for left, right in pairwise(widths):
                assert left.right <= right.x, "keys overlap"
            await pilot.press("t", "y")
            await pilot.pause()
        help_rows = {row.description for row in collect_key_help(app)}
        assert {"Present", "Areas"} <= help_rows
