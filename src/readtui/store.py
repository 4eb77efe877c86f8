"""Reading state (positions, read marks, bookmarks) kept in one SQLite file, keyed by fingerprint.

Keying by the article's content fingerprint means a renamed or moved file keeps its place.
The store is lazy and forgiving: it touches disk only on the first write, sets damaged files
aside, and falls back to memory rather than stopping the reader when it cannot save.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from readtui.errors import StoreError

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 5000
_LAST_OPENED_KEY = "last_opened"

_T = TypeVar("_T")


@dataclass(frozen=True)
class Position:
    """Where the reader was: block index plus character offset of the first visible text."""

    block: int
    offset: int
    percent: float = 0.0


@dataclass(frozen=True)
class ArticleState:
    """Everything remembered about one article; path and title are only the last ones seen."""

    fingerprint: str
    position: Position | None
    read: bool
    opened_at: float | None
    path: str
    title: str


@dataclass(frozen=True)
class Bookmark:
    """A saved spot in an article, with a snippet so the list makes sense without opening it."""

    id: int
    fingerprint: str
    block: int
    offset: int
    snippet: str
    created_at: float
    title: str
    path: str


# --- schema -------------------------------------------------------------------------------


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


# Index i upgrades a database from version i to version i + 1; append to add a version.
_MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_to_1,)
assert len(_MIGRATIONS) == SCHEMA_VERSION


def _user_version(conn: sqlite3.Connection) -> int:
    """The schema version stamped in the file's header (0 for a brand-new file)."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring an older file up to SCHEMA_VERSION in one transaction, so a crash leaves it intact."""
    current = _user_version(conn)
    if current >= SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in _MIGRATIONS[current:]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# --- opening helpers ----------------------------------------------------------------------


class _CorruptError(Exception):
    """The file exists but is not a healthy SQLite database."""


def _ro_uri(path: Path) -> str:
    """A read-only URI for path, percent-encoded so odd characters in folder names are safe."""
    return path.absolute().as_uri() + "?mode=ro"


def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
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


def _probe(path: Path) -> int:
    """Check an existing file read-only and return its version; raise _CorruptError if damaged.

    Probing read-only first means a file from a newer readtui is never touched.
    """
    conn = _connect(_ro_uri(path), uri=True)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if [tuple(r) for r in rows] != [("ok",)]:
            raise _CorruptError(f"quick_check reported: {rows[:3]!r}")
        return _user_version(conn)
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as exc:
        raise _CorruptError(str(exc)) from exc
    finally:
        conn.close()


def _quarantine(path: Path) -> Path:
    """Move a damaged file and its -wal/-shm companions aside under one timestamped name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    dest = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while dest.exists():
        counter += 1
        dest = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    os.replace(path, dest)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, dest.with_name(dest.name + suffix))
    return dest


def _writable(path: Path) -> bool:
    """Whether SQLite can write here: it needs the folder (for -wal/-shm) and the file itself."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.R_OK | os.W_OK))


def _copy_into(source_uri: str, target: sqlite3.Connection) -> bool:
    """Copy a database into target through a URI; False when it cannot be read."""
    try:
        source = _connect(source_uri, uri=True)
        try:
            source.backup(target)
        finally:
            source.close()
    except sqlite3.Error:
        return False
    return True


def _memory_copy_of(path: Path) -> sqlite3.Connection:
    """An in-memory database seeded from path when it can be read, so saved places stay visible.

    In a read-only folder a WAL file cannot be opened normally, hence the immutable retry.
    """
    conn = _connect(":memory:")
    if not path.exists():
        return conn
    uri = _ro_uri(path)
    copied = _copy_into(uri, conn) or _copy_into(uri + "&immutable=1", conn)
    if not copied or _user_version(conn) > SCHEMA_VERSION:
        conn.close()
        return _connect(":memory:")
    return conn


# --- rows -> dataclasses ------------------------------------------------------------------

_STATE_COLUMNS = "fingerprint, block, char_offset, percent, read, opened_at, path, title"
_BOOKMARK_SELECT = """
    SELECT b.id, b.fingerprint, b.block, b.char_offset, b.snippet, b.created_at,
           CASE WHEN b.title <> '' THEN b.title ELSE COALESCE(a.title, '') END,
           CASE WHEN b.path <> '' THEN b.path ELSE COALESCE(a.path, '') END
    FROM bookmarks AS b LEFT JOIN articles AS a ON a.fingerprint = b.fingerprint
"""
_BOOKMARK_ORDER = " ORDER BY b.created_at DESC, b.id DESC"


def _as_int(value: object) -> int:
    """Narrow a column value SQLite returned as an integer (bools and floats tolerated)."""
    if isinstance(value, (int, float)):
        return int(value)
    raise StoreError(f"Unexpected value in the reading-state file: {value!r}")


