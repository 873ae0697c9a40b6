"""Toasts that stay with the screen they are about.

Textual's notifications belong to the whole app: a toast raised on the Assess screen ("Assessment
complete") would stay over the Results screen the facilitator opens next. Here each toast
remembers the screen it was raised on (the screen under any dialog), and when another full
screen takes its place, the toasts of other screens are dismissed. A dialog over a screen keeps
its toasts, and errors (a save that failed) follow the facilitator everywhere: they concern the
whole session. Only Textual's public API: `Notification`, the `Notify` message,
`App.clear_notifications` and `App.screen_change_signal`; the app hands every toast to
`ScreenToasts.raised` from its `on_notify` handler.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.notifications import Notification, Notify
from textual.screen import ModalScreen, Screen


def base_screen(app: App[Any]) -> Screen[Any] | None:
    """The screen the facilitator is on: the topmost one that is not a dialog."""
    return next((s for s in reversed(app.screen_stack) if not isinstance(s, ModalScreen)), None)


class ScreenToasts:
    """Remembers which screen each toast was raised on, and dismisses it when that screen goes."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._raised_on: dict[str, tuple[Notification, Screen[Any] | None]] = {}

    def raised(self, notification: Notification) -> None:
        """A toast was raised (`App.on_notify`): it belongs to the screen the facilitator is on."""
        self._forget_expired()
        self._raised_on[notification.identity] = (notification, base_screen(self._app))

    def screen_changed(self, screen: Screen[Any]) -> None:
        """Another screen is current: a dialog keeps every toast; a full screen dismisses the
        toasts raised on other screens (errors stay)."""
        if isinstance(screen, ModalScreen):
            return
        self._forget_expired()
        kept = {
            identity: (notification, owner)
            for identity, (notification, owner) in self._raised_on.items()
            if owner is screen or owner is None or notification.severity == "error"
        }
        if len(kept) == len(self._raised_on):
            return
        self._raised_on = kept
        self._app.clear_notifications()
        for notification, _ in kept.values():
            self._app.post_message(Notify(notification))

    def _forget_expired(self) -> None:
        self._raised_on = {
            identity: entry
            for identity, entry in self._raised_on.items()
            if not entry[0].has_expired
        }
