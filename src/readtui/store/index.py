"""The library index: one row per article file, read a window at a time for the sidebar.

Every query is limited to a library's Roots and kept short (a window, a count, a chunk of
stamps), since the UI thread reads while the indexing thread writes through the same lock.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from typing import TypeVar

from readtui.store import fulltext
from readtui.store.model import CatalogRow, IndexEntry, state_from
from readtui.store.roots import Roots, fold
from readtui.store.schema import create_library_table
from readtui.store.state_file import StateFile, in_transaction

_T = TypeVar("_T")

IndexStamp = tuple[int, int, bool]
"""(size, mtime_ns, redo) of an indexed file; redo when it failed or an older indexer read it."""

_ENTRY_COLUMNS = "path, size, mtime_ns, title, source, words, fingerprint, error, dated"
_UPSERT = (
    "INSERT OR REPLACE INTO library (path, size, mtime_ns, title, title_key, source, words,"
    " fingerprint, error, indexer, indexed_at, dated)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# The window is cut from library first, so the joins run for its rows only (never for rows
# skipped by OFFSET); a LIMIT keeps SQLite from flattening it into the join.
_WINDOW = """
    SELECT w.path, w.size, w.mtime_ns, w.title, w.source, w.words, w.fingerprint, w.error,
           w.dated, a.fingerprint, a.block, a.char_offset, a.percent, a.read, a.opened_at,
           a.path, a.title,
           w.fingerprint <> '' AND EXISTS (SELECT 1 FROM bookmarks AS b
                                           WHERE b.fingerprint = w.fingerprint)
    FROM (SELECT {columns} FROM library WHERE {where} ORDER BY path LIMIT ? OFFSET ?) AS w
    LEFT JOIN articles AS a ON a.fingerprint = w.fingerprint AND w.fingerprint <> ''
    ORDER BY w.path