def _as_float(value: object) -> float:
    """Narrow a column value SQLite returned as a number."""
    if isinstance(value, (int, float)):
        return float(value)
    raise StoreError(f"Unexpected value in the reading-state file: {value!r}")


def _position_from(block: object, offset: object, percent: object) -> Position | None:
    """A Position when one was saved; rows made by mark_read alone have none."""
    if block is None or offset is None:
        return None
    return Position(_as_int(block), _as_int(offset), 0.0 if percent is None else _as_float(percent))


def _state_from(row: tuple[object, ...]) -> ArticleState:
    """Turn an articles row (in _STATE_COLUMNS order) into an ArticleState."""
    fp, block, offset, percent, read, opened_at, path, title = row
    return ArticleState(
        fingerprint=str(fp),
        position=_position_from(block, offset, percent),
        read=bool(read),
        opened_at=None if opened_at is None else _as_float(opened_at),
        path=str(path),
        title=str(title),
    )


def _bookmark_from(row: tuple[object, ...]) -> Bookmark:
    """Turn a _BOOKMARK_SELECT row into a Bookmark."""
    bid, fp, block, offset, snippet, created_at, title, path = row
    return Bookmark(
        id=_as_int(bid),
        fingerprint=str(fp),
        block=_as_int(block),
        offset=_as_int(offset),
        snippet=str(snippet),
        created_at=_as_float(created_at),
        title=str(title),
        path=str(path),
    )


def _clamp_percent(percent: float) -> float:
    """Keep percent within 0..100 so a rounding slip in the UI never shows 101 %."""
    return min(100.0, max(0.0, float(percent)))


# Upsert that refreshes path/title only when the caller supplied them.
_UPSERT_INFO = """
    INSERT INTO articles (fingerprint, updated_at, path, title) VALUES (?, ?, ?, ?)
    ON CONFLICT (fingerprint) DO UPDATE SET
        updated_at = excluded.updated_at,
        path = CASE WHEN excluded.path <> '' THEN excluded.path ELSE articles.path END,
        title = CASE WHEN excluded.title <> '' THEN excluded.title ELSE articles.title END
"""


# --- the store ----------------------------------------------------------------------------


