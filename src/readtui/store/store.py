"""The Store's vocabulary: positions, read marks, the last opened article and settings.

Each method is one query or one committed transaction; opening, locking and surviving faults
are StateFile's business, so nothing here needs to know about them. The library index's
queries come from LibraryIndex (store/index.py) and Listing (store/listing.py: the sidebar's
orders and views) and TextSearch (store/text_search.py: the full-text search), bookmarks and
copied quotes from Notes (store/bookmarks.py).
"""

from __future__ import annotations

import sqlite3
import time

from readtui.store.bookmarks import Notes
from readtui.store.listing import Listing
from readtui.store.model import (
    ArticleState,
    Position,
    clamp_percent,
    path_param,
    state_from,
)
from readtui.store.schema import LAST_OPENED_KEY, STATE_COLUMNS, UPSERT_INFO
from readtui.store.text_search import TextSearch


class Store(Listing, TextSearch, Notes):
    """Thread-safe, lazily opened reading-state store.

    Attributes the UI should surface: `notices` (things that happened, e.g. a damaged file set
    aside), `saving_error` (why nothing is being saved this session), `read_only_reason`
    (the file is from a newer readtui, so it is read but never written). `not_saving` and
    `read_only` hold the same reasons as short phrases, for a status line.
    """

    # -- positions and read marks --

    def save_position(
        self,
        fingerprint: str,
        position: Position,
        *,
        path: str = "",
        title: str = "",
        anchor: str = "",
    ) -> None:
        """Remember where the reader is in an article (and the words there, to find the place
        in an edited file), committed at once so a crash keeps it."""

        def action(conn: sqlite3.Connection) -> None:
            conn.execute(UPSERT_INFO, (fingerprint, time.time(), path_param(path), title))
            conn.execute(
                "UPDATE articles SET block = ?, char_offset = ?, percent = ?, anchor = ?"
                " WHERE fingerprint = ?",
                (
                    position.block,
                    position.offset,
                    clamp_percent(position.percent),
                    anchor,
                    fingerprint,
                ),
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

    def mark_unread(self, fingerprint: str) -> None:
        """Clear the article's read mark; its place is kept, so marking it read and unread
        again by mistake loses nothing (an article never opened stays as it was)."""

        def action(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE articles SET read = 0 WHERE fingerprint = ?", (fingerprint,))

        self._write(action, create=False)

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

    # -- settings --

    def setting(self, key: str) -> str | None:
        """A saved user setting (theme, reading width...), or None when never saved."""
        with self._reading() as conn:
            if conn is None:
                return None
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def save_setting(self, key: str, value: str) -> None:
        """Remember a user setting across launches; refused like every write when read-only."""

        def action(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

        self._write(action)

    # -- lifetime --

    def __enter__(self) -> Store:
        """Allow `with Store(path) as store:` so tests and scripts always close it."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close on leaving the with-block, whatever happened inside."""
        self.close()
