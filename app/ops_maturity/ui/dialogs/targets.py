"""Set a target level per area: left/right (or - and +) change the highlighted area's target.

Dismisses with every area's target (area id -> level) when done, or None when cancelled. The
Results screen stores them in the assessment (`ops_maturity.core.model.targets.set_target`) and saves.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ops_maturity.core.model.targets import AreaTarget
from ops_maturity.ui.text import literal_line


def target_prompt(target: AreaTarget, level: int) -> Content:
    """'◀ 3 ▶  Alerting (now 2)': the target first, so targets line up in a column."""
    return Content.assemble(
        (f"◀ {level} ▶  ", "bold"),
        literal_line(target.area.name),
        (f" (now {target.current}{', reached' if target.current >= level else ''})", "dim"),
    )


class TargetsDialog(ModalScreen[dict[str, int] | None]):
    """An OptionList of areas, each with its current level and an adjustable target."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "right,plus,equals_sign",
            "change(1)",
            "Raise",
            id="targets.raise",
            tooltip="Raise the target",
        ),
        Binding(
            "left,minus", "change(-1)", "Lower", id="targets.lower", tooltip="Lower the target"
        ),
        Binding("enter", "done", "Done", id="targets.done", tooltip="Keep these targets"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Keep the old targets"),
    ]
    """
    | Key | Description |
    | :- | :- |
    | up/down | Move between areas. |
    | right, + | Raise the highlighted area's target. |
    | left, - | Lower it. |
    | enter | Keep these targets. |
    | escape | Cancel. |
    """

    def __init__(self, targets: tuple[AreaTarget, ...], max_level: int) -> None:
        super().__init__()
        self._targets = targets
        self._max_level = max_level
        self.levels = {target.area.id: target.target for target in targets}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Targets by area", classes="dialog-title")
            yield OptionList(
                *(
                    Option(target_prompt(t, self.levels[t.area.id]), id=t.area.id)
                    for t in self._targets
                ),
                id="targets",
            )
            yield Label(
                "←/→ change the target · Enter keeps them · Esc cancels", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        options = self.query_one("#targets", OptionList)
        options.highlighted = 0
        options.focus()

    def action_change(self, step: int) -> None:
        options = self.query_one("#targets", OptionList)
        index = options.highlighted
        if index is None:
            return
        target = self._targets[index]
        level = max(0, min(self.levels[target.area.id] + step, self._max_level))
        self.levels[target.area.id] = level
        options.replace_option_prompt_at_index(index, target_prompt(target, level))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        self.dismiss(dict(self.levels))

    def action_cancel(self) -> None:
        self.dismiss(None)
