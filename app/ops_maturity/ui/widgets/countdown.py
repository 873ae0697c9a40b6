"""The timebox of team mode: a countdown per question ('⏱ 0:42'), then "Time's up".

It reads the time from the clock it is given (the app's injectable clock, `ui/clock.py`), never
from `time.monotonic()` directly: its timer only wakes it four times a second to ask the clock,
so a test that moves its own clock decides when time is up, however slow the machine is. It
redraws only when the text changes, and posts `Countdown.TimeUp` once per question. It never
reveals or advances anything: the facilitator decides. Hidden while it is not counting.
"""

from __future__ import annotations

import math

from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from ops_maturity.ui.clock import Clock

TICK_SECONDS = 0.25
"""How often the clock is read: the countdown never lags it by more than this."""

TIME_UP = "Time's up: reveal when ready"


def countdown_text(remaining: float) -> str:
    """'1:30', '0:05', then TIME_UP once no whole second is left."""
    seconds = math.ceil(remaining)
    if seconds <= 0:
        return TIME_UP
    return f"{seconds // 60}:{seconds % 60:02d}"


class Countdown(Static):
    """'⏱ 0:42' while counting down; "⏱ Time's up: reveal when ready" after."""

    # Styled in the Assess screen's TCSS (the '-time-up' class in the warning colour): a
    # DEFAULT_CSS of its own would make Textual parse a new style sheet at start-up.

    class TimeUp(Message):
        """The time set for this question has run out (posted once per `start`)."""

        def __init__(self, countdown: Countdown) -> None:
            super().__init__()
            self.countdown = countdown

        @property
        def control(self) -> Countdown:
            return self.countdown

    def __init__(self, clock: Clock, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False
        self._clock = clock
        self._deadline: float | None = None
        self._shown = ""
        self._told = False
        self._ticker: Timer | None = None

    @property
    def counting(self) -> bool:
        """True from `start` until `stop` (time's up included)."""
        return self._deadline is not None

    @property
    def text(self) -> str:
        """What it shows now ('' when it is not counting)."""
        return self._shown

    def start(self, seconds: float) -> None:
        """Count down `seconds` from now on the clock."""
        self._deadline = self._clock() + seconds
        self._told = False
        self.display = True
        if self._ticker is None:
            self._ticker = self.set_interval(TICK_SECONDS, self.tick, name="timebox countdown")
        self._redraw()

    def stop(self) -> None:
        """Stop and hide (the votes are revealed: the time was for voting, not the discussion)."""
        self._deadline = None
        self._shown = ""
        self.display = False
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    def tick(self) -> None:
        """Redraw when the shown time changes; say once when time is up.

        While another screen covers this one it waits, so time's up is told when the
        facilitator is back."""
        if self._deadline is None or not self.screen.is_current:
            return
        if self._redraw() and not self._told:
            self._told = True
            self.post_message(self.TimeUp(self))

    def _redraw(self) -> bool:
        """Show the time left (only when the text changes); True once time is up."""
        assert self._deadline is not None
        text = countdown_text(self._deadline - self._clock())
        if text != self._shown:
            self._shown = text
            self.set_class(text == TIME_UP, "-time-up")
            self.update(f"⏱ {text}")
        return text == TIME_UP
