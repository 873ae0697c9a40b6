"""The clock the app's timers read: monotonic seconds, injectable so that tests control time.

The answer-delay timer and the timebox countdown ask the app's clock (`OpsMaturityApp.clock`)
what time it is, never `time.monotonic()` directly. Textual's timers still wake the screen, but
only the clock decides whether the moment has come, so a test that passes its own clock to
`make_app` and moves it forward decides when an answer moves on or a countdown ends, however slow
the machine is.
"""

from __future__ import annotations

from collections.abc import Callable

Clock = Callable[[], float]
"""Seconds on a monotonic scale: `time.monotonic` unless a test gives another."""
