"""The Assess screen's keys: every binding with an id (users remap them through the keymap,
`ui/keymap.py`), and how the digits are shown in the footer.

The digits answer in solo mode and vote for the highlighted participant in team mode: two sets of
bindings on the same keys and ids, of which `AssessScreen.check_action` enables one. The footer
shows the digits as one range: the current question's on the Assess screen ('1-2' on a yes/no
question), '1-5' elsewhere for a questionnaire whose largest scale has five choices
(`choice_keys_display`).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.ui.widgets.choice_list import CHOICE_KEYS, key_range

CHOICE_KEYS_DISPLAY = "1-9"
"""The digits' key display in BINDINGS; the app shows the open questionnaire's range instead."""


def choice_keys_display(questionnaire: Questionnaire) -> str:
    """'1-4' when the largest scale has four choices ('1' for one); at most '1-9'. The Assess
    screen shows its current question's own range instead (`AssessScreen.choice_keys_display`)."""
    return key_range(
        max((len(scale.choices) for scale in questionnaire.scales.values()), default=1)
    )


FOOTER_DROP_ORDER = (
    "app.toggle_presentation",
    "jump_to_area",
    "not_applicable",
    "previous",
    "edit_notes",
    "results",
)
"""What the Assess screen's footer leaves out first when its keys do not fit (80 columns): the
keys Help (F1) lists and the facilitator needs least often."""


ASSESS_BINDINGS: list[BindingType] = [
    *(
        Binding(
            key,
            f"answer({number})",
            "Answer",
            show=number == 1,
            key_display=CHOICE_KEYS_DISPLAY,
            id=f"assess.answer-{number}",
            tooltip=f"Answer with choice {number} of the scale",
        )
        for number, key in enumerate(CHOICE_KEYS, start=1)
    ),
    Binding(
        "n",
        "not_applicable",
        "N/A",
        id="assess.not-applicable",
        tooltip="Mark not applicable (asks for a reason); in team mode, a vote",
    ),
    Binding(
        "question_mark",
        "dont_know",
        "Don't know",
        show=False,
        key_display="?",
        id="assess.dont-know",
        tooltip="Answer don't know; it is listed for follow-up. In team mode, a vote",
    ),
    Binding(
        "left,pageup",
        "previous",
        "Move",
        key_display="←→",
        id="assess.previous",
        tooltip="Previous question (PageUp too, for presenter remotes)",
    ),
    Binding(
        "right,pagedown",
        "next",
        "Next",
        show=False,
        key_display="→",
        id="assess.next",
        tooltip="Next question (PageDown too, for presenter remotes)",
    ),
    Binding("e", "edit_notes", "Notes", id="assess.notes", tooltip="Edit notes and owner"),
    Binding("a", "jump_to_area", "Areas", id="assess.areas", tooltip="Jump to another area"),
    Binding(
        "u",
        "next_unanswered",
        "Unanswered",
        show=False,
        id="assess.next-unanswered",
        tooltip="Go to the next unanswered question",
    ),
    Binding("r", "results", "Results", id="assess.results", tooltip="Levels and roadmap"),
    Binding(
        "g",
        "guidance",
        "Guidance",
        show=False,  # the footer has no room at 80 columns: F1 and the README list it
        id="assess.guidance",
        tooltip="How to do better: this practice's guidance, and its choices' (Markdown)",
    ),
    Binding(
        "p",
        "app.toggle_presentation",
        "Present",
        id="assess.presentation",
        tooltip="Presentation mode for projectors: no sidebar, high contrast",
    ),
    Binding(
        "v",
        "reveal",
        "Reveal",
        id="assess.reveal",
        tooltip="Team mode: reveal the votes (the team's answer becomes their median), or hide them",
    ),
    Binding(
        "o",
        "override",
        "Override",
        id="assess.override",
        tooltip="Team mode: set the team's answer yourself (then a choice key); o o returns to the median",
    ),
    Binding(
        "x,minus",
        "absent",
        "Absent",
        show=False,
        key_display="x",
        id="assess.absent",
        tooltip="Team mode: the highlighted participant abstains or is absent (not a vote)",
    ),
    Binding(
        "backspace,delete",
        "clear_vote",
        "Clear vote",
        show=False,
        id="assess.clear-vote",
        tooltip="Team mode: remove the highlighted participant's vote",
    ),
    Binding(
        "escape",
        "cancel_override",
        "Cancel",
        show=False,
        id="assess.cancel-override",
        tooltip="Team mode: cancel an override",
    ),
    Binding(
        "t",
        "switch_mode",
        "Team/solo",
        show=False,
        id="assess.switch-mode",
        tooltip="Switch between team mode (a vote per participant) and solo mode (one answer); "
        "asks first",
    ),
    Binding(
        "d",
        "flag_discussion",
        "Discuss",
        show=False,
        id="assess.discuss",
        tooltip="Flag this question for discussion, or unflag it (listed in the palette, "
        "the report and the roadmap's order)",
    ),
    Binding("f1", "help", "Help", id="assess.help", tooltip="List every key"),
    Binding(
        "up",
        "scroll_question(-1)",
        show=False,
        id="assess.scroll-up",
        tooltip="Scroll up; in team mode, the participant above",
    ),
    Binding(
        "down",
        "scroll_question(1)",
        show=False,
        id="assess.scroll-down",
        tooltip="Scroll down; in team mode, the participant below",
    ),
    # Team mode: the same keys (and ids, so one remap moves both) record the highlighted
    # participant's vote; `check_action` enables one set or the other, and the footer says which.
    *(
        Binding(
            key,
            f"vote({number})",
            "Vote",
            show=number == 1,
            key_display=CHOICE_KEYS_DISPLAY,
            id=f"assess.answer-{number}",
            tooltip=f"Team mode: the highlighted participant votes for choice {number}",
        )
        for number, key in enumerate(CHOICE_KEYS, start=1)
    ),
]
"""
| Key | Description |
| :- | :- |
| 1-9 | Answer with that choice of the scale (1 is the first, lowest choice); in team mode, the highlighted participant's vote. |
| n | Not applicable: asks for the reason (team mode: a vote). |
| ? | Don't know: listed for follow-up (team mode: a vote). |
| x, minus | Team mode: the highlighted participant is absent or abstains. |
| backspace, delete | Team mode: clear the highlighted participant's vote. |
| v | Team mode: reveal the votes, or hide them again. |
| o | Team mode: override the team's answer with the next choice key (o again: the median). |
| escape | Team mode: cancel an override. |
| t | Switch between team and solo mode (asks first). |
| d | Flag this question for discussion, or unflag it. |
| left, pageup | Previous question. |
| right, pagedown | Next question. |
| e | Edit the notes and owner of this question. |
| a | Jump to an area. |
| u | Next unanswered question. |
| r | Results: levels and roadmap. |
| g | Guidance: how to do better, as Markdown (the recommendation's `how`, each choice's). |
| p | Toggle presentation mode. |
| f1 | Help. |
| up, down | Scroll a long question; in team mode, move between participants. |
"""
