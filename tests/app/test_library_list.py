"""The library list driven by keys through Pilot: S sorts, v changes the view, m marks read and
unread, rows say the minutes left; the choices and marks are checked on screen and on disk."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from test_reader import make_app, ready, settle, sidebar_rows, until

from readtui.app import ReadtuiApp
from readtui.catalog import Order, View
from readtui.paths import state_db_path
from readtui.screens.help import HelpScreen
from readtui.widgets.article_list import ArticleList
from readtui.widgets.library_heading import LibraryHeading

SIZE = (120, 34)
WORDS = 230 * 12
"""Twelve minutes of reading at 230 words a minute."""
ARTICLES = {  # file: (title, date, words); path order a..e, titles and dates in other orders
    "a.md": ("Ferry strike ends", "2024-03-05", WORDS),
    "b.md": ("Budget vote delayed", "2024-03-09", 460),
    "c.md": ("Apple harvest", "2024-03-01", 690),
    "d.md": ("Dam repairs begin", "2024-03-07", 920),
    "e.md": ("Canal reopens", "2024-03-03", 1150),
}
PATH_ORDER = [title for title, _, _ in ARTICLES.values()]
TITLE_ORDER = sorted(PATH_ORDER)
DATE_ORDER = [t for t, _, _ in sorted(ARTICLES.values(), key=lambda a: a[1], reverse=True)]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    for name, (title, date, words) in ARTICLES.items():
        body = "\n\n".join(
            " ".join(f"word{n}" for n in range(start, min(start + 60, words)))
            for start in range(0, words, 60)
        )
        front = f"---\ntitle: {title}\ndate: {date}\nsource: example.org\n---\n\n"
        (folder / name).write_text(front + body + "\n")
    return folder


def shown_titles(app: ReadtuiApp) -> list[str]:
    return [row.splitlines()[0] for row in sidebar_rows(app)]


def details(app: ReadtuiApp, title: str) -> str:
    return next(row.splitlines()[1] for row in sidebar_rows(app) if row.startswith(title))


def heading(app: ReadtuiApp) -> LibraryHeading:
    return app.screen.query_one(LibraryHeading)


def on_disk(data: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(state_db_path(data))) as conn:
        return conn.execute(sql, params).fetchall()


def read_mark(data: Path, title: str) -> int | None:
    rows = on_disk(data, "SELECT read FROM articles WHERE title = ?", title)
    return None if not rows else int(rows[0][0])  # type: ignore[call-overload]


async def highlight(pilot: object, app: ReadtuiApp, title: str) -> None:
    """Focus the sidebar and move its cursor to the row of this title."""
    sidebar = app.screen.query_one(ArticleList)
    sidebar.focus()
    sidebar.highlighted = shown_titles(app).index(title)
    await settle(pilot)  # type: ignore[arg-type]


async def test_s_cycles_the_order_on_screen_and_says_which(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert shown_titles(app) == PATH_ORDER and not heading(app).display
        await pilot.press("S")
        await settle(pilot)
        assert shown_titles(app) == TITLE_ORDER
        assert heading(app).display and heading(app).text == "By title"
        await pilot.press("S")
        await settle(pilot)
        assert shown_titles(app) == DATE_ORDER and heading(app).text == "Newest first"
        await pilot.press("S", "S", "S")  # progress, recently read, and back to files
        await settle(pilot)
        assert shown_titles(app) == PATH_ORDER and not heading(app).display
        await pilot.press("S", "S")
        await settle(pilot)
    assert on_disk(isolated_user, "SELECT value FROM meta WHERE key = 'library.sort'") == [
        ("date",)
    ]


async def test_m_marks_the_highlighted_article_read_and_unread_on_disk(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await highlight(pilot, app, "Apple harvest")
        assert details(app, "Apple harvest") == "\u25cf example.org \u00b7 3 min"
        await pilot.press("m")
        await settle(pilot)
        assert read_mark(isolated_user, "Apple harvest") == 1
        assert details(app, "Apple harvest") == "example.org \u00b7 read"
        assert "Marked read: Apple harvest" in [str(n.message) for n in app._notifications]
        await pilot.press("m")
        await settle(pilot)
        assert read_mark(isolated_user, "Apple harvest") == 0
        assert details(app, "Apple harvest") == "\u25cf example.org \u00b7 3 min"


async def test_rows_show_the_minutes_left_of_the_open_article(
    isolated_user: Path, library: Path
) -> None:
    """Twelve minutes long; once opened, the row counts down what is left."""
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None and view.article.title == "Ferry strike ends"
        screen = app.screen
        screen.flush_position()  # type: ignore[attr-defined]
        await settle(pilot)
        [(percent,)] = on_disk(
            isolated_user, "SELECT percent FROM articles WHERE title = 'Ferry strike ends'"
        )
        assert isinstance(percent, float) and 0 < percent < 50
        left = round(12 * (100 - percent) / 100)
        assert details(app, "Ferry strike ends").endswith(f"{left} min left \u00b7 {percent:.0f}%")
        assert details(app, "Budget vote delayed").endswith(" 2 min")
        await pilot.press("end")
        screen.save_view_position()  # type: ignore[attr-defined]
        await settle(pilot)
        assert details(app, "Ferry strike ends") == "example.org \u00b7 read"
        assert read_mark(isolated_user, "Ferry strike ends") == 1


async def test_v_cycles_the_views_as_the_reader_reads(isolated_user: Path, library: Path) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        screen = app.screen
        screen.flush_position()  # type: ignore[attr-defined]  # "Ferry strike ends" in progress
        await pilot.press("b")  # and bookmarked
        await highlight(pilot, app, "Apple harvest")
        await pilot.press("m")  # read
        await settle(pilot)
        view.focus()
        await pilot.press("v")
        await settle(pilot)
        assert heading(app).text == "Unread"
        assert shown_titles(app) == [t for t in PATH_ORDER if t != "Apple harvest"]
        await pilot.press("v")
        await settle(pilot)
        assert heading(app).text == "In progress" and shown_titles(app) == ["Ferry strike ends"]
        await pilot.press("v")
        await settle(pilot)
        assert heading(app).text == "Bookmarked" and shown_titles(app) == ["Ferry strike ends"]
        await pilot.press("m")  # the open article, read: it stays bookmarked
        await settle(pilot)
        assert shown_titles(app) == ["Ferry strike ends"]
        await pilot.press("v", "v", "v")  # all, unread, in progress: read now, so not there
        await settle(pilot)
        sidebar = screen.query_one(ArticleList)
        assert heading(app).text == "In progress" and sidebar.row_count == 0
        assert "Nothing in progress" in "".join(s.text for s in sidebar.render_line(0))


async def test_the_order_and_view_are_remembered_after_a_restart(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await highlight(pilot, app, "Budget vote delayed")
        await pilot.press("m", "S", "S", "v")  # read; newest first; unread
        await settle(pilot)
    again = make_app(isolated_user, library)
    async with again.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        catalog = again.screen.catalog  # type: ignore[attr-defined]
        assert (catalog.order, catalog.view) == (Order.DATE, View.UNREAD)
        assert heading(again).text == "Newest first \u00b7 Unread"
        assert shown_titles(again) == [t for t in DATE_ORDER if t != "Budget vote delayed"]
        assert view.article is not None


async def test_an_open_article_marked_unread_at_its_end_stays_unread_and_reopens_at_the_top(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("end")
        app.screen.save_view_position()  # type: ignore[attr-defined]
        await settle(pilot)
        assert read_mark(isolated_user, "Ferry strike ends") == 1
        await pilot.press("m")
        await settle(pilot)
        assert read_mark(isolated_user, "Ferry strike ends") == 0
        assert details(app, "Ferry strike ends") == "\u25cf example.org \u00b7 12 min"
        await pilot.press("n")  # leaving it where it is does not mark it read again
        await settle(pilot)
        assert read_mark(isolated_user, "Ferry strike ends") == 0
        await pilot.press("p")
        await settle(pilot)
        await until(pilot, lambda: view.article is not None, "the article came back")
        assert view.article is not None and view.article.title == "Ferry strike ends"
        assert view.scroll_y == 0


async def test_the_progress_order_moves_an_article_as_it_is_read(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.screen.flush_position()  # type: ignore[attr-defined]
        await pilot.press("S", "S", "S")  # by progress
        await settle(pilot)
        assert heading(app).text == "By progress"
        assert shown_titles(app)[0] == "Ferry strike ends"  # the one in progress first
        await highlight(pilot, app, "Ferry strike ends")
        await pilot.press("m")  # read: it goes to the end
        await settle(pilot)
        assert shown_titles(app)[-1] == "Ferry strike ends"
        assert app.screen.query_one(ArticleList).highlighted_path == str(library / "a.md")


async def test_the_keys_are_in_the_help_with_their_ids(isolated_user: Path, library: Path) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        ids = {active.binding.id for active in app.screen.active_bindings.values()}
        assert {"reader.sort", "reader.view", "reader.mark_read"} <= ids
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(static.render()) for static in app.screen.query("Static"))
        for description in ("Sort library", "Library view", "Read/unread"):
            assert description in text


async def test_a_narrow_terminal_says_the_new_order(isolated_user: Path, library: Path) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=(40, 20)) as pilot:
        await ready(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert "Library: By title" in [str(n.message) for n in app._notifications]
