"""Command palette providers: what the palette offers on each screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.command import Provider


def palette_commands() -> type[Provider]:
    """The app's palette provider, imported only when the palette first opens."""
    from ops_maturity.ui.providers.commands import OpsMaturityCommands

    return OpsMaturityCommands
