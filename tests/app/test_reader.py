"""The reader driven by keys through Pilot; assertions on the screen, clipboard and disk."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from readtui.app import ReadtuiApp
from readtui.layout import HEADER
from readtui.paths import state_db_path
from readtui.screens.bookmarks import BookmarksScreen
from readtui.screens.help import HelpScreen
from readtui.store import Store
from readtui.widgets.article_list import ArticleList
from readtui.widgets.article_view import ArticleView

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "articles"
SEED = ARTICLES / "russian-recruiter-shot-cbc.txt"
SIZE = (100, 30)


def make_app(data: Path, *paths: Path) -> ReadtuiApp:
    return ReadtuiApp(list(paths) or [ARTICLES], Store(state_db_path(data)))


async def ready(pilot: Pilot[None]) -> ArticleView:
    """Wait until the library is loaded and the first article is shown."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.screen.query_one(ArticleView)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until(
    pilot: Pilot[None], condition: Callable[[], bool], what: str, wait: float = 90.0
) -> None:
    """Let the app run until `condition` holds (bounded: a hang fails, a slow machine does not)."""
    deadline = time.monotonic() + wait
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        await pilot.pause()


def notifications(app: ReadtuiApp) -> list[str]:
    """Notification texts still held by the app, oldest first, as the toasts show them."""
    return [str(notification.message) for notification in app._notifications]


def titles(app: ReadtuiApp) -> list[str]:
    """The library's titles in the sidebar's order, as the index holds them."""
    catalog = app.screen.catalog  # type: ignore[attr-defined]
    rows = (catalog.row(rank) for rank in range(catalog.count()))
    return [row.entry.title for row in rows if row is not None]


def sidebar_rows(app: ReadtuiApp) -> list[str]:
    """Each row the sidebar draws now, its two lines joined by a newline."""
    sidebar = app.screen.query_one(ArticleList)
    lines = ["".join(s.text for s in sidebar.render_line(y)) for y in range(sidebar.size.height)]
    pairs = zip(lines[0::2], lines[1::2], strict=False)
    return [f"{first.strip()}\n{second.strip()}" for first, second in pairs if first.strip()]


def view_text(view: ArticleView) -> str:
    return "\n".join("".join(run.text for run in line.runs) for line in view.lines_on_screen())


async def test_opens_first_article_with_focus_in_the_view(isolated_user: Path) -> None:
    app = make_app(isolated_user)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None
        assert view.article.title == "Welcome to readtui"
        assert app.focused is view
        assert "Welcome to readtui" in view_text(view)


async def test_enter_in_sidebar_opens_article_and_focuses_view(isolated_user: Path) -> None:
    app = make_app(isolated_user)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert app.focused is view
        assert view.article is not None
        assert view.article.title == titles(app)[2]


@pytest.mark.parametrize("from_sidebar", [False, True])
async def test_n_and_p_move_between_articles(isolated_user: Path, from_sidebar: bool) -> None:
    app = make_app(isolated_user)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        listed = titles(app)
        if from_sidebar:
            await pilot.press("tab")
        await pilot.press("n")
        await settle(pilot)
        assert view.article is not None and view.article.title == listed[1]
        await pilot.press("p", "p")
        await settle(pilot)
        assert view.article is not None and view.article.title == listed[-1]


