"""SearchBar: the one-line search in the open article, under it, hidden until `/`.

It only reports: every change of the text goes up as `Changed` (the view finds the matches),
`down`/`up` as `Stepped`, and `Closed` says whether the search stays. The owner calls
`set_result` with what the view found. The typed text is never markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from readtui.widgets.filter_bar import FilterInput

PLACEHOLDER = "Search this article"


def result_text(count: int, current: int | None, wrapped: int = 0, searching: bool = False) -> str:
    """The counter: `3/17`, `17 matches` before one is chosen, `no matches`; and whether the
    last step went round the end of the article."""
    if searching:
        return "searching\u2026"
    if not count:
        return "no matches"
    if current is None:
        return f"{count:,} match" + ("" if count == 1 else "es")
    text = f"{current + 1:,}/{count:,}"
    if wrapped:
        text += " (wrapped to top)" if wrapped > 0 else " (wrapped to end)"
    return text


class SearchBar(Widget):
    """Type to search the article; enter keeps the search and goes back to reading, escape
    clears it; down/up (and f3/shift+f3) step through the matches."""

    DEFAULT_CSS = """
    SearchBar { layout: horizontal; height: 1; display: none; background: $surface;
        padding: 0 1; }
    SearchBar.-open { display: block; }
    SearchBar > #search-prompt { width: 2; color: $accent; text-style: bold; }
    SearchBar > Input.-textual-compact { width: 1fr; min-width: 6; padding: 0 1; }
    SearchBar > #search-count { width: 24; max-width: 50%; height: 1; padding: 0 0 0 1;
        color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; text-align: right; }
    SearchBar.-no-matches > #search-count { color: $text-error; }
    SearchBar:nocolor.-no-matches > #search-count { text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Clear search", id="search.close"),
        Binding("down,f3", "step(1)", "Next match", id="search.next"),
        Binding("up,shift+f3", "step(-1)", "Prev match", id="search.prev"),
    ]

    class Changed(Message):
        """The search text is now `text` (empty: nothing to find)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Stepped(Message):
        """Go to the next (1) or previous (-1) match."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class Closed(Message):
        """The bar gave up the focus: `keep` (enter) goes on reading with the matches marked;
        otherwise (escape, or enter on nothing) the search is over and `return_to` is the
        widget that had the focus before."""

        def __init__(self, keep: bool, return_to: Widget | None) -> None:
            super().__init__()
            self.keep = keep
            self.return_to = return_to

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._return_to: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-prompt", markup=False)
        yield FilterInput(placeholder=PLACEHOLDER, compact=True, id="search-input")
        yield Static("", id="search-count", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def text(self) -> str:
        return self.input.value

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def count_text(self) -> str:
        return str(self.query_one("#search-count", Static).content)

    def open(self) -> None:
        """Show the bar with the cursor in it (a search kept from before is selected, so typing
        replaces it)."""
        focused = self.app.focused
        if focused is not None and self not in focused.ancestors_with_self:
            self._return_to = focused
        self.add_class("-open")
        self.input.focus()

    def show_text(self, text: str) -> None:
        """Show the bar holding `text`, the focus left where it is: the view marks what was
        searched elsewhere (the library), and the counter and escape work as for a search."""
        with self.input.prevent(Input.Changed):
            self.input.value = text
        self.add_class("-open")

    def close(self) -> None:
        """Hide the bar and empty it, without a word (the owner ended the search)."""
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        self.set_result(0, None)
        self.remove_class("-open")
        self._return_to = None

    def set_result(
        self, count: int, current: int | None, wrapped: int = 0, searching: bool = False
    ) -> None:
        """Show what the view found for the text now in the bar."""
        text = result_text(count, current, wrapped, searching) if self.text.strip() else ""
        self.set_class(bool(self.text.strip()) and not count and not searching, "-no-matches")
        # A fixed width: a keystroke repaints the counter, with no layout.
        self.query_one("#search-count", Static).update(Content(text), layout=False)

    def action_close(self) -> None:
        """Escape: the search is over; the bar hides and the focus goes back."""
        self.close_and_report(keep=False)

    def action_step(self, step: int) -> None:
        self.post_message(self.Stepped(step))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: the search stays (and so does the bar, with its counter); nothing typed is
        the same as escape."""
        event.stop()
        self.close_and_report(keep=bool(event.value.strip()))

    def close_and_report(self, keep: bool) -> None:
        return_to, self._return_to = self._return_to, None
        if not keep:
            self.close()
        self.post_message(self.Closed(keep, return_to))
