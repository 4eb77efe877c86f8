"""The library: which files are articles, and keeping their index in the store in step with the
disk (readtui.catalog reads that index for the sidebar).

Importing this module loads no parser: the parsing side (scan, index_file) imports it when it
runs, so the first paint never pays for it.
"""

from __future__ import annotations

import enum
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from readtui.dates import date_seconds
from readtui.errors import ReadtuiError
from readtui.store import CatalogRow as CatalogRow
from readtui.store import IndexEntry as IndexEntry
from readtui.store import IndexStamp, Position, Roots, Store, absolute

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

Stamp = tuple[int, int]
"""(size, mtime_ns) of a file as the scan saw it."""


def _stamp(path: str, entry: os.DirEntry[str] | None = None) -> Stamp:
    """Size and mtime through symlinks; a broken link has only its own, a vanished file none."""
    for follow in (True, False):
        try:
            info = (
                entry.stat(follow_symlinks=follow)
                if entry
                else os.stat(path, follow_symlinks=follow)
            )
        except OSError:
            continue
        return info.st_size, info.st_mtime_ns
    return -1, -1


def entry_kind(entry: os.DirEntry[str]) -> str:
    """`folder` to walk into, `link` for a symlinked folder (not followed: it may loop), or
    `file` for anything else (a broken link or a FIFO too: indexing says what it is)."""
    try:
        if entry.is_dir():
            return "link" if entry.is_symlink() else "folder"
    except OSError:
        pass
    return "file"


@dataclass
class _Scan:
    found: dict[str, Stamp] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)
    """Folders that could not be listed: what the index holds below them is kept."""

    def folder(self, folder: str, cancelled: Callable[[], bool]) -> None:
        """Article files below a folder, hidden names skipped; a folder that cannot be listed
        is reported rather than silently skipped."""
        from readtui.article.load import ARTICLE_SUFFIXES

        pending = [folder]
        while pending and not cancelled():
            current = pending.pop()
            try:
                with os.scandir(current) as listing:
                    entries = sorted(listing, key=lambda e: e.name)
            except OSError as exc:
                self.problems.append(f"Cannot list the folder {current}: {exc.strerror or exc}")
                self.unlisted.append(current)
                continue
            folders = []
            for entry in entries:
                kind = entry_kind(entry)
                if entry.name.startswith(".") or kind == "link":
                    continue
                if kind == "folder":
                    folders.append(entry.path)
                elif os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES:
                    self.found[entry.path] = _stamp(entry.path, entry)
            pending.extend(reversed(folders))

    def keeps(self, path: str) -> bool:
        """Whether an indexed path the scan did not find may still exist (unlisted folder)."""
        return path in self.found or any(path.startswith(f + os.sep) for f in self.unlisted)


def _scan(roots: Iterable[str | os.PathLike[str]], cancelled: Callable[[], bool]) -> _Scan:
    result = _Scan()
    for root in roots:
        path = absolute(root)
        if os.path.isdir(path):
            result.folder(path, cancelled)
        elif os.path.lexists(path):
            result.found[path] = _stamp(path)
        else:
            result.problems.append(f"No such file or folder: {os.fsdecode(root)}")
    return result


def scan(
    roots: Iterable[str | os.PathLike[str]], cancelled: Callable[[], bool] | None = None
) -> tuple[dict[str, Stamp], list[str]]:
    """The library's files now: absolute path -> (size, mtime_ns), and problems in plain words.

    Folders are searched (only .txt, .md, .markdown); files named directly are taken whatever
    their suffix, a device or a FIFO too (indexing lists it with the reason it is not read).
    """
    result = _scan(roots, cancelled or (lambda: False))
    return result.found, result.problems


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

    size, mtime_ns = _stamp(path)
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
    disk: _Scan, chunks: Iterable[list[tuple[str, IndexStamp]] | None]
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
) -> list[str]:
    """Bring the index in step with the disk; returns the scan's problems. Run it in a worker.

    Gone files are dropped first (not those below a folder that could not be listed: they
    may well be there still), then new and changed ones are indexed in path order (what the
    sidebar shows first comes first), a batch per transaction, with progress(done, total)
    after each batch and once at the end; StoreErrors propagate. When cancelled() turns true
    it stops after writing what it has read, with no final progress call.
    """
    stop = cancelled or (lambda: False)
    disk = _scan(roots, stop)
    if stop():
        return disk.problems
    store.prepare_fulltext()
    gone, todo = _compare(disk, store.index_stamp_chunks(Roots.of(roots), indexer=INDEXER_VERSION))
    store.drop_index_entries(gone)
    todo.sort(key=os.fsencode)
    _index_in_batches(store, todo, progress or (lambda done, total: None), stop)
    return disk.problems


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
