"""HelpScreen: every key, by where it works, read from the bindings of the app, its screens and
their widgets, with the keys config.toml gave them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

TMUX_TIP = (
    "Copying sends OSC 52 to the terminal (this works over SSH), also fills tmux's paste buffer "
    "inside tmux, and the system clipboard in a local graphical session. In tmux, add "
    "`set -g set-clipboard on` to ~/.tmux.conf so OSC 52 reaches your desktop clipboard."
)


def key_rows(app_keys: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Group keys by description, keeping first-seen order: [("j / down", "Down"), ...]."""
    grouped: dict[str, list[str]] = {}
    for key, description in app_keys:
        keys = grouped.setdefault(description, [])
        if key not in keys:
            keys.append(key)
    return [(" / ".join(keys), description) for description, keys in grouped.items()]


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 80; max-width: 95%; height: 90%; border: round $primary;
        background: $surface; padding: 0 2; }
    HelpScreen .section { color: $accent; text-style: bold; margin-top: 1; }
    HelpScreen .tip { color: $text-muted; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(
        self,
        sections: list[tuple[str, list[type[DOMNode]]]],
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        """`sections`: a title and the classes whose BINDINGS it lists; `keymap`: binding id ->
        comma-separated keys that replace a binding's own (config.toml's [keys])."""
        super().__init__()
        self.sections = sections
        self.keymap = dict(keymap or {})

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "readtui keys"
            for title, nodes in self.sections:
                yield Static(Content(title), classes="section")
                yield Static(self._table(nodes))
            yield Static(TMUX_TIP, classes="tip", markup=False)

    def _keys(self, binding: Binding) -> Iterable[str]:
        """How the key of a binding reads, or of each key the keymap gave it instead."""
        override = self.keymap.get(binding.id or "")
        if override is None:
            return [self.app.get_key_display(binding)]
        keys = [key.strip() for key in override.split(",") if key.strip()]
        return [self.app.get_key_display(replace(binding, key=key)) for key in keys]

    def _table(self, classes: list[type[DOMNode]]) -> Content:
        pairs = [
            (key, binding.description)
            for cls in classes
            for binding in Binding.make_bindings(cls.BINDINGS)
            if binding.description
            for key in self._keys(binding)
        ]
        rows = key_rows(pairs)
        width = max((len(keys) for keys, _ in rows), default=0)
        parts: list[tuple[str, str] | str] = []
        for keys, description in rows:
            parts += [(keys.ljust(width + 2), "bold $text-accent"), description, "\n"]
        return Content.assemble(*parts[:-1])
