"""ReaderScreen: the library sidebar and the article view, wired to the index and the store.

The sidebar reads the library index in the store a window at a time, so 50,000 articles cost
what 10 do; a worker keeps the index in step with the disk. An article is read and parsed in a
worker when it is opened (a long one first in its head), and only that one is held in memory.
The screen is put together from parts, one per module: base (state), saving, opening, indexing,
listing, marks (bookmarks), finding (searches, quotes) and outside (browser, editor).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from readtui.screens.reader.base import PIPED
from readtui.screens.reader.finding import Finding
from readtui.screens.reader.indexing import Indexing
from readtui.screens.reader.listing import Listing
from readtui.screens.reader.marks import Marks
from readtui.screens.reader.outside import Outside

NARROW_BELOW = 50

__all__ = ["PIPED", "ReaderScreen"]


class ReaderScreen(Outside, Finding, Marks, Listing, Indexing):
    """The reader: keys, what each can do now, and the layout's breakpoints."""

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual types it as an instance variable)
        (0, "-narrow"),
        (NARROW_BELOW, "-normal"),
    ]
    """Below NARROW_BELOW columns the sidebar is hidden so the article keeps a readable width;
    n and p still move between articles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Switch pane", id="reader.next_pane"),
        Binding(
            "shift+tab", "app.focus_previous", "Switch pane", show=False, id="reader.prev_pane"
        ),
        Binding("n", "step_article(1)", "Next article", id="reader.next"),
        Binding("p", "step_article(-1)", "Prev article", id="reader.prev"),
        Binding("f", "filter", "Filter", id="reader.filter"),
        Binding("b", "toggle_bookmark", "Bookmark", id="reader.bookmark"),
        Binding("B", "bookmarks", "Bookmarks", id="reader.bookmarks"),
        Binding("N", "note_bookmark", "Bookmark note", show=False, id="reader.note"),
        Binding("Q", "quotes", "Quotes", id="reader.quotes"),
        Binding("slash", "search", "Search", id="reader.search"),
        Binding("s", "search_library", "Search library", show=False, id="reader.search_library"),
        Binding("o", "open_url", "Open url", id="reader.open_url"),
        Binding("e", "edit", "Edit", id="reader.edit"),
        Binding("S", "sort", "Sort library", show=False, id="reader.sort"),
        Binding("v", "view", "Library view", show=False, id="reader.view"),
        Binding("m", "mark_read", "Read/unread", show=False, id="reader.mark_read"),
    ]
    FILE_CHECK_SECONDS: ClassVar[float] = 2.0
    """How often the open article's file is checked (one stat) for changes and deletion."""

    def on_mount(self) -> None:
        self.set_class(not self.paths, "-no-library")
        self._restore_listing()
        self.sidebar.set_source(self.catalog)
        self._set_placeholder()
        self._guarded(self.sidebar.reload)
        self.view.focus()
        if not self.open_start_article():
            self.view.show_message("Looking for articles\u2026")
        self.call_after_refresh(self.first_frame.set)
        self.index_library()
        self.set_interval(self.FILE_CHECK_SECONDS, self.check_open_file)
        self.watch(self.app, "app_focus", self._app_focus_changed, init=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            opened = self.opened
            return (opened is not None and opened.article is not self.piped) or None
        if action == "open_url":
            return self.view.article is not None or None
        library = ("filter", "step_article", "sort", "view", "search_library")
        if action in library and not self.paths:
            return False  # only a piped article: no library to filter or step through
        if action == "mark_read":
            return self.view.article is not None or self.sidebar.has_focus or None
        if action == "search":
            return self.view.article is not None or None
        if action in ("toggle_bookmark", "note_bookmark", "quotes"):
            return self.view.article is not None or None
        return True

    def on_resize(self) -> None:
        self.call_after_refresh(self._keep_focus_on_screen)

    def _keep_focus_on_screen(self) -> None:
        """A terminal narrowed while the sidebar had focus hides it: the article takes focus."""
        focused = self.focused
        hidden = focused is None or not focused.display or focused is self.sidebar
        if hidden and self.has_class("-narrow") and not self.has_class("-filtering"):
            self.view.focus()
