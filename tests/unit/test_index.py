"""The library index in the state store, against real SQLite files: the schema upgrade, batch
writes and deletes, queries limited to the library's roots, and an index that keeps working
when nothing can be saved (a file from a newer readtui, an unwritable folder, a damaged index).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from unprivileged import run_unprivileged, shared_folder

from readtui.store import SCHEMA_VERSION, IndexEntry, Position, Roots, Store, fold


def entry(
    path: str, title: str = "", *, fp: str = "", error: str = "", words: int = 10
) -> IndexEntry:
    name = os.path.basename(path)
    return IndexEntry(path, 100, 5, title or name, "CBC", words, fp or f"fp-{name}", error)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as s:
        yield s


def paths(store: Store, roots: list[str], needle: str = "") -> list[str]:
    return [r.entry.path for r in store.index_window(Roots.of(roots), needle, limit=1000)]


# --- schema ---------------------------------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE articles (fingerprint TEXT PRIMARY KEY, block INTEGER, char_offset INTEGER,
    percent REAL, read INTEGER NOT NULL DEFAULT 0, opened_at REAL, updated_at REAL NOT NULL,
    path TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '');
CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL,
    block INTEGER NOT NULL, char_offset INTEGER NOT NULL, snippet TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL, title TEXT NOT NULL DEFAULT '', path TEXT NOT NULL DEFAULT '');
CREATE INDEX bookmarks_by_article ON bookmarks (fingerprint, block);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO articles VALUES ('fp-a', 7, 12, 40.0, 0, 1.0, 1.0, X'2F6C69622F612E747874', 'A');
INSERT INTO bookmarks VALUES (1, 'fp-a', 7, 3, 'kept snippet', 2.0, 'A', '');
INSERT INTO meta VALUES ('last_opened', 'fp-a');
PRAGMA user_version = 1;
"""


def test_a_version_1_file_upgrades_in_place_keeping_positions_and_bookmarks(
    db_path: Path,
) -> None:
    db_path.parent.mkdir()
    with closing(sqlite3.connect(db_path)) as conn:
        conn.executescript(V1_SCHEMA)
    with Store(db_path) as s:
        assert s.position("fp-a") == Position(7, 12, 40.0)
        assert [b.snippet for b in s.bookmarks()] == ["kept snippet"]
        assert s.last_opened() == "fp-a"
        s.save_index_entries([entry("/lib/a.txt", "A", fp="fp-a")])
        [row] = s.index_window(Roots.of(["/lib"]))
        assert row.state is not None and row.state.position == Position(7, 12, 40.0)
        assert row.bookmarked
    assert not list(db_path.parent.glob("*.corrupt-*"))
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5 == SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {"articles", "bookmarks", "meta", "library", "library_by_fingerprint"} <= tables
        assert conn.execute("SELECT title, title_key FROM library").fetchall() == [("A", "a")]


def test_paths_are_stored_as_bytes_and_a_name_that_is_not_utf8_round_trips(
    store: Store, db_path: Path
) -> None:
    odd = os.fsdecode(b"/lib/caf\xe9.txt")
    store.save_index_entries([entry(odd, os.fsdecode(b"caf\xe9"), fp="f")])
    [row] = store.index_window(Roots.of(["/lib"]))
    assert row.entry.path == odd
    assert row.entry.title == "caf\ufffd"
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT path FROM library").fetchone()[0] == b"/lib/caf\xe9.txt"


# --- writes ---------------------------------------------------------------------------------


def test_a_batch_is_upserted_and_deleted_paths_drop_out(store: Store) -> None:
    store.save_index_entries([entry("/lib/a.txt", "Old"), entry("/lib/b.txt"), entry("/lib/c.txt")])
    store.save_index_entries([entry("/lib/a.txt", "New title")])
    roots = Roots.of(["/lib"])
    assert [r.entry.title for r in store.index_window(roots)] == ["New title", "b.txt", "c.txt"]
    store.drop_index_entries(["/lib/b.txt", "/lib/not-there.txt"])
    assert paths(store, ["/lib"]) == ["/lib/a.txt", "/lib/c.txt"]
    assert store.count_index(roots) == 2


def test_stamps_say_which_rows_must_be_redone(store: Store) -> None:
    store.save_index_entries([entry("/lib/ok.txt")], indexer=3)
    store.save_index_entries([entry("/lib/bad.txt", error="Permission denied")], indexer=3)
    store.save_index_entries([entry("/lib/old.txt")], indexer=2)
    assert store.index_stamps(Roots.of(["/lib"]), indexer=3) == {
        "/lib/ok.txt": (100, 5, False),
        "/lib/bad.txt": (100, 5, True),
        "/lib/old.txt": (100, 5, True),
    }


