"""Keys the user remaps: a small TOML file of binding ids and keys, checked before the app starts.

    # ~/.config/ops-maturity/keys.toml (or `ops-maturity run --keys FILE`)
    [keys]
    assess.reveal = "space"
    assess.results = ["r", "f5"]

Each entry gives one binding (by the id in its `Binding`, listed in docs/keys.md) one or more
keys, replacing its defaults; the app hands the mapping to Textual (`App.set_keymap`), so the
footer shows the new keys, and the Help screen lists them (`remapped`). The file is read like
every other file (bounded in size, a regular file only) and checked as a whole: unknown binding
ids (with the nearest real one suggested), keys Textual does not know, and a key already taken
by another binding on the same screen are each reported as `path:line:col: message`, all at
once, never as a traceback. The bindings are read from the UI (`binding_catalog`) only when a
file has entries, so a start-up without one loads nothing more.
"""

from __future__ import annotations

import difflib
import os
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

from ops_maturity.core.files.bounded_read import UnreadableFileError, read_bytes_bounded
from ops_maturity.core.parsing.toml_positions import KeyPath
from ops_maturity.core.parsing.validation import (
    Field,
    FileProblem,
    InvalidFileError,
    TomlDocument,
    parse_toml_document,
)

KEYS_FILE_NAME = "keys.toml"
KEYS_FILE_MAX_BYTES = 64_000
"""A keymap names a few dozen bindings; anything larger is refused before it is parsed."""
MAX_KEYS_PER_BINDING = 8

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(
    name
    for name in (key.value.rpartition("+")[2] for key in Keys)
    if len(name) > 1 and not name.startswith("<")
) | frozenset(KEY_NAME_REPLACEMENTS.values())


def default_keys_path(environment: Mapping[str, str] | None = None) -> Path:
    """`$XDG_CONFIG_HOME/ops-maturity/keys.toml`, or `~/.config/ops-maturity/keys.toml`."""
    environment = os.environ if environment is None else environment
    config_home = environment.get("XDG_CONFIG_HOME", "")
    base = Path(config_home) if Path(config_home).is_absolute() else Path.home() / ".config"
    return base / "ops-maturity" / KEYS_FILE_NAME


def key_problem(key: str) -> str | None:
    """Why `key` is not a key Textual can bind ('ctrl+s', 'f5', 'question_mark', '?'), or None."""
    if not key or key != key.strip():
        return f"'{key}' is not a key: no spaces around keys (the space bar is 'space')"
    *modifiers, name = key.split("+") if len(key) > 1 else [key]
    unknown = [modifier for modifier in modifiers if modifier not in MODIFIERS]
    if unknown:
        allowed = ", ".join(sorted(MODIFIERS))
        return f"'{key}' is not a key: '{unknown[0]}' is not a modifier ({allowed})"
    if len(set(modifiers)) != len(modifiers):
        return f"'{key}' is not a key: a modifier is repeated"
    if len(name) == 1:
        if name.isprintable() and not name.isspace():
            return None
    elif name in _NAMED_KEYS or key_to_character(name) is not None:
        return None
    return (
        f"'{key}' is not a key Textual knows: use a character ('r', '?'), a name ('f5', "
        "'space', 'enter', 'pageup', 'question_mark'), with modifiers as in 'ctrl+s'"
    )


def normal_key(key: str) -> str:
    """One spelling per key, as Textual's keymap makes it: '?' is 'question_mark', '+' 'plus'."""
    if len(key) != 1 or key.isalnum():
        return key
    try:
        name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return key
    return KEY_NAME_REPLACEMENTS.get(name, name)


