"""The reader's notes in the store: bookmarks (with a note each) and the quotes they copied.

A mixin of the Store, as LibraryIndex is, so each query stays one method and store.py stays the
vocabulary of positions and read marks. Every write is refused (a no-op) on a read-only file,
as StateFile._write refuses all of them.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import time

from readtui.store.model import Bookmark, CopiedQuote, bookmark_from, path_param, quote_from
from readtui.store.schema import BOOKMARK_ORDER, BOOKMARK_SELECT, QUOTE_COLUMNS
from readtui.store.state_file import StateFile

_INSERT_BOOKMARK = (
    "INSERT INTO bookmarks (fingerprint, block, char_offset, snippet, created_at, title, path,"
    " note, source, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPSERT_QUOTE = """
    INSERT INTO quotes (fingerprint, text, block, char_offset, speaker, role, title, path,
                        source, url, copied_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (fingerprint, block, char_offset) DO UPDATE SET
        text = excluded.text, speaker = excluded.speaker, role = excluded.role,
        title = excluded.title, path = excluded.path, source = excluded.source,
        url = excluded.url, copied_at = excluded.copied_at
"""


class Notes(StateFile):
    """Bookmarks and copied quotes: the part of the store that `readtui notes` prints."""

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
        note: str = "",
        source: str = "",
        url: str = "",
    ) -> Bookmark:
        """Save a bookmark and return it; when read-only it is returned unsaved with id -1."""
        bookmark = Bookmark(
            -1, fingerprint, block, offset, snippet, time.time(), title, path, note, source, url
        )
        return self.restore_bookmark(bookmark)

    def restore_bookmark(self, bookmark: Bookmark) -> Bookmark:
        """Save a bookmark as it was (its time and note too): undoing a delete puts it back in
        the same place of a list sorted by date. The returned copy carries its new id."""
        b = bookmark
        row: tuple[object, ...] = (b.fingerprint, b.block, b.offset, b.snippet, b.created_at)
        row += (b.title, path_param(b.path), b.note, b.source, b.url)

        def action(conn: sqlite3.Connection) -> int:
            return int(conn.execute(_INSERT_BOOKMARK, row).lastrowid or 0)

        new_id = self._write(action)
        return dataclasses.replace(bookmark, id=-1 if new_id is None else new_id)

    def set_bookmark_note(self, bookmark_id: int, note: str) -> bool:
        """Set (or, with an empty note, remove) a bookmark's note. False when it was not saved:
        the file is read-only, or the bookmark is gone."""

        def action(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute(
                "UPDATE bookmarks SET note = ? WHERE id = ?", (note.strip(), bookmark_id)
            )
            return cursor.rowcount > 0

        return bool(self._write(action, create=False))

    def bookmarks(self, fingerprint: str | None = None) -> list[Bookmark]:
        """Bookmarks newest first, for one article or (None) for the whole library."""
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

    # -- copied quotes --

    def record_quote(self, quote: CopiedQuote) -> CopiedQuote:
        """Keep a copied quote for the notes export; copying it again refreshes its time rather
        than adding a row. Returned with its id and time (id -1 when read-only)."""
        q = dataclasses.replace(quote, copied_at=time.time())
        row: tuple[object, ...] = (q.fingerprint, q.text, q.block, q.offset, q.speaker, q.role)
        row += (q.title, path_param(q.path), q.source, q.url, q.copied_at)

        def action(conn: sqlite3.Connection) -> int:
            conn.execute(_UPSERT_QUOTE, row)
            found = conn.execute(
                "SELECT id FROM quotes WHERE fingerprint = ? AND block = ? AND char_offset = ?",
                (q.fingerprint, q.block, q.offset),
            ).fetchone()
            return int(found[0])

        new_id = self._write(action)
        return dataclasses.replace(q, id=-1 if new_id is None else new_id)

    def copied_quotes(self, fingerprint: str | None = None) -> list[CopiedQuote]:
        """Copied quotes newest first, for one article or (None) for the whole library."""
        sql = f"SELECT {QUOTE_COLUMNS} FROM quotes"
        params: tuple[str, ...] = ()
        if fingerprint is not None:
            sql, params = sql + " WHERE fingerprint = ?", (fingerprint,)
        with self._reading() as conn:
            if conn is None:
                return []
            rows = conn.execute(sql + " ORDER BY copied_at DESC, id DESC", params).fetchall()
        return [quote_from(tuple(row)) for row in rows]