def test_stamps_are_read_in_chunks_and_all_come_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("readtui.store.index.STAMP_CHUNK", 7)
    store.save_index_entries(entry(f"/lib/{i:03d}.txt") for i in range(50))
    assert sorted(store.index_stamps(Roots.of(["/lib"]))) == [
        f"/lib/{i:03d}.txt" for i in range(50)
    ]


# --- roots ----------------------------------------------------------------------------------

OTHER_LIBRARIES = [
    "/lib/a.txt",
    "/lib/sub/b.txt",
    "/lib-old/c.txt",
    "/lib.txt",
    "/libx/d.txt",
    "/other/e.txt",
    "/other/f.txt",
]


def test_queries_see_only_rows_under_the_roots(store: Store) -> None:
    store.save_index_entries(entry(p) for p in OTHER_LIBRARIES)
    assert paths(store, ["/lib"]) == ["/lib/a.txt", "/lib/sub/b.txt"]
    assert paths(store, ["/lib/"]) == ["/lib/a.txt", "/lib/sub/b.txt"]
    assert paths(store, ["/lib/sub", "/other/f.txt"]) == ["/lib/sub/b.txt", "/other/f.txt"]
    assert paths(store, ["/lib", "/lib/sub"]) == ["/lib/a.txt", "/lib/sub/b.txt"]
    assert paths(store, ["/"]) == sorted(OTHER_LIBRARIES, key=os.fsencode)
    assert paths(store, []) == []
    roots = Roots.of(["/lib"])
    assert store.count_index(roots) == 2
    assert store.index_entry(roots, "/other/e.txt") is None
    assert store.index_entry_by_fingerprint(roots, "fp-e.txt") is None
    assert store.index_rank(roots, "/lib-old/c.txt") is None
    assert set(store.index_stamps(roots)) == {"/lib/a.txt", "/lib/sub/b.txt"}


def test_a_missing_root_covers_both_a_file_and_a_folder_of_that_name(store: Store) -> None:
    store.save_index_entries([entry("/gone"), entry("/gone/x.txt"), entry("/gone.txt")])
    assert paths(store, ["/gone"]) == ["/gone", "/gone/x.txt"]


def test_many_files_named_one_by_one_are_one_library(store: Store, tmp_path: Path) -> None:
    named = [tmp_path / f"{i:03d}.txt" for i in range(300)]
    for path in named:
        path.write_text("x")
    store.save_index_entries(entry(str(p)) for p in [*named, tmp_path / "unnamed.txt"])
    roots = Roots.of(named[::-1])
    assert len(roots.files) == 300 and not roots.folders
    assert paths(store, [str(p) for p in named]) == [str(p) for p in named]
    assert store.index_rank(roots, str(named[-1])) == 299


def test_duplicate_content_is_found_at_its_first_path(store: Store) -> None:
    store.save_index_entries([entry("/lib/z.txt", fp="same"), entry("/lib/m.txt", fp="same")])
    found = store.index_entry_by_fingerprint(Roots.of(["/lib"]), "same")
    assert found is not None and found.path == "/lib/m.txt"
    assert store.index_entry_by_fingerprint(Roots.of(["/lib"]), "") is None


def test_the_window_joins_reading_state_and_bookmarks_by_fingerprint(store: Store) -> None:
    store.save_index_entries(
        [
            entry("/lib/a.txt", fp="fa"),
            entry("/lib/b.txt", fp="fb"),
            entry("/lib/c.txt", error="x", fp=""),
        ]
    )
    store.save_position("fa", Position(3, 4, 25.0))
    store.mark_read("fb")
    store.add_bookmark("fb", 1, 0, "mark")
    store.add_bookmark("", 1, 0, "a bookmark with no article")
    a, b, c = store.index_window(Roots.of(["/lib"]))
    assert a.state is not None and a.state.position == Position(3, 4, 25.0) and not a.bookmarked
    assert b.state is not None and b.state.read and b.bookmarked
    assert c.state is None and not c.bookmarked and c.entry.error == "x"


# --- sessions that cannot save --------------------------------------------------------------


def test_a_file_from_a_newer_readtui_is_left_unchanged_but_indexes_for_the_session(
    db_path: Path,
) -> None:
    with Store(db_path) as s:
        s.save_position("fp-a.txt", Position(2, 0))
        s.save_index_entries([entry("/lib/old.txt", "Saved by the newer one")])
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
    before = db_path.read_bytes()

    with Store(db_path) as s:
        roots = Roots.of(["/lib"])
        s.save_index_entries([entry("/lib/a.txt", "Session only"), entry("/lib/b.txt")])
        assert s.read_only is not None
        s.drop_index_entries(["/lib/b.txt"])
        [row] = s.index_window(roots)
        assert row.entry.title == "Session only"
        assert row.state is not None and row.state.position == Position(2, 0)
        assert s.count_index(roots, fold("SESSION")) == 1
        assert s.index_rank(roots, "/lib/a.txt") == 0
        s.save_position("fp-a.txt", Position(9, 9))
    assert db_path.read_bytes() == before


