"""Hostile files in the library: special files are never opened blocking, reads are capped, and
every unreadable file is listed with its reason while the rest of the library loads."""

from __future__ import annotations

import ast
import codecs
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest
from unprivileged import run_unprivileged, shared_folder

from readtui.article.load import (
    MAX_BYTES,
    load_file,
    parse_text,
    read_file,
    stamp_of,
    without_cut_character,
)
from readtui.errors import ArticleError
from readtui.library import FileChange, IndexEntry, change_since, fit_position, index_file, scan
from readtui.store import Position, Store

ARTICLE = b"A plain title\n\nThe first paragraph says something.\n\nThe second one too.\n"
BAD_NAME = b"caf\xe9.txt"


@dataclass
class Listed:
    """What the library lists for some folders and files: an index entry per file found."""

    entries: list[IndexEntry]
    problems: list[str]


def load_library(roots: list[Path]) -> Listed:
    found, problems = scan(roots)
    return Listed([index_file(path) for path in found], problems)


def only_error(library_entries: list[IndexEntry], name: str) -> str:
    entry = next(e for e in library_entries if e.name == name)
    assert entry.error
    return entry.error


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "good.txt").write_bytes(ARTICLE)
    return folder


def assert_rest_loads(folder: Path) -> None:
    library = load_library([folder])
    good = next(e for e in library.entries if e.name == "good.txt")
    assert not good.error and good.title == "A plain title"


# -- special files: listed with a reason, never opened blocking -------------------------------


