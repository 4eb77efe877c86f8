"""Watching the library's folders, so new, changed and deleted files reach the index without a
restart.

watchdog reports the changes (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on
Windows) and, like the scan, does not follow symlinked folders. Changes are gathered until the
disk has been quiet for a moment, and each batch becomes one re-index of only the files and
folders it touched: a `git checkout` of 1,000 files costs one or two, not 1,000.

No textual import: the reader hands in what to do with a batch and is told nothing else.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readtui.watch_paths import Change, Shape, changed_since, rescan_paths, watch_targets

if TYPE_CHECKING:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers.api import BaseObserver

__all__ = ["LONGEST", "POLL_SECONDS", "QUIET", "Batch", "Batcher", "FolderWatch"]

QUIET = 0.3
"""Seconds without a change that end a batch: an editor's save or a copy is one batch."""
LONGEST = 2.0
"""A batch is handed over at most this long after its first change, even while changes go on."""
POLL_SECONDS = 10.0
"""Where the system will not watch the folders, they are looked at (a stat walk) this often."""
WATCHED_EVENTS = frozenset({"created", "deleted", "modified", "moved", "closed"})
"""What can change the library: not `opened` or `closed_no_write` (the indexer's own reads)."""


@dataclass
class Batch:
    changes: set[Change]
    everything: bool
    """Events may have been lost (or the watch just started): rescan the whole library."""


