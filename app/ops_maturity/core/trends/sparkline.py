"""Unicode sparklines (▁▂▃▄▅▆▇█) and trend arrows (↑ ↓ →) for levels over time. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Sequence

SPARK_CHARACTERS = "▁▂▃▄▅▆▇█"
MISSING = " "
"""Drawn where a level is unknown (an area that did not exist in that quarter)."""


def sparkline(levels: Sequence[int | None], max_level: int) -> str:
    """One character per level, scaled from 0 (▁) to `max_level` (█); None shows as a space."""
    top = len(SPARK_CHARACTERS) - 1
    characters = []
    for level in levels:
        if level is None:
            characters.append(MISSING)
            continue
        clamped = max(0, min(level, max_level))
        index = round(clamped * top / max_level) if max_level > 0 else 0
        characters.append(SPARK_CHARACTERS[index])
    return "".join(characters)


def trend_arrow(previous: int | None, current: int) -> str:
    """↑ when the level rose, ↓ when it fell, → when unchanged; '' without a previous level."""
    if previous is None:
        return ""
    if current > previous:
        return "↑"
    if current < previous:
        return "↓"
    return "→"
