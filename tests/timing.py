"""Tests wait for conditions, never for a fixed time, and move time themselves.

A fixed pause races the machine: under load a 0.4 s timer can fire before a 0.6 s pause is over
or long after it. `wait_for` (in a Pilot test) and `wait_until` (anywhere else) poll a condition
until it holds and fail, naming what they waited for, only after a generous timeout, so a slow
machine makes a test slower, never wrong. `ManualClock` is a clock for `make_app(clock=...)`
that stands still until the test moves it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

DEFAULT_TIMEOUT = 30.0
"""Seconds. Far above what any condition needs on a quiet machine, well under pytest-timeout."""
POLL_INTERVAL = 0.02


async def wait_for(
    condition: Callable[[], object],
    what: str,
    *,
    pilot: Pilot[Any] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> None:
    """Return once `condition()` is true, letting the app run between checks (through `pilot`
    when given). Raises AssertionError saying `what` did not happen within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what} after {timeout:g} s")
        if pilot is not None:
            await pilot.pause(POLL_INTERVAL)
        else:
            await asyncio.sleep(POLL_INTERVAL)


def wait_until(
    condition: Callable[[], object], what: str, *, timeout: float = DEFAULT_TIMEOUT
) -> None:
    """`wait_for` for code outside an event loop: threads, subprocesses, files appearing."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what} after {timeout:g} s")
        time.sleep(POLL_INTERVAL)


class ManualClock:
    """A monotonic clock that moves only when the test calls `advance`."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
