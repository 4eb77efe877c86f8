"""The bookmarks list (BookmarkList in BookmarksScreen) driven by keys and clicks: the highlight
moves and stays in view, enter and a click choose, and 5,000 bookmarks open with the last one in
reach. The screen runs over a bare app, so what it is dismissed with is recorded as is."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from readtui.paths import state_db_path
from readtui.screens.bookmarks import SORT_SETTING, BookmarksScreen
from readtui.store import Bookmark, Store
from readtui.widgets.bookmark_list import BookmarkList

SIZE = (100, 30)
NOON = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc).timestamp()


def spots(count: int) -> list[Bookmark]:
    """`count` bookmarks over 50 articles, `spot n` made n seconds after noon, a third with a
    note: newest first, as the store gives them."""
    made = (
        Bookmark(n + 1, f"fp-{n % 50}", n, 0, f"spot {n}", NOON + n, f"Article {n % 50}", "")
        for n in range(count)
    )
    return [b if b.block % 3 else replace(b, note="a note") for b in made][::-1]


class Host(App[None]):
    """The bookmarks screen over an empty app; `results` holds what it was dismissed with."""

    def __init__(self, bookmarks: list[Bookmark], store: Store) -> None:
        super().__init__()
        self.bookmarks = bookmarks
        self.store = store
        self.results: list[Bookmark | None] = []

    def on_mount(self) -> None:
        self.push_screen(BookmarksScreen(self.bookmarks, self.store), self.results.append)


@asynccontextmanager
async def opened(
    data: Path,
    bookmarks: list[Bookmark],
    size: tuple[int, int] = SIZE,
    keymap: dict[str, str] | None = None,
) -> AsyncIterator[tuple[Host, Pilot[None]]]:
    """The bookmarks screen open over `bookmarks`, with the store's settings (the order)."""
    with Store(state_db_path(data)) as store:
        app = Host(bookmarks, store)
        app.set_keymap(keymap or {})
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            yield app, pilot


def screen_of(pilot: Pilot[None]) -> BookmarksScreen:
    screen = pilot.app.screen
    assert isinstance(screen, BookmarksScreen)
    return screen


def drawn(pilot: Pilot[None]) -> list[str]:
    """The list's lines as drawn now, stripped."""
    listed = screen_of(pilot).listed
    lines = (listed.render_line(y) for y in range(listed.size.height))
    return ["".join(segment.text for segment in line).strip() for line in lines]


def chosen_snippet(pilot: Pilot[None]) -> str:
    chosen = screen_of(pilot).chosen
    assert chosen is not None
    return chosen.snippet


def in_view(pilot: Pilot[None]) -> bool:
    """Whether the highlighted bookmark's snippet is on a line drawn now."""
    return chosen_snippet(pilot) in drawn(pilot)


async def test_keys_move_the_highlight_and_stop_at_the_ends(isolated_user: Path) -> None:
    async with opened(isolated_user, spots(10)) as (_app, pilot):
        assert chosen_snippet(pilot) == "spot 9"
        await pilot.press("down", "j")
        assert chosen_snippet(pilot) == "spot 7"
        await pilot.press("up", "k", "k", "up")
        assert chosen_snippet(pilot) == "spot 9"
        await pilot.press("end", "down", "j")
        assert chosen_snippet(pilot) == "spot 0"
        await pilot.press("home")
        assert chosen_snippet(pilot) == "spot 9"
        await pilot.press("pagedown")
        assert chosen_snippet(pilot) not in ("spot 9", "spot 8")
        await pilot.press("pageup")
        assert chosen_snippet(pilot) == "spot 9"


async def test_the_highlight_stays_in_view_and_is_drawn_as_the_cursor(
    isolated_user: Path,
) -> None:
    async with opened(isolated_user, spots(300)) as (_app, pilot):
        listed = screen_of(pilot).listed
        for keys in [["j"] * 12, ["pagedown"] * 5, ["end"], ["k"] * 7, ["pageup"], ["home"]]:
            await pilot.press(*keys)
            assert in_view(pilot), keys
        await pilot.press("end")
        assert listed.scroll_y >= listed.max_scroll_y - 1 > 0
        cursor = listed.get_visual_style("bookmark-list--cursor").rich_style.bgcolor
        row = drawn(pilot).index("spot 0")
        assert all(s.style and s.style.bgcolor == cursor for s in listed.render_line(row))
        assert not any(s.style and s.style.bgcolor == cursor for s in listed.render_line(0))


