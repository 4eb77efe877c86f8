"""Odd terminal sizes and storms of resizes, through Pilot: the reader never crashes and the
paragraph at the top of the view stays the one the reader was on."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from test_reader import SEED, SIZE, make_app, ready, saved_position, settle
from textual.drivers.headless_driver import HeadlessDriver
from textual.events import Resize
from textual.geometry import Size
from textual.pilot import Pilot

from readtui.app import ReadtuiApp
from readtui.layout import HEADER
from readtui.screens.bookmarks import BookmarksScreen
from readtui.screens.help import HelpScreen
from readtui.widgets.article_list import ArticleList
from readtui.widgets.article_view import ArticleView

ODD_SIZES = [(1, 1), (20, 5), (300, 100)]
SIZE_IDS = [f"{w}x{h}" for w, h in ODD_SIZES]
STORM = 200


def top_block(view: ArticleView) -> int | None:
    """The article block whose text is on the view's first row."""
    lines = view.lines_on_screen()
    return lines[0].block if lines else None


async def into_the_body(pilot: Pilot[None], near_end: bool = False) -> tuple[ArticleView, int]:
    """Open the seed, scroll well into it and return the block on top (a body paragraph).
    Near the end, a taller terminal cannot put that paragraph on top (the article ends first)."""
    view = await ready(pilot)
    keys = ["G", *["k"] * 12] if near_end else ["space", "space", "j", "j"]
    await pilot.press(*keys)
    await settle(pilot)
    block = top_block(view)
    assert block is not None and block > 0
    position = view.position()
    assert position is not None and position.block == block
    return view, block


async def every_key(pilot: Pilot[None], app: ReadtuiApp) -> None:
    """Each kind of key the reader has: scrolling, quotes, copy, articles, panes, screens."""
    await pilot.press("j", "k", "space", "pageup", "G", "g")
    await pilot.press("right_square_bracket", "left_square_bracket", "y", "Y")
    await pilot.press("n", "p", "tab", "tab", "b", "b")
    await pilot.press("question_mark")
    assert isinstance(app.screen, HelpScreen)
    await pilot.press("escape", "B")
    assert isinstance(app.screen, BookmarksScreen)
    await pilot.press("escape")
    await settle(pilot)


@pytest.mark.parametrize("size", ODD_SIZES, ids=SIZE_IDS)
async def test_starting_in_an_odd_size_terminal_works_and_every_key_is_safe(
    isolated_user: Path, size: tuple[int, int]
) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=size) as pilot:
        view = await ready(pilot)
        assert view.article is not None
        await every_key(pilot, app)
        assert app.is_running
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert view.article is not None and view.lines_on_screen()
        await pilot.press("q")
    assert app.return_code == 0


@pytest.mark.parametrize("size", ODD_SIZES, ids=SIZE_IDS)
async def test_the_paragraph_on_top_survives_a_visit_to_an_odd_size(
    isolated_user: Path, size: tuple[int, int]
) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view, block = await into_the_body(pilot)
        await pilot.resize_terminal(*size)
        await settle(pilot)
        if view.lines_on_screen():
            assert top_block(view) == block
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert top_block(view) == block
        assert view.position() is not None and view.position().block == block  # type: ignore[union-attr]


def storm_sizes() -> list[tuple[int, int]]:
    """200 sizes that jump between the extremes and ordinary terminals, wide and narrow."""
    widths = [1, 20, 300, 80, 41, 137, 2, 100, 64, 250]
    heights = [1, 5, 100, 24, 7, 50, 2, 30, 13]
    cycle = zip(itertools.cycle(widths), itertools.cycle(heights), strict=False)
    return list(itertools.islice(cycle, STORM))


async def test_a_storm_of_200_resizes_keeps_the_reader_alive_and_on_its_paragraph(
    isolated_user: Path,
) -> None:
    """Each resize is drawn before the next; the paragraph starts near the end, so the tall
    sizes cannot show it on top and must hold on to it."""
    sizes = storm_sizes()
    assert len(sizes) == STORM and {(1, 1), (20, 5), (300, 100)} <= set(sizes)
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view, block = await into_the_body(pilot, near_end=True)
        for width, height in sizes:
            await pilot.resize_terminal(width, height)
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert app.is_running
        assert top_block(view) == block
        position = view.position()
        assert position is not None and position.block == block
        await pilot.press("j")
        assert view.position() is not None and view.position() != position
        await pilot.press("q")
    assert app.return_code == 0


