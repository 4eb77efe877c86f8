"""The Store's vocabulary: positions, read marks, the last opened article and bookmarks.

Each method is one query or one committed transaction; opening, locking and surviving faults
are StateFile's business, so nothing here needs to know about them. The library index's
queries come from LibraryIndex (store/index.py).
"""

from __future__ import annotations

import sqlite3
import time

from readtui.store.index import LibraryIndex
from readtui.store.model import (
    ArticleState,
    Bookmark,
    Position,
    bookmark_from,
    clamp_percent,
    path_param,
    state_from,
)
from readtui.store.schema import (
    BOOKMARK_ORDER,
    BOOKMARK_SELECT,
    LAST_OPENED_KEY,
    STATE_COLUMNS,
    UPSERT_INFO,
)


class Store(LibraryIndex):
    """Thread-safe, lazily opened reading-state store.

    Attributes the UI should surface: `notices` (things that happened, e.g. a damaged file set
    aside), `saving_error` (why nothing is being saved this session), `read_only_reason`
    (the file is from a newer readtui, so it is read but never written). `not_saving` and
    `read_only` hold the same reasons as short phrases, for a status line.
    """

    # -- positions and read marks --

    def save_position(
        self, fingerprint: str, position: Position, *, path: str = "", title: str = ""
    ) -> None:
        """Remember where the reader is in an article, committed at once so a crash keeps it."""

        def action(conn: sqlite3.Connection) -> None:
            conn.execute(UPSERT_INFO, (fingerprint, time.time(), path_param(path), title))
            conn.execute(
                "UPDATE articles SET block = ?, char_offset = ?, percent = ? WHERE fingerprint = ?",
                (position.block, position.offset, clamp_percent(position.percent), fingerprint),
            )

        self._write(action)

    def position(self, fingerprint: str) -> Position | None:
        """The saved position for an article, or None when it was never saved."""
        state = self.state(fingerprint)
        return None if state is None else state.position

    def mark_read(
        self, fingerprint: str, read: bool = True, *, path: str = "", title: str = ""
    ) -> None:
        """Set or clear the article's read mark."""

        def action(conn: sqlite3.Connection) -> None:
            conn.execute(UPSERT_INFO, (fingerprint, time.time(), path_param(path), title))
            conn.execute(
                "UPDATE articles SET read = ? WHERE fingerprint = ?", (int(read), fingerprint)
            )

        self._write(action)

    def state(self, fingerprint: str) -> ArticleState | None:
        """Everything remembered about one article, or None when nothing is."""
        with self._reading() as conn:
            if conn is None:
                return None
            row = conn.execute(
                f"SELECT {STATE_COLUMNS} FROM articles WHERE fingerprint = ?", (fingerprint,)
            ).fetchone()
        return None if row is None else state_from(tuple(row))

    def states(self) -> dict[str, ArticleState]:
        """All remembered articles in one query, so the sidebar needs no query per row."""
        with self._reading() as conn:
            if conn is None:
                return {}
            rows = conn.execute(f"SELECT {STATE_COLUMNS} FROM articles").fetchall()
        states = (state_from(tuple(row)) for row in rows)
        return {s.fingerprint: s for s in states}

    # -- last opened --

    def set_last_opened(self, fingerprint: str, *, path: str = "", title: str = "") -> None:
        """Record the article to reopen next launch, and when it was opened."""

        def action(conn: sqlite3.Connection) -> None:
            now = time.time()
            conn.execute(UPSERT_INFO, (fingerprint, now, path_param(path), title))
            conn.execute(
                "UPDATE articles SET opened_at = ? WHERE fingerprint = ?", (now, fingerprint)
            )
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (LAST_OPENED_KEY, fingerprint),
            )

        self._write(action)

    def last_opened(self) -> str | None:
        """The fingerprint of the article open when readtui last ran, if any."""
        with self._reading() as conn:
            if conn is None:
                return None
            row = conn.execute(
                "SELECT value FROM meta WHERE key = ?", (LAST_OPENED_KEY,)
            ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    # -- bookmarks --

    def add_bookmark(
        self,
        fingerprint: str,
        block: int,
        offset: int,
        snippet: str,
        *,
        title: str = "",
        path: str = "",
    ) -> Bookmark:
        """Save a bookmark and return it; when read-only it is returned unsaved with id -1."""
        created_at = time.time()

        def action(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                "INSERT INTO bookmarks (fingerprint, block, char_offset, snippet, created_at,"
                " title, path) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (fingerprint, block, offset, snippet, created_at, title, path_param(path)),
            )
            return int(cursor.lastrowid or 0)

        new_id = self._write(action)
        return Bookmark(
            id=-1 if new_id is None else new_id,
            fingerprint=fingerprint,
            block=block,
            offset=offset,
            snippet=snippet,
            created_at=created_at,
            title=title,
            path=path,
        )

    def bookmarks(self, fingerprint: str | None = None) -> list[Bookmark]:
        """Bookmarks newest first, for one article or (None) for every article."""
        with self._reading() as conn:
            if conn is None:
                return []
            if fingerprint is None:
                rows = conn.execute(BOOKMARK_SELECT + BOOKMARK_ORDER).fetchall()
            else:
                rows = conn.execute(
                    BOOKMARK_SELECT + " WHERE b.fingerprint = ?" + BOOKMARK_ORDER,
                    (fingerprint,),
                ).fetchall()
        return [bookmark_from(tuple(row)) for row in rows]

    def bookmark_near(self, fingerprint: str, block: int) -> Bookmark | None:
        """The newest bookmark of this article at this block, so the UI can toggle it off."""
        with self._reading() as conn:
            if conn is None:
                return None
            row = conn.execute(
                BOOKMARK_SELECT
                + " WHERE b.fingerprint = ? AND b.block = ?"
                + BOOKMARK_ORDER
                + " LIMIT 1",
                (fingerprint, block),
            ).fetchone()
        return None if row is None else bookmark_from(tuple(row))

    def delete_bookmark(self, bookmark_id: int) -> None:
        """Remove a bookmark; deleting one that is already gone is not an error."""

        def action(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))

        self._write(action, create=False)

    # -- lifetime --

    def __enter__(self) -> Store:
        """Allow `with Store(path) as store:` so tests and scripts always close it."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close on leaving the with-block, whatever happened inside."""
        self.close()
