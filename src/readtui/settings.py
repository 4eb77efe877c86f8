"""The reader's comfort settings at run time: config.toml checked against what the app has, and
the theme and reading width remembered in the store.

A theme or width chosen in the app is remembered, and wins over config.toml until that line of
config.toml is changed: whichever was changed last wins, so editing the file always shows.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import replace
from typing import Protocol

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import REPLACED_KEYS, Keys, _character_to_key, key_to_character

from readtui.config import Config, Problem, check_names
from readtui.errors import StoreError

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
KEY_NAMES = frozenset(key.value for key in Keys) | {"comma", "space"}
THEME = "theme"
WIDTH = "width"
FROM_CONFIG = ".config"
"""Suffix of the key that keeps what config.toml said when the reader made a choice."""


class SettingStore(Protocol):
    def setting(self, key: str) -> str | None: ...
    def save_setting(self, key: str, value: str) -> None: ...


def start_value(store: SettingStore, name: str, configured: str | None) -> str | None:
    """The value to start with: the reader's last choice, unless config.toml's value for it has
    changed since that choice was made (then the file's value, or None for the default)."""
    try:
        chosen = store.setting(name)
        basis = store.setting(name + FROM_CONFIG) or None
    except StoreError:  # the reader hears about the store from the reader screen
        return configured
    if chosen is None or basis != configured:
        return configured
    return chosen


def remember(store: SettingStore, name: str, value: str, configured: str | None) -> None:
    """Keep the reader's choice, with what config.toml said then (see `start_value`)."""
    store.save_setting(name, value)
    store.save_setting(name + FROM_CONFIG, configured or "")


def reading_width(value: str | None, default: int) -> int:
    """A remembered width as a number; anything unreadable is the default."""
    return int(value) if value is not None and value.isdecimal() else default


def check_config(config: Config, themes: set[str]) -> tuple[Config, list[Problem]]:
    """Drop what the app does not know (themes, binding ids, key names), each with a problem;
    and say when a new key takes one from another action on the same pane."""
    bindings = binding_defaults()
    config, problems = check_names(config, themes, set(bindings))
    keys: dict[str, tuple[str, ...]] = {}
    for binding, chosen in config.keys.items():
        line = config.lines.get(f"keys.{binding}") or config.lines.get("keys")
        bad = [key for key in chosen if not is_key(key)]
        for key in bad:
            problems.append(Problem(line, f"{key!r} is not a key name (for {binding!r})"))
        good = tuple(key for key in chosen if key not in bad)
        if good:
            keys[binding] = good
            problems += _clashes(binding, good, bindings, config, line)
    return replace(config, keys=keys), problems


def is_key(key: str) -> bool:
    """Whether Textual would ever send this key: `c`, `C`, `ctrl+y`, `f3`, `question_mark`."""
    if len(key) == 1:
        return key.isprintable()
    *modifiers, name = key.split("+")
    if not all(modifier in MODIFIERS for modifier in modifiers):
        return False
    if len(name) == 1 or name in KEY_NAMES:
        return bool(name.strip())
    return key_to_character(REPLACED_KEYS.get(name, name)) is not None


def binding_defaults() -> dict[str, tuple[type[DOMNode], tuple[str, ...]]]:
    """Every binding id in readtui, with the class that holds it and its default keys."""
    found: dict[str, tuple[type[DOMNode], tuple[str, ...]]] = {}
    for cls in _readtui_nodes():
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            if binding.id and binding.id not in found:
                found[binding.id] = (cls, tuple(_normal(binding.key)))
            elif binding.id:
                cls_now, keys = found[binding.id]
                found[binding.id] = (cls_now, (*keys, *_normal(binding.key)))
    return found


def _clashes(
    binding: str,
    keys: tuple[str, ...],
    defaults: dict[str, tuple[type[DOMNode], tuple[str, ...]]],
    config: Config,
    line: int | None,
) -> list[Problem]:
    """A new key that is another action's default key on the same pane takes it from it."""
    holder = defaults[binding][0]
    problems = []
    for key in keys:
        for other, (cls, default_keys) in defaults.items():
            moved = other in config.keys
            if other != binding and cls is holder and not moved and _normal(key)[0] in default_keys:
                message = f"{key!r} for {binding!r} replaces it for {other!r}"
                problems.append(Problem(line, message))
    return problems


def _normal(keys: str) -> list[str]:
    """Keys in Textual's long form (`?` -> `question_mark`), as bindings are matched."""
    parts = [key.strip() for key in keys.split(",")]
    return [_character_to_key(key) if len(key) == 1 else key for key in parts]


def _readtui_nodes() -> Iterator[type[DOMNode]]:
    """Every widget, screen and app class in readtui: the screens and widgets packages are
    imported first, so a screen opened later (and imported only then) is not missed."""
    for package in ("readtui.screens", "readtui.widgets"):
        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(module.__path__):
            importlib.import_module(f"{package}.{info.name}")
    importlib.import_module("readtui.app")
    seen: set[type[DOMNode]] = set()
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                pending.append(sub)
                if sub.__module__.startswith("readtui."):
                    yield sub
