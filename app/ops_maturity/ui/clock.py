"""The clock the app's timers read: monotonic seconds, injectable so that tests control time.

The answer-delay timer (a `ClockAlarm`) and the timebox countdown ask the app's clock
(`OpsMaturityApp.clock`) what time it is, never `time.monotonic()` directly. Textual's timers
still wake the screen, but only the clock decides whether the moment has come, so a test that
passes its own clock to `make_app` and moves it forward decides when an answer moves on or a
countdown ends, however slow the machine is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.message_pump import MessagePump
    from textual.timer import Timer

Clock = Callable[[], float]
"""Seconds on a monotonic scale: `time.monotonic` unless a test gives another."""


class ClockAlarm:
    """Calls back once, when the clock reaches a moment; setting it again replaces the moment.

    Textual's timer only wakes it to ask the clock, so a test that moves its own clock decides
    when the callback runs, however slow the machine is.
    """

    def __init__(self, owner: MessagePump, clock: Clock) -> None:
        self._owner = owner
        self._clock = clock
        self._timer: Timer | None = None

    def set(self, delay: float, callback: Callable[[], object]) -> None:
        """Run `callback` after `delay` seconds on the clock (at once when `delay` <= 0)."""
        self.cancel()
        self._ring_at(self._clock() + delay, callback)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _ring_at(self, due: float, callback: Callable[[], object]) -> None:
        self._timer = None
        remaining = due - self._clock()
        if remaining <= 0:
            callback()
        else:
            self._timer = self._owner.set_timer(remaining, lambda: self._ring_at(due, callback))
