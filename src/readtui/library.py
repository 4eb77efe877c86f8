"""The library: keeping its index in the store in step with the disk (readtui.walk finds the
article files; readtui.catalog reads the index for the sidebar).

Importing this module loads no parser: the parsing side (scan, index_file) imports it when it
runs, so the first paint never pays for it.
"""

from __future__ import annotations

import enum
import os
import time
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from readtui.dates import date_seconds
from readtui.errors import ReadtuiError
from readtui.store import CatalogRow as CatalogRow
from readtui.store import IndexEntry as IndexEntry
from readtui.store import IndexStamp, Position, Roots, Store, absolute
from readtui.walk import Scan, Stamp, file_stamp, first_articles, scan_library
from readtui.walk import scan as scan

if TYPE_CHECKING:
    from readtui.article.load import FileStamp, Loaded
    from readtui.article.model import Article


class FileChange(enum.Enum):
    """How a file on disk compares with the copy the library loaded."""

    SAME = "same"
    CHANGED = "changed"
    GONE = "gone"


def change_since(path: Path, stamp: FileStamp) -> FileChange:
    """Whether a file was edited, replaced or deleted since this version was read (one stat,
    cheap enough for a timer in the UI thread)."""
    from readtui.article.load import stamp_of

    now = stamp_of(path)
    if now == stamp:
        return FileChange.SAME
    return FileChange.GONE if now is None else FileChange.CHANGED


TITLE_CHARS = 300
"""Titles are stored this long at most: a one-line 10 MB file is all title."""


def stored_title(article: Article) -> str:
    title = article.title
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "\u2026"


def fit_position(position: Position, article: Article) -> Position | None:
    """A position saved in an earlier version of the file, if its paragraph still exists."""
    if position.block >= len(article.blocks):
        return None
    if position.block < 0:
        return position
    length = len(article.blocks[position.block].text)
    return Position(position.block, min(position.offset, length), position.percent)


def file_notice(path: Path, loaded_at: float, change: FileChange) -> str:
    """What to say, while an article is open, about its file on disk."""
    from readtui.article.sanitize import sanitize_name

    name = sanitize_name(path.name)
    if change is FileChange.GONE:
        loaded = time.strftime("%H:%M", time.localtime(loaded_at))
        return f"{name} was deleted or moved; showing the copy loaded at {loaded}"
    if change is FileChange.CHANGED:
        return f"{name} changed on disk; it will be reloaded when you open it again"
    return ""


# --- the library index ----------------------------------------------------------------------

INDEXER_VERSION = 2
"""Bump when indexing would store something else for the same file (a parser change to titles,
sources or word counts): rows an older indexer wrote are then redone in the background.
2: the article's date (`dated`), for the sidebar's newest-first order. (The full-text index
needs no bump: a library indexed before its tables existed is read again when they are made.)"""
BATCH_FILES = 200
FIRST_BATCH_FILES = 30
"""The first batch is a screenful, so a library indexed for the first time fills the sidebar
(and opens its first article) at once."""
BATCH_SECONDS = 0.25
"""Indexed entries are written (and progress reported) every this many files or seconds."""