async def test_next_quote_then_y_copies_the_quote(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket", "y")
        await settle(pilot)
        assert app.clipboard == "\u201cno one will go to fight\u201d"
        await pilot.press("right_square_bracket", "y")
        await settle(pilot)
        assert app.clipboard == "\u201cwe will all go home now\u201d"


async def test_quote_navigation_scrolls_the_quote_into_view(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("left_square_bracket")
        assert view.article is not None and view.focused_quote == len(view.article.quotes) - 1
        assert any(
            run.quote == view.focused_quote for line in view.lines_on_screen() for run in line.runs
        )


async def test_shift_y_copies_the_quote_with_its_source(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket", "Y")
        await settle(pilot)
        quote, source = app.clipboard.split("\n")
        assert quote == "\u201cno one will go to fight\u201d \u2014 Ruslan Zinin, resident"
        assert source == (
            "\u201cRussian military recruiter shot in enlistment office as protests continue "
            "over call-up\u201d"
        )


def quote_index(view: ArticleView, opening: str) -> int:
    """The index of the shown article's quote that starts with `opening`."""
    assert view.article is not None
    return next(n for n, q in enumerate(view.article.quotes) if q.text.startswith(opening))


async def test_shift_y_gives_speaker_and_role(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        view.focused_quote = quote_index(view, "If Russia")
        await pilot.press("Y")
        await settle(pilot)
        first = app.clipboard.split("\n")[0]
        assert first.startswith("\u201cIf Russia crosses this line")
        assert first.endswith(
            "respond decisively\u201d \u2014 Jake Sullivan, U.S. national security adviser"
        )


async def test_y_without_focus_copies_first_quote_at_or_below_the_top(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None
        sullivan = view.article.quotes[quote_index(view, "If Russia")]
        view.scroll_to(y=view._layout.line_of(sullivan.block, 0), animate=False, immediate=True)  # type: ignore[union-attr]
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard.startswith("\u201cIf Russia crosses this line")
        assert app.clipboard.endswith("respond decisively\u201d")


def bookmarks_on_disk(data: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(state_db_path(data)) as db:
        return list(db.execute("SELECT snippet, block FROM bookmarks"))


async def test_b_toggles_a_bookmark_in_the_store_on_disk(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("space")
        position = view.position()
        assert position is not None
        await pilot.press("b")
        rows = bookmarks_on_disk(isolated_user)
        assert [block for _snippet, block in rows] == [position.block]
        assert rows[0][0] and rows[0][0].split()[0] in view_text(view)
        await pilot.press("b")
        assert bookmarks_on_disk(isolated_user) == []


async def test_bookmark_made_just_before_opening_the_list_is_in_it(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("space", "b", "B")
        assert isinstance(app.screen, BookmarksScreen)
        assert len(app.screen.listed.entries) == 1


async def test_bookmarks_list_jumps_and_deletes(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("space", "space", "b")
        marked = view.position()
        await pilot.press("g")
        assert view.position() is not None and view.position().block == HEADER  # type: ignore[union-attr]
        await pilot.press("B")
        assert isinstance(app.screen, BookmarksScreen)
        assert len(app.screen.listed.entries) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert marked is not None and view.position() is not None
        assert view.position().block == marked.block  # type: ignore[union-attr]
        await pilot.press("B", "d")
        assert bookmarks_on_disk(isolated_user) == []
        await pilot.press("escape")
        assert not isinstance(app.screen, BookmarksScreen)


@pytest.mark.parametrize("second_size", [(100, 30), (60, 20), (160, 45)])
async def test_restart_restores_article_and_paragraph(
    isolated_user: Path, second_size: tuple[int, int]
) -> None:
    app = make_app(isolated_user)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("n", "n", "space", "space", "j", "j")
        saved = view.position()
        title = view.article.title if view.article else ""
        await pilot.press("q")
    assert saved is not None and saved.block >= 0
    again = make_app(isolated_user)
    async with again.run_test(size=second_size) as pilot:
        view = await ready(pilot)
        assert view.article is not None and view.article.title == title
        restored = view.position()
        assert restored is not None and restored.block == saved.block
        top = view.lines_on_screen()[0]
        assert top.block == saved.block and top.offset <= saved.offset


def saved_position(data: Path, fingerprint: str) -> tuple[int, int] | None:
    if not state_db_path(data).exists():
        return None
    with sqlite3.connect(state_db_path(data)) as db:
        row = db.execute(
            "SELECT block, char_offset FROM articles WHERE fingerprint = ?", (fingerprint,)
        ).fetchone()
    return None if row is None else (row[0], row[1])


async def test_position_is_saved_after_scrolling_stops(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None
        fingerprint = view.article.meta.fingerprint
        await pilot.press("space", "space")
        position = view.position()
        assert position is not None
        expected = (position.block, position.offset)
        deadline = time.monotonic() + 30
        while saved_position(isolated_user, fingerprint) != expected:
            assert time.monotonic() < deadline, "the position was never saved"
            await pilot.pause()


async def test_a_damaged_store_is_set_aside_and_said_once(isolated_user: Path) -> None:
    isolated_user.mkdir(parents=True)
    state_db_path(isolated_user).write_bytes(b"this is not a database" * 100)
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        messages = notifications(app)
        assert sum("damaged" in m for m in messages) == 1
        await pilot.press("b")
        assert len(bookmarks_on_disk(isolated_user)) == 1
        assert view.article is not None
    assert list(isolated_user.glob("state.db.corrupt-*"))


async def test_sidebar_shows_progress_and_unread_marks(isolated_user: Path) -> None:
    app = make_app(isolated_user)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        first, second = sidebar_rows(app)[:2]
        assert "●" not in first and "●" in second and "min left" in first
        await pilot.press("G")
        await pilot.pause()
        app.screen.flush_position()  # type: ignore[attr-defined]
        await pilot.pause()
        assert view.article is not None
        first = sidebar_rows(app)[0]
        assert first.splitlines()[0] == view.article.title
        assert first.endswith("read") and "%" not in first


async def test_help_screen_is_built_from_the_live_bindings(isolated_user: Path) -> None:
    app = make_app(isolated_user)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(static.render()) for static in app.screen.query("Static"))
        for description in ("Next quote", "Copy quote", "Next article", "Bookmarks", "Quit"):
            assert description in text
        assert "set -g set-clipboard on" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
