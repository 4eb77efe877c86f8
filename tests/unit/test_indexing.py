"""Scanning the disk and keeping the index in step with it: new files appear, changed ones are
read again, deleted ones drop out, failures are retried, progress is reported and the work can
be stopped. Real files in tmp_path (a few hundred tiny ones), real SQLite, nothing mocked."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from unprivileged import run_unprivileged, shared_folder

import readtui.library as library
from readtui.catalog import Catalog
from readtui.library import (
    INDEXER_VERSION,
    IndexEntry,
    index_file,
    scan,
    update_index,
)
from readtui.store import Store


def article(title: str, body: str = "The first paragraph says something.") -> bytes:
    return f"{title}\n\n{body}\n\nThe second one too.\n".encode()


def write(path: Path, content: bytes, *, mtime_ns: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "data" / "state.db") as s:
        yield s


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """300 tiny articles in three subfolders."""
    root = tmp_path / "library"
    for i in range(300):
        write(root / f"part{i % 3}" / f"{i:03d}.txt", article(f"Title number {i}"))
    return root


def shown(store: Store, roots: list[Path]) -> list[tuple[str, str]]:
    catalog = Catalog(store, roots)
    rows = [catalog.row(rank) for rank in range(catalog.count())]
    return [(os.path.basename(r.entry.path), r.entry.title) for r in rows if r is not None]


class Progress:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))


# --- update_index ---------------------------------------------------------------------------


def test_new_files_appear_in_path_order_with_progress_in_batches(
    store: Store, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "BATCH_FILES", 40)
    progress = Progress()
    assert update_index(store, [folder], progress) == []
    rows = shown(store, [folder])
    assert len(rows) == 300
    paths = sorted((f"part{i % 3}/{i:03d}.txt", i) for i in range(300))
    assert rows == [(name.split("/")[1], f"Title number {i}") for name, i in paths]
    assert len(progress.calls) >= 300 // 40
    assert progress.calls[0] == (library.FIRST_BATCH_FILES, 0)  # before the files are counted
    assert progress.calls[-1] == (300, 300)
    dones = [done for done, _ in progress.calls]
    assert dones == sorted(dones) and len(set(dones)) == len(dones)
    assert {total for _, total in progress.calls[1:]} == {300}


def test_a_small_new_library_is_counted_by_its_first_walk(store: Store, tmp_path: Path) -> None:
    for number in range(3):
        write(tmp_path / "lib" / f"{number}.txt", article(f"Title {number}"))
    progress = Progress()
    update_index(store, [tmp_path / "lib"], progress)
    assert {total for _done, total in progress.calls} == {3}  # never "not counted yet"
    assert progress.calls[-1] == (3, 3)


def test_a_new_library_shows_its_first_files_before_the_rest_is_walked(
    store: Store, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    walk = library.scan_library

    def whole_walk(*args: Any, **kwargs: Any) -> Any:
        events.append("whole walk")
        return walk(*args, **kwargs)

    def progress(done: int, total: int) -> None:
        if not events:
            events.append(f"{len(shown(store, [folder]))} rows, total {total}")

    monkeypatch.setattr(library, "scan_library", whole_walk)
    update_index(store, [folder], progress)
    assert events == [f"{library.FIRST_BATCH_FILES} rows, total 0", "whole walk"]
    everything = sorted(f"part{i % 3}/{i:03d}.txt" for i in range(300))
    assert len(shown(store, [folder])) == 300

    events.clear()  # a library the index already holds is walked first
    update_index(store, [folder], progress)
    assert events == ["whole walk"]
    assert [name for name, _ in shown(store, [folder])] == [n.split("/")[1] for n in everything]


def test_a_second_run_reads_only_what_changed(store: Store, folder: Path) -> None:
    update_index(store, [folder])
    changed = write(folder / "part1" / "001.txt", article("A brand new title"), mtime_ns=10**18)
    (folder / "part2" / "002.txt").unlink()
    write(folder / "part0" / "new.txt", article("Arrived later"))
    progress = Progress()
    update_index(store, [folder], progress)
    assert progress.calls == [(2, 2)]
    rows = dict(shown(store, [folder]))
    assert rows[changed.name] == "A brand new title"
    assert "002.txt" not in rows and rows["new.txt"] == "Arrived later"
    assert len(rows) == 300


def test_a_change_that_keeps_the_size_is_seen_by_its_mtime(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "lib" / "a.txt", article("Title AAAA"), mtime_ns=10**18)
    update_index(store, [path.parent])
    write(path, article("Title BBBB"), mtime_ns=10**18 + 1)
    update_index(store, [path.parent])
    assert shown(store, [path.parent]) == [("a.txt", "Title BBBB")]


def test_nothing_to_do_still_reports_the_end(store: Store, tmp_path: Path) -> None:
    progress = Progress()
    assert update_index(store, [tmp_path / "missing"], progress) == [
        f"No such file or folder: {tmp_path / 'missing'}"
    ]
    assert progress.calls == [(0, 0)]


def test_failed_entries_and_older_indexers_are_always_retried(store: Store, folder: Path) -> None:
    update_index(store, [folder])
    good = folder / "part0" / "000.txt"
    stamp = os.stat(good)
    stale = IndexEntry(str(good), stamp.st_size, stamp.st_mtime_ns, "000.txt", "", 0, "", "oops")
    store.save_index_entries([stale], indexer=INDEXER_VERSION)
    older = folder / "part0" / "003.txt"
    store.save_index_entries([index_file(older)._replace(title="Old parse")], indexer=0)
    os.mkfifo(folder / "part0" / "pipe.txt")

    progress = Progress()
    update_index(store, [folder], progress)
    assert progress.calls == [(3, 3)]
    rows = dict(shown(store, [folder]))
    assert rows["000.txt"] == "Title number 0" and rows["003.txt"] == "Title number 3"
    progress = Progress()
    update_index(store, [folder], progress)
    assert progress.calls == [(1, 1)]  # the FIFO, which fails every time


def test_cancelling_stops_after_the_batch_in_hand_and_a_later_run_finishes(
    store: Store, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "BATCH_FILES", 25)
    monkeypatch.setattr(library, "FIRST_BATCH_FILES", 25)
    progress = Progress()
    update_index(store, [folder], progress, cancelled=lambda: bool(progress.calls))
    assert progress.calls == [(25, 0)]  # the new library's first files, not yet counted
    first = [name for name, _ in shown(store, [folder])]
    everything = sorted(f"part{i % 3}/{i:03d}.txt" for i in range(300))
    assert first == [name.split("/")[1] for name in everything[:25]]

    progress = Progress()
    update_index(store, [folder], progress)
    assert progress.calls[-1] == (275, 275)
    assert len(shown(store, [folder])) == 300


def test_cancelling_during_the_scan_writes_nothing(store: Store, folder: Path) -> None:
    progress = Progress()
    update_index(store, [folder], progress, cancelled=lambda: True)
    assert progress.calls == []
    assert shown(store, [folder]) == []


def test_other_libraries_in_the_index_are_left_alone(store: Store, tmp_path: Path) -> None:
    one = write(tmp_path / "one" / "a.txt", article("In the first library"))
    two = write(tmp_path / "two" / "b.txt", article("In the second library"))
    update_index(store, [one.parent])
    update_index(store, [two.parent])
    assert shown(store, [one.parent]) == [("a.txt", "In the first library")]
    assert shown(store, [two.parent]) == [("b.txt", "In the second library")]
    assert shown(store, [tmp_path]) == [
        ("a.txt", "In the first library"),
        ("b.txt", "In the second library"),
    ]


def test_a_file_named_directly_is_one_entry_and_its_folder_neighbours_are_not(
    store: Store, folder: Path
) -> None:
    named = folder / "part0" / "000.txt"
    update_index(store, [named])
    assert shown(store, [named]) == [("000.txt", "Title number 0")]
    update_index(store, [folder])
    update_index(store, [named])
    assert len(shown(store, [folder])) == 300


def test_a_relative_root_is_indexed_under_absolute_paths(
    store: Store, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    update_index(store, [Path("part1")])
    catalog = Catalog(store, [Path("part1/../part1")])
    assert catalog.count() == 100
    first = catalog.row(0)
    assert first is not None and first.entry.path == str(folder / "part1" / "001.txt")


@pytest.mark.parametrize("kind", ["newer readtui", "unusable data folder"])
def test_a_store_that_cannot_save_still_indexes_for_the_session(
    tmp_path: Path, folder: Path, kind: str
) -> None:
    import sqlite3
    from contextlib import closing

    if kind == "newer readtui":
        path = tmp_path / "data" / "state.db"
        with Store(path) as s:
            s.mark_read("x")
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA user_version = 99")
            conn.commit()
    else:
        (tmp_path / "blocker").write_text("a file where the data folder should be")
        path = tmp_path / "blocker" / "state.db"
    before = path.read_bytes() if path.exists() else b""
    with Store(path) as s:
        progress = Progress()
        update_index(s, [folder], progress)
        assert progress.calls[-1] == (300, 300)
        assert len(shown(s, [folder])) == 300
        assert (s.read_only or s.not_saving) is not None
    assert (path.read_bytes() if path.exists() else b"") == before


# --- scan and index_file: what counts, and hostile files --------------------------------------


def test_scan_takes_articles_and_skips_hidden_links_to_folders_and_other_suffixes(
    tmp_path: Path,
) -> None:
    root = tmp_path / "lib"
    keep = [
        write(root / "a.txt", b"a"),
        write(root / "B.MD", b"b"),
        write(root / "sub" / "c.markdown", b"c"),
    ]
    write(root / ".hidden.txt", b"h")
    write(root / ".git" / "d.txt", b"d")
    write(root / "notes.log", b"n")
    write(tmp_path / "outside" / "e.txt", b"e")
    (root / "link").symlink_to(tmp_path / "outside")
    (root / "loop").symlink_to(root)
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    found, problems = scan([root, root / "notes.log", root / ".hidden.txt"])
    assert problems == []
    expected = [*keep, root / "notes.log", root / ".hidden.txt", root / "dangling.txt"]
    assert sorted(found) == sorted(str(p) for p in expected)
    info = os.stat(keep[0])
    assert found[str(keep[0])] == (info.st_size, info.st_mtime_ns)


def index_error(path: Path) -> str:
    entry = index_file(path)
    assert entry.fingerprint == "" and entry.words == 0
    assert entry.title == path.name
    return entry.error


def test_special_files_get_an_entry_with_the_reason_and_never_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    write(tmp_path / "binary.txt", b"\x00\x01\x02" * 100)
    assert index_error(tmp_path / "pipe.txt") == (
        "Not a regular file: pipe.txt is a named pipe (FIFO), so it was not opened."
    )
    assert index_error(tmp_path / "zero.txt").startswith("Not a regular file: zero.txt is a ch")
    assert index_error(tmp_path / "gone.txt").startswith("Broken symlink: gone.txt")
    assert index_error(tmp_path / "binary.txt") != ""
    null = index_file("/dev/null")
    assert null.error.startswith("Not a regular file: null is a character device")


def test_dev_null_named_on_the_command_line_is_listed(store: Store, folder: Path) -> None:
    update_index(store, [Path("/dev/null"), folder / "part0" / "000.txt"])
    catalog = Catalog(store, [Path("/dev/null"), folder / "part0" / "000.txt"])
    rows = [catalog.row(rank) for rank in range(catalog.count())]
    assert [(r.entry.name, bool(r.entry.error)) for r in rows if r] == [
        ("null", True),
        ("000.txt", False),
    ]


def test_a_parser_failure_costs_one_file_not_the_index(
    store: Store, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import readtui.article.load as load

    real = load.parse_text

    def fragile(text: str, suffix: str, **kwargs: bool) -> object:
        if "boom" in text:
            raise IndexError("boom")
        return real(text, suffix, **kwargs)

    monkeypatch.setattr(load, "parse_text", fragile)
    write(folder / "boom.txt", b"boom\n")
    update_index(store, [folder])
    rows = dict(shown(store, [folder]))
    assert len(rows) == 301 and rows["boom.txt"] == "boom.txt"
    boom = Catalog(store, [folder]).entry_of(str(folder / "boom.txt"))
    assert boom is not None
    assert boom.error == "readtui failed to read this file (a bug: IndexError)."


def test_an_entry_holds_what_the_sidebar_needs(tmp_path: Path) -> None:
    body = " ".join(["word"] * 700)
    path = write(tmp_path / "a.txt", article("A long title " * 40, body))
    entry = index_file(path)
    info = os.stat(path)
    assert (entry.path, entry.size, entry.mtime_ns) == (str(path), info.st_size, info.st_mtime_ns)
    assert len(entry.title) == library.TITLE_CHARS and entry.title.endswith("\u2026")
    assert entry.words > 700 and entry.minutes == round(entry.words / 230)
    assert len(entry.fingerprint) == 32 and entry.error == ""


def test_a_name_that_is_not_utf8_is_indexed_with_a_clean_title(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    with open(name, "wb") as handle:
        handle.write(b"")
    update_index(store, [folder])
    [(shown_name, title)] = shown(store, [folder])
    assert shown_name == os.fsdecode(b"caf\xe9.txt")
    assert title == "caf\ufffd"


def test_unreadable_files_and_folders_are_said_in_plain_words() -> None:
    """As nobody (chmod does not stop root)."""
    with shared_folder() as shared:
        folder = shared / "lib"
        write(folder / "good.txt", article("A plain title"))
        write(folder / "secret.txt", article("Secret"))
        write(folder / "locked" / "inside.txt", article("Inside"))
        if os.getuid() == 0:
            for path in [folder, *folder.rglob("*")]:
                os.chown(path, 65534, 65534)
        (folder / "secret.txt").chmod(0)
        (folder / "locked").chmod(0)
        code = f"""