class Store:
    """Thread-safe, lazily opened reading-state store.

    Attributes the UI should surface: `notices` (things that happened, e.g. a damaged file set
    aside), `saving_error` (why nothing is being saved this session), `read_only_reason`
    (the file is from a newer readtui, so it is read but never written).
    """

    def __init__(self, path: Path) -> None:
        """Remember where the file lives; no I/O, so constructing a Store is cheap and safe."""
        self.path = Path(path)
        self.notices: list[str] = []
        self.saving_error: str | None = None
        self.read_only_reason: str | None = None
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    # -- opening --

    def _connection(self, *, create: bool) -> sqlite3.Connection | None:
        """The open connection, opening it on demand; None for a read when there is no file yet."""
        if self._conn is None:
            if not create and not self.path.exists():
                return None
            self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        """Open the file, recovering from damage, newer versions and unwritable folders."""
        if self.path.exists():
            if not _writable(self.path):
                return self._fall_back_to_memory("its folder or file is not writable")
            try:
                version = _probe(self.path)
            except _CorruptError:
                return self._open_after_quarantine()
            except sqlite3.OperationalError as exc:
                return self._fall_back_to_memory(f"it could not be read ({exc})")
            if version > SCHEMA_VERSION:
                return self._open_read_only(version)
        return self._open_writable()

    def _open_after_quarantine(self) -> sqlite3.Connection:
        """Set the damaged file aside and start a fresh one, telling the user where it went."""
        try:
            dest = _quarantine(self.path)
        except OSError as exc:
            return self._fall_back_to_memory(f"it is damaged and could not be moved aside ({exc})")
        self.notices.append(
            f"The reading-state file was damaged; it was moved to {dest} and a fresh one started."
        )
        return self._open_writable()

    def _open_read_only(self, version: int) -> sqlite3.Connection:
        """Read a file written by a newer readtui without ever changing it."""
        self.read_only_reason = (
            f"The reading-state file {self.path} was written by a newer readtui "
            f"(format {version}, this version knows {SCHEMA_VERSION}); "
            "it is read but nothing new will be saved."
        )
        try:
            return _connect(_ro_uri(self.path), uri=True)
        except sqlite3.Error:
            conn = _connect(":memory:")
            _migrate(conn)
            return conn

    def _open_writable(self) -> sqlite3.Connection:
        """Create the folder and file as needed, switch to WAL and bring the schema up to date."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return self._fall_back_to_memory(f"its folder could not be created ({exc.strerror})")
        if not _writable(self.path):
            return self._fall_back_to_memory("its folder or file is not writable")
        try:
            conn = _connect(str(self.path))
        except sqlite3.Error as exc:
            return self._fall_back_to_memory(f"it could not be opened ({exc})")
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            _migrate(conn)
        except sqlite3.Error as exc:
            conn.close()
            return self._fall_back_to_memory(f"it could not be written ({exc})")
        return conn

    def _fall_back_to_memory(self, why: str) -> sqlite3.Connection:
        """Keep the reader working in memory and record, in plain words, why nothing is saved."""
        self.saving_error = (
            f"Reading positions and bookmarks cannot be saved to {self.path}: {why}. "
            "They will be kept only until readtui closes."
        )
        conn = _memory_copy_of(self.path)
        _migrate(conn)
        return conn

    # -- plumbing --

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        """Hold the lock for a read; yields None when there is nothing on disk yet."""
        with self._lock:
            try:
                yield self._connection(create=False)
            except sqlite3.Error as exc:
                raise StoreError(
                    f"Could not read the reading-state file {self.path}: {exc}"
                ) from exc

    def _write(
        self, action: Callable[[sqlite3.Connection], _T], *, create: bool = True
    ) -> _T | None:
        """Run action in its own committed transaction; a no-op (None) when read-only."""
        with self._lock:
            try:
                conn = self._connection(create=create)
                if conn is None or self.read_only_reason is not None:
                    return None
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = action(conn)
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
                return result
            except sqlite3.Error as exc:
                raise StoreError(
                    f"Could not save to the reading-state file {self.path}: {exc}"
                ) from exc

    # -- positions and read marks --

    def save_position(
        self, fingerprint: str, position: Position, *, path: str = "", title: str = ""
    ) -> None:
        """Remember where the reader is in an article, committed at once so a crash keeps it."""

        def action(conn: sqlite3.Connection) -> None:
            conn.execute(_UPSERT_INFO, (fingerprint, time.time(), path, title))
            conn.execute(
                "UPDATE articles SET block = ?, char_offset = ?, percent = ? WHERE fingerprint = ?",
                (position.block, position.offset, _clamp_percent(position.percent), fingerprint),
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
            conn.execute(_UPSERT_INFO, (fingerprint, time.time(), path, title))
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
                f"SELECT {_STATE_COLUMNS} FROM articles WHERE fingerprint = ?", (fingerprint,)
            ).fetchone()
        return None if row is None else _state_from(tuple(row))

    def states(self) -> dict[str, ArticleState]:
        """All remembered articles in one query, so the sidebar needs no query per row."""
        with self._reading() as conn:
            if conn is None:
                return {}
            rows = conn.execute(f"SELECT {_STATE_COLUMNS} FROM articles").fetchall()
        states = (_state_from(tuple(row)) for row in rows)
        return {s.fingerprint: s for s in states}

    # -- last opened --

    def set_last_opened(self, fingerprint: str, *, path: str = "", title: str = "") -> None:
        """Record the article to reopen next launch, and when it was opened."""

        def action(conn: sqlite3.Connection) -> None:
            now = time.time()
            conn.execute(_UPSERT_INFO, (fingerprint, now, path, title))
            conn.execute(
                "UPDATE articles SET opened_at = ? WHERE fingerprint = ?", (now, fingerprint)
            )
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_LAST_OPENED_KEY, fingerprint),
            )

        self._write(action)

    def last_opened(self) -> str | None:
        """The fingerprint of the article open when readtui last ran, if any."""
        with self._reading() as conn:
            if conn is None:
                return None
            row = conn.execute(
                "SELECT value FROM meta WHERE key = ?", (_LAST_OPENED_KEY,)
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
                (fingerprint, block, offset, snippet, created_at, title, path),
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
                rows = conn.execute(_BOOKMARK_SELECT + _BOOKMARK_ORDER).fetchall()
            else:
                rows = conn.execute(
                    _BOOKMARK_SELECT + " WHERE b.fingerprint = ?" + _BOOKMARK_ORDER,
                    (fingerprint,),
                ).fetchall()
        return [_bookmark_from(tuple(row)) for row in rows]

    def bookmark_near(self, fingerprint: str, block: int) -> Bookmark | None:
        """The newest bookmark of this article at this block, so the UI can toggle it off."""
        with self._reading() as conn:
            if conn is None:
                return None
            row = conn.execute(
                _BOOKMARK_SELECT
                + " WHERE b.fingerprint = ? AND b.block = ?"
                + _BOOKMARK_ORDER
                + " LIMIT 1",
                (fingerprint, block),
            ).fetchone()
        return None if row is None else _bookmark_from(tuple(row))

    def delete_bookmark(self, bookmark_id: int) -> None:
        """Remove a bookmark; deleting one that is already gone is not an error."""

        def action(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))

        self._write(action, create=False)

    # -- lifetime --

    def close(self) -> None:
        """Close the connection (checkpointing the WAL); a later call reopens lazily."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        """Allow `with Store(path) as store:` so tests and scripts always close it."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close on leaving the with-block, whatever happened inside."""
        self.close()
