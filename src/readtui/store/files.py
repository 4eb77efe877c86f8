"""The state file on disk: connecting, checking, setting damaged files aside, creating new ones.

Everything here works on a path and plain connections, so the Store keeps only the decisions:
what to open, and what to tell the user when it cannot.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from contextlib import suppress
from pathlib import Path

from readtui.store.fulltext import FULLTEXT_TABLES
from readtui.store.schema import migrate, user_version

BUSY_TIMEOUT_MS = 5000
# Files SQLite keeps beside the database; they belong to it and move with it.
_COMPANIONS = ("-wal", "-shm", "-journal")


class CorruptError(Exception):
    """The file exists but is not a healthy SQLite database."""


def ro_uri(path: Path) -> str:
    """A read-only URI for path, percent-encoded so odd characters in folder names are safe."""
    return path.absolute().as_uri() + "?mode=ro"


def connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    """Open a connection in autocommit mode so transactions are ours to begin and commit."""
    conn = sqlite3.connect(
        target,
        uri=uri,
        check_same_thread=False,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    return conn


def probe(path: Path) -> int:
    """Check an existing file and return its version; raise CorruptError if damaged.

    Probing read-only first means a file from a newer readtui is never touched, unless a crash
    left a hot journal: rolling that back needs a write, and is SQLite's own recovery. An empty
    file counts as damaged: the store is built whole before it gets its name (see create_file),
    so only truncation leaves one.
    """
    if path.stat().st_size == 0:
        raise CorruptError("the file is empty")
    try:
        return _check(connect(ro_uri(path), uri=True))
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc) and "read-only" not in str(exc):
            raise
    return _check(connect(str(path)))


# Tables the open-time check leaves out: the library index grows with the library (checking
# 50,000 rows costs more than the whole first paint) and is only a cache of the files, so damage
# in it is repaired when a query meets it (see LibraryIndex) instead of moving the file aside.
UNCHECKED_TABLES = ("library", *FULLTEXT_TABLES)


def _check(conn: sqlite3.Connection) -> int:
    """Run SQLite's quick check on the reading state and return the schema version; always
    closes conn. Reading the schema already fails on a file that is not a database."""
    try:
        names = [
            str(row[0])
            for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
            if row[0] not in UNCHECKED_TABLES
        ]
        for name in names:
            quoted = name.replace("'", "''")
            rows = conn.execute(f"PRAGMA quick_check('{quoted}')").fetchall()
            if [tuple(r) for r in rows] != [("ok",)]:
                raise CorruptError(f"SQLite found: {rows[0][0]}")
        return user_version(conn)
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as exc:
        raise CorruptError(str(exc)) from exc
    finally:
        conn.close()


def quarantine(path: Path) -> Path:
    """Move a damaged file and its companions (WAL, shared memory, journal) aside together."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    dest = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while dest.exists():
        counter += 1
        dest = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    os.replace(path, dest)
    for suffix in _COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, dest.with_name(dest.name + suffix))
    return dest


def writable(path: Path) -> bool:
    """Whether SQLite can write here: it needs the folder (for -wal/-shm) and the file itself."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.R_OK | os.W_OK))


def create_file(path: Path) -> None:
    """Build a new store under a scratch name and give it its real name only once it is whole.

    Nobody ever sees a half-made state.db, so an empty one always means damage; and two
    instances starting at once end up sharing whichever file was linked in first.
    """
    scratch = path.with_name(f".{path.name}.new-{os.getpid()}-{threading.get_ident()}")
    try:
        conn = connect(str(scratch))
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn)
        finally:
            conn.close()
        _link_if_absent(scratch, path)
    finally:
        for leftover in (scratch, *(scratch.with_name(scratch.name + s) for s in _COMPANIONS)):
            with suppress(OSError):
                leftover.unlink(missing_ok=True)


def _link_if_absent(source: Path, target: Path) -> None:
    """Give source the name target unless target exists; a hard link makes the check atomic."""
    try:
        os.link(source, target)
    except FileExistsError:
        return
    except OSError:
        # Some file systems have no hard links; a rename is the next best thing.
        if not target.exists():
            os.replace(source, target)


def moved_away(path: Path, identity: tuple[int, int]) -> str | None:
    """Why the file with this (device, inode) is no longer the one at path (None while it is).

    SQLite in WAL mode happily writes on into a deleted or replaced file, losing it all.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "the file was deleted while readtui was running"
    except OSError as exc:
        return f"the file can no longer be reached ({exc.strerror})"
    if (stat.st_dev, stat.st_ino) != identity:
        return "the file was replaced by another one while readtui was running"
    if stat.st_size == 0:
        return "the file was emptied while readtui was running"
    return None
