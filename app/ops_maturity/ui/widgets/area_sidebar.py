"""The sidebar of the Assess screen: every area with its progress and its current gated level.

An OptionList (line API), one option per area, rebuilt from the score after each answer: areas
are few, so this stays cheap. Area names come from the questionnaire and are shown as data.
It takes no keyboard focus, so the Assess screen's keys always reach the screen; a click on an
area asks the screen to jump there.
"""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ops_maturity.core.model.scoring import AreaScore, AssessmentScore
from ops_maturity.ui.text import literal_line


def area_progress_line(area_score: AreaScore) -> Content:
    """'3/8 answered · Level 1' for one area; the count turns green once all are answered."""
    total = len(area_score.area.questions)
    done = area_score.answered == total
    return Content.assemble(
        (f"{area_score.answered}/{total} answered", "$text-success" if done else "dim"),
        " · ",
        (f"Level {area_score.level}", "bold"),
    )


def area_prompt(area_score: AreaScore) -> Content:
    """An area's name over its progress line."""
    return Content.assemble(
        literal_line(area_score.area.name, "bold"),
        "\n",
        area_progress_line(area_score),
    )


class AreaSidebar(OptionList):
    """Lists areas with answered/total and level; highlights the current area."""

    can_focus = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._shown: dict[str, tuple[int, int]] = {}
        """Per area, the (answered, level) its line shows now."""

    class AreaChosen(Message):
        """An area was clicked in the sidebar."""

        def __init__(self, sidebar: AreaSidebar, area_id: str) -> None:
            super().__init__()
            self.sidebar = sidebar
            self.area_id = area_id

        @property
        def control(self) -> AreaSidebar:
            return self.sidebar

    def show_score(self, score: AssessmentScore, current_area_id: str) -> None:
        """Show `score` and mark the current area, redrawing only the areas that changed."""
        shown = {area_score.area.id: area_score for area_score in score.areas}
        if [option.id for option in self.options] != list(shown):
            self.clear_options()
            self.add_options(
                Option(area_prompt(area_score), id=area_score.area.id) for area_score in score.areas
            )
            self._shown = {
                area_score.area.id: (area_score.answered, area_score.level)
                for area_score in score.areas
            }
        for area_id, area_score in shown.items():
            progress = (area_score.answered, area_score.level)
            if self._shown.get(area_id) != progress:
                self.replace_option_prompt(area_id, area_prompt(area_score))
                self._shown[area_id] = progress
        index = self.get_option_index(current_area_id)
        if self.highlighted != index:
            self.highlighted = index
            self.scroll_to_highlight()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.AreaChosen(self, event.option.id))
