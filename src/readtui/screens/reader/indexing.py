"""The library index kept in step with the disk: a first pass in a worker, then the folder watch."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from readtui.article.sanitize import sanitize_line
from readtui.errors import StoreError
from readtui.library import update_index
from readtui.screens.reader.base import NO_ARTICLES
from readtui.screens.reader.opening import Opening

WALK_WAITS_AT_MOST = 1.0
"""Seconds the index waits at most for the first frame before it begins, and then for the first
article to be drawn before it walks the library: indexing a new library's first files, and the
walk of 50,000 files, hold the GIL for a while, which would slow the first paint (the sidebar
is drawn from the index meanwhile)."""
WATCH_AFTER = 1.0
"""Seconds after the first index before the folders are watched: setting up the watch walks
every folder, which must not compete with the first screens (the watch's first pass catches
what changed meanwhile)."""


def index_status(done: int, total: int) -> str:
    """The status line while indexing; a total of 0 is not counted yet (a new library's first
    files are indexed before the walk of the rest)."""
    if total == 0:
        return f"Indexing {done:,}, counting files\u2026"
    return f"Indexing {done:,} / {total:,}" if done < total else ""


class Indexing(Opening):
    """Indexes the library in the background and shows each batch as it is written."""

    @work(thread=True, exclusive=True, group="index")
    def index_library(self) -> None:
        """Bring the index in step with the disk: new and changed files are read, deleted ones
        drop out. The sidebar shows each batch as it is written."""
        worker = get_current_worker()
        call = self.app.call_from_thread
        self._index_began = time.time()

        def stopped() -> bool:
            return worker.is_cancelled or self.app.quitting.is_set()  # type: ignore[attr-defined]

        def drawn(event: threading.Event) -> None:
            until = time.monotonic() + WALK_WAITS_AT_MOST
            while not event.wait(0.05) and not stopped() and time.monotonic() < until:
                pass

        def first_article_drawn() -> None:
            """An article being opened (from the index, or from a new library's first files,
            whose progress call has returned by now) is drawn before the walk begins."""
            if self.current is not None:
                drawn(self.first_shown)

        def advanced(done: int, total: int) -> None:
            if not stopped():
                call(self.index_advanced, done, total)

        drawn(self.first_frame)  # the parsing and the walk must not delay it
        try:
            problems = update_index(
                self.store,
                self.paths,
                progress=advanced,
                cancelled=stopped,
                before_walk=first_article_drawn,
            )
        except StoreError as exc:
            problems = [str(exc)]
        if not stopped():
            call(self.index_finished, problems)

    def index_advanced(self, done: int, total: int) -> None:
        self.index_progress = (done, total)
        self.catalog.invalidate()
        self._guarded(self.sidebar.reload)
        self.status.set_part("index", index_status(done, total))
        if self.current is None:
            self.open_start_article()

    def index_finished(self, problems: list[str]) -> None:
        self.indexing = False
        self.index_progress = None
        self.status.set_part("index", "")
        for problem in problems:
            self.notify(sanitize_line(problem), severity="warning", markup=False)
        self.catalog.invalidate()
        self._guarded(self.sidebar.reload)
        self._set_placeholder()
        if self.filter_bar.is_open or self.catalog.filter.strip():
            self.load_titles()  # the copy read during indexing is out of date
        if self.current is None and not self.open_start_article():
            self.view.show_message(NO_ARTICLES)
        self.set_timer(WATCH_AFTER, self.start_watching)

    def start_watching(self) -> None:
        """Watch the library's folders (the watch begins with a pass of its own that catches
        what changed since the first index)."""
        from readtui.watch import FolderWatch  # not on the start path: imported once indexed

        if self._watch is None and self.paths:
            quitting: threading.Event = self.app.quitting  # type: ignore[attr-defined]
            self._watch = FolderWatch(
                self.paths,
                lambda paths, stopped: self._reindex(paths, lambda: stopped() or quitting.is_set()),
                self._watch_says,
                since=self._index_began,
            )
            self._watch.start()

    @property
    def watch_settled(self) -> bool:
        """Whether the folder watch is up and its first pass done, so nothing runs in the
        background until the disk changes (true as well when there is nothing to watch)."""
        return not self.paths or (self._watch is not None and self._watch.settled.is_set())

    def on_unmount(self) -> None:
        if self._watch is not None:
            self._watch.stop()

    class Watched(Message):
        """The watch brought the index in step with the disk (posted from its thread)."""

        def __init__(self, problems: list[str], changed: bool = True) -> None:
            super().__init__()
            self.problems = problems
            self.changed = changed

    def _reindex(self, paths: list[str] | None, cancelled: Callable[[], bool]) -> None:
        """In the watch's thread: re-index these paths (None: the whole library); the sidebar
        is redrawn after each batch written, as during the first index."""

        def written(done: int, total: int) -> None:
            if done < total and not cancelled():
                self._post(self.Watched([]))

        try:
            roots = paths or self.paths
            problems = update_index(self.store, roots, progress=written, cancelled=cancelled)
        except StoreError as exc:
            problems = [str(exc)]
        if not cancelled():
            gone = "No such file or folder"  # a deleted file the batch named: not a problem
            self._post(self.Watched([p for p in problems if not p.startswith(gone)]))

    def _watch_says(self, problem: str) -> None:
        self._post(self.Watched([problem], changed=False))

    def on_indexing_watched(self, event: Watched) -> None:
        for problem in event.problems:
            if problem not in self._watch_said:
                self._watch_said.add(problem)
                self.notify(sanitize_line(problem), severity="warning", markup=False)
        if not event.changed:
            return
        self.catalog.invalidate()
        self._guarded(self.sidebar.reload)
        self._set_placeholder()
        if self.filter_bar.is_open or self.catalog.filter.strip():
            self.load_titles()
        if self.current is None:
            self.open_start_article()
