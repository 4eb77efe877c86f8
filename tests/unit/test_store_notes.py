"""Bookmark notes, copied quotes and settings in the store, checked on the file on disk."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from unprivileged import run_unprivileged, shared_folder

from readtui.store import SCHEMA_VERSION, Bookmark, CopiedQuote, Store
from readtui.store.schema import _MIGRATIONS


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as s:
        yield s


def on_disk(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.execute(sql))


def quote(text: str = "We will rebuild", *, block: int = 3, offset: int = 10) -> CopiedQuote:
    return CopiedQuote(
        fingerprint="fp",
        text=text,
        block=block,
        offset=offset,
        speaker="Jane Doe",
        role="mayor",
        title="Dam breaks",
        path="/news/dam.txt",
        source="AP",
        url="https://example.com/dam",
    )


# --- migration ---------------------------------------------------------------------------------


def make_version_2_file(path: Path) -> None:
    """A file as readtui with schema 2 left it: a bookmark without note, source or url."""
    path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(path)) as conn:
        for step in _MIGRATIONS[:2]:
            step(conn)
        conn.execute(
            "INSERT INTO bookmarks (id, fingerprint, block, char_offset, snippet, created_at,"
            " title, path) VALUES (7, 'fp', 4, 2, 'old snippet', 5.0, 'Old title', '')"
        )
        conn.execute("PRAGMA user_version = 2")
        conn.commit()


def test_a_version_2_file_upgrades_keeping_its_bookmarks(db_path: Path) -> None:
    make_version_2_file(db_path)
    with Store(db_path) as s:
        assert s.bookmarks() == [
            Bookmark(7, "fp", 4, 2, "old snippet", 5.0, "Old title", "", "", "", "")
        ]
        assert s.copied_quotes() == []
    assert SCHEMA_VERSION >= 3
    assert on_disk(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    columns = [row[1] for row in on_disk(db_path, "PRAGMA table_info(bookmarks)")]
    assert columns[-3:] == ["note", "source", "url"]
    assert on_disk(db_path, "SELECT count(*) FROM quotes") == [(0,)]


def test_an_upgraded_file_takes_notes_and_quotes(db_path: Path) -> None:
    make_version_2_file(db_path)
    with Store(db_path) as s:
        assert s.set_bookmark_note(7, "kept from before")
        s.record_quote(quote())
    assert on_disk(db_path, "SELECT note FROM bookmarks") == [("kept from before",)]
    assert on_disk(db_path, "SELECT text FROM quotes") == [("We will rebuild",)]


# --- notes on bookmarks ------------------------------------------------------------------------


def test_a_note_is_saved_on_disk_and_listed(store: Store, db_path: Path) -> None:
    mark = store.add_bookmark("fp", 2, 0, "snippet", title="T", source="AP", url="https://x.y")
    assert store.set_bookmark_note(mark.id, "  worth a follow-up  ")
    assert on_disk(db_path, "SELECT note, source, url FROM bookmarks") == [
        ("worth a follow-up", "AP", "https://x.y")
    ]
    assert store.bookmarks()[0].note == "worth a follow-up"


def test_a_note_survives_reopening(db_path: Path) -> None:
    with Store(db_path) as s:
        mark = s.add_bookmark("fp", 2, 0, "snippet")
        s.set_bookmark_note(mark.id, "first thought")
    with Store(db_path) as s:
        assert [b.note for b in s.bookmarks("fp")] == ["first thought"]


def test_an_empty_note_removes_it(store: Store) -> None:
    mark = store.add_bookmark("fp", 2, 0, "snippet", note="old")
    assert store.set_bookmark_note(mark.id, "")
    assert store.bookmarks()[0].note == ""


def test_a_note_on_a_deleted_bookmark_is_refused(store: Store) -> None:
    mark = store.add_bookmark("fp", 2, 0, "snippet")
    store.delete_bookmark(mark.id)
    assert not store.set_bookmark_note(mark.id, "too late")


def test_the_whole_library_is_listed_newest_first_with_notes(store: Store) -> None:
    first = store.add_bookmark("fp-a", 1, 0, "a", title="A", note="on a")
    second = store.add_bookmark("fp-b", 5, 3, "b", title="B")
    assert store.bookmarks() == [second, first]
    assert [b.note for b in store.bookmarks()] == ["", "on a"]


def test_a_restored_bookmark_keeps_its_time_and_note(store: Store) -> None:
    mark = store.add_bookmark("fp", 2, 4, "snippet", title="T", note="mine")
    store.delete_bookmark(mark.id)
    again = store.restore_bookmark(mark)
    assert again.id > 0
    assert store.bookmarks() == [again]
    assert (again.created_at, again.note, again.block, again.offset) == (
        mark.created_at,
        "mine",
        2,
        4,
    )


# --- copied quotes -----------------------------------------------------------------------------


def test_a_copied_quote_is_on_disk_with_its_article(store: Store, db_path: Path) -> None:
    kept = store.record_quote(quote())
    assert kept.id > 0 and kept.copied_at > 0
    assert store.copied_quotes() == [kept]
    assert on_disk(
        db_path, "SELECT fingerprint, text, speaker, role, title, source, url FROM quotes"
    ) == [
        (
            "fp",
            "We will rebuild",
            "Jane Doe",
            "mayor",
            "Dam breaks",
            "AP",
            "https://example.com/dam",
        )
    ]


def test_copying_a_quote_again_keeps_one_row_with_the_newer_time(store: Store) -> None:
    first = store.record_quote(quote())
    again = store.record_quote(quote())
    assert again.id == first.id and again.copied_at >= first.copied_at
    assert store.copied_quotes() == [again]


def test_copied_quotes_are_newest_first_and_filter_by_article(store: Store) -> None:
    one = store.record_quote(quote("one", block=1))
    two = store.record_quote(quote("two", block=2))
    other = store.record_quote(CopiedQuote("other-fp", "elsewhere", 0, 0))
    assert store.copied_quotes() == [other, two, one]
    assert store.copied_quotes("fp") == [two, one]
    assert store.copied_quotes("nobody") == []


def test_a_quote_from_a_file_whose_name_is_not_utf8_keeps_its_path(store: Store) -> None:
    path = os.fsdecode(b"/news/caf\xe9.txt")
    kept = store.record_quote(CopiedQuote("fp", "words", 0, 0, path=path))
    assert store.copied_quotes()[0].path == path == kept.path


# --- settings ----------------------------------------------------------------------------------


def test_a_setting_round_trips_and_is_replaced(db_path: Path) -> None:
    with Store(db_path) as s:
        assert s.setting("theme") is None
        s.save_setting("theme", "nord")
        s.save_setting("theme", "gruvbox")
    with Store(db_path) as s:
        assert s.setting("theme") == "gruvbox"
    assert ("theme", "gruvbox") in on_disk(db_path, "SELECT key, value FROM meta")


# --- reads create nothing, read-only refuses, memory keeps --------------------------------------


def test_reads_on_a_missing_file_create_nothing(store: Store, db_path: Path) -> None:
    assert store.copied_quotes() == []
    assert store.setting("theme") is None
    assert not store.set_bookmark_note(1, "nothing there")
    assert not db_path.parent.exists()


def test_a_newer_file_is_read_but_never_written(db_path: Path) -> None:
    with Store(db_path) as s:
        mark = s.add_bookmark("fp", 1, 0, "snippet")
        s.record_quote(quote())
        s.save_setting("theme", "nord")
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = db_path.read_bytes()
    with Store(db_path) as s:
        assert [b.id for b in s.bookmarks()] == [mark.id]
        assert not s.set_bookmark_note(mark.id, "refused")
        assert s.record_quote(quote("refused", block=9)).id == -1
        assert s.restore_bookmark(mark).id == -1
        s.save_setting("theme", "refused")
        assert s.setting("theme") == "nord"
        assert [q.text for q in s.copied_quotes()] == ["We will rebuild"]
    assert db_path.read_bytes() == before


def test_an_unusable_folder_keeps_notes_and_quotes_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with Store(blocker / "state.db") as s:
        mark = s.add_bookmark("fp", 1, 0, "snippet")
        assert s.set_bookmark_note(mark.id, "in memory")
        kept = s.record_quote(quote())
        s.save_setting("width", "72")
        assert [b.note for b in s.bookmarks()] == ["in memory"]
        assert s.copied_quotes() == [kept]
        assert s.setting("width") == "72"
        assert s.not_saving == "a file is in the way of the data folder"


def test_a_read_only_folder_shows_saved_notes_and_keeps_new_ones_in_memory() -> None:
    """As a user who may not write there (root ignores chmod: the check runs as nobody)."""
    with shared_folder() as shared:
        folder = shared / "ro"
        with Store(folder / "state.db") as s:
            mark = s.add_bookmark("fp", 4, 2, "saved earlier", note="saved note")
            s.record_quote(quote())
        before = (folder / "state.db").read_bytes()
        folder.chmod(0o555)
        result = run_unprivileged(
            "from pathlib import Path\n"
            "from readtui.store import CopiedQuote, Store\n"
            f"folder = Path({str(folder)!r})\n"
            "with Store(folder / 'state.db') as s:\n"
            "    print([b.note for b in s.bookmarks()], [q.text for q in s.copied_quotes()])\n"
            f"    print(s.set_bookmark_note({mark.id}, 'new note'))\n"
            "    s.record_quote(CopiedQuote('fp', 'new quote', 8, 0))\n"
            "    print([b.note for b in s.bookmarks()], len(s.copied_quotes()))\n"
            "    print(s.not_saving)\n"
        )
        after = (folder / "state.db").read_bytes()
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "['saved note'] ['We will rebuild']",
        "True",
        "['new note'] 2",
        "the data folder or the file is not writable",
    ]
    assert after == before