from pathlib import Path
from typing import Any
from readtui.catalog import Catalog
from readtui.library import update_index
from readtui.store import Store
folder = Path({str(folder)!r})
with Store(folder / "state.db") as store:
    problems = update_index(store, [folder])
    catalog = Catalog(store, [folder])
    rows = [catalog.row(rank) for rank in range(catalog.count())]
    rows = [[r.entry.name, r.entry.title, r.entry.error] for r in rows]
print(repr({{"rows": rows, "problems": problems}}))
"""
        result = run_unprivileged(code)
        (folder / "locked").chmod(0o700)
    assert result.returncode == 0, result.stderr
    report = ast.literal_eval(result.stdout)
    assert report["rows"] == [
        ["good.txt", "A plain title", ""],
        ["secret.txt", "secret.txt", "Permission denied: you are not allowed to read secret.txt."],
    ]
    assert report["problems"] == [f"Cannot list the folder {folder / 'locked'}: Permission denied"]


def test_a_folder_that_cannot_be_listed_keeps_its_entries_until_it_can() -> None:
    """A folder that turns unreadable (a lost mount, a chmod) is not a folder of deleted
    files: its entries stay, and the problem is said. As nobody, so the chmod bites."""
    with shared_folder() as shared:
        folder = shared / "lib"
        write(folder / "top.txt", article("On top"))
        write(folder / "sub" / "inside.txt", article("Inside"))
        if os.getuid() == 0:
            for path in [folder, *folder.rglob("*")]:
                os.chown(path, 65534, 65534)
        code = f"""
from pathlib import Path
from typing import Any
from readtui.catalog import Catalog
from readtui.library import update_index
from readtui.store import Store
folder = Path({str(folder)!r})
with Store(folder.parent / "state.db") as store:
    update_index(store, [folder])
    (folder / "sub").chmod(0)
    (folder / "top.txt").unlink()
    problems = update_index(store, [folder])
    (folder / "sub").chmod(0o700)
    catalog = Catalog(store, [folder])
    names = [catalog.row(rank).entry.name for rank in range(catalog.count())]
print(repr({{"names": names, "problems": problems}}))
"""
        result = run_unprivileged(code)
    assert result.returncode == 0, result.stderr
    report = ast.literal_eval(result.stdout)
    assert report["names"] == ["inside.txt"]
    assert report["problems"] == [f"Cannot list the folder {folder / 'sub'}: Permission denied"]


def test_the_first_batch_is_a_screenful_so_a_new_library_shows_at_once(
    store: Store, folder: Path
) -> None:
    progress = Progress()
    update_index(store, [folder], progress)
    first, total = progress.calls[0]  # fewer when a quarter second passes first
    assert 0 < first <= library.FIRST_BATCH_FILES < library.BATCH_FILES and total == 0
    assert progress.calls[-1] == (300, 300)
