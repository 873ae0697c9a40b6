"""The questions the app asks before it does something that cannot be undone, as `ConfirmDialog`s.

Each function builds one confirmation with its texts, buttons and keys; the screen that asks
pushes it and acts on the bool it dismisses with. Every name and path in a message is literal
`Content` (control characters stripped), never markup. Each has a screen id, so tests and
callers can tell which question is on screen.
"""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from ops_maturity.ui.dialogs.confirm import Choice, ConfirmDialog
from ops_maturity.ui.text import literal, literal_line

LOCKED = "locked"
UNSAVED_QUIT = "unsaved-quit"
REPLACE_REMOTE_VOTE = "replace-remote-vote"
OVERWRITE_FILE = "overwrite-file"
SWITCH_MODE = "switch-mode"


def locked_dialog(message: str, *, can_open: bool = True) -> ConfirmDialog:
    """Another session holds the assessment: open it read-only (True) or go back (False).

    `message` names the holder (process, host, since when) and the lock file to delete if that
    session is gone. A file that does not exist yet cannot be opened, so then only Back is offered.
    """
    return ConfirmDialog(
        "Open in another session",
        literal(message),
        note="You can read it here, read-only: answers cannot be changed in this window."
        if can_open
        else "",
        confirm=Choice("Open read-only", "primary") if can_open else None,
        decline=Choice("Back"),
        warning=True,
        confirm_first=True,
        focus="confirm",
        id=LOCKED,
    )


def unsaved_quit_dialog(path: Path, reason: str) -> ConfirmDialog:
    """The latest answers are not on disk: quit and lose them (True) or stay (False, the default:
    the app keeps retrying the save while it stays open)."""
    return ConfirmDialog(
        "Answers not saved",
        Content.assemble(
            "The latest answers could not be written to ",
            literal_line(str(path), "bold"),
            ": ",
            literal_line(reason),
            ".\n\nIf you quit now they are lost. Stay, free some space or fix the folder's "
            "permissions, and the app saves them on its next try.",
        ),
        confirm=Choice("Quit and lose them", "error"),
        decline=Choice("Stay", "primary"),
        warning=True,
        id=UNSAVED_QUIT,
    )


def replace_remote_vote_dialog(name: str, their_vote: str, replacement: str) -> ConfirmDialog:
    """The facilitator's key would replace a vote a participant cast from their own device: it
    never does so silently. True replaces it; False (the default) keeps it."""
    return ConfirmDialog(
        "Replace a remote vote?",
        Content.assemble(
            literal_line(name, "bold"),
            " voted ",
            literal_line(their_vote, "bold"),
            " from their own device. Replace it with ",
            literal_line(replacement, "bold"),
            "? Their page will show the change.",
        ),
        confirm=Choice("Replace it", "warning"),
        decline=Choice(Content.assemble("Keep ", literal_line(name), "'s vote"), "primary"),
        warning=True,
        id=REPLACE_REMOTE_VOTE,
    )


def overwrite_file_dialog(path: Path) -> ConfirmDialog:
    """A file is already there: replace it (True, `y`) or keep it (False, `n`, the default)."""
    return ConfirmDialog(
        "File exists",
        Content.assemble(literal_line(str(path), "bold"), " already exists. Replace it?"),
        confirm=Choice("Replace (y)", "warning"),
        decline=Choice("Keep it (n)", "primary"),
        confirm_first=True,
        yes_key=True,
        id=OVERWRITE_FILE,
    )


def switch_mode_dialog(to_team: bool, votes_recorded: int) -> ConfirmDialog:
    """`t` on the Assess screen (or the palette): switch between team and solo mode (True, `y`)
    or stay (False, `n`, the default). Asked every time: on the Results screen `t` sets targets,
    and a facilitator who thinks they are there must not lose team mode by a key press."""
    if to_team:
        title = "Switch to team mode?"
        message = (
            "Each participant votes on every question, hidden until you reveal them (v); the "
            "team's answer is the median of the votes."
        )
        confirm = "Team mode (y)"
    else:
        title = "Switch to solo mode?"
        kept = (
            f" The votes already recorded ({votes_recorded} question"
            f"{'' if votes_recorded == 1 else 's'}) stay in the file."
            if votes_recorded
            else ""
        )
        message = "The digits will answer each question directly, with no votes." + kept
        confirm = "Solo mode (y)"
    return ConfirmDialog(
        title,
        Content(message),
        note="t again, or the palette's Switch team/solo mode, changes it back.",
        confirm=Choice(confirm, "warning"),
        decline=Choice("Stay (n)", "primary"),
        confirm_first=True,
        yes_key=True,
        id=SWITCH_MODE,
    )
