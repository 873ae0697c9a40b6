"""The project's error types share one base class, so callers can catch everything the core raises
on purpose with one `except OpsMaturityError` and let real bugs surface as tracebacks in tests.

Must not import anything from the UI or the CLI.
"""

from __future__ import annotations


class OpsMaturityError(Exception):
    """Base class for every error ops-maturity raises deliberately, with a message fit for users."""
