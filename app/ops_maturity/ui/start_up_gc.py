"""Make Python's cyclic garbage collector run less often while the app starts, and let the thread
that writes to the terminal take its turn sooner.

Importing Textual and building the first screen create hundreds of thousands of long-lived objects
and almost no garbage, yet with the default thresholds the collector walks them all again and
again: about a sixth of the time to the first screen. `relax_collection_for_start_up` (called
when `ops_maturity.ui` is imported, before Textual is) makes collections rarer;
`restore_collection_after_start_up` (called once the first screen is drawn) moves everything
alive by then out of the collector's way with `gc.freeze()` and restores the normal thresholds.

Textual hands each frame to a thread that writes it to the terminal. That thread needs the GIL,
and while the app is still busy (the first screen's later frames) Python makes it wait up to
its switch interval, 5 ms, each time: a first frame reached the terminal up to 10 ms after it
was drawn. Until start-up is over the interval is `START_UP_SWITCH_INTERVAL` instead.
"""

from __future__ import annotations

import gc
import sys

START_UP_THRESHOLD = (500_000, 50, 100)
"""Collector thresholds while starting: a young collection every 500,000 allocations, not 700:
none happens before the first screen, and nothing of what start-up made is ever walked."""

START_UP_SWITCH_INTERVAL = 0.0005
"""Seconds a thread waiting for the GIL waits at most while the app starts (Python's default:
0.005)."""

_normal_threshold: tuple[int, int, int] | None = None
_normal_switch_interval = 0.005


def relax_collection_for_start_up() -> None:
    """Raise the collector's thresholds until `restore_collection_after_start_up`."""
    global _normal_threshold, _normal_switch_interval
    if _normal_threshold is None:
        _normal_threshold = gc.get_threshold()
        gc.set_threshold(*START_UP_THRESHOLD)
        _normal_switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(START_UP_SWITCH_INTERVAL)


def restore_collection_after_start_up() -> None:
    """Freeze the objects start-up made (they live as long as the app), restore the thresholds
    and the switch interval."""
    global _normal_threshold
    if _normal_threshold is not None:
        gc.freeze()
        gc.set_threshold(*_normal_threshold)
        _normal_threshold = None
        sys.setswitchinterval(_normal_switch_interval)
