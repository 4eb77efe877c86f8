"""What a reader sees when the state store fails: said once, a lasting status line, reading goes on.

The faults are real files: a damaged state.db, a data folder that cannot exist, a file from a
newer readtui, and state.db deleted under the running app.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from test_reader import SEED, SIZE, bookmarks_on_disk, make_app, ready, settle
from textual.pilot import Pilot

from readtui.app import ReadtuiApp
from readtui.paths import state_db_path
from readtui.screens.bookmarks import BookmarksScreen
from readtui.store import Store
from readtui.widgets.status_bar import StatusBar


def recorded(app: ReadtuiApp) -> list[str]:
    """Every notification the app is asked to show, kept after it has faded from the screen."""
    said: list[str] = []
    show: Callable[..., None] = app.notify

    def notify(message: str, **options: object) -> None:
        said.append(message)
        show(message, **options)

    app.notify = notify  # type: ignore[method-assign]
    return said


def status_line(app: ReadtuiApp) -> str:
    """The status bar's text if it is on screen, else ""."""
    status = app.screen.query_one(StatusBar)
    shown = status.display and status.region.height > 0
    return status.text if shown else ""


async def after_notifications_fade(pilot: Pilot[None]) -> None:
    pilot.app.clear_notifications()
    await pilot.pause()


async def test_a_damaged_store_is_said_once_however_many_saves_follow(isolated_user: Path) -> None:
    path = state_db_path(isolated_user)
    with Store(path) as store:
        for i in range(300):
            store.add_bookmark(f"fp{i}", i, 0, "an older bookmark " * 10)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a real database cut in half

    app = make_app(isolated_user)
    said = recorded(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for _ in range(6):
            await pilot.press("space", "b", "n", "b", "p")
            await settle(pilot)
        session = sorted((b.snippet, b.block) for b in app.store.bookmarks())
        await pilot.press("q")
    assert sum("damaged" in message for message in said) == 1
    assert session and sorted(bookmarks_on_disk(isolated_user)) == session
    assert len(list(isolated_user.glob("state.db.corrupt-*[0-9]"))) == 1


async def test_an_unusable_data_folder_shows_a_lasting_not_saving_line_and_reading_goes_on(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    app = make_app(blocker / "readtui", SEED)  # mkdir fails with ENOTDIR, even for root
    said = recorded(app)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        lasting = "Not saving: a file is in the way of the data folder."
        assert status_line(app).startswith(lasting)
        await after_notifications_fade(pilot)
        assert status_line(app).startswith(lasting)

        start = view.position()
        await pilot.press("space", "space")
        scrolled = view.position()
        assert start is not None and scrolled is not None and scrolled != start
        await pilot.press("b")
        assert said[-1].startswith("Bookmark added")
        await pilot.press("B")
        assert isinstance(app.screen, BookmarksScreen)
        assert len(app.screen.listed.entries) == 1
        await pilot.press("escape")
        await pilot.press("n")  # the only article again: its position is saved first
        await settle(pilot)
        assert view.article is not None
        assert app.store.position(view.article.meta.fingerprint) == scrolled
        assert view.position() == scrolled

        await after_notifications_fade(pilot)
        assert status_line(app).startswith(lasting)
    assert sum("cannot be saved" in message for message in said) == 1
    assert blocker.read_text() == "a file where a folder should be"


async def test_a_store_from_a_newer_readtui_is_read_only_and_says_so(isolated_user: Path) -> None:
    path = state_db_path(isolated_user)
    with Store(path) as store:
        store.mark_read("some article")
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 99")
    before = path.read_bytes()

    app = make_app(isolated_user, SEED)
    said = recorded(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        lasting = "Read-only: the reading-state file is from a newer readtui (format 99"
        assert status_line(app).startswith(lasting)
        await pilot.press("space", "b", "n", "space")
        await settle(pilot)
        await after_notifications_fade(pilot)
        assert status_line(app).startswith(lasting)
        await pilot.press("q")
    assert sum("newer readtui" in message for message in said) == 1
    assert "Bookmark not kept: the reading-state file is read-only." in said
    assert not any(message.startswith("Bookmark added") for message in said)
    assert path.read_bytes() == before


async def test_a_store_deleted_under_the_running_app_is_said_and_the_session_kept(
    isolated_user: Path,
) -> None:
    app = make_app(isolated_user, SEED)
    said = recorded(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("b")
        assert len(bookmarks_on_disk(isolated_user)) == 1
        for file in isolated_user.glob("state.db*"):
            file.unlink()

        await pilot.press("space", "space", "b")
        await settle(pilot)
        assert status_line(app).startswith(
            "Not saving: the file was deleted while readtui was running."
        )
        await pilot.press("B")
        assert isinstance(app.screen, BookmarksScreen)
        assert len(app.screen.listed.entries) == 2
        await pilot.press("escape", "q")
    assert sum("deleted" in message for message in said) == 1
    assert not state_db_path(isolated_user).exists()
