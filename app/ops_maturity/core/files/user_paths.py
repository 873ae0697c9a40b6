"""Turn a path a user typed (on the command line, in a form, or in an assessment's `path` field)
into a `Path`, or a clear error.

`Path("~nosuchuser/x").expanduser()` raises RuntimeError and a NUL byte makes every OS call raise
ValueError; both used to escape as tracebacks. Every user-given path goes through `user_path`.
"""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.text import escape_for_terminal


class InvalidPathError(OpsMaturityError):
    """A typed path cannot name a file. `reason` is the explanation without the path."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"{escape_for_terminal(text)}: {reason}")


def user_path(text: str | Path, relative_to: Path | None = None) -> Path:
    """The path `text` names, with `~` and `~user` expanded, joined to `relative_to` when it is
    relative. Raises InvalidPathError for an empty path, a NUL character or an unknown `~user`."""
    raw = str(text)
    if not raw.strip():
        raise InvalidPathError(raw, "the path is empty")
    if "\x00" in raw:
        raise InvalidPathError(raw, "a file name cannot contain a NUL character")
    try:
        path = Path(raw).expanduser()
    except (RuntimeError, KeyError):
        user = raw[1:].split("/", 1)[0]
        reason = (
            f"cannot expand '~{escape_for_terminal(user)}': no such user"
            if user
            else "cannot expand '~': the home folder is unknown"
        )
        raise InvalidPathError(raw, reason) from None
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    return path
