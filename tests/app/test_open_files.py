"""Hostile and changing files, driven through Pilot: what the sidebar, the view's header and the
status bar say, and what reaches the store on disk."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_reader import SEED, SIZE, make_app, notifications, ready, settle, until, view_text

import readtui.article.load as load
import readtui.screens.reader.indexing as reader_indexing
import readtui.widgets.article_view.laying_out as view_layout
from readtui.app import ReadtuiApp
from readtui.layout import HEADER, Layout
from readtui.paths import state_db_path
from readtui.screens.help import HelpScreen
from readtui.screens.reader import ReaderScreen
from readtui.store import Position, Store
from readtui.widgets.article_list import row_lines
from readtui.widgets.article_view import LAYING_OUT, ArticleView

ARTICLE = "A plain title\n\nThe first paragraph says something.\n\nThe second one too.\n"
WAIT = 60.0


def reader(app: ReadtuiApp) -> ReaderScreen:
    screen = app.reader
    assert screen is not None
    return screen


def rows(app: ReadtuiApp) -> dict[str, str]:
    """Each sidebar row's text by the file name its entry was read from."""
    catalog = reader(app).catalog
    listed = (catalog.row(rank) for rank in range(catalog.count()))
    return {
        row.entry.name: "\n".join(str(line) for line in row_lines(row))
        for row in listed
        if row is not None
    }


# -- hostile files: listed with a reason, the rest works ----------------------------------------


@pytest.fixture
def hostile_library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "a-good.txt").write_text(ARTICLE)
    os.mkfifo(folder / "b-pipe.txt")
    (folder / "c-zero.txt").symlink_to("/dev/zero")
    (folder / "d-binary.txt").write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    (folder / "e-empty.txt").write_bytes(b"")
    (folder / "f-loop.txt").symlink_to("f-loop.txt")
    (folder / "g-dangling.txt").symlink_to("nowhere.txt")
    return folder


async def test_special_and_broken_files_are_listed_with_their_reasons(
    isolated_user: Path, hostile_library: Path
) -> None:
    app = make_app(isolated_user, hostile_library, Path("/dev/null"))
    async with app.run_test(size=(140, 40)) as pilot:
        view = await ready(pilot)
        assert view.article is not None and view.article.title == "A plain title"
        shown = rows(app)
        expected = {
            "b-pipe.txt": "Not a regular file: b-pipe.txt is a named pipe (FIFO)",
            "c-zero.txt": "Not a regular file: c-zero.txt is a character device",
            "d-binary.txt": "This is a binary file, not text",
            "f-loop.txt": "Symlink loop: f-loop.txt leads back to itself",
            "g-dangling.txt": "Broken symlink: g-dangling.txt points to a file that",
            "null": "Not a regular file: null is a character device",
        }
        for name, reason in expected.items():
            assert shown[name].startswith(name + "\n\u26a0 "), shown[name]
            assert reason in shown[name].replace("\n", " ")
        assert shown["e-empty.txt"].splitlines() == [
            "e-empty",
            "\u25cf e-empty.txt \u00b7 empty",
        ]


