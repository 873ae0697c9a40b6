"""A bundled example in the app: why it is read-only, and the palette's copy to work on.

`run --resume examples/X.toml` opens one of ops-maturity's bundled examples read-only (the core
decides: `Session.bundled_example`), so the clone is never changed: no answer saved into it, no
lock file beside it. The warning above the progress row says so and how to go on; the palette's
"Copy this example to the assessments folder" copies it there (`session.copy_example`, never
over an earlier copy) and opens the copy, where every answer is saved as usual.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ops_maturity.core.storage.session import (
    OpenError,
    Session,
    copy_example,
    open_assessment_file,
)

if TYPE_CHECKING:
    from ops_maturity.ui.app import OpsMaturityApp

COPY_COMMAND = "Copy this example to the assessments folder"


def read_only_note(session: Session, folder: Path) -> str:
    """Why `session` is read-only, in a sentence or two; for an example, how to work on it."""
    if session.bundled_example:
        return (
            f"{session.path} is one of ops-maturity's bundled examples, kept as it is. To "
            f"work on it, copy it to {folder}/: ctrl+p, then '{COPY_COMMAND}'."
        )
    return f"{session.path}: {session.read_only_reason}."


def copy_open_example(app: OpsMaturityApp) -> None:
    """Copy the open example to the app's assessments folder and continue there; an earlier
    copy is opened as it is, with its answers. Says which, or why it could not."""
    session = app.session
    if session is None or not session.bundled_example:
        return
    try:
        path, copied = copy_example(session, app.options.folder)
        opened = open_assessment_file(path)
    except OpenError as error:
        app.notify("\n".join(error.messages), title="Not copied", severity="error", markup=False)
        return
    app.open_session(opened, announce_resume=False)
    app.notify(
        f"Copied to {path}: answers are saved there."
        if copied
        else f"{path} already holds a copy of this example: opened it, with its answers.",
        title="Copied" if copied else "Earlier copy opened",
        timeout=8,
        markup=False,
    )