def entry_from(path: str, loaded: Loaded) -> IndexEntry:
    """The index entry for a file just read (by the indexer, or by the reader opening it)."""
    article, stamp = loaded.article, loaded.stamp
    meta = article.meta
    title = stored_title(article)
    dated = date_seconds(meta.date) if meta.date else None
    return IndexEntry(
        *(path, stamp.size, stamp.mtime_ns, title, meta.source, meta.word_count),
        *(meta.fingerprint, "", stamp.mtime_ns // 1_000_000_000 if dated is None else dated),
    )


def failed_entry(path: str, error: str) -> IndexEntry:
    """The index entry of a file that cannot be shown: its name as title, and why."""
    from readtui.article.load import name_text

    size, mtime_ns = file_stamp(path)
    name = name_text(os.path.basename(path))
    return IndexEntry(path, size, mtime_ns, name, "", 0, "", error, max(mtime_ns, 0) // 10**9)


SEARCH_CHARS = 500_000
"""The full-text index reads this much of an article at most (a hundred pages; a news story is
a few thousand characters): indexing a 10 MB file whole would hold the store for seconds."""


def search_text(article: Article) -> str:
    """What the full-text index keeps of an article besides its title: the standfirst, the
    subhead and every block's texts, a line each, in the order (and as the texts) that search
    in the article reads them, so a match the index found is found again on opening it."""
    from readtui.article.search import fields

    lines = (field.text.replace("\n", " ") for field in islice(fields(article), 1, None))
    return "\n".join(lines)[:SEARCH_CHARS]


def index_file(path: str | os.PathLike[str]) -> IndexEntry:
    """Read and parse one file for the index; nothing a file holds can stop the indexing."""
    return index_file_text(path)[0]


def index_file_text(path: str | os.PathLike[str]) -> tuple[IndexEntry, str]:
    """index_file, with the article's text for the full-text index ('' when unreadable)."""
    from readtui.article.load import load_file

    name = absolute(path)
    try:
        loaded = load_file(Path(name), quotes=False)
        return entry_from(name, loaded), search_text(loaded.article)
    except ReadtuiError as exc:
        return failed_entry(name, str(exc)), ""
    except Exception as exc:  # a parser bug must cost one file, not the whole library
        bug = f"readtui failed to read this file (a bug: {type(exc).__name__})."
        return failed_entry(name, bug), ""


def _needs_indexing(stored: IndexStamp | None, now: Stamp) -> bool:
    """New, changed (size or mtime), failed last time, or indexed by an older readtui."""
    return stored is None or stored[2] or stored[:2] != now


def _compare(
    disk: Scan, chunks: Iterable[list[tuple[str, IndexStamp]] | None]
) -> tuple[list[str], list[str]]:
    """(indexed paths gone from the disk, paths to index: new, changed, failed or indexed by an
    older readtui), reading the index a chunk at a time: besides the scan, only a copy of its
    table is held, so a rescan of 50,000 files peaks about 10 MB lower (the heap it grows is
    rarely given back to the system)."""
    unseen, gone, todo = dict(disk.found), list[str](), list[str]()
    for chunk in chunks:
        if chunk is None:  # the index was reset meanwhile: compare again from its start
            unseen, gone, todo = dict(disk.found), [], []
            continue
        for path, stored in chunk:
            now = unseen.pop(path, None)
            if now is None:
                if not disk.keeps(path):
                    gone.append(path)
            elif _needs_indexing(stored, now):
                todo.append(path)
    todo.extend(unseen)  # on disk, not in the index
    return gone, todo


def update_index(
    store: Store,
    roots: Sequence[str | os.PathLike[str]],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    before_walk: Callable[[], None] | None = None,
) -> list[str]:
    """Bring the index in step with the disk; returns the scan's problems. Run it in a worker.

    Gone files are dropped first (not those below a folder that could not be listed: they
    may well be there still), then new and changed ones are indexed in path order (what the
    sidebar shows first comes first), a batch per transaction, with progress(done, total)
    after each batch and once at the end; StoreErrors propagate. When cancelled() turns true
    it stops after writing what it has read, with no final progress call.

    When the index holds nothing of the library yet, its first files are indexed before the
    walk of the rest, so the sidebar has rows at once; their progress says a total of 0
    (not counted yet), and the later batches count them in. `before_walk` is called just
    before the walk of the whole library (the reader waits there for its first article to be
    drawn: the walk holds the GIL for about half a second at 50,000 files).
    """
    stop = cancelled or (lambda: False)
    report = progress or (lambda done, total: None)
    store.prepare_fulltext()
    head = _index_head(store, roots, report, stop)
    if before_walk is not None:
        before_walk()
    disk = scan_library(roots, stop)
    if stop():
        return disk.problems
    gone, todo = _compare(disk, store.index_stamp_chunks(Roots.of(roots), indexer=INDEXER_VERSION))
    store.drop_index_entries(gone)
    todo.sort(key=os.fsencode)
    _index_in_batches(store, todo, lambda done, total: report(head + done, head + total), stop)
    return disk.problems


def _index_head(
    store: Store,
    roots: Sequence[str | os.PathLike[str]],
    report: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> int:
    """In a library new to the index, the first FIRST_BATCH_FILES files the walk finds are
    indexed at once (a folder or two listed, not all 50,000 files); how many were. Their
    total is 0 (not counted yet), unless the walk found fewer: then they are all there is."""
    if store.index_window(Roots.of(roots), limit=1):  # one row read, not a count
        return 0
    head = first_articles(roots, FIRST_BATCH_FILES, cancelled)
    if not head:
        return 0
    everything = len(head) < FIRST_BATCH_FILES
    head.sort(key=os.fsencode)
    _index_in_batches(
        store, head, lambda done, total: report(done, total if everything else 0), cancelled
    )
    return len(head)


def _index_in_batches(
    store: Store,
    todo: list[str],
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> None:
    """Index todo, writing a batch every BATCH_FILES files or BATCH_SECONDS seconds (with
    their texts, for the full-text index)."""
    batch: list[IndexEntry] = []
    texts: list[str] = []
    done, reported, started = 0, -1, time.monotonic()
    for path in todo:
        if cancelled():
            store.save_index_entries(batch, indexer=INDEXER_VERSION, texts=texts)
            return
        entry, text = index_file_text(path)
        batch.append(entry)
        texts.append(text)
        full = len(batch) >= (BATCH_FILES if done else FIRST_BATCH_FILES)
        if full or time.monotonic() - started >= BATCH_SECONDS:
            store.save_index_entries(batch, indexer=INDEXER_VERSION, texts=texts)
            done += len(batch)
            progress(done, len(todo))
            batch, texts, reported, started = [], [], done, time.monotonic()
    store.save_index_entries(batch, indexer=INDEXER_VERSION, texts=texts)
    done += len(batch)
    if reported != done:
        progress(done, len(todo))
