"""The store's tables, their migrations (stamped in SQLite's user_version) and shared SQL.

Migrations run in one transaction each time the file is opened, so a crash mid-upgrade leaves
the old version intact and the next start simply tries again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

SCHEMA_VERSION = 5
LAST_OPENED_KEY = "last_opened"


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    """Create the first schema; `char_offset` avoids the SQL keyword OFFSET."""
    conn.execute(
        """CREATE TABLE IF NOT EXISTS articles (
            fingerprint TEXT PRIMARY KEY,
            block INTEGER,
            char_offset INTEGER,
            percent REAL,
            read INTEGER NOT NULL DEFAULT 0,
            opened_at REAL,
            updated_at REAL NOT NULL,
            path TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT ''
        )"""
    )
    conn.execute(
        """CREATE TABLE IF NOT EXISTS bookmarks (
            id INTEGER PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            block INTEGER NOT NULL,
            char_offset INTEGER NOT NULL,
            snippet TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            path TEXT NOT NULL DEFAULT ''
        )"""
    )
    conn.execute(
        "CREATE INDEX IF NOT EXISTS bookmarks_by_article ON bookmarks (fingerprint, block)"
    )
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")


# The library index: one row per file, keyed by its path bytes (a Linux name need not be UTF-8),
# in path order so a sidebar window is one range read. WITHOUT ROWID keeps each row in the
# primary-key b-tree itself, so filtering the titles of a range reads no second tree.
LIBRARY_COLUMNS = """
    path BLOB NOT NULL PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    words INTEGER NOT NULL DEFAULT 0,
    fingerprint TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    indexer INTEGER NOT NULL DEFAULT 0,
    indexed_at REAL NOT NULL,
    dated INTEGER NOT NULL DEFAULT 0
"""


def create_library_table(conn: sqlite3.Connection, schema: str = "main") -> None:
    """The library table and its index in `main`, or in `temp` for a session that cannot write
    the file (a TEMP table of the same name shadows main's for unqualified queries)."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS {schema}.library ({LIBRARY_COLUMNS}) WITHOUT ROWID")
    conn.execute(
        f"CREATE INDEX IF NOT EXISTS {schema}.library_by_fingerprint ON library (fingerprint)"
    )
    # The keys alone, a fifth of the table's size: counting a range (the sidebar's length, a
    # rank) reads this thin tree instead of every row.
    conn.execute(f"CREATE INDEX IF NOT EXISTS {schema}.library_paths ON library (path)")
    # The sidebar's other orders, so a window of them reads on from its last row (keyset)
    # instead of sorting the library: by title, and newest first (`dated`: the article's own
    # date, else its file's mtime, in seconds).
    conn.execute(
        f"CREATE INDEX IF NOT EXISTS {schema}.library_by_title ON library (title_key, path)"
    )
    conn.execute(
        f"CREATE INDEX IF NOT EXISTS {schema}.library_by_date ON library (dated DESC, path)"
    )


def _migrate_to_2(conn: sqlite3.Connection) -> None:
    """Add the library index, so a launch draws the sidebar without reading every file."""
    create_library_table(conn)


def _migrate_to_3(conn: sqlite3.Connection) -> None:
    """Notes on bookmarks (with the article's source and url, for the notes export) and the
    quotes the reader copied, so `readtui notes` can print both."""
    for column in ("note", "source", "url"):
        conn.execute(f"ALTER TABLE bookmarks ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    conn.execute(
        """CREATE TABLE IF NOT EXISTS quotes (
            id INTEGER PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            path BLOB NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            speaker TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            block INTEGER NOT NULL,
            char_offset INTEGER NOT NULL,
            copied_at REAL NOT NULL
        )"""
    )
    # One row per quote: copying it again only refreshes it.
    conn.execute(
        "CREATE UNIQUE INDEX IF NOT EXISTS quotes_by_article"
        " ON quotes (fingerprint, block, char_offset)"
    )


def _migrate_to_4(conn: sqlite3.Connection) -> None:
    """The library's date column and its sort indexes. Rows already indexed keep date 0
    until the background scan re-reads them (readtui.library.INDEXER_VERSION 2 asks for it)."""
    columns = {row[1] for row in conn.execute("PRAGMA main.table_info(library)")}
    if "dated" not in columns:
        conn.execute("ALTER TABLE main.library ADD COLUMN dated INTEGER NOT NULL DEFAULT 0")
    create_library_table(conn)


def _migrate_to_5(conn: sqlite3.Connection) -> None:
    """The words at the reading position (readtui.anchor), so a place survives paragraphs
    added above it when the file is edited. Positions saved before keep none until saved again."""
    columns = {row[1] for row in conn.execute("PRAGMA main.table_info(articles)")}
    if "anchor" not in columns:
        conn.execute("ALTER TABLE articles ADD COLUMN anchor TEXT NOT NULL DEFAULT ''")


# Index i upgrades a database from version i to version i + 1; append to add a version.
_MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migrate_to_1,
    _migrate_to_2,
    _migrate_to_3,
    _migrate_to_4,
    _migrate_to_5,
)
assert len(_MIGRATIONS) == SCHEMA_VERSION


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version stamped in the file's header (0 for a brand-new file)."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection) -> None:
    """Bring an older file up to SCHEMA_VERSION in one transaction, so a crash leaves it intact.

    The version is read again inside the write lock: another instance may have just migrated.
    """
    if user_version(conn) >= SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = user_version(conn)
        for step in _MIGRATIONS[current:]:
            step(conn)
        if current < SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# --- queries shared by the Store's methods ------------------------------------------------

STATE_COLUMNS = "fingerprint, block, char_offset, percent, read, opened_at, path, title, anchor"
BOOKMARK_SELECT = """
    SELECT b.id, b.fingerprint, b.block, b.char_offset, b.snippet, b.created_at,
           CASE WHEN b.title <> '' THEN b.title ELSE COALESCE(a.title, '') END,
           CASE WHEN b.path <> '' THEN b.path ELSE COALESCE(a.path, '') END,
           b.note, b.source, b.url
    FROM bookmarks AS b LEFT JOIN articles AS a ON a.fingerprint = b.fingerprint
"""
BOOKMARK_ORDER = " ORDER BY b.created_at DESC, b.id DESC"
QUOTE_COLUMNS = (
    "id, fingerprint, text, block, char_offset, speaker, role, title, path, source, url, copied_at"
)

# Upsert that refreshes path/title only when the caller supplied them.
UPSERT_INFO = """
    INSERT INTO articles (fingerprint, updated_at, path, title) VALUES (?, ?, ?, ?)
    ON CONFLICT (fingerprint) DO UPDATE SET
        updated_at = excluded.updated_at,
        path = CASE WHEN excluded.path <> '' THEN excluded.path ELSE articles.path END,
        title = CASE WHEN excluded.title <> '' THEN excluded.title ELSE articles.title END
"""
