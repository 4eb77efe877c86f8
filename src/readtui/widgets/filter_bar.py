"""FilterBar: the one-line title filter above the sidebar, hidden until asked for.

It only reports: every change goes up as `Changed` (the owner filters the source and reloads
the list), and `Closed` says whether the filter stays. The typed text is never markup.

`Changed` is posted to the screen the moment the value changes, not when the Input's own
`Changed` has bubbled up: so the screen filters before it draws the keystroke, and the echo
and the new list reach the terminal in one frame. Otherwise the list waits for Textual's next
scheduled frame, 17 to 33 ms later.
"""

from __future__ import annotations

import re
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

PLACEHOLDER = "Filter titles"
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


class FilterInput(Input):
    """An Input that never holds control characters: a pasted escape sequence would reach
    the terminal as the Input draws it (and no title is found by one)."""

    def validate_value(self, value: str) -> str:
        return _CONTROLS.sub(lambda found: " " if found.group() in "\t\n\r" else "", value)


class FilterBar(Horizontal):
    """Type to filter the titles; enter keeps the filter, escape clears it and hides the bar."""

    DEFAULT_CSS = """
    FilterBar { height: 1; display: none; background: $surface; padding: 0 1;
        border-right: vkey $primary-muted; }
    FilterBar.-open { display: block; }
    FilterBar > Input.-textual-compact { width: 1fr; min-width: 6; padding: 0 1; }
    FilterBar > #filter-count { width: 17; max-width: 65%; height: 1; padding: 0 0 0 1;
        color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; text-align: right; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", show=False, id="filter.clear"),
    ]

    class Changed(Message):
        """The filter text is now `text` (empty: no filter)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Closed(Message):
        """The bar handed focus back; `keep` is False when the filter was cleared."""

        def __init__(self, keep: bool) -> None:
            super().__init__()
            self.keep = keep

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._return_to: Widget | None = None

    def compose(self) -> ComposeResult:
        yield FilterInput(placeholder=PLACEHOLDER, compact=True, id="filter-input")
        yield Static("", id="filter-count", markup=False)

    def on_mount(self) -> None:
        self.watch(self.input, "value", self._value_changed, init=False)

    def _value_changed(self, value: str) -> None:
        self.screen.post_message(self.Changed(value))

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def text(self) -> str:
        return self.input.value

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self) -> None:
        """Show the bar and put the cursor in it; focus returns where it was on close."""
        focused = self.app.focused
        if focused is not None and self not in focused.ancestors_with_self:
            self._return_to = focused
        self.add_class("-open")
        self.input.focus()

    def set_count(self, matches: int, total: int) -> None:
        """Show how many articles the filter lets through, as "312 of 50,000"."""
        text = f"{matches:,} of {total:,}" if self.text else f"{total:,}"
        # A fixed width ("50,000 of 50,000" fits): a keystroke repaints the count, no layout.
        self.query_one("#filter-count", Static).update(Content(text), layout=False)

    def action_clear(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Escape: drop the filter, hide the bar and give the focus back."""
        self.input.value = ""
        self.remove_class("-open")
        self._hand_back(keep=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # reported as it happens, by _value_changed

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: the filter stays (and so does the bar, to show it); an empty one hides."""
        event.stop()
        if not event.value:
            self.remove_class("-open")
        self._hand_back(keep=bool(event.value))

    def _hand_back(self, keep: bool) -> None:
        target, self._return_to = self._return_to, None
        if target is not None and target.is_attached and target.display:
            target.focus()
        elif self.input.has_focus:
            self.screen.focus_next()
        self.post_message(self.Closed(keep))
