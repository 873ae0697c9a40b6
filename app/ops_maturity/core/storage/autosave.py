"""Save the open assessment after every change, and keep retrying when the disk refuses.

A thin layer over `assessment_store.save_assessment_atomically`: it remembers whether the last
save failed and why, so the app can warn plainly, keep every answer in memory and try again on the
next change or on a timer. It never raises for an OSError or a refused save, and never drops data.

Before each save it checks that the file is still the one this session last read or wrote
(device, inode, size, modification time). If another program replaced or edited it, the save is
refused with `FileChangedError` instead of overwriting that work. A file deleted under the app is
simply written again. A read-only session (another session holds the lock) never writes, and a
file made read-only (`chmod 444`) or given a second name (a hard link) during the session is not
replaced (`atomic_file` refuses): the answers stay in memory until it may be.
Plain Python: it does not import Textual; the app decides how to show the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.files.atomic_file import FileStamp, file_stamp
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.storage.assessment_store import save_assessment_atomically
from ops_maturity.core.text import describe_os_error


class FileChangedError(OpsMaturityError):
    """The file on disk is no longer the one this session last read or wrote."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} was changed by another program since this session last saved it, "
            "so it was not overwritten. Move that file aside to save here again"
        )


class ReadOnlySessionError(OpsMaturityError):
    """This session opened the assessment read-only (another session holds it, or the file
    itself may not be replaced)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} is open read-only here")


class SaveOutcome(Enum):
    """What one save attempt changed, so the caller knows whether to tell the user."""

    SAVED = "saved"
    """Saved, as the previous attempt was."""
    RECOVERED = "recovered"
    """Saved after one or more failures: the warning can go."""
    FAILED = "failed"
    """Not saved, for the first time since the last success: warn."""
    STILL_FAILING = "still-failing"
    """Not saved, again: the warning stays."""


@dataclass
class AutoSaver:
    """Saves one assessment to one path, remembering failures until a save succeeds."""

    assessment: Assessment
    path: Path
    expected: FileStamp | None = None
    """The file as this session last read or wrote it (None: it did not exist)."""
    read_only: bool = False
    error: OSError | OpsMaturityError | None = field(default=None, init=False)
    """The last save's error, or None when everything is on disk."""
    attempts: int = field(default=0, init=False)
    due: bool = field(default=False, init=False)
    """A save is due that was not tried yet (a new or changed assessment is saved once on
    screen): `retry` makes it."""

    @property
    def pending(self) -> bool:
        """True when the file on disk is behind the answers in memory."""
        return self.error is not None

    @property
    def reason(self) -> str:
        if isinstance(self.error, OSError):
            return describe_os_error(self.error)
        return str(self.error) if self.error is not None else ""

    def save(self) -> SaveOutcome:
        """Write the assessment now. Never raises OSError: the outcome says what happened."""
        was_failing = self.pending
        self.attempts += 1
        self.due = False
        try:
            if self.read_only:
                raise ReadOnlySessionError(self.path)
            current = file_stamp(self.path)
            if current is not None and current != self.expected:
                raise FileChangedError(self.path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            written = save_assessment_atomically(self.assessment, self.path)
        except (OSError, OpsMaturityError) as error:
            self.error = error
            return SaveOutcome.STILL_FAILING if was_failing else SaveOutcome.FAILED
        self.expected = FileStamp.of(written)
        self.error = None
        return SaveOutcome.RECOVERED if was_failing else SaveOutcome.SAVED

    def retry(self) -> SaveOutcome | None:
        """Save again if the last save failed, or if a save is `due`; None when there is
        nothing to save."""
        return self.save() if self.pending or self.due else None