"""
STAMP_CHUNK = 5000
"""Stamps are read this many at a time, so the UI thread never waits long for the lock."""
DELETE_CHUNK = 2000
FULLTEXT_CHUNK = 32
"""Entries per transaction when their text is indexed too (tokenizing them takes the lock
about a millisecond per article, so the UI thread's reads get it between chunks)."""


def _matching(needle: str) -> tuple[str, tuple[str, ...]]:
    """The title filter: instr on the folded title takes `%` and `_` literally (no LIKE
    escaping to get wrong) and is as fast as LIKE here."""
    return ("", ()) if not needle else (" AND instr(title_key, ?) > 0", (needle,))


def _entry(row: Sequence[object]) -> IndexEntry:
    """An IndexEntry from the first nine columns of a row (in _ENTRY_COLUMNS order)."""
    path, size, mtime_ns, title, source, words, fingerprint, error, dated = row[:9]
    return IndexEntry(
        os.fsdecode(path) if isinstance(path, bytes) else str(path),
        int(size) if isinstance(size, int) else 0,
        int(mtime_ns) if isinstance(mtime_ns, int) else 0,
        str(title),
        str(source),
        int(words) if isinstance(words, int) else 0,
        str(fingerprint),
        str(error),
        int(dated) if isinstance(dated, int) else 0,
    )


def _catalog_row(row: Sequence[object]) -> CatalogRow:
    state = None if row[9] is None else state_from(tuple(row[9:17]))
    return CatalogRow(_entry(row), state, bool(row[17]))


def _text(value: str) -> str:
    """Text SQLite can store: a lone surrogate (from a file name that is not UTF-8) becomes
    U+FFFD instead of failing the whole batch."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return value


def _index_row(entry: IndexEntry, indexer: int, now: float) -> tuple[object, ...]:
    """The row _UPSERT writes for an entry (the folded title beside the title)."""
    title = _text(entry.title)
    return (
        *(os.fsencode(entry.path), entry.size, entry.mtime_ns, title, fold(title)),
        *(_text(entry.source), entry.words, entry.fingerprint, _text(entry.error)),
        *(indexer, now, entry.dated),
    )


def _text_row(entry: IndexEntry, text: str | None) -> fulltext.TextRow:
    """What the full-text index keeps of an entry (None: nothing, it cannot be read); made
    before the write takes the lock, since compressing the text takes a while."""
    key, title = os.fsencode(entry.path), _text(entry.title)
    if text is None:
        return key, title, None, b""
    body = _text(text)
    return key, title, body, fulltext.pack(body)


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite met a damaged page (as opposed to a busy or failing disk)."""
    name = str(getattr(exc, "sqlite_errorname", ""))
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(exc)


def _drop_index(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE IF EXISTS main.library")
    fulltext.drop_tables(conn, "main")  # made again, empty, by the next write of texts
    create_library_table(conn)


def _forget_index(conn: sqlite3.Connection) -> None:
    """Remove the index from the schema without reading its pages (SQLite's writable_schema)."""
    conn.execute("PRAGMA writable_schema = ON")
    try:
        names = ("library", *fulltext.FULLTEXT_TABLES)
        marks = ", ".join("?" * len(names))
        conn.execute(f"DELETE FROM main.sqlite_schema WHERE tbl_name IN ({marks})", names)
    finally:
        conn.execute("PRAGMA writable_schema = RESET")
    create_library_table(conn)


class LibraryIndex(StateFile):
    """The Store's library-index queries; see Catalog (readtui.library) for their use."""

    index_resets = 0
    """How many times a damaged index was started afresh this session."""
    index_generation = 0
    """Counts changes to the index made through this Store, so a copy of it (the Catalog's
    titles) can tell it is out of date."""

    def _index_read(self, query: Callable[[sqlite3.Connection], _T], empty: _T) -> _T:
        """Run a read under the lock; damage in the index (which the open-time check skips)
        is repaired by starting the index afresh, and the read is tried once more."""
        with self._reading() as conn:
            if conn is None:
                return empty
            try:
                return query(conn)
            except sqlite3.DatabaseError as exc:
                if not is_damage(exc):
                    raise
                self._restart_index(conn)
            return query(conn)

    def _repaired(self, conn: sqlite3.Connection, exc: sqlite3.Error) -> bool:
        """A write into the index that met damage starts the index afresh and runs again."""
        if not is_damage(exc):
            return False
        self._restart_index(conn)
        return True

    def _restart_index(self, conn: sqlite3.Connection) -> None:
        """Replace a damaged index with an empty one, which the background scan refills.

        Dropping a table walks its pages, so damage can stop it; the table is then forgotten
        (its pages left unreferenced) and VACUUM rebuilds the file without them. Failing all
        that, a TEMP table shadows it for this session.
        """
        self.index_resets += 1
        self.index_generation += 1  # and again when the rebuild adds entries
        self.notices.append(
            f"The library index in {self.path} was damaged; it is being rebuilt from the files."
        )
        try:
            in_transaction(conn, _drop_index)
            return
        except sqlite3.Error:
            pass
        try:
            in_transaction(conn, _forget_index)
        except sqlite3.Error:
            create_library_table(conn, "temp")
            return
        with suppress(sqlite3.Error):
            conn.execute("VACUUM")

    # -- writing --

    fulltext_missing = False
    """This SQLite has no FTS5: the library is indexed without its texts (no search)."""

    def save_index_entries(
        self,
        entries: Iterable[IndexEntry],
        *,
        indexer: int = 0,
        texts: Sequence[str] | None = None,
    ) -> None:
        """Add or replace a batch of entries in one transaction; `indexer` records which
        version of the indexing read them (see readtui.library.INDEXER_VERSION).

        `texts` (one per entry, readtui.library.search_text) puts them in the full-text index
        in the same transactions, FULLTEXT_CHUNK entries each; without it the full-text index
        is left as it was. An entry that could not be read leaves the full-text index."""
        now = time.time()
        listed = list(entries)
        rows = [_index_row(e, indexer, now) for e in listed]
        if texts is None:
            self._save_index_rows(rows, [])
            return
        full = [
            _text_row(entry, None if entry.error else text)
            for entry, text in zip(listed, texts, strict=True)
        ]
        for start in range(0, len(rows), FULLTEXT_CHUNK):
            end = start + FULLTEXT_CHUNK
            self._save_index_rows(rows[start:end], full[start:end])

    def _save_index_rows(
        self, rows: list[tuple[object, ...]], full: list[fulltext.TextRow]
    ) -> None:
        def write(conn: sqlite3.Connection) -> None:
            if full and self._fulltext_ready(conn):
                fulltext.write_texts(conn, full)
            conn.executemany(_UPSERT, rows)

        if rows:
            try:
                self._write(write, session=True)
            finally:
                self.index_generation += 1  # after the write: a copy read meanwhile is stale

    def _fulltext_ready(self, conn: sqlite3.Connection) -> bool:
        """Whether the full-text tables are there to write (made when missing)."""
        if not self.fulltext_missing and not fulltext.ensure_tables(conn):
            self.fulltext_missing = True
        return not self.fulltext_missing

    def drop_index_entries(self, paths: Iterable[str]) -> None:
        """Forget files that are gone, a chunk per transaction so readers get the lock between."""
        keys = [(os.fsencode(p),) for p in paths]
        size = DELETE_CHUNK if self.fulltext_missing else FULLTEXT_CHUNK
        for start in range(0, len(keys), size):
            chunk = keys[start : start + size]

            def delete(conn: sqlite3.Connection, chunk: list[tuple[bytes]] = chunk) -> None:
                if self._fulltext_ready(conn):
                    fulltext.drop_texts(conn, [key for (key,) in chunk])
                conn.executemany("DELETE FROM library WHERE path = ?", chunk)

            try:
                self._write(delete, create=False, session=True)
            finally:
                self.index_generation += 1

    # -- reading --

    def index_stamps(self, roots: Roots, *, indexer: int = 0) -> dict[str, IndexStamp]:
        """What the index holds under roots, all at once."""
        stamps: dict[str, IndexStamp] = {}
        for chunk in self.index_stamp_chunks(roots, indexer=indexer):
            if chunk is None:
                stamps.clear()
            else:
                stamps.update(chunk)
        return stamps

    def index_stamp_chunks(
        self, roots: Roots, *, indexer: int = 0
    ) -> Iterator[list[tuple[str, IndexStamp]] | None]:
        """What the index holds under roots, in path order, STAMP_CHUNK at a time: the scan
        compares it with the disk without holding the whole index (about 12 MB at 50,000
        files). None says the index was reset meanwhile: what was read before is gone, and
        the chunks start again from the first."""
        after: bytes | None = None
        resets = self.index_resets
        while True:
            rows = self._stamp_chunk(roots, indexer, after)
            if self.index_resets != resets:
                resets, after = self.index_resets, None
                yield None
                continue
            yield [
                (os.fsdecode(path), (int(size), int(mtime_ns), bool(redo)))
                for path, size, mtime_ns, redo in rows
            ]
            if len(rows) < STAMP_CHUNK:
                return
            after = rows[-1][0]

    def _stamp_chunk(
        self, roots: Roots, indexer: int, after: bytes | None
    ) -> list[tuple[bytes, int, int, int]]:
        """The next STAMP_CHUNK stamps after a path, in one short read."""
        where, params = roots.clause(after)
        sql = (
            "SELECT path, size, mtime_ns, error <> '' OR indexer <> ? FROM library"
            f" WHERE {where} ORDER BY path LIMIT {STAMP_CHUNK:d}"
        )
        return self._index_read(lambda c: c.execute(sql, (indexer, *params)).fetchall(), [])

    def index_titles(self, roots: Roots) -> tuple[list[bytes], list[str]]:
        """Every path under roots and its folded title, in path order: read a chunk at a time,
        so the UI thread never waits long for the lock."""
        paths: list[bytes] = []
        keys: list[str] = []
        resets = self.index_resets
        while True:
            rows = self._title_chunk(roots, paths[-1] if paths else None)
            if self.index_resets != resets:
                return self.index_titles(roots)
            for path, key in rows:
                paths.append(path)
                keys.append(key)
            if len(rows) < STAMP_CHUNK:
                return paths, keys

    def _title_chunk(self, roots: Roots, after: bytes | None) -> list[tuple[bytes, str]]:
        where, params = roots.clause(after)
        sql = (
            f"SELECT path, title_key FROM library WHERE {where} ORDER BY path LIMIT {STAMP_CHUNK:d}"
        )
        return self._index_read(lambda c: c.execute(sql, params).fetchall(), [])

    def count_index(self, roots: Roots, needle: str = "") -> int:
        """How many entries are under roots whose folded title contains needle ('' = all)."""
        where, params = roots.clause()
        match, extra = _matching(needle)
        sql = f"SELECT count(*) FROM library WHERE {where}{match}"
        return int(self._index_read(lambda c: c.execute(sql, params + extra).fetchone()[0], 0))

    def index_window(
        self,
        roots: Roots,
        needle: str = "",
        *,
        offset: int = 0,
        limit: int = 100,
        after: str | None = None,
    ) -> list[CatalogRow]:
        """Up to `limit` rows in path order, skipping `offset` matching rows, or (`after`)
        starting after a path, which reads on from a known row without counting up to it."""
        where, params = roots.clause(None if after is None else os.fsencode(after))
        match, extra = _matching(needle)
        sql = _WINDOW.format(columns=_ENTRY_COLUMNS, where=where + match)
        args = (*params, *extra, limit, offset)
        return self._index_read(lambda c: [_catalog_row(r) for r in c.execute(sql, args)], [])

    def index_rank(self, roots: Roots, path: str, needle: str = "") -> int | None:
        """The position of path among the matching entries, or None when it is not one."""
        key = os.fsencode(path)
        where, params = roots.clause()
        earlier, earlier_params = roots.clause(before=key)
        match, extra = _matching(needle)
        here = f"SELECT 1 FROM library WHERE path = ? AND {where}{match}"
        before = f"SELECT count(*) FROM library WHERE {earlier}{match}"

        def query(conn: sqlite3.Connection) -> int | None:
            if conn.execute(here, (key, *params, *extra)).fetchone() is None:
                return None
            return int(conn.execute(before, (*earlier_params, *extra)).fetchone()[0])

        return self._index_read(query, None)

    def index_entry(self, roots: Roots, path: str) -> IndexEntry | None:
        """The entry for one path of this library, or None."""
        where, params = roots.clause()
        sql = f"SELECT {_ENTRY_COLUMNS} FROM library WHERE path = ? AND {where}"
        row = self._index_read(
            lambda c: c.execute(sql, (os.fsencode(path), *params)).fetchone(), None
        )
        return None if row is None else _entry(row)

    def index_entry_by_fingerprint(self, roots: Roots, fingerprint: str) -> IndexEntry | None:
        """The first file (in path order) of this library holding this content, or None."""
        if not fingerprint:
            return None
        where, params = roots.clause()
        sql = (
            f"SELECT {_ENTRY_COLUMNS} FROM library WHERE fingerprint = ? AND {where}"
            " ORDER BY path LIMIT 1"
        )
        row = self._index_read(lambda c: c.execute(sql, (fingerprint, *params)).fetchone(), None)
        return None if row is None else _entry(row)
