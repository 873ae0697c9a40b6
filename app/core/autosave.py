"""Save the open assessment after every change, and keep retrying when the disk refuses.

A thin layer over `assessment_store.save_assessment_atomically`: it remembers whether the
last save failed and why, so the app can warn plainly, keep every answer in memory and try again
on the next change or on a timer. It never raises for an OSError and never drops data. It does not
import Textual; the app decides how to show the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .assessment import Assessment
from .assessment_store import save_assessment_atomically
from .text import describe_os_error


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
    error: OSError | None = field(default=None, init=False)
    """The last save's error, or None when everything is on disk."""
    attempts: int = field(default=0, init=False)

    @property
    def pending(self) -> bool:
        """True when the file on disk is behind the answers in memory."""
        return self.error is not None

    @property
    def reason(self) -> str:
        return describe_os_error(self.error) if self.error is not None else ""

    def save(self) -> SaveOutcome:
        """Write the assessment now. Never raises OSError: the outcome says what happened."""
        was_failing = self.pending
        self.attempts += 1
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            save_assessment_atomically(self.assessment, self.path)
        except OSError as error:
            self.error = error
            return SaveOutcome.STILL_FAILING if was_failing else SaveOutcome.FAILED
        self.error = None
        return SaveOutcome.RECOVERED if was_failing else SaveOutcome.SAVED

    def retry(self) -> SaveOutcome | None:
        """Save again if the last save failed; None when there is nothing to retry."""
        return self.save() if self.pending else None