async def test_opening_an_unreadable_entry_says_why_in_the_view(
    isolated_user: Path, hostile_library: Path
) -> None:
    app = make_app(isolated_user, hostile_library)
    async with app.run_test(size=(140, 40)) as pilot:
        view = await ready(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert view.article is None
        assert view.message.startswith("b-pipe.txt: Not a regular file: b-pipe.txt is a named")
        assert notifications(app)[-1].startswith("Cannot open b-pipe.txt: Not a regular file")
        await pilot.press("n", "n", "n")
        await settle(pilot)
        assert view.article is not None and view.article.title == "e-empty"
        assert "This file is empty (0 bytes)." in view_text(view)
        await pilot.press("n", "n", "n")
        await settle(pilot)
        assert view.article is not None and view.article.title == "A plain title"


async def test_permission_denied_is_listed_and_opening_it_says_so(
    isolated_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads anything: the refusal is injected where the kernel would give it (the real
    refusal, as another user, is in tests/unit/test_files.py)."""
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "a-good.txt").write_text(ARTICLE)
    (folder / "secret.txt").write_text(ARTICLE)
    real_open = os.open

    def refusing_open(path: object, flags: int, *args: int, **kwargs: object) -> int:
        if str(path).endswith("secret.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(load.os, "open", refusing_open)
    app = make_app(isolated_user, folder)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        text = rows(app)["secret.txt"].replace("\n", " ")
        assert "Permission denied: you are not allowed to read secret.txt." in text
        await pilot.press("n")
        await settle(pilot)
        assert "Permission denied" in view.message
        await pilot.press("n")
        assert view.article is not None and view.article.title == "A plain title"


async def test_a_truncated_file_says_so_in_the_header(
    isolated_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cap is made small so the test stays quick; the real 16 MiB cap is a unit test."""
    monkeypatch.setattr(load, "MAX_BYTES", 16 * 1024)
    path = tmp_path / "long.txt"
    path.write_text("A long story\n\n" + "Word after word. " * 1505)
    app = make_app(isolated_user, path)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        header = view_text(view)
        assert "Truncated: only the first 16 KiB of 25 KiB were read." in header
        assert "A long story" in header


# -- names that are not UTF-8: shown, and stored as bytes ----------------------------------------


async def test_a_name_that_is_not_utf8_opens_and_its_state_reaches_the_store(
    isolated_user: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    raw_folder = os.fsencode(folder)
    for name, content in ((b"caf\xe9.txt", ARTICLE.encode()), (b"\xff-empty.txt", b"")):
        descriptor = os.open(os.path.join(raw_folder, name), os.O_WRONLY | os.O_CREAT)
        os.write(descriptor, content)
        os.close(descriptor)
    path = folder / os.fsdecode(b"caf\xe9.txt")
    app = make_app(isolated_user, folder)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert rows(app)[os.fsdecode(b"\xff-empty.txt")].startswith("\ufffd-empty\n")
        assert view.article is not None and view.article.title == "A plain title"
        await pilot.press("j", "j", "b")
        reader(app).save_view_position()
        position = view.position()
        assert position is not None
        await pilot.press("n")
        await settle(pilot)
        assert not [m for m in notifications(app) if "saving" in m.lower()]
    with sqlite3.connect(state_db_path(isolated_user)) as db:
        articles = dict(db.execute("SELECT path, block FROM articles"))
        bookmarks = list(db.execute("SELECT path, block FROM bookmarks"))
        titles = [t for (t,) in db.execute("SELECT title FROM articles")]
    assert articles[os.fsencode(path)] == position.block
    assert bookmarks == [(os.fsencode(path), position.block)]
    assert "\ufffd-empty" in titles


# -- a 10 MB line: the UI keeps working while it is laid out ------------------------------------


@pytest.fixture
def held_layout(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, list[int]]]:
    """Layouts of long articles wait for the test's word; the widths asked for are recorded."""
    release = threading.Event()
    widths: list[int] = []
    real = view_layout.layout

    def held(article: object, width: int) -> Layout:
        if len(getattr(article, "title", "")) > 1_000_000:
            widths.append(width)
            assert release.wait(WAIT), "the test never released the layout"
        return real(article, width)  # type: ignore[arg-type]

    monkeypatch.setattr(view_layout, "layout", held)
    try:
        yield release, widths
    finally:
        release.set()


@pytest.fixture
def big_line(tmp_path: Path) -> Path:
    path = tmp_path / "a-big-line.txt"
    words = b"Ten megabytes of text on a single line, with no break at all. "
    path.write_bytes(words * (10_000_000 // len(words)))
    return path


async def test_a_10_mb_line_is_laid_out_while_the_ui_keeps_working(
    isolated_user: Path, big_line: Path, held_layout: tuple[threading.Event, list[int]]
) -> None:
    release, widths = held_layout
    seed = big_line.parent / "seed.txt"  # after the big line in the sidebar's path order
    shutil.copy(SEED, seed)
    app = make_app(isolated_user, big_line, seed)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(widths), "the long article's layout started")
        view = app.screen.query_one(ArticleView)
        assert view.message == LAYING_OUT and view.lines_on_screen() == []
        # the layout thread is held: keys still work
        await pilot.press("n")
        await until(pilot, lambda: view.article is not None, "the next article opened")
        assert view.article is not None and view.article.title.startswith("Russian military")
        assert "Russian military recruiter" in view_text(view)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("p")
        await until(pilot, lambda: view.message == LAYING_OUT, "the long article is back")
        release.set()
        await until(pilot, lambda: view.lines_on_screen() != [], "the long article appeared")
        assert view_text(view).startswith("Ten megabytes of text on a single line")
        assert view.message == ""
        assert widths == [view.column_width()]
        # going back to it later reuses that layout: it is on screen at once
        await pilot.press("n", "p")
        assert view_text(view).startswith("Ten megabytes of text on a single line")
        assert widths == [view.column_width()]


async def test_the_position_in_a_long_article_is_restored_after_its_layout(
    isolated_user: Path, big_line: Path, held_layout: tuple[threading.Event, list[int]]
) -> None:
    release, _widths = held_layout
    fingerprint = load.load_file(big_line).article.meta.fingerprint
    with Store(state_db_path(isolated_user)) as store:
        store.save_position(fingerprint, Position(HEADER, 5_000_000, 50.0), path=str(big_line))
    release.set()
    app = make_app(isolated_user, big_line)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await until(pilot, lambda: view.position() is not None, "the long article appeared")
        position = view.position()
        assert position is not None and position.block == HEADER
        assert 5_000_000 - view.column_width() < position.offset <= 5_000_000


async def test_a_resize_during_a_long_layout_lays_out_again_at_the_new_width(
    isolated_user: Path, big_line: Path, held_layout: tuple[threading.Event, list[int]]
) -> None:
    release, widths = held_layout
    app = make_app(isolated_user, big_line)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: bool(widths), "the long article's layout started")
        view = app.screen.query_one(ArticleView)
        first = widths[0]
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert view.message == LAYING_OUT and len(widths) == 1
        release.set()
        await until(pilot, lambda: view.lines_on_screen() != [], "the long article appeared")
        assert widths == [first, view.column_width()] and first != view.column_width()
        assert all(line.offset >= 0 for line in view.lines_on_screen())


# -- a file changed or deleted while open -------------------------------------------------------


@pytest.fixture
def copy_of_seed(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(SEED, folder / "article.txt")
    (folder / "other.txt").write_text(ARTICLE)
    return folder / "article.txt"


async def test_a_deleted_file_keeps_showing_and_says_so(
    isolated_user: Path, copy_of_seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ReaderScreen, "FILE_CHECK_SECONDS", 0.05)
    # The folder watch would take the deleted file out of the list (as it should), and then
    # `p` could not come back to it; on a slow run it starts before the test is over.
    monkeypatch.setattr(reader_indexing, "WATCH_AFTER", 3600.0)
    app = make_app(isolated_user, copy_of_seed.parent)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        screen = reader(app)
        assert screen.opened is not None
        loaded_at = time.strftime("%H:%M", time.localtime(screen.opened.loaded_at))
        copy_of_seed.unlink()
        said = f"article.txt was deleted or moved; showing the copy loaded at {loaded_at}"
        await until(pilot, lambda: screen.status.text == said, "the status bar said it")
        assert notifications(app).count(said) == 1
        assert screen.status.display
        assert "Russian military recruiter" in view_text(view)
        await pilot.press("n")
        await settle(pilot)
        assert screen.status.text == ""
        await pilot.press("p")
        await settle(pilot)
        assert view.article is not None and "Russian military" in view.article.title
        assert screen.status.text == said


async def test_a_changed_file_is_said_and_reloaded_on_the_next_open(
    isolated_user: Path, copy_of_seed: Path
) -> None:
    app = make_app(isolated_user, copy_of_seed.parent)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        screen = reader(app)
        await pilot.press("space", "space")
        kept = view.position()
        assert kept is not None and kept.block > 0
        text = copy_of_seed.read_text()
        copy_of_seed.write_text(text.replace("Russian military recruiter", "Recruiter", 1))
        screen.check_open_file()
        await pilot.pause()
        said = "article.txt changed on disk; it will be reloaded when you open it again"
        assert screen.status.text == said and notifications(app)[-1] == said
        assert view.article is not None and view.article.title.startswith("Russian military")
        await pilot.press("n", "p")
        await settle(pilot)
        assert view.article is not None and view.article.title.startswith("Recruiter shot")
        assert screen.status.text == ""
        position = view.position()
        assert position is not None and position.block == kept.block
        fingerprint = view.article.meta.fingerprint
    with sqlite3.connect(state_db_path(isolated_user)) as db:
        row = db.execute("SELECT block FROM articles WHERE fingerprint = ?", (fingerprint,))
        assert row.fetchone() == (kept.block,)


async def test_a_shortened_file_opens_at_the_top_when_the_paragraph_is_gone(
    isolated_user: Path, copy_of_seed: Path
) -> None:
    app = make_app(isolated_user, copy_of_seed.parent)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("G")
        reader(app).save_view_position()
        copy_of_seed.write_text("Short now\n\nOnly one paragraph is left.\n")
        await pilot.press("n", "p")
        await settle(pilot)
        assert view.article is not None and view.article.title == "Short now"
        position = view.position()
        assert position is not None and position.block == HEADER


async def test_the_file_is_checked_when_the_terminal_gets_focus_back(
    isolated_user: Path, copy_of_seed: Path
) -> None:
    app = make_app(isolated_user, copy_of_seed.parent)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = reader(app)
        app.app_focus = False
        await pilot.pause()
        copy_of_seed.unlink()
        assert screen.status.text == ""
        app.app_focus = True
        await pilot.pause()
        assert screen.status.text.startswith("article.txt was deleted or moved")


async def test_a_restart_after_the_file_changed_reopens_it_where_the_reader_was(
    isolated_user: Path, copy_of_seed: Path
) -> None:
    app = make_app(isolated_user, copy_of_seed.parent)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("space", "space", "q")
        kept = view.position()
    assert kept is not None and kept.block > 0
    with copy_of_seed.open("a") as handle:
        handle.write("\nA paragraph added at the end.\n")
    again = make_app(isolated_user, copy_of_seed.parent)
    async with again.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None and view.article.blocks[-1].text.startswith("A paragraph")
        position = view.position()
        assert position is not None and position.block == kept.block
