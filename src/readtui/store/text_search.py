"""Searching the library's text: the Store's queries over the full-text index (store/fulltext.py),
which LibraryIndex keeps in step with the library table as it writes it.

A search runs in a worker while the reader types, so each can be stopped halfway: a newer
keystroke makes the older search pointless, and it should hand the lock back at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from readtui.store import fulltext
from readtui.store.fulltext import FullTextAnswer
from readtui.store.index import LibraryIndex
from readtui.store.roots import Roots

SEARCH_LIMIT = 200
CHECK_EVERY = 2000
"""SQLite steps between two looks at `cancelled` (a few tens of microseconds)."""


def _answer(
    conn: sqlite3.Connection, cancelled: Callable[[], bool], run: Callable[[], FullTextAnswer]
) -> FullTextAnswer | None:
    """run() with SQLite asking `cancelled` as it goes; None when it said stop. A store that
    has no full-text index (yet, or no FTS5) finds nothing."""
    if cancelled():
        return None
    conn.set_progress_handler(lambda: int(cancelled()), CHECK_EVERY)
    try:
        found = run()
        return None if cancelled() else found
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if "interrupted" in message:
            return None
        if any(text in message for text in ("no such table", "no such module", "fts5")):
            return FullTextAnswer([], True)
        raise
    finally:
        conn.set_progress_handler(None, 0)


class TextSearch(LibraryIndex):
    """The Store's full-text queries; the index itself is written by LibraryIndex."""

    def prepare_fulltext(self) -> bool:
        """Make the full-text index if it is missing, before a scan reads what is indexed: a
        library indexed without it is then read again. False when SQLite has no FTS5 (or
        there is no state file yet: its first write makes the index)."""
        ready = self._write(self._fulltext_ready, create=False, session=True)
        return bool(ready)

    def search_library(
        self,
        roots: Roots,
        words: Sequence[str],
        *,
        prefix: bool = False,
        limit: int = SEARCH_LIMIT,
        ranked: int | None = None,
        cancelled: Callable[[], bool] | None = None,
        wait: bool = True,
    ) -> FullTextAnswer | None:
        """The best `limit` articles under roots holding every word (the last as a prefix when
        `prefix`), best first by bm25 (of the `ranked` newest such articles only, when given);
        None when `cancelled()` turned true meanwhile, or (`wait=False`, for the UI thread)
        when another thread holds the store: the indexer writing a batch.

        Words are data, never FTS5 syntax: each is quoted (see fulltext.match_expression)."""
        if not words:
            return FullTextAnswer([], True)
        if not wait and self._lock.locked():
            return None
        expression = fulltext.match_expression(words, prefix)
        stop = cancelled or (lambda: False)

        def query(conn: sqlite3.Connection) -> FullTextAnswer | None:
            return _answer(
                conn, stop, lambda: fulltext.search(conn, roots, expression, limit, ranked)
            )

        nothing: FullTextAnswer | None = FullTextAnswer([], True)
        return self._index_read(query, nothing)

    def indexed_texts(self, docids: Sequence[int]) -> dict[int, str]:
        """The texts indexed for these hits (FullTextHit.docid), for their snippets."""
        if not docids:
            return {}
        return self._index_read(lambda conn: fulltext.texts(conn, docids), {})
