"""The Catalog: the library as the sidebar shows it, read from the index in the store a window
of rows at a time, in its order (path by default; title, date, progress, recently read) and
view (all; unread, in progress, bookmarked), optionally filtered by title.
"""

from __future__ import annotations

import os
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from typing import NamedTuple

from readtui.store import ArticleState, CatalogRow, IndexEntry, Roots, Store, absolute, fold
from readtui.store.orders import READ_AT_PERCENT, STATE_ORDERS, Cursor, Order, View
from readtui.titles import Titles, rank_in

__all__ = ["READ_AT_PERCENT", "Catalog", "Order", "View", "in_progress", "minutes_left"]

WINDOW = 128
"""Rows read per query: a few screens, so drawing one costs at most one query."""
CACHED_WINDOWS = 8


class _Window(NamedTuple):
    rows: list[CatalogRow]
    last: Cursor | None
    """Where the last row is in the order: the next window reads on from there."""


def in_progress(state: ArticleState | None) -> bool:
    """Started and not finished: what the "in progress" view lists (as the store selects it)."""
    if state is None or state.read or state.position is None:
        return False
    return 0 < state.position.percent < READ_AT_PERCENT


def minutes_left(minutes: int, state: ArticleState | None) -> int:
    """Of an article `minutes` long, the minutes left when it is in progress (never below
    one); else all of them."""
    if not in_progress(state):
        return minutes
    assert state is not None and state.position is not None
    return max(1, round(minutes * (100 - state.position.percent) / 100))