async def test_enter_chooses_the_highlighted_bookmark(isolated_user: Path) -> None:
    bookmarks = spots(10)
    async with opened(isolated_user, bookmarks) as (app, pilot):
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert app.results == [bookmarks[2]]
        assert not isinstance(app.screen, BookmarksScreen)


async def test_a_click_chooses_the_bookmark_but_not_a_heading(isolated_user: Path) -> None:
    bookmarks = spots(120)
    with Store(state_db_path(isolated_user)) as store:
        store.save_setting(SORT_SETTING, "title")
    async with opened(isolated_user, bookmarks) as (app, pilot):
        lines = drawn(pilot)
        assert lines[0] == "Article 0"
        await pilot.click(BookmarkList, offset=(3, 0))
        await pilot.pause()
        assert app.results == [] and isinstance(app.screen, BookmarksScreen)
        await pilot.click(BookmarkList, offset=(3, lines.index("spot 50")))
        await pilot.pause()
        assert app.results == [next(b for b in bookmarks if b.snippet == "spot 50")]


async def test_five_thousand_bookmarks_open_and_end_reaches_the_last(isolated_user: Path) -> None:
    bookmarks = spots(5_000)
    async with opened(isolated_user, bookmarks) as (app, pilot):
        box = screen_of(pilot).query_one("Vertical")
        assert box.border_subtitle == "5000 bookmarks \u00b7 by date added"
        assert drawn(pilot)[1] == "spot 4999"
        await pilot.press("end")
        assert chosen_snippet(pilot) == "spot 0" and in_view(pilot)
        await pilot.press("s")  # by title: the same bookmark stays highlighted, in view
        assert chosen_snippet(pilot) == "spot 0" and in_view(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [bookmarks[-1]]


async def test_delete_at_the_end_highlights_the_new_last_in_view(isolated_user: Path) -> None:
    with Store(state_db_path(isolated_user)) as store:
        saved = [store.restore_bookmark(bookmark) for bookmark in spots(60)[::-1]][::-1]
    async with opened(isolated_user, saved) as (app, pilot):
        await pilot.press("end", "d")
        assert chosen_snippet(pilot) == "spot 1" and in_view(pilot)
        await pilot.press("u")
        assert chosen_snippet(pilot) == "spot 0" and in_view(pilot)
        assert len(app.store.bookmarks()) == 60


@pytest.mark.parametrize("size", [(24, 8), (12, 4)])
async def test_a_narrow_terminal_wraps_within_the_width(
    isolated_user: Path, size: tuple[int, int]
) -> None:
    bookmarks = spots(40)
    async with opened(isolated_user, bookmarks, size) as (app, pilot):
        listed = screen_of(pilot).listed
        await pilot.press("end", "k")
        assert chosen_snippet(pilot) == "spot 1"
        width = listed.scrollable_content_region.width
        lines = [listed.render_line(y) for y in range(listed.size.height)]
        assert all(line.cell_length == width for line in lines)
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [bookmarks[-2]]


async def test_an_empty_list_says_so_and_enter_does_nothing(isolated_user: Path) -> None:
    async with opened(isolated_user, []) as (app, pilot):
        screen = screen_of(pilot)
        assert screen.query_one("#empty").display
        await pilot.press("enter", "end", "d", "e")
        assert app.screen is screen and app.results == []
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_a_key_from_the_keymap_moves_the_whole_action(isolated_user: Path) -> None:
    bookmarks = spots(10)
    keymap = {"bookmarks.down": "x", "bookmarks.jump": "o"}
    async with opened(isolated_user, bookmarks, keymap=keymap) as (app, pilot):
        await pilot.press("j", "down")
        assert chosen_snippet(pilot) == "spot 9"
        await pilot.press("x", "enter")
        assert chosen_snippet(pilot) == "spot 8" and app.results == []
        await pilot.press("o")
        await pilot.pause()
        assert app.results == [bookmarks[1]]