class Batcher:
    """Changes gathered into batches: a batch is due once no change has come for `quiet`
    seconds, or `longest` seconds after its first change. Thread-safe; `add` never blocks."""

    def __init__(
        self,
        quiet: float = QUIET,
        longest: float = LONGEST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.quiet, self.longest, self.clock = quiet, longest, clock
        self._condition = threading.Condition()
        self._changes: set[Change] = set()
        self._everything = False
        self._first = self._last = 0.0
        self._stopped = False

    def add(self, change: Change | None) -> None:
        """Note a change; None means events were lost, so everything is to be rescanned."""
        with self._condition:
            now = self.clock()
            if not self._changes and not self._everything:
                self._first = now
            self._last = now
            if change is None:
                self._everything = True
            else:
                self._changes.add(change)
            self._condition.notify()

    def due(self) -> float | None:
        """When the pending batch is to be handed over (clock time), or None if none is."""
        with self._condition:
            if not self._changes and not self._everything:
                return None
            return min(self._last + self.quiet, self._first + self.longest)

    def take(self) -> Batch:
        with self._condition:
            batch = Batch(self._changes, self._everything)
            self._changes, self._everything = set(), False
            return batch

    def next_batch(self) -> Batch | None:
        """Wait for the next batch to be due and return it; None once stopped."""
        with self._condition:
            while not self._stopped:
                due = self.due()
                if due is not None and self.clock() >= due:
                    return self.take()
                self._condition.wait(None if due is None else max(0.0, due - self.clock()))
            return None

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._condition.notify_all()

    @property
    def stopped(self) -> bool:
        return self._stopped


class _LostEvents(logging.Handler):
    """watchdog's warnings (the kernel's event queue overflowed, a watch could not be rebuilt)
    mean changes were missed: every running watch rescans. They are never printed, since the
    app owns the terminal."""

    def __init__(self) -> None:
        super().__init__()
        self.batchers: weakref.WeakSet[Batcher] = weakref.WeakSet()

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            for batcher in list(self.batchers):
                batcher.add(None)


_LOST = _LostEvents()


def _quiet_watchdog() -> None:
    logger = logging.getLogger("watchdog")
    if _LOST not in logger.handlers:
        logger.addHandler(_LOST)
        logger.propagate = False


class FolderWatch:
    """A library's folders under watch. A thread of its own waits for batches and calls
    `update(paths, stopped)` with the paths to re-index (None: the whole library) and a
    function saying it should stop; the first call, right after the watch is set up, catches
    what changed before the watch began: what changed after `since` (the start of the index
    the watch carries on from), else the whole library. `said` is given what the reader
    should know: the watch could not be set up, or falls back to polling."""

    def __init__(
        self,
        roots: Sequence[str | os.PathLike[str]],
        update: Callable[[list[str] | None, Callable[[], bool]], None],
        said: Callable[[str], None],
        batcher: Batcher | None = None,
        since: float | None = None,
    ) -> None:
        self.roots = list(roots)
        self.update = update
        self.said = said
        self.batcher = batcher or Batcher()
        self.since = since
        self.settled = threading.Event()
        """Set once the watch is up and its first pass done (or it could not be set up): the
        background work of starting it is over."""
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start watching in the background (setting up a watch walks every folder)."""
        self._thread = threading.Thread(target=self._run, name="readtui-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop soon, without waiting: a re-index under way stops at its next file."""
        self.batcher.stop()

    def join(self, timeout: float) -> bool:
        """Wait for the thread to end (tests); True if it has."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self._thread is None or not self._thread.is_alive()

    def _run(self) -> None:
        observer = None
        try:
            observer = self._observe()
            if observer is None:
                return
            self._hand_over(self._first_batch())
            self.settled.set()
            while (batch := self.batcher.next_batch()) is not None:
                self._hand_over(batch)
        except Exception as exc:  # a thread's traceback would be printed over the app
            if not self.batcher.stopped:
                self.said(f"Stopped watching the library's folders: {exc}")
        finally:
            self.settled.set()
            if observer is not None:
                observer.stop()
                observer.join(1.0)

    def _observe(self) -> BaseObserver | None:
        """An observer watching every target: the system's own notifications, else (when the
        system refuses, say at the inotify watch limit) a look at the folders every
        POLL_SECONDS; None, and `said` told why, when neither can be had."""
        try:
            from watchdog.observers import Observer
            from watchdog.observers.polling import PollingObserver
        except ImportError as exc:  # a broken install must not stop the reader
            self.said(f"Not watching the library's folders: {exc}")
            return None
        _quiet_watchdog()
        _LOST.batchers.add(self.batcher)
        try:
            return self._started(Observer)
        except (OSError, RuntimeError) as exc:
            refused = exc
        try:
            observer = self._started(lambda: PollingObserver(timeout=POLL_SECONDS))
        except (OSError, RuntimeError) as exc:
            self.said(f"Not watching the library's folders: {exc}")
            return None
        self.said(f"The library's folders are looked at every {POLL_SECONDS:g} s ({refused}).")
        return observer

    def _started(self, make: Callable[[], BaseObserver]) -> BaseObserver:
        handler = _handler(self.batcher)
        observer = make()
        try:
            for target in watch_targets(self.roots):
                observer.schedule(handler, target.path, recursive=target.recursive)
            observer.start()
        except BaseException:
            observer.stop()
            raise
        return observer

    def _first_batch(self) -> Batch:
        """What changed while the watch was being set up (and, with `since`, while the index
        it carries on from was made)."""
        if self.since is None:
            return Batch(set(), everything=True)
        return Batch(set(changed_since(self.roots, self.since)), everything=False)

    def _hand_over(self, batch: Batch) -> None:
        paths = None if batch.everything else rescan_paths(batch.changes, Shape.of(self.roots))
        if paths != []:
            self.update(paths, lambda: self.batcher.stopped)


def _handler(batcher: Batcher) -> FileSystemEventHandler:
    """watchdog's event handler: each relevant event becomes a change in the batcher. A
    folder's `modified` is left out: it only says its listing changed, which the events for
    the files themselves already tell. (Made here: watchdog is imported only once watching.)"""
    from watchdog.events import FileSystemEventHandler

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            kind = event.event_type
            if kind not in WATCHED_EVENTS or (kind == "modified" and event.is_directory):
                return
            batcher.add((os.fsdecode(event.src_path), event.is_directory))
            if kind == "moved" and event.dest_path:
                batcher.add((os.fsdecode(event.dest_path), event.is_directory))

    return Handler()
