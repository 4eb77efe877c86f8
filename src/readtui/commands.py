"""The command palette's readtui commands: every key with a description on the screen below the
palette (its own, its focused widget's and the app's) is also a command, so whatever the
keyboard reaches, the palette reaches by name, with the keys shown beside it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


def binding_commands(
    app: App[Any], screen: Screen[Any], taken: set[str]
) -> Iterator[SystemCommand]:
    """A command per enabled action of the screen's active bindings, titled by its description
    (skipping titles in `taken`, Textual's own commands), its keys as the help line."""
    keys: dict[tuple[int, str], list[str]] = {}
    found: dict[tuple[int, str], tuple[DOMNode, Binding]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or not active.enabled or binding.description in taken:
            continue
        ident = (id(active.node), binding.action)
        found.setdefault(ident, (active.node, binding))
        display = app.get_key_display(binding)
        if display not in keys.setdefault(ident, []):
            keys[ident].append(display)
    for ident, (node, binding) in found.items():
        run = partial(app.run_action, binding.action, node)
        yield SystemCommand(binding.description, "Keys: " + " / ".join(keys[ident]), run)
