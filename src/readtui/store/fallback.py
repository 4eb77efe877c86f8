"""When the disk fails: telling busy from broken, saying why in plain words, going on in memory.

A reader who cannot save should still see their saved places and keep this session's changes,
so every fallback starts from whatever the file (or the failing connection) can still give.
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from pathlib import Path

from readtui.store.files import connect, ro_uri
from readtui.store.schema import SCHEMA_VERSION, user_version


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether another connection held the file too long: worth retrying, not a broken disk."""
    name = str(getattr(exc, "sqlite_errorname", ""))
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


# SQLite's error (by code, or by message before Python 3.11) -> what to tell a reader.
_PLAIN_REASONS = (
    ("SQLITE_FULL", "disk is full", "the disk is full"),
    ("SQLITE_IOERR", "disk I/O error", "the disk reported an error (it may be full or failing)"),
    ("SQLITE_READONLY", "readonly database", "the file has become read-only"),
    ("SQLITE_CORRUPT", "malformed", "the file was damaged while readtui was running"),
    ("SQLITE_NOTADB", "not a database", "the file was damaged while readtui was running"),
    ("SQLITE_CANTOPEN", "unable to open", "the file could not be opened"),
    ("SQLITE_PERM", "permission denied", "permission was denied"),
)


def plain_reason(exc: sqlite3.Error) -> str:
    """Say in plain words why SQLite failed, for "Not saving: <reason>"."""
    name = str(getattr(exc, "sqlite_errorname", ""))
    for code, words, reason in _PLAIN_REASONS:
        if name.startswith(code) or words in str(exc):
            return reason
    return f"SQLite said: {exc}"


def carry_over(old: sqlite3.Connection, memory: sqlite3.Connection) -> bool:
    """Copy everything the failing connection can still read into memory, then close it."""
    try:
        if old.in_transaction:
            old.execute("ROLLBACK")
        old.backup(memory)
    except sqlite3.Error:
        return False
    finally:
        with suppress(sqlite3.Error):
            old.close()
    return True


def _copy_into(source_uri: str, target: sqlite3.Connection) -> bool:
    """Copy a database into target through a URI; False when it cannot be read."""
    try:
        source = connect(source_uri, uri=True)
        try:
            source.backup(target)
        finally:
            source.close()
    except sqlite3.Error:
        return False
    return True


def memory_copy_of(path: Path) -> sqlite3.Connection:
    """An in-memory database seeded from path when it can be read, so saved places stay visible.

    In a read-only folder a WAL file cannot be opened normally, hence the immutable retry.
    """
    conn = connect(":memory:")
    if not path.exists():
        return conn
    uri = ro_uri(path)
    copied = _copy_into(uri, conn) or _copy_into(uri + "&immutable=1", conn)
    if not copied or user_version(conn) > SCHEMA_VERSION:
        conn.close()
        return connect(":memory:")
    return conn