class Catalog:
    """The library in sidebar order and view, optionally filtered by title, read from the
    index a window at a time, so 50,000 articles cost what the rows on screen cost.

    Answers are cached until invalidate(): call it after the index or reading state changed
    (an indexing batch, a saved position), then redraw; when `follows_reading`, a change of
    state may move rows or take them out, so redraw them all. Between the two, a row past the
    cached count reads as None. Safe to call from any thread; StoreErrors propagate.
    """

    def __init__(self, store: Store, roots: Iterable[str | os.PathLike[str]]) -> None:
        """Remember the roots (a stat each, to tell folders from files); no query yet."""
        self.store = store
        self.roots = Roots.of(roots)
        self._filter = ""
        self._needle = ""
        self._order = Order.PATH
        self._view = View.ALL
        self._count: int | None = None
        self._total: int | None = None
        self._windows: OrderedDict[int, _Window] = OrderedDict()
        self._lock = threading.RLock()
        self._titles: Titles | None = None
        self._titles_order = Order.PATH

    @property
    def filter(self) -> str:
        """The filter text as given (empty: no filter)."""
        return self._filter

    def set_filter(self, text: str) -> None:
        """Show only titles containing text: case-insensitive (Unicode case folding), taken
        literally (`%` and `_` too), surrounding blanks ignored; empty shows everything."""
        needle = fold(text.strip())
        with self._lock:
            self._filter = text
            if needle != self._needle:
                self._needle = needle
                self._count = None
                self._windows.clear()

    @property
    def order(self) -> Order:
        return self._order

    @property
    def view(self) -> View:
        return self._view

    @property
    def follows_reading(self) -> bool:
        """Whether reading (a saved position, a read mark, a bookmark) may move or hide rows."""
        return self._order in STATE_ORDERS or self._view is not View.ALL

    def set_order(self, order: Order) -> None:
        """Sort the list another way (the filter and the view stay)."""
        with self._lock:
            if order is not self._order:
                self._order = order
                self._forget()

    def set_view(self, view: View) -> None:
        """List another part of the library (the filter and the order stay)."""
        with self._lock:
            if view is not self._view:
                self._view = view
                self._forget()

    def _forget(self) -> None:
        self._count = None
        self._windows.clear()

    @property
    def _titles_usable(self) -> bool:
        """Titles in memory serve an order that depends on the files alone, with every article
        listed: reading state changes too often for a copy of it."""
        return self._view is View.ALL and self._order not in STATE_ORDERS

    def load_titles(self) -> bool:
        """Read every title of the library into memory, in the current order, so the filter
        answers from there; slow (50 ms at 50,000 titles), so call it from a worker when the
        filter opens. False when the index or the order changed meanwhile (the copy is
        dropped: the filter keeps using the index, and a later call can try again), or when
        the order or view depends on reading state (the filter always uses the index then)."""
        with self._lock:
            order, usable = self._order, self._titles_usable
        if not usable:
            return False
        generation = self.store.index_generation
        paths, keys, sort_keys = self.store.listed_titles(self.roots, order)
        titles = Titles(paths, keys, generation, sort_keys)
        with self._lock:
            if generation != self.store.index_generation or order is not self._order:
                return False
            self._titles, self._titles_order = titles, order
            self._count = self._total = None
            self._windows.clear()
            return True

    @property
    def titles_loaded(self) -> bool:
        """Whether the filter answers from titles in memory (read and still up to date)."""
        with self._lock:
            return self._current_titles() is not None

    def drop_titles(self) -> None:
        """Forget the titles read by load_titles (the filter is closed)."""
        with self._lock:
            self._titles = None

    def _current_titles(self) -> Titles | None:
        """The titles in memory, unless the index has changed since they were read, or they
        are not in the current order."""
        titles = self._titles
        if titles is not None and titles.generation != self.store.index_generation:
            self._titles = titles = None
        if titles is not None and (
            self._titles_order is not self._order or not self._titles_usable
        ):
            return None
        return titles

    def _matched(self) -> tuple[Titles, array[int] | None] | None:
        """The titles in memory and, under a filter, which of them match (None: all do)."""
        titles = self._current_titles()
        if titles is None:
            return None
        return titles, titles.matching(self._needle) if self._needle else None

    def invalidate(self) -> None:
        """Forget cached counts and rows, so the next call reads the index afresh."""
        with self._lock:
            self._count = self._total = None
            self._windows.clear()

    def count(self) -> int:
        """Entries under the current filter and view. A first window shorter than WINDOW is the
        whole answer, so a small or sharply filtered library needs no count query."""
        with self._lock:
            matched = self._matched()
            if matched is not None:
                titles, matches = matched
                return len(titles if matches is None else matches)
            if self._count is None:
                first = self._window(0).rows
                if len(first) < WINDOW:
                    self._count = len(first)
                else:
                    self._count = self.store.listed_count(
                        self.roots, self._order, self._view, self._needle
                    )
            return self._count

    def total(self) -> int:
        """Entries in the library, whatever the filter and the view."""
        with self._lock:
            if not self._needle and self._view is View.ALL:
                return self.count()
            titles = self._current_titles()
            if titles is not None:
                return len(titles)
            if self._total is None:
                self._total = self.store.count_index(self.roots)
            return self._total

    def row(self, rank: int) -> CatalogRow | None:
        """The row at rank (0-based) under the filter, or None past the end."""
        with self._lock:
            if rank < 0 or rank >= self.count():
                return None
            window = self._window(rank // WINDOW).rows
            offset = rank % WINDOW
            return window[offset] if offset < len(window) else None

    def rank_of(self, path: str) -> int | None:
        """Where a file is under the filter, or None when it is filtered out or not here."""
        path = absolute(path)
        with self._lock:
            for number, window in self._windows.items():
                for offset, row in enumerate(window.rows):
                    if row.entry.path == path:
                        return number * WINDOW + offset
            matched = self._matched()
            if matched is not None:
                titles, matches = matched
                index = titles.index_of(os.fsencode(path))
                if index is None or matches is None:
                    return index
                return rank_in(matches, index)
            if self._needle and not self._matches(path):
                return None  # filtered out: no need to count the rows before it
            return self.store.listed_rank(self.roots, self._order, self._view, path, self._needle)

    def _matches(self, path: str) -> bool:
        """Whether the filter keeps this file, from its own row (one lookup by key rather than a
        scan of every title); a file every cached window missed is often filtered out."""
        if self._count is not None and self._count <= WINDOW and 0 in self._windows:
            return False  # every match is in the first window, and it was not there
        entry = self.store.index_entry(self.roots, path)
        return entry is not None and self._needle in fold(entry.title)

    def entry_of(self, path: str) -> IndexEntry | None:
        """The entry for a file of this library, whatever the filter."""
        path = absolute(path)
        with self._lock:
            for window in self._windows.values():
                for row in window.rows:
                    if row.entry.path == path:
                        return row.entry
        return self.store.index_entry(self.roots, path)

    def by_fingerprint(self, fingerprint: str) -> IndexEntry | None:
        """The first file (path order) of this library holding this content, whatever the
        filter: how saved state and bookmarks find their article."""
        return self.store.index_entry_by_fingerprint(self.roots, fingerprint)

    def _window(self, number: int) -> _Window:
        """Rows [number * WINDOW, (number + 1) * WINDOW), cached; read on from the window
        before when it is cached (or from the title before it in memory), so scrolling down
        never counts rows from the top."""
        cached = self._windows.get(number)
        if cached is not None:
            self._windows.move_to_end(number)
            return cached
        before = self._windows.get(number - 1)
        matched = self._matched()
        if matched is not None:
            titles, matches = matched
            rank = number * WINDOW
            if rank >= (len(titles) if matches is None else len(matches)):
                window = _Window([], None)
            else:  # read on from the title before the window's first row
                first = rank if matches is None else matches[rank]
                after = (0, titles.sort_key(first - 1), titles.path(first - 1)) if first else None
                window = self._read(after=after)
        elif before is not None and len(before.rows) == WINDOW:
            window = self._read(after=before.last)
        else:
            window = self._read(offset=number * WINDOW)
        self._windows[number] = window
        while len(self._windows) > CACHED_WINDOWS:
            self._windows.popitem(last=False)
        return window

    def _read(self, *, after: Cursor | None = None, offset: int = 0) -> _Window:
        found = self.store.listed_window(
            self.roots,
            self._order,
            self._view,
            self._needle,
            after=after,
            offset=offset,
            limit=WINDOW,
        )
        return _Window([row for row, _ in found], found[-1][1] if found else None)
