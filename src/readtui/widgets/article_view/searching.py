"""Searching in the article: the phrase typed after `/`, or the words the library search found
it by; matches found at once in a short article, in a thread in a long one, and stepped through
round the end."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from textual import work
from textual.geometry import Size
from textual.message import Message
from textual.worker import get_current_worker

from readtui.article.model import Article
from readtui.article.search import Matches, find_matches
from readtui.layout import HEADER, LongUnit
from readtui.search_words import Words, find_words
from readtui.store import Position
from readtui.widgets.article_view.laying_out import LayingOut


class Searching(LayingOut):
    """The search kept for the view, its matches and the current one, and their report."""

    class SearchUpdated(Message, namespace="article_view"):
        """What the search found: `count` matches and the current one (None until one is
        chosen); `wrapped` says the last step went round the end (1: to the top, -1: to the
        end); `searching` that a long article is still being searched. No `query`: no search."""

        def __init__(
            self, query: str, count: int, current: int | None, wrapped: int, searching: bool
        ) -> None:
            super().__init__()
            self.query = query
            self.count = count
            self.current = current
            self.wrapped = wrapped
            self.searching = searching

    @property
    def search_query(self) -> str:
        return self._query

    @property
    def matches(self) -> Matches | None:
        return self._matches

    @property
    def current_match(self) -> int | None:
        return self._match

    def begin_search(self) -> None:
        """A search starts here: each query typed goes to its first match from this place."""
        self._origin = self.position()

    def search(self, query: str) -> None:
        """Find `query` and bring its first match from where the search began into view."""
        self._query, self._words = query, None
        if self._origin is None:
            self.begin_search()
        self._find(go=True)

    def search_words(self, words: Words, typed: str) -> None:
        """Mark the words an article was found by in the library (`typed`: the text the reader
        typed, which the search bar shows), without moving the view: the article is opened at
        its best match. They stay, as a search does, until escape or a new search."""
        self.workers.cancel_group(self, "search")
        self._query, self._words = typed, words
        self._matches, self._match, self._origin = None, None, None
        self._find(go=False)

    def clear_search(self) -> None:
        """The search is over: its marks go."""
        self.workers.cancel_group(self, "search")
        self._query, self._matches, self._match, self._origin = "", None, None, None
        self._words = None
        self.refresh()
        self.refresh_bindings()

    def action_clear_search(self) -> None:
        self.clear_search()
        self._report_search()

    def _search_again(self, keep_current: bool = False) -> None:
        """The article changed: find the kept query in it, without moving the view. The current
        match stays current if the new article has it (a head replaced by its whole text)."""
        keep = None
        if keep_current and self._matches is not None and self._match is not None:
            keep = self._matches[self._match][:2]
        else:
            self._origin = None
        self._matches, self._match = None, None
        if self._query:
            self._find(go=False, keep=keep)

    def _find(self, go: bool, keep: tuple[int, int] | None = None) -> None:
        """Search the article at once when it is short; in a thread when it is long (the marks
        of the last query stay until the new ones come)."""
        self.workers.cancel_group(self, "search")
        article, query = self.article, self._query
        if article is None or not query.strip():
            self._found(article, query, None, go, keep)
        elif self._measured_at_once(article):
            self._found(article, query, self._finder()(article, lambda: False), go, keep)
        else:
            self._report_search(searching=True)
            self._search_in_thread(article, query, self._finder(), go, keep)

    def _finder(self) -> Callable[[Article, Callable[[], bool]], Matches | None]:
        """What the search looks for: the library's words, or the phrase typed after `/`."""
        words, query = self._words, self._query
        if words is not None:
            return lambda article, cancelled: find_words(article, words, cancelled)
        return lambda article, cancelled: find_matches(article, query, cancelled)

    @work(thread=True, exclusive=True, group="search", description="searching the article")
    def _search_in_thread(
        self,
        article: Article,
        query: str,
        finder: Callable[[Article, Callable[[], bool]], Matches | None],
        go: bool,
        keep: tuple[int, int] | None,
    ) -> None:
        worker = get_current_worker()

        def cancelled() -> bool:
            time.sleep(0)  # lets the UI thread take the GIL between slices
            return worker.is_cancelled

        found = finder(article, cancelled)
        if found is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._found, article, query, found, go, keep)

    def _found(
        self,
        article: Article | None,
        query: str,
        found: Matches | None,
        go: bool,
        keep: tuple[int, int] | None,
    ) -> None:
        """Show the matches (unless the query or the article changed meanwhile); `go` makes
        the first one from where the search began current, and brings it into view."""
        if article is not self.article or query != self._query:
            return
        self._matches, self._match = found, None
        wrapped = 0
        if found is not None and len(found) and keep is not None:
            self._match = found.index_of(*keep)
        elif found is not None and len(found) and go:
            origin = self._origin or self.position() or Position(HEADER, 0)
            first = found.first_from(origin.block, origin.offset)
            wrapped = 1 if first == len(found) else 0
            self._match = first % len(found)
            self._bring_match_into_view(self._match)
        self.refresh()
        self.refresh_bindings()
        self._report_search(wrapped=wrapped)

    def action_match(self, step: int) -> None:
        """The next (1) or previous (-1) match, round the end of the article: after the current
        one while it is on screen, else (the reader scrolled away) the first from the top of
        the view, or the last before its bottom."""
        found = self._matches
        if found is None or not len(found):
            self._report_search()
            return
        count = len(found)
        if self._match is not None and self._match_on_screen(self._match):
            target = self._match + step
        elif step > 0:
            top = self.position() or Position(HEADER, 0)
            target = found.first_from(top.block, top.offset)
        else:
            target = found.first_from(*self._below_view()) - 1
        wrapped = 1 if target >= count else -1 if target < 0 else 0
        self._match = target % count
        self._bring_match_into_view(self._match)
        self.refresh()
        self._report_search(wrapped=wrapped)

    def _below_view(self) -> tuple[int, int]:
        """The place just below the last line on screen (past the end at the bottom)."""
        lazy = self._layout
        end = int(self.scroll_offset.y) + self._height()
        if lazy is None or (end >= lazy.total and lazy.end_unit == lazy.units):
            return sys.maxsize, 0
        try:
            return lazy.anchor(end)
        except LongUnit:
            return lazy.anchor(end - 1)

    def _match_on_screen(self, index: int) -> bool:
        lazy, found = self._layout, self._matches
        if lazy is None or found is None:
            return False
        block, start, _end = found[index]
        try:
            line = lazy.line_at(lazy.place_of(block, start))
        except LongUnit:
            return False
        top = int(self.scroll_offset.y)
        return line is not None and top <= line < top + self._height()

    def _bring_match_into_view(self, index: int) -> None:
        """Scroll the match a third of the way down the view, unless it shows already."""
        found, lazy = self._matches, self._layout
        assert found is not None
        block, start, _end = found[index]
        if lazy is None:
            if self._laying_out:
                self._pending = Position(block, start)
            return
        try:
            line, moved = self._window_line(lazy, lazy.place_of(block, start))
        except LongUnit:
            self._lay_out_in_thread(Position(block, start))
            return
        self.virtual_size = Size(lazy.width, lazy.total)
        top, height = int(self.scroll_offset.y), self._height()
        if moved or not top <= line < top + height - 1:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    def _report_search(self, wrapped: int = 0, searching: bool = False) -> None:
        count = 0 if self._matches is None else len(self._matches)
        message = self.SearchUpdated(self._query, count, self._match, wrapped, searching)
        self.post_message(message)
