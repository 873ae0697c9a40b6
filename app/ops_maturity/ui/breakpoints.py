"""The breakpoint classes a screen will have at the app's size, to give it before it is composed.

Textual sets a screen's breakpoint classes ('-narrow', '-short', ...) on its first Resize, after
its widgets are mounted and styled, and a change of classes styles every widget on the screen
again: for the Assess screen, a few milliseconds of the first frame. A screen that starts with
the classes of its size finds nothing to change then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.screen import Screen


def _class_at(dimension: int, breakpoints: list[tuple[int, str]] | None) -> str:
    """The class of the largest breakpoint at or under `dimension` (as Textual picks it)."""
    for breakpoint, class_name in sorted(breakpoints or [], reverse=True):
        if dimension >= breakpoint:
            return class_name
    return ""


def breakpoint_classes(screen: type[Screen[Any]], size: Size) -> tuple[str, ...]:
    """The classes of `screen`'s own breakpoints at `size` (the app's)."""
    horizontal = _class_at(size.width, screen.HORIZONTAL_BREAKPOINTS)
    vertical = _class_at(size.height, screen.VERTICAL_BREAKPOINTS)
    return tuple(name for name in (horizontal, vertical) if name)