@pytest.mark.parametrize("near_end", [False, True], ids=["mid-article", "near-the-end"])
async def test_a_storm_without_pauses_between_resizes(isolated_user: Path, near_end: bool) -> None:
    """Resize events queued back to back, as a window manager's drag delivers them (what
    `pilot.resize_terminal` does, without its pause after each)."""
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view, block = await into_the_body(pilot, near_end)
        driver = app._driver
        assert isinstance(driver, HeadlessDriver)
        for width, height in storm_sizes():
            driver._size = Size(width, height)
            app.post_message(Resize(Size(width, height), Size(width, height)))
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert app.is_running
        assert top_block(view) == block


async def test_the_header_stays_on_top_when_the_article_was_not_scrolled(
    isolated_user: Path,
) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        for size in [*ODD_SIZES, SIZE]:
            await pilot.resize_terminal(*size)
        await settle(pilot)
        position = view.position()
        assert position is not None and position.block == HEADER


@pytest.mark.parametrize("taller", [(300, 100), (100, 100)], ids=["wider", "same-width"])
async def test_near_the_end_a_taller_terminal_does_not_lose_the_paragraph(
    isolated_user: Path, taller: tuple[int, int]
) -> None:
    """A taller view cannot put the paragraph on top (the article ends first): it must still
    be the reading position (and the one saved), and be on top again once the terminal is
    back to its size. Scrolling up from there is a new position."""
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None
        fingerprint = view.article.meta.fingerprint
        await pilot.press("G", *["k"] * 12)
        await settle(pilot)
        block = top_block(view)
        assert block is not None and block > 0
        await pilot.resize_terminal(*taller)
        await settle(pilot)
        assert top_block(view) != block  # clamped: the view shows the article's last page
        position = view.position()
        assert position is not None and position.block == block
        app.screen.save_view_position()  # type: ignore[attr-defined]
        assert saved_position(isolated_user, fingerprint)[0] == block  # type: ignore[index]
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert top_block(view) == block
        await pilot.resize_terminal(*taller)
        await settle(pilot)
        await pilot.press("k")
        moved = view.position()
        assert moved is not None and moved.block < block
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert top_block(view) == moved.block


async def test_a_narrow_terminal_hides_the_sidebar_and_gives_the_article_the_width(
    isolated_user: Path,
) -> None:
    app = make_app(isolated_user, SEED.parent)
    async with app.run_test(size=(44, 20)) as pilot:
        view = await ready(pilot)
        sidebar = app.screen.query_one(ArticleList)
        library = app.screen.query_one("#library")  # the sidebar and its filter bar
        assert not library.display
        assert view.outer_size.width == 44
        first = view.article
        await pilot.press("n")  # articles are still a key away
        await settle(pilot)
        assert view.article is not None and view.article is not first

        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert library.display and sidebar.size.width > 0
        assert view.size.width < 100

        await pilot.press("tab")  # into the sidebar, then the terminal narrows again
        await settle(pilot)
        assert app.focused is sidebar
        await pilot.resize_terminal(44, 20)
        await settle(pilot)
        assert not library.display and app.focused is view


async def test_in_a_narrow_terminal_the_filter_shows_the_list_and_enter_opens_the_match(
    isolated_user: Path,
) -> None:
    app = make_app(isolated_user, SEED.parent)
    async with app.run_test(size=(44, 20)) as pilot:
        view = await ready(pilot)
        library = app.screen.query_one("#library")
        assert not library.display
        await pilot.press("f", *"night train")
        await pilot.pause()
        assert library.display and not view.display  # the list takes the width while filtering
        await pilot.press("enter")
        await settle(pilot)
        assert not library.display and view.display and app.focused is view
        assert (
            view.article is not None and view.article.title == "The quiet return of the night train"
        )
