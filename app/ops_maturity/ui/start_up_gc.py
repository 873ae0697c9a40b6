"""Make Python's cyclic garbage collector run less often while the app starts.

Importing Textual and building the first screen create hundreds of thousands of long-lived objects
and almost no garbage, yet with the default thresholds the collector walks them all again and
again: about a sixth of the time to the first screen. `relax_collection_for_start_up` (called
when `ops_maturity.ui` is imported, before Textual is) makes collections rarer;
`restore_collection_after_start_up` (called once the first screen is drawn) moves everything
alive by then out of the collector's way with `gc.freeze()` and restores the normal thresholds.
"""

from __future__ import annotations

import gc

START_UP_THRESHOLD = (500_000, 50, 100)
"""Collector thresholds while starting: a young collection every 500,000 allocations, not 700:
none happens before the first screen, and nothing of what start-up made is ever walked."""

_normal_threshold: tuple[int, int, int] | None = None


def relax_collection_for_start_up() -> None:
    """Raise the collector's thresholds until `restore_collection_after_start_up`."""
    global _normal_threshold
    if _normal_threshold is None:
        _normal_threshold = gc.get_threshold()
        gc.set_threshold(*START_UP_THRESHOLD)


def restore_collection_after_start_up() -> None:
    """Freeze the objects start-up made (they live as long as the app) and restore thresholds."""
    global _normal_threshold
    if _normal_threshold is not None:
        gc.freeze()
        gc.set_threshold(*_normal_threshold)
        _normal_threshold = None