def _entries(value: object, path: KeyPath) -> Iterator[tuple[str, KeyPath, object]]:
    """The [keys] table's entries as (binding id, where, value): dotted ids such as
    `assess.reveal = ...` are nested tables in TOML, and are joined back into one id."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _entries(inner, (*path, key))
    else:
        yield ".".join(str(part) for part in path[1:]), path, value


def _keys_of(
    document: TomlDocument, path: KeyPath, binding_id: str, value: object
) -> tuple[str, ...] | None:
    """The keys an entry gives (a string, comma-separated keys, or an array of strings)."""
    if isinstance(value, str):
        keys = [key.strip() for key in value.split(",")] if value.strip() else []
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        keys = list(value)
    else:
        document.problem(path, f'{binding_id} must be a key, such as "f5", or an array of keys')
        return None
    if not keys:
        document.problem(path, f"{binding_id} names no key: give at least one")
        return None
    if len(keys) > MAX_KEYS_PER_BINDING:
        document.problem(path, f"{binding_id} has {len(keys)} keys; at most {MAX_KEYS_PER_BINDING}")
        return None
    problems = [problem for key in keys if (problem := key_problem(key))]
    for problem in problems:
        document.problem(path, f"{binding_id}: {problem}")
    return None if problems else tuple(keys)


def parse_keymap(raw: bytes, shown: str, app: App[Any] | type[App[Any]]) -> dict[str, str]:
    """Check a keymap file's bytes against `app`'s bindings; the mapping for `App.set_keymap`.

    Raises InvalidFileError listing every problem, each as `path:line:col: message`."""
    document = parse_toml_document(raw, shown)
    table = document.check_table(document.data, (), {"keys": Field(dict, required=False)})
    entries = list(_entries((table or {}).get("keys", {}), ("keys",)))
    if not entries:
        if document.problems:
            raise document.error()
        return {}
    from ops_maturity.ui.binding_catalog import binding_catalog, binding_groups

    catalog = binding_catalog(app)
    keymap: dict[str, str] = {}
    where: dict[str, KeyPath] = {}
    for binding_id, path, value in entries:
        if binding_id not in catalog:
            near = difflib.get_close_matches(binding_id, list(catalog), n=1)
            hint = f"did you mean {near[0]}?" if near else "docs/keys.md lists them all"
            document.problem(path, f"{binding_id} is not a binding id ({hint})")
            continue
        keys = _keys_of(document, path, binding_id, value)
        if keys is not None:
            keymap[binding_id] = ",".join(normal_key(key) for key in keys)
            where[binding_id] = path
    for problem in _clashes(keymap, binding_groups(app)):
        binding_id, message = problem
        document.problem(where[binding_id], message)
    if document.problems:
        raise document.error()
    return keymap


def _clashes(
    keymap: Mapping[str, str], groups: list[tuple[str, list[Binding]]]
) -> Iterator[tuple[str, str]]:
    """(remapped id, message) for each key the keymap gives a binding that another binding
    already answers to in the same place (or everywhere); clashes of the defaults alone are not
    the file's doing, and are not reported."""
    everywhere_place, everywhere = groups[-1]
    for place, bindings in groups:
        together = bindings if place == everywhere_place else [*bindings, *everywhere]
        owners: dict[str, set[str]] = {}
        for binding in remapped(together, keymap):
            name = binding.id or binding.description or binding.action
            owners.setdefault(normal_key(binding.key), set()).add(name)
        for key, names in owners.items():
            for name in sorted(names & keymap.keys()) if len(names) > 1 else ():
                others = ", ".join(sorted(_named(names - {name})))
                yield name, f"{name}: '{key}' is already the key of {others} ({place})"


def _named(names: set[str]) -> set[str]:
    """Binding ids where there are any: Textual's own `ctrl+q` binding (no id) is the app's."""
    ids = {name for name in names if "." in name}
    return ids or names


def remapped(bindings: Iterable[Binding], keymap: Mapping[str, str]) -> Iterator[Binding]:
    """`bindings` with the keymap's keys in place of the defaults (one binding per key)."""
    for binding in bindings:
        keys = keymap.get(binding.id or "")
        if keys is None:
            yield binding
        else:
            for key in keys.split(","):
                yield binding.with_key(key=key, key_display=None)


def load_keymap(
    path: Path, app: App[Any] | type[App[Any]], *, missing_ok: bool = False
) -> dict[str, str]:
    """Read and check the keymap file at `path` (none there: {} when `missing_ok`).

    Raises InvalidFileError (`path:line:col: message` for each problem)."""
    if missing_ok and not path.exists():
        return {}
    try:
        raw = read_bytes_bounded(path, KEYS_FILE_MAX_BYTES)
    except UnreadableFileError as error:
        raise InvalidFileError([FileProblem(str(path), None, None, error.reason)]) from None
    return parse_keymap(raw, str(path), app)


def app_keymap(app: App[Any]) -> Mapping[str, str]:
    """The keymap the app was given ({} for an app without one)."""
    keymap = getattr(app, "keymap", None)
    return keymap if isinstance(keymap, dict) else {}