def test_a_fifo_without_a_writer_is_listed_with_a_reason(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")
    error = only_error(load_library([folder]).entries, "pipe.txt")
    assert error == "Not a regular file: pipe.txt is a named pipe (FIFO), so it was not opened."
    assert_rest_loads(folder)


def test_a_symlink_to_dev_zero_is_listed_with_a_reason(folder: Path) -> None:
    (folder / "zero.txt").symlink_to("/dev/zero")
    error = only_error(load_library([folder]).entries, "zero.txt")
    assert error == "Not a regular file: zero.txt is a character device, so it was not opened."
    assert_rest_loads(folder)


def test_dev_null_named_on_the_command_line_is_listed(folder: Path) -> None:
    library = load_library([Path("/dev/null"), folder / "good.txt"])
    assert sorted(e.name for e in library.entries) == ["good.txt", "null"]
    library.entries.sort(key=lambda e: e.name != "null")
    assert library.entries[0].error.startswith("Not a regular file: null is a character device")
    assert not library.entries[1].error


def test_a_file_swapped_for_a_fifo_after_the_check_is_refused_unopened(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: the path looked like a regular file when checked, then became a FIFO. The
    open must not wait for a writer (O_NONBLOCK) and the descriptor is checked (fstat)."""
    pipe = folder / "swapped.txt"
    os.mkfifo(pipe)
    regular = os.stat(folder / "good.txt")
    real_stat = os.stat

    def stale_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        return regular if Path(str(path)) == pipe else real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stale_stat)
    with pytest.raises(ArticleError, match=r"swapped\.txt is a named pipe"):
        read_file(pipe)


# -- size cap ----------------------------------------------------------------------------------


def test_a_file_over_16_mib_shows_its_start_and_says_it_was_truncated(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = b"All work and no play makes a long line. "
    path.write_bytes(line * (20 * 1024 * 1024 // len(line)))
    loaded = load_file(path)
    meta = loaded.article.meta
    assert MAX_BYTES == 16 * 1024 * 1024
    assert meta.notices == ("Truncated: only the first 16 MiB of 20 MiB were read.",)
    assert loaded.article.title.startswith("All work and no play")
    assert len(loaded.article.title) <= MAX_BYTES


@pytest.mark.parametrize(
    ("limit", "size", "notice"),
    [
        (16 * 1024, 20 * 1024, "Truncated: only the first 16 KiB of 20 KiB were read."),
        (1000, 1001, "Truncated: only the first 1000 bytes of 1001 bytes were read."),
        (16 * 1024, 16 * 1024 + 1, "Truncated: only the first 16,384 bytes of 16,385 were read."),
    ],
)
def test_the_truncation_notice_is_in_plain_words(
    tmp_path: Path, limit: int, size: int, notice: str
) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(b"Title\n\n" + b"x" * (size - 7))
    assert load_file(path, limit).article.meta.notices == (notice,)


@pytest.mark.parametrize("char", ["\u00e9", "\u20ac", "\U0001f600"])
@pytest.mark.parametrize("extra", [0, 1, 2, 3])
def test_a_cut_inside_a_utf8_character_is_not_reported_as_damage(
    tmp_path: Path, char: str, extra: int
) -> None:
    path = tmp_path / "accents.txt"
    data = ("Title\n\n" + char * 5000).encode()
    path.write_bytes(data)
    limit = 7 + len(char.encode()) * 100 + extra
    article = load_file(path, limit).article
    assert len(article.meta.notices) == 1 and article.meta.notices[0].startswith("Truncated")
    assert set(article.blocks[0].text) == {char}


@pytest.mark.parametrize(
    ("bom", "codec", "reader"),
    [
        (b"", "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    ],
)
def test_every_cut_leaves_whole_characters(bom: bytes, codec: str, reader: str) -> None:
    """Wherever the cap falls, what is kept decodes strictly and loses under one character."""
    full = "a\u00e9\u20ac\U0001f600" * 4
    data = bom + full.encode(codec)
    for cut in range(len(bom) + 1, len(data)):
        kept = without_cut_character(data[:cut])
        assert full.startswith(kept.decode(reader))
        assert cut - len(kept) < 4


# -- unreadable files: each says why ------------------------------------------------------------


def test_a_binary_file_is_listed_as_binary(folder: Path) -> None:
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    error = only_error(load_library([folder]).entries, "photo.txt")
    assert error == "This is a binary file, not text (it contains NUL bytes)."
    assert_rest_loads(folder)


def test_a_zero_byte_file_opens_and_says_it_is_empty(folder: Path) -> None:
    (folder / "nothing.txt").write_bytes(b"")
    entry = next(e for e in load_library([folder]).entries if e.name == "nothing.txt")
    assert not entry.error and entry.title == "nothing"
    article = load_file(folder / "nothing.txt").article
    assert article.meta.notices == ("This file is empty (0 bytes).",)


@pytest.mark.parametrize("loop", ["self", "pair"])
def test_a_symlink_loop_is_named_in_plain_words(folder: Path, loop: str) -> None:
    if loop == "self":
        (folder / "loop.txt").symlink_to("loop.txt")
    else:
        (folder / "loop.txt").symlink_to("other.txt")
        (folder / "other.txt").symlink_to("loop.txt")
    library = load_library([folder])
    error = only_error(library.entries, "loop.txt")
    assert error == "Symlink loop: loop.txt leads back to itself, so there is no file to read."
    assert_rest_loads(folder)


def test_a_symlink_loop_named_on_the_command_line_is_listed(folder: Path) -> None:
    (folder / "loop.txt").symlink_to("loop.txt")
    library = load_library([folder / "loop.txt"])
    assert library.problems == []
    assert library.entries[0].error.startswith("Symlink loop")


def test_a_broken_symlink_says_so(folder: Path) -> None:
    (folder / "dangling.txt").symlink_to("gone.txt")
    error = only_error(load_library([folder]).entries, "dangling.txt")
    assert error == "Broken symlink: dangling.txt points to a file that does not exist."


def test_a_file_name_with_a_bidi_override_is_made_visible_in_the_reason(folder: Path) -> None:
    (folder / "\u202etxt.exe.txt").symlink_to("/dev/zero")
    library = load_library([folder])
    entry = next(e for e in library.entries if e.error)
    assert "\u202e" not in entry.error and "<U+202E>txt.exe.txt" in entry.error


def test_permission_denied_is_listed_and_the_rest_loads() -> None:
    """Root reads anything, so the library is loaded by a child that is not root."""
    with shared_folder() as folder:
        (folder / "good.txt").write_bytes(ARTICLE)
        (folder / "secret.txt").write_bytes(ARTICLE)
        (folder / "locked").mkdir()
        (folder / "locked" / "inside.txt").write_bytes(ARTICLE)
        if os.getuid() == 0:
            for path in folder.rglob("*"):
                os.chown(path, 65534, 65534)
        (folder / "secret.txt").chmod(0)
        (folder / "locked").chmod(0)
        code = f"""
from pathlib import Path
from readtui.library import index_file, scan
found, problems = scan([Path({str(folder)!r})])
entries = [index_file(path) for path in found]
rows = [[e.name, "" if e.error else e.title, e.error] for e in entries]
print(repr({{"entries": rows, "problems": problems}}))
"""
        result = run_unprivileged(code)
        (folder / "locked").chmod(0o700)
    assert result.returncode == 0, result.stderr
    report = ast.literal_eval(result.stdout)
    assert report["entries"] == [
        ["good.txt", "A plain title", ""],
        ["secret.txt", "", "Permission denied: you are not allowed to read secret.txt."],
    ]
    assert report["problems"] == [f"Cannot list the folder {folder / 'locked'}: Permission denied"]


def test_a_parser_failure_costs_one_file_not_the_library(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import readtui.article.load as load

    real = load.parse_text

    def fragile(text: str, suffix: str, *, quotes: bool = True) -> object:
        if "boom" in text:
            raise IndexError("boom")
        return real(text, suffix, quotes=quotes)

    monkeypatch.setattr(load, "parse_text", fragile)
    (folder / "boom.txt").write_text("boom\n")
    library = load_library([folder])
    assert only_error(library.entries, "boom.txt").startswith("readtui failed to read this file")
    assert_rest_loads(folder)


# -- file names that are not UTF-8 --------------------------------------------------------------


def write_bad_name(folder: Path, content: bytes) -> Path:
    descriptor = os.open(os.path.join(os.fsencode(folder), BAD_NAME), os.O_WRONLY | os.O_CREAT)
    os.write(descriptor, content)
    os.close(descriptor)
    return folder / os.fsdecode(BAD_NAME)


def test_a_name_that_is_not_utf8_is_listed_and_its_title_is_clean(folder: Path) -> None:
    path = write_bad_name(folder, b"")
    files, _problems = scan([folder])
    assert str(path.absolute()) in files
    article = load_file(path).article
    assert article.title == index_file(path).title == "caf\ufffd"
    article.title.encode("utf-8")
    assert article.meta.path == str(path)


def test_the_store_keeps_a_path_that_is_not_utf8_as_bytes(folder: Path, tmp_path: Path) -> None:
    path = write_bad_name(folder, ARTICLE)
    db = tmp_path / "state.db"
    with Store(db) as store:
        store.save_position("fp", Position(2, 5, 40.0), path=str(path), title="t")
        store.add_bookmark("fp", 2, 5, "snippet", path=str(path), title="t")
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT path FROM articles").fetchone()[0] == os.fsencode(path)
        assert raw.execute("SELECT path FROM bookmarks").fetchone()[0] == os.fsencode(path)
    with Store(db) as store:
        state = store.state("fp")
        assert state is not None and state.path == str(path)
        assert store.bookmarks()[0].path == str(path)


def test_paths_stored_as_text_by_an_older_version_still_read_back(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    with Store(db) as store:
        store.mark_read("fp")
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE articles SET path = '/old/article.txt'")
    with Store(db) as store:
        state = store.state("fp")
        assert state is not None and state.path == "/old/article.txt"
        store.add_bookmark("fp", 0, 0, "s")
        assert store.bookmarks()[0].path == "/old/article.txt"


# -- changes on disk ----------------------------------------------------------------------------


def test_an_entry_knows_when_its_file_changed_or_went(folder: Path) -> None:
    path = folder / "good.txt"
    stamp = load_file(path).stamp
    assert change_since(path, stamp) is FileChange.SAME
    path.write_bytes(ARTICLE + b"\nA new paragraph.\n")
    assert change_since(path, stamp) is FileChange.CHANGED
    path.unlink()
    assert change_since(path, stamp) is FileChange.GONE


def test_an_entry_knows_when_its_file_was_replaced_by_another(folder: Path) -> None:
    path = folder / "good.txt"
    stamp = load_file(path).stamp
    replacement = folder / "new.tmp"
    replacement.write_bytes(ARTICLE)
    os.utime(replacement, ns=(os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns))
    replacement.replace(path)
    assert change_since(path, stamp) is FileChange.CHANGED


def test_a_special_file_is_not_opened_even_to_be_checked(folder: Path) -> None:
    """Checking for changes is a stat, never an open: a FIFO's entry stays quiet."""
    os.mkfifo(folder / "pipe.txt")
    pipe = folder / "pipe.txt"
    entry = index_file(pipe)
    assert entry.error.startswith("Not a regular file")
    stamp = stamp_of(pipe)
    assert stamp is not None and stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert change_since(pipe, stamp) is FileChange.SAME


@pytest.mark.parametrize(
    ("saved", "fitted"),
    [
        (Position(-1, 0, 0.0), Position(-1, 0, 0.0)),  # the header always exists
        (Position(1, 5, 40.0), Position(1, 5, 40.0)),
        (Position(1, 999, 40.0), Position(1, len("Second paragraph."), 40.0)),  # shortened
        (Position(2, 0, 90.0), None),  # that paragraph is gone
    ],
)
def test_a_position_from_an_earlier_version_is_fitted_or_dropped(
    saved: Position, fitted: Position | None
) -> None:
    article = parse_text("Title\n\nFirst paragraph.\n\nSecond paragraph.\n", ".txt")
    assert [block.text for block in article.blocks] == ["First paragraph.", "Second paragraph."]
    assert fit_position(saved, article) == fitted
