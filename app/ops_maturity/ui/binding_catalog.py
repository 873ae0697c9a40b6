"""Every key binding of the UI, read from the `BINDINGS` of the classes that declare them.

The Help screen lists them, the keymap file is checked against them (`ui/keymap.py`) and
docs/keys.md lists their ids; none of them holds a list of keys of its own. `BINDING_MODULES`
names the modules that declare bindings (a test checks that no other UI module does), so reading
them imports only what has keys: the formatted report's Markdown widgets are not loaded.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

_UI_PACKAGE = __name__.rsplit(".", 1)[0]
"""The `ui` package's full name, whatever the installed package is called."""

SCREEN_MODULES = tuple(
    f"{_UI_PACKAGE}.screens.{name}" for name in ("start", "assess", "results", "report", "help")
)
"""Screen modules in the order a session meets them; listed first, in this order."""

BINDING_MODULES = (
    *SCREEN_MODULES,
    *(
        f"{_UI_PACKAGE}.dialogs.{name}"
        for name in (
            "area_picker",
            "area_summary",
            "confirm",
            "guidance",
            "not_applicable",
            "notes",
            "remote_join",
            "save_report",
            "session_plan",
            "targets",
        )
    ),
    f"{_UI_PACKAGE}.widgets.multi_select",
)
"""Every UI module that declares bindings: screens in session order, dialogs, then widgets."""

EVERYWHERE = "Everywhere"


@dataclass(frozen=True)
class BindingEntry:
    """One remappable binding: its id, where it works, its default keys, and what it does."""

    id: str
    places: tuple[str, ...]
    """Where it works: 'Assess', 'Confirm dialog', ... (`dialog.cancel` works in several)."""
    keys: tuple[str, ...]
    description: str
    tooltip: str


def readable_class_name(cls: type) -> str:
    """'AssessScreen' -> 'Assess', 'ConfirmDialog' -> 'Confirm dialog'."""
    name = cls.__name__.removesuffix("Screen") or cls.__name__
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", name) or [name]
    return " ".join([words[0], *(word.lower() for word in words[1:])])


def _modules() -> Iterator[ModuleType]:
    for name in BINDING_MODULES:
        yield importlib.import_module(name)


def declared_in(module: ModuleType) -> Iterator[type[DOMNode]]:
    """Screens and widgets defined in `module` that declare their own BINDINGS."""
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, DOMNode)
            and value.__module__ == module.__name__
            and "BINDINGS" in value.__dict__
        ):
            yield value


def binding_classes() -> list[type[DOMNode]]:
    """The classes with bindings: the screens in session order, then the dialogs."""
    classes = [cls for module in _modules() for cls in declared_in(module)]
    screens = [
        cls
        for cls in classes
        if issubclass(cls, Screen)
        and cls.__module__ in SCREEN_MODULES
        and cls.__name__.endswith("Screen")
    ]
    return [*screens, *(cls for cls in classes if cls not in screens)]


def app_wide_bindings(app: App[Any] | type[App[Any]]) -> list[BindingType]:
    """The keys that work on every screen: the app's own, the palette's and the screens'."""
    app_class = app if isinstance(app, type) else type(app)
    bindings: list[BindingType] = []
    for cls in reversed(app_class.__mro__):
        if issubclass(cls, App) and "BINDINGS" in cls.__dict__:
            bindings.extend(cls.__dict__["BINDINGS"])
    if app_class.ENABLE_COMMAND_PALETTE:
        bindings.append(
            Binding(
                app_class.COMMAND_PALETTE_BINDING,
                "command_palette",
                "Commands",
                key_display=app_class.COMMAND_PALETTE_DISPLAY,
                tooltip="Jump to an area or a question, show results, export, switch theme",
            )
        )
    bindings.extend(Screen.BINDINGS)
    return bindings


def binding_groups(app: App[Any] | type[App[Any]]) -> list[tuple[str, list[Binding]]]:
    """Each place keys work ('Assess', 'Confirm dialog', ..., 'Everywhere') with its bindings,
    system bindings left out."""
    groups = [
        (readable_class_name(cls), list(Binding.make_bindings(cls.BINDINGS)))
        for cls in binding_classes()
    ]
    groups.append((EVERYWHERE, list(Binding.make_bindings(app_wide_bindings(app)))))
    return [(where, [b for b in bindings if not b.system]) for where, bindings in groups]


def binding_catalog(app: App[Any] | type[App[Any]]) -> dict[str, BindingEntry]:
    """Every binding id, in the order the Help screen lists them, with its default keys (as
    declared where it is first met) and every place it works."""
    catalog: dict[str, BindingEntry] = {}
    for where, bindings in binding_groups(app):
        for binding in bindings:
            if binding.id is None:
                continue
            entry = catalog.get(binding.id)
            if entry is None:
                entry = BindingEntry(binding.id, (), (), binding.description, binding.tooltip)
            places = entry.places if where in entry.places else (*entry.places, where)
            keys = entry.keys
            if where == places[0] and binding.key not in keys:
                keys = (*keys, binding.key)
            catalog[binding.id] = BindingEntry(
                entry.id, places, keys, entry.description, entry.tooltip
            )
    return catalog
