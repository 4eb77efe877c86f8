"""The SQLite file behind a Store: opened lazily, and kept usable whatever happens to it.

Damaged files are set aside, files from a newer readtui are only read, and a disk that fails
(before or during the session) sends the store to memory with a reason the UI can show.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from readtui.errors import StoreError
from readtui.store.fallback import carry_over, is_busy, memory_copy_of, plain_reason
from readtui.store.files import (
    BUSY_TIMEOUT_MS,
    CorruptError,
    connect,
    create_file,
    moved_away,
    probe,
    quarantine,
    ro_uri,
    writable,
)
from readtui.store.schema import SCHEMA_VERSION, create_library_table, migrate

_T = TypeVar("_T")


def in_transaction(conn: sqlite3.Connection, action: Callable[[sqlite3.Connection], _T]) -> _T:
    """Run action between BEGIN IMMEDIATE and COMMIT: the write lock is taken up front, so two
    instances wait for each other (busy timeout) instead of failing halfway."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = action(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
    return result


class StateFile:
    """Thread-safe, lazily opened connection to the reading-state file.

    It also keeps the reports of what went wrong (`notices`, `saving_error`, `not_saving`,
    `read_only_reason`, `read_only`), which the Store's docstring explains for the UI.
    """

    def __init__(self, path: Path) -> None:
        """Remember where the file lives; no I/O, so constructing a Store is cheap and safe."""
        self.path = Path(path)
        self.notices: list[str] = []
        self.saving_error: str | None = None
        self.not_saving: str | None = None
        self.read_only_reason: str | None = None
        self.read_only: str | None = None
        self._conn: sqlite3.Connection | None = None
        # (device, inode) of the file being written, to notice it deleted or replaced under us.
        self._identity: tuple[int, int] | None = None
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
            if not writable(self.path):
                return self._fall_back_to_memory("the data folder or the file is not writable")
            try:
                version = probe(self.path)
            except CorruptError as exc:
                return self._open_after_quarantine(str(exc))
            except (sqlite3.OperationalError, OSError) as exc:
                return self._fall_back_to_memory(f"it could not be read ({exc})")
            if version > SCHEMA_VERSION:
                return self._open_read_only(version)
        return self._open_writable()

    def _open_after_quarantine(self, damage: str) -> sqlite3.Connection:
        """Set the damaged file aside and start a fresh one, telling the user where it went."""
        try:
            dest = quarantine(self.path)
        except OSError as exc:
            return self._fall_back_to_memory(
                f"it is damaged and could not be moved aside ({exc.strerror})"
            )
        self.notices.append(
            f"The reading-state file was damaged ({damage}); it was moved to {dest} "
            "and a fresh one started."
        )
        return self._open_writable()

    def _open_read_only(self, version: int) -> sqlite3.Connection:
        """Read a file written by a newer readtui without ever changing it."""
        self.read_only = (
            f"the reading-state file is from a newer readtui (format {version}; "
            f"this one knows {SCHEMA_VERSION})"
        )
        self.read_only_reason = (
            f"The reading-state file {self.path} was written by a newer readtui "
            f"(format {version}, this version knows {SCHEMA_VERSION}); "
            "it is read but nothing new will be saved."
        )
        try:
            conn = connect(ro_uri(self.path), uri=True)
            # The file's own library table (whatever shape a newer readtui gave it) is never
            # written: this session indexes into a TEMP table of the same name instead.
            create_library_table(conn, "temp")
        except sqlite3.Error:
            conn = connect(":memory:")
            migrate(conn)
        return conn

    def _open_writable(self) -> sqlite3.Connection:
        """Create the folder and file as needed, switch to WAL and bring the schema up to date."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            return self._fall_back_to_memory("a file is in the way of the data folder")
        except OSError as exc:
            return self._fall_back_to_memory(
                f"the data folder could not be created ({exc.strerror})"
            )
        if not writable(self.path):
            return self._fall_back_to_memory("the data folder or the file is not writable")
        try:
            if not self.path.exists():
                create_file(self.path)
            conn = connect(str(self.path))
        except OSError as exc:
            return self._fall_back_to_memory(f"it could not be created ({exc.strerror})")
        except sqlite3.Error as exc:
            return self._fall_back_to_memory(plain_reason(exc))
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
            stat = self.path.stat()
        except (sqlite3.Error, OSError) as exc:
            conn.close()
            why = plain_reason(exc) if isinstance(exc, sqlite3.Error) else str(exc.strerror)
            return self._fall_back_to_memory(why)
        self._identity = (stat.st_dev, stat.st_ino)
        return conn

    # -- going on in memory --

    def _stop_saving(self, why: str) -> None:
        """Record, in plain words, why nothing more reaches the disk this session."""
        self.not_saving = why
        self.saving_error = (
            f"Reading positions and bookmarks cannot be saved to {self.path}: {why}. "
            "They are kept in memory until readtui closes."
        )

    def _fall_back_to_memory(self, why: str) -> sqlite3.Connection:
        """Keep the reader working in memory, seeded with what the file holds if it can be read."""
        self._stop_saving(why)
        conn = memory_copy_of(self.path)
        migrate(conn)
        return conn

    def _switch_to_memory(self, why: str) -> sqlite3.Connection:
        """Carry on in memory after the disk failed mid-session, keeping what the session did."""
        self._stop_saving(why)
        old, self._conn, self._identity = self._conn, None, None
        memory = connect(":memory:")
        if old is None or not carry_over(old, memory):
            memory.close()
            memory = memory_copy_of(self.path)
        migrate(memory)
        self._conn = memory
        return memory

    # -- reading and writing --

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        """Hold the lock for a read; yields None when there is nothing on disk yet.

        A file that turns unreadable mid-session is left alone: the store goes on in memory.
        """
        with self._lock:
            try:
                yield self._connection(create=False)
            except sqlite3.Error as exc:
                if is_busy(exc) or self._identity is None:
                    raise StoreError(
                        f"Could not read the reading-state file {self.path}: {plain_reason(exc)}."
                    ) from exc
                self._switch_to_memory(plain_reason(exc))
                raise StoreError(self.saving_error) from exc

    def _write(
        self,
        action: Callable[[sqlite3.Connection], _T],
        *,
        create: bool = True,
        session: bool = False,
    ) -> _T | None:
        """Run action in its own committed transaction; a no-op (None) when read-only, unless
        `session`: the action writes only the library index, which a read-only session keeps
        in its TEMP table so the sidebar still fills.

        When the disk fails (full, I/O error, file deleted or replaced) the store goes on in
        memory with this session's changes, rather than failing every later save.
        """
        with self._lock:
            try:
                conn = self._connection(create=create)
                if conn is None or (self.read_only_reason is not None and not session):
                    return None
                moved = None if self._identity is None else moved_away(self.path, self._identity)
                if moved is not None:
                    conn = self._switch_to_memory(moved)
                try:
                    return in_transaction(conn, action)
                except sqlite3.Error as exc:
                    if session and self._repaired(conn, exc):
                        return in_transaction(conn, action)
                    if is_busy(exc) or self._identity is None:
                        raise
                    conn = self._switch_to_memory(plain_reason(exc))
                return in_transaction(conn, action)
            except sqlite3.Error as exc:
                if is_busy(exc):
                    raise StoreError(
                        "This change was not saved: another readtui kept the reading-state file "
                        f"{self.path} busy for over {BUSY_TIMEOUT_MS // 1000} s."
                    ) from exc
                raise StoreError(
                    f"Could not save to the reading-state file {self.path}: {plain_reason(exc)}."
                ) from exc

    def _repaired(self, conn: sqlite3.Connection, exc: sqlite3.Error) -> bool:
        """Whether the failure of a session write was damage that is now repaired, so the write
        can run again; session tables are caches (see LibraryIndex), nothing here is."""
        return False

    def close(self) -> None:
        """Close the connection (checkpointing the WAL); a later call reopens lazily."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
