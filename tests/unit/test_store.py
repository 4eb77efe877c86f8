"""The state store against a real SQLite file: what it promises is what ends up on disk."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from unprivileged import run_unprivileged, shared_folder

from readtui.store import SCHEMA_VERSION, Position, Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A state.db location inside a data folder that does not exist yet."""
    return tmp_path / "data" / "state.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A store that is always closed, so WAL files are checkpointed between tests."""
    with Store(db_path) as s:
        yield s


def raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, to check what is really on disk."""
    return sqlite3.connect(path)


# --- laziness --------------------------------------------------------------------------------


def test_constructing_a_store_touches_nothing(db_path: Path) -> None:
    Store(db_path)
    assert not db_path.parent.exists()


def test_reads_on_a_missing_file_return_empty_and_create_nothing(
    store: Store, db_path: Path
) -> None:
    assert store.position("fp") is None
    assert store.state("fp") is None
    assert store.states() == {}
    assert store.last_opened() is None
    assert store.bookmarks() == []
    assert store.bookmarks("fp") == []
    assert store.bookmark_near("fp", 0) is None
    store.delete_bookmark(1)
    assert not db_path.parent.exists()


def test_first_write_creates_folder_and_file(store: Store, db_path: Path) -> None:
    store.mark_read("fp")
    assert db_path.is_file()


# --- schema ------------------------------------------------------------------------------------


def test_new_file_has_the_current_schema_version_and_wal(store: Store, db_path: Path) -> None:
    store.mark_read("fp")
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5 == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# --- positions and state -----------------------------------------------------------------------


def test_position_round_trips_across_reopen(db_path: Path) -> None:
    with Store(db_path) as s:
        s.save_position("fp", Position(block=12, offset=340, percent=41.5), path="/a.txt")
    with Store(db_path) as s:
        assert s.position("fp") == Position(12, 340, 41.5)


def test_the_words_at_the_position_are_kept_with_it(db_path: Path) -> None:
    with Store(db_path) as s:
        s.save_position("fp", Position(3, 9, 20.0), path="/a.txt", anchor="the words there")
    with Store(db_path) as s:
        state = s.state("fp")
        assert state is not None and state.anchor == "the words there"
        s.save_position("fp", Position(4, 0, 30.0))  # a save without words forgets the old ones
        state = s.state("fp")
        assert state is not None and state.anchor == "" and state.position == Position(4, 0, 30.0)


def test_a_version_4_file_gains_the_anchor_column_and_keeps_positions(db_path: Path) -> None:
    with Store(db_path) as s:
        s.save_position("fp", Position(7, 12, 40.0), path="/a.txt")
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("ALTER TABLE articles DROP COLUMN anchor")
        conn.execute("PRAGMA user_version = 4")
        conn.commit()
    with Store(db_path) as s:
        state = s.state("fp")
        assert state is not None and state.position == Position(7, 12, 40.0)
        assert state.anchor == ""
        s.save_position("fp", Position(8, 0, 45.0), anchor="kept from now on")
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT block, anchor FROM articles").fetchall() == [
            (8, "kept from now on")
        ]


def test_saved_position_is_committed_before_close(store: Store, db_path: Path) -> None:
    store.save_position("fp", Position(3, 7, 10.0))
    with raw(db_path) as conn:
        row = conn.execute("SELECT block, char_offset FROM articles WHERE fingerprint='fp'")
        assert row.fetchone() == (3, 7)


def test_percent_is_clamped_to_0_100(store: Store) -> None:
    store.save_position("fp", Position(0, 0, 100.4))
    position = store.position("fp")
    assert position is not None
    assert position.percent == 100.0


def test_renamed_file_keeps_its_state_and_updates_its_path(db_path: Path) -> None:
    with Store(db_path) as s:
        s.save_position("fp", Position(5, 1, 20.0), path="/old/name.txt", title="T")
        s.mark_read("fp", path="/old/name.txt")
    with Store(db_path) as s:
        s.save_position("fp", Position(6, 0, 25.0), path="/new/renamed.txt")
        state = s.state("fp")
    assert state is not None
    assert state.read is True
    assert state.position == Position(6, 0, 25.0)
    assert state.path == "/new/renamed.txt"
    assert state.title == "T"


def test_mark_read_can_be_undone_and_persists(db_path: Path) -> None:
    with Store(db_path) as s:
        s.mark_read("fp")
        s.mark_read("fp", read=False)
    with Store(db_path) as s:
        state = s.state("fp")
    assert state is not None
    assert state.read is False
    assert state.position is None


def test_states_returns_every_article(db_path: Path) -> None:
    with Store(db_path) as s:
        s.save_position("a", Position(1, 0), title="A")
        s.mark_read("b", title="B")
    with Store(db_path) as s:
        states = s.states()
    assert set(states) == {"a", "b"}
    assert states["a"].title == "A"
    assert states["b"].read is True


def test_last_opened_persists_and_records_opened_at(db_path: Path) -> None:
    with Store(db_path) as s:
        s.set_last_opened("first")
        s.set_last_opened("second")
    with Store(db_path) as s:
        assert s.last_opened() == "second"
        state = s.state("second")
    assert state is not None
    assert state.opened_at is not None


# --- bookmarks ---------------------------------------------------------------------------------


def test_bookmarks_persist_newest_first(db_path: Path) -> None:
    with Store(db_path) as s:
        first = s.add_bookmark("fp", 1, 0, "one", title="T", path="/a.txt")
        second = s.add_bookmark("fp", 9, 4, "two")
    with Store(db_path) as s:
        listed = s.bookmarks("fp")
    assert [b.id for b in listed] == [second.id, first.id]
    assert listed[1] == first
    assert (listed[0].block, listed[0].offset, listed[0].snippet) == (9, 4, "two")


def test_bookmarks_without_fingerprint_lists_all_articles(store: Store) -> None:
    store.add_bookmark("a", 1, 0, "in a")
    store.add_bookmark("b", 2, 0, "in b")
    assert {b.fingerprint for b in store.bookmarks()} == {"a", "b"}
    assert [b.snippet for b in store.bookmarks("a")] == ["in a"]


def test_bookmark_title_falls_back_to_the_articles_title(store: Store) -> None:
    store.save_position("fp", Position(0, 0), title="Article title")
    store.add_bookmark("fp", 2, 0, "snip")
    assert store.bookmarks("fp")[0].title == "Article title"


def test_bookmark_near_finds_only_that_article_and_block(store: Store) -> None:
    mark = store.add_bookmark("fp", 4, 10, "here")
    store.add_bookmark("other", 4, 10, "elsewhere")
    assert store.bookmark_near("fp", 4) == mark
    assert store.bookmark_near("fp", 5) is None


def test_deleted_bookmark_stays_deleted_after_reopen(db_path: Path) -> None:
    with Store(db_path) as s:
        mark = s.add_bookmark("fp", 4, 0, "gone")
        kept = s.add_bookmark("fp", 8, 0, "kept")
        s.delete_bookmark(mark.id)
    with Store(db_path) as s:
        assert s.bookmarks("fp") == [kept]


def test_writes_from_another_thread_are_saved(store: Store, db_path: Path) -> None:
    worker = threading.Thread(target=store.add_bookmark, args=("fp", 1, 0, "from a worker"))
    worker.start()
    worker.join()
    with raw(db_path) as conn:
        assert conn.execute("SELECT snippet FROM bookmarks").fetchall() == [("from a worker",)]


# --- faults ------------------------------------------------------------------------------------


def test_garbage_file_is_moved_aside_with_its_wal_and_a_fresh_store_works(db_path: Path) -> None:
    db_path.parent.mkdir()
    garbage = b"this is not a database, just text " * 200
    db_path.write_bytes(garbage)
    (db_path.parent / "state.db-wal").write_bytes(b"junk wal")

    with Store(db_path) as s:
        s.save_position("fp", Position(2, 3))
        assert s.position("fp") == Position(2, 3)
        notices = list(s.notices)

    moved = sorted(p.name for p in db_path.parent.glob("state.db.corrupt-*"))
    main, wal = moved[0], moved[0] + "-wal"
    assert wal in moved
    assert (db_path.parent / main).read_bytes() == garbage
    assert (db_path.parent / wal).read_bytes() == b"junk wal"
    assert len(notices) == 1 and moved[0] in notices[0]
    with raw(db_path) as conn:
        assert conn.execute("SELECT block FROM articles").fetchall() == [(2,)]


def test_read_only_folder_falls_back_to_memory() -> None:
    """As a user who may not write there (chmod does not stop root, so the check runs as nobody)."""
    with shared_folder() as shared:
        folder = shared / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        result = run_unprivileged(
            "from pathlib import Path\n"
            "from readtui.store import Position, Store\n"
            f"folder = Path({str(folder)!r})\n"
            "with Store(folder / 'state.db') as s:\n"
            "    s.save_position('fp', Position(1, 2))\n"
            "    mark = s.add_bookmark('fp', 1, 2, 'kept in memory')\n"
            "    print(s.position('fp') == Position(1, 2), s.bookmarks() == [mark])\n"
            "    print(s.not_saving)\n"
            "print(os.listdir(folder))\n"
        )
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "True True",
        "the data folder or the file is not writable",
        "[]",
    ]


def test_read_only_folder_still_shows_what_was_saved() -> None:
    with shared_folder() as shared:
        folder = shared / "ro"
        with Store(folder / "state.db") as s:
            s.save_position("fp", Position(4, 2, 9.0))
            s.add_bookmark("fp", 4, 2, "saved earlier")
        before = (folder / "state.db").read_bytes()
        folder.chmod(0o555)
        result = run_unprivileged(
            "from pathlib import Path\n"
            "from readtui.store import Position, Store\n"
            f"folder = Path({str(folder)!r})\n"
            "with Store(folder / 'state.db') as s:\n"
            "    print(s.position('fp') == Position(4, 2, 9.0))\n"
            "    print([b.snippet for b in s.bookmarks()])\n"
            "    s.save_position('fp', Position(5, 0))\n"
            "    print(s.position('fp') == Position(5, 0), s.saving_error is not None)\n"
            "print(sorted(os.listdir(folder)))\n"
        )
        after = (folder / "state.db").read_bytes()
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "True",
        "['saved earlier']",
        "True True",
        "['state.db']",
    ]
    assert after == before


def test_unusable_folder_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with Store(blocker / "state.db") as s:
        mark = s.add_bookmark("fp", 1, 0, "kept in memory")
        assert s.bookmarks() == [mark]
        assert s.saving_error is not None
        assert s.not_saving == "a file is in the way of the data folder"
    assert blocker.read_text() == "a file where the data folder should be"


def test_newer_schema_is_opened_read_only_and_left_unchanged(db_path: Path) -> None:
    with Store(db_path) as s:
        s.save_position("fp", Position(7, 0, 50.0))
    with raw(db_path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = db_path.read_bytes()

    with Store(db_path) as s:
        assert s.position("fp") == Position(7, 0, 50.0)
        s.save_position("fp", Position(1, 1))
        mark = s.add_bookmark("fp", 1, 1, "not saved")
        s.mark_read("fp")
        s.set_last_opened("fp")
        assert s.read_only_reason is not None
        assert s.read_only is not None and "newer readtui (format 99" in s.read_only
        assert s.not_saving is None
        assert mark.id == -1

    assert db_path.read_bytes() == before
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99
        assert conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0] == 0
    conn.close()