def test_an_unusable_data_folder_still_gives_an_index_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("in the way")
    with Store(blocker / "state.db") as s:
        s.save_index_entries([entry("/lib/a.txt", "In memory")])
        assert s.not_saving is not None
        assert [r.entry.title for r in s.index_window(Roots.of(["/lib"]))] == ["In memory"]


def test_a_read_only_folder_starts_from_the_saved_index_and_goes_on_in_memory() -> None:
    """As nobody (chmod does not stop root): the saved index is there at once, and this
    session's indexing is kept in memory while the file stays as it was."""
    with shared_folder() as shared:
        folder = shared / "ro"
        with Store(folder / "state.db") as s:
            s.save_index_entries([entry("/lib/saved.txt", "Saved earlier")])
        before = (folder / "state.db").read_bytes()
        folder.chmod(0o555)
        result = run_unprivileged(
            "from pathlib import Path\n"
            "from readtui.store import IndexEntry, Roots, Store\n"
            f"folder = Path({str(folder)!r})\n"
            "with Store(folder / 'state.db') as s:\n"
            "    roots = Roots.of(['/lib'])\n"
            "    print([r.entry.title for r in s.index_window(roots)])\n"
            "    s.save_index_entries([IndexEntry('/lib/new.txt', 1, 1, 'New', '', 1, 'f', '')])\n"
            "    print([r.entry.title for r in s.index_window(roots)], s.not_saving)\n"
            "print(sorted(os.listdir(folder)))\n"
        )
        after = (folder / "state.db").read_bytes()
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "['Saved earlier']",
        "['New', 'Saved earlier'] the data folder or the file is not writable",
        "['state.db']",
    ]
    assert after == before


# --- damage ---------------------------------------------------------------------------------


def damage_pages_holding(path: Path, marker: bytes, pages: int = 3) -> int:
    """Overwrite a few pages that hold `marker` (index rows), leaving the rest intact."""
    data = bytearray(path.read_bytes())
    size = 4096
    hits = [n for n in range(1, len(data) // size) if marker in data[n * size : (n + 1) * size]]
    for n in hits[len(hits) // 2 : len(hits) // 2 + pages]:
        data[n * size : (n + 1) * size] = b"\x55" * size
    path.write_bytes(bytes(data))
    return len(hits)


def test_a_damaged_index_is_rebuilt_and_the_reading_state_is_kept(db_path: Path) -> None:
    """The open-time check skips the index (it would cost more than the first paint at 50k
    rows); damage found later costs the index only, never the file or the saved places."""
    with Store(db_path) as s:
        s.save_position("fp", Position(5, 1))
        s.add_bookmark("fp", 5, 1, "kept")
        s.save_index_entries(entry(f"/lib/{i:05d}.txt", f"Marker title {i}") for i in range(3000))
    assert damage_pages_holding(db_path, b"Marker title") > 10

    with Store(db_path) as s:
        roots = Roots.of(["/lib"])
        assert s.position("fp") == Position(5, 1)
        assert s.index_stamps(roots) == {}
        assert s.index_resets == 1
        assert s.count_index(roots) == 0
        assert s.index_window(roots) == []
        assert any("library index" in notice and "damaged" in notice for notice in s.notices)
        s.save_index_entries([entry("/lib/again.txt", "Indexed again")])
        assert [r.entry.title for r in s.index_window(roots)] == ["Indexed again"]
        assert [b.snippet for b in s.bookmarks()] == ["kept"]
        assert s.saving_error is None
    assert not list(db_path.parent.glob("*.corrupt-*"))
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Store(db_path) as s:
        assert [r.entry.title for r in s.index_window(Roots.of(["/lib"]))] == ["Indexed again"]
        assert s.notices == []


def test_a_write_that_meets_damage_in_the_index_repairs_it_and_keeps_saving(
    db_path: Path,
) -> None:
    with Store(db_path) as s:
        s.save_position("fp", Position(5, 1))
        s.save_index_entries(entry(f"/lib/{i:05d}.txt", f"Marker title {i}") for i in range(3000))
    damage_pages_holding(db_path, b"Marker title")

    with Store(db_path) as s:
        s.save_index_entries(entry(f"/lib/{i:05d}.txt", f"New title {i}") for i in range(3000))
        assert s.index_resets == 1 and s.saving_error is None
        s.save_position("fp", Position(6, 0))
    with Store(db_path) as s:
        assert s.position("fp") == Position(6, 0)
        assert s.count_index(Roots.of(["/lib"])) == 3000
        assert len(s.index_stamps(Roots.of(["/lib"]))) == 3000
