"""The widgets that multi-select questions and Markdown guidance bring, each on its own, before
the Assess and Results screens use them: Pilot tests of their behaviour, and an SVG snapshot each.

Update the snapshots with `pytest tests/ui/test_new_widgets.py --snapshot-update`, then look at
every changed SVG (as PNG) in tests/ui/__snapshots__/test_new_widgets/ before committing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ops_maturity.core.model.questionnaire import Questionnaire, Scale
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.ui.widgets.guidance_markdown import GuidanceMarkdown
from ops_maturity.ui.widgets.multi_select import MultiSelectChoices
from textual.app import App, ComposeResult
from textual.widgets import Markdown

ROOT = Path(__file__).resolve().parents[2]
MULTI = ROOT / "tests" / "core" / "fixtures" / "multi-select.toml"


def _picked(widget: MultiSelectChoices) -> tuple[int, ...]:
    """The widget's selection now (a call, so checks on it are never narrowed by earlier ones)."""
    return widget.selection


def _questionnaire() -> Questionnaire:
    return load_questionnaire(MULTI)


class MultiSelectApp(App[None]):
    """Hosts the widget as the Assess screen will: shows a scale, records what is answered."""

    def __init__(self, scale: Scale, picked: tuple[int, ...] | None = None) -> None:
        super().__init__()
        self.scale = scale
        self.picked = picked
        self.answers: list[tuple[int, ...]] = []

    def compose(self) -> ComposeResult:
        yield MultiSelectChoices(id="choices")

    def on_mount(self) -> None:
        self.query_one(MultiSelectChoices).show(self.scale, self.picked)

    def on_multi_select_choices_answered(self, message: MultiSelectChoices.Answered) -> None:
        self.answers.append(message.selection)


async def test_digits_toggle_and_enter_posts_the_set() -> None:
    """1 and 3 tick two choices; enter posts them in scale order."""
    app = MultiSelectApp(_questionnaire().scales["practices"])
    async with app.run_test() as pilot:
        await pilot.press("3", "1", "enter")
        await pilot.pause()
        assert app.answers == [(1, 3)]
        await pilot.press("3", "enter")
        await pilot.pause()
        assert app.answers[-1] == (1,)


async def test_none_of_these_is_exclusive_and_is_the_empty_answer() -> None:
    """0 clears the choices ticked and answers (); ticking a choice again clears 'None'."""
    app = MultiSelectApp(_questionnaire().scales["practices"], picked=(1, 2))
    async with app.run_test() as pilot:
        widget = app.query_one(MultiSelectChoices)
        assert _picked(widget) == (1, 2)
        await pilot.press("0")
        assert _picked(widget) == () and widget.none_picked
        await pilot.press("enter")
        await pilot.pause()
        assert app.answers == [()]
        await pilot.press("2")
        assert _picked(widget) == (2,) and not widget.none_picked


async def test_space_toggles_the_highlighted_line_and_clicks_toggle_too() -> None:
    app = MultiSelectApp(_questionnaire().scales["practices"])
    async with app.run_test() as pilot:
        widget = app.query_one(MultiSelectChoices)
        await pilot.press("down", "space")
        assert _picked(widget) == (2,)
        await pilot.click("#multi-select-list", offset=(6, 0))
        await pilot.pause()
        assert _picked(widget) == (1, 2)


async def test_enter_with_nothing_ticked_answers_nothing() -> None:
    """An empty list is not an answer: 'None of these' must be ticked on purpose."""
    app = MultiSelectApp(_questionnaire().scales["practices"])
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.answers == []


async def test_labels_are_text_never_markup() -> None:
    """A label with Textual markup shows as written, and the app keeps running."""
    scale = _questionnaire().scales["practices"]
    choices = (
        type(scale.choices[0])(1, "[@click=app.quit]Quit[/] and [/bold]"),
        *scale.choices[1:],
    )
    hostile = Scale(scale.id, scale.name, 0, choices, multiple=True, met_at_least=2)
    app = MultiSelectApp(hostile)
    async with app.run_test() as pilot:
        await pilot.pause()
        prompt = app.query_one(MultiSelectChoices).options.get_option_at_index(0).prompt
        assert "[@click=app.quit]Quit[/] and [/bold]" in str(prompt)
        await pilot.click("#multi-select-list", offset=(8, 0))  # the label's "[@click" part
        await pilot.pause()
        assert app.is_running


def test_multi_select_snapshot(snap_compare: Any) -> None:
    """The met rule, numbered check boxes, two ticked, and 'None of these'."""
    app = MultiSelectApp(_questionnaire().scales["practices"], picked=(1, 3))
    assert snap_compare(app, terminal_size=(60, 10))


class GuidanceApp(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield GuidanceMarkdown(self.text)


HOSTILE_HOW = (
    "Expose `/healthz` on **every** service.\n\n# A heading inside\n\n- check the database\n"
    "- check the queue\n\n<script>alert(1)</script> [bad](javascript:alert(1)) "
    "[good](https://example.org/ok) [@click=app.quit]x[/]\n\n```\nunclosed fence"
)


async def test_guidance_is_markdown_made_safe() -> None:
    """Lists and code render; the heading is demoted; HTML, javascript: and markup are text."""
    app = GuidanceApp(HOSTILE_HOW)
    async with app.run_test() as pilot:
        await pilot.pause()
        widget = app.query_one(GuidanceMarkdown)
        source = widget.source
        assert "**A heading inside**" in source and "# A heading" not in source
        assert "&lt;script&gt;" in source and "[bad](" not in source
        assert source.rstrip().endswith("```")
        kinds = {type(child).__name__ for child in widget.children}
        assert "MarkdownH1" not in kinds
        assert {"MarkdownBulletList", "MarkdownFence"} <= kinds
        widget.show("Plain *new* text.")
        await pilot.pause()
        assert widget.source == "Plain *new* text."


async def test_only_web_links_open(monkeypatch: Any) -> None:
    opened: list[str] = []
    app = GuidanceApp("x")
    async with app.run_test() as pilot:
        monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
        widget = app.query_one(GuidanceMarkdown)
        widget.post_message(Markdown.LinkClicked(widget, "https://example.org/ok"))
        widget.post_message(Markdown.LinkClicked(widget, "file:///etc/passwd"))
        await pilot.pause()
        assert opened == ["https://example.org/ok"]


def test_guidance_snapshot(snap_compare: Any) -> None:
    """Bold, code, a demoted heading, a list, escaped HTML and a code block."""
    assert snap_compare(GuidanceApp(HOSTILE_HOW), terminal_size=(70, 24))
