"""Searching the library (`s`) driven by keys through Pilot: what the answers show, where
`enter` lands, the keys that move through the answers, and text that is only ever words."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_reader import ARTICLES, make_app, notifications, ready, settle, until, view_text
from test_search_article import marked
from textual.pilot import Pilot

from readtui.screens.reader import ReaderScreen
from readtui.screens.search import LibrarySearchScreen
from readtui.widgets.article_list import ArticleList
from readtui.widgets.article_view import ArticleView
from readtui.widgets.search_bar import SearchBar
from readtui.widgets.search_results import ROW_HEIGHT, SearchResults

SIZE = (100, 30)


def write(path: Path, title: str, *paragraphs: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join((title, *paragraphs)) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Three short articles about ferries and a long one whose only mention of the word
    "zephyrine" is far down, past the first screens."""
    root = tmp_path / "library"
    write(root / "a.txt", "Ferry fares rise", "The ferry fares rise again in spring.")
    write(root / "b.txt", "Harbour news", "A new ferry timetable starts on Monday.")
    write(root / "c.txt", "Council meets", "The council spoke about the ferry for an hour.")
    filler = [f"Paragraph {n} of the long report says nothing new at all." for n in range(60)]
    filler[45] = "Here, at last, the zephyrine clause is read out to the room."
    write(root / "long.txt", "The long report", *filler)
    return root


async def open_search(pilot: Pilot[None], text: str = "") -> LibrarySearchScreen:
    """`s` from the reader, then `text` typed, once its answers are on screen."""
    await pilot.press("s")
    await until(pilot, lambda: isinstance(pilot.app.screen, LibrarySearchScreen), "search")
    screen = pilot.app.screen
    assert isinstance(screen, LibrarySearchScreen)
    await pilot.press(*["space" if char == " " else char for char in text])
    await answered(pilot, screen)
    return screen


async def answered(pilot: Pilot[None], screen: LibrarySearchScreen) -> None:
    await until(
        pilot,
        lambda: screen.shown == screen.generation and screen.complete,
        "the answers to what was typed",
    )
    await pilot.pause()


def rows(results: SearchResults) -> list[tuple[str, str]]:
    """(title line, snippet line) of each answer on screen, as drawn."""
    lines = [results.render_line(y) for y in range(results.size.height)]
    texts = ["".join(segment.text for segment in line).strip() for line in lines]
    return [
        (texts[y], texts[y + 1])
        for y in range(0, len(texts) - 1, ROW_HEIGHT)
        if texts[y] and y // ROW_HEIGHT < len(results.hits)
    ]


def marked_words(results: SearchResults, index: int) -> list[str]:
    """The words drawn in the mark style on the snippet line of answer `index`."""
    mark = results.get_visual_style("search-results--mark").rich_style
    line = results.render_line(index * ROW_HEIGHT + 1 - round(results.scroll_y))
    return [s.text for s in line if s.style is not None and s.style.bgcolor == mark.bgcolor]


async def test_typing_lists_the_articles_holding_the_words_with_them_marked(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await open_search(pilot, "ferry")
        shown = rows(screen.results)
        assert sorted(title for title, _ in shown) == [
            "Council meets",
            "Ferry fares rise",
            "Harbour news",
        ]
        snippets = dict(shown)
        assert snippets["Harbour news"] == "A new ferry timetable starts on Monday."
        for index in range(3):
            assert [word.lower() for word in marked_words(screen.results, index)] == ["ferry"]
        assert "3 articles" in str(screen.query_one("#library-search-count").render())

        await pilot.press("space", *"fares")
        await answered(pilot, screen)
        assert [title for title, _ in rows(screen.results)] == ["Ferry fares rise"]
        assert marked_words(screen.results, 0) == ["ferry", "fares"]


async def test_enter_opens_the_article_with_the_match_on_screen(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await open_search(pilot, "zephyrine")
        assert [title for title, _ in rows(screen.results)] == ["The long report"]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.title == "The long report"
        position = view.position()
        assert position is not None
        assert "zephyrine" in view.article.blocks[position.block].text
        assert position.block > 30  # far below the first screen: the view went there
        assert "zephyrine clause" in view_text(view)
        assert app.focused is view


async def test_up_and_down_move_through_the_answers_while_typing(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await open_search(pilot, "fer")
        results = screen.results
        assert len(results.hits) == 3 and results.highlighted == 0
        await pilot.press("down", "down", "down")
        assert results.highlighted == 2  # stops at the last
        await pilot.press("up")
        assert results.highlighted == 1
        chosen = results.hits[1]
        assert screen.input.value == "fer"  # the keys moved, they did not type
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.title == chosen.title


async def test_escape_closes_and_the_words_are_offered_again(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        before = view.article
        await open_search(pilot, "council")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        assert view.article is before
        screen = await open_search(pilot)
        assert screen.input.value == "council"
        assert [title for title, _ in rows(screen.results)] == ["Council meets"]


@pytest.mark.parametrize("pane", ["sidebar", "article"])
async def test_s_searches_from_either_pane(isolated_user: Path, library: Path, pane: str) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        if pane == "sidebar":
            await pilot.press("tab")
            assert isinstance(app.focused, ArticleList)
        else:
            assert app.focused is view
        screen = await open_search(pilot, "timetable")
        assert [title for title, _ in rows(screen.results)] == ["Harbour news"]


@pytest.mark.parametrize(
    "typed", ['"', 'ferry" OR "', "AND(", "NEAR(ferry", "*", "[b]ferry[/b]", "\u00e9\u00e9"]
)
async def test_text_typed_is_only_words_to_find(
    isolated_user: Path, library: Path, typed: str
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await open_search(pilot, typed)
        assert screen.input.value == typed
        assert rows(screen.results) == []  # no article holds "or", "and", "near", "b"...
        assert notifications(app) == []
        await pilot.press("ctrl+u", *"ferry")
        await answered(pilot, screen)
        assert len(rows(screen.results)) == 3


async def test_the_articles_on_screen_are_sanitized(isolated_user: Path, tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    write(root / "x.txt", "Evil \x1b[31mred[/] title", "The ferry \x1b]52;c;aGk=\x07 text.")
    app = make_app(isolated_user, root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await open_search(pilot, "ferry")
        [(title, snippet)] = rows(screen.results)
        assert not {"\x1b", "\x07"} & set(title + snippet)
        assert "red[/] title" in title and "ferry" in snippet


async def test_a_file_changed_while_reading_is_found_by_its_new_words(
    isolated_user: Path, library: Path
) -> None:
    """The reader re-indexes a file it opens that changed on disk: the search follows."""
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        path = write(library / "c.txt", "Council meets again", "The quokka report was read.")
        os.utime(path, ns=(10**18, 10**18))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.open_path(str(path))
        await settle(pilot)
        screen = await open_search(pilot, "quokka")
        assert [title for title, _ in rows(screen.results)] == ["Council meets again"]
        await pilot.press(*["backspace"] * 6, *"council")
        await answered(pilot, screen)
        assert [title for title, _ in rows(screen.results)] == ["Council meets again"]


async def test_the_sample_library_is_searchable(isolated_user: Path) -> None:
    app = make_app(isolated_user, ARTICLES)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await open_search(pilot, "ferry")
        assert screen.results.hits
        assert all("ferry" in snippet.lower() for _, snippet in rows(screen.results))


async def test_the_words_found_are_marked_in_the_article_opened_until_escape(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_search(pilot, "zephyrine clause")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.title == "The long report"
        found = view.matches
        assert found is not None
        article = view.article
        assert [
            article.blocks[b].text[s:e] for b, s, e in (found[i] for i in range(len(found)))
        ] == [
            "zephyrine",
            "clause",
        ]
        bar = app.screen.query_one(SearchBar)
        assert bar.is_open and bar.text == "zephyrine clause" and bar.count_text == "2 matches"
        assert app.focused is view  # reading goes on; the bar only says what is marked
        drawn = [text for _, text, _kind in marked(view)]
        assert drawn == ["zephyrine", "clause"]

        await pilot.press("full_stop")  # the next match: the first on screen
        await settle(pilot)
        assert view.current_match == 0 and bar.count_text == "1/2"

        await pilot.press("escape")
        await settle(pilot)
        assert view.matches is None and not marked(view) and not bar.is_open


async def test_a_new_search_in_the_article_replaces_the_library_words(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_search(pilot, "zephyrine")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.matches is not None and len(view.matches) == 1
        await pilot.press("slash", *"says nothing")  # the kept text is selected: typing replaces it
        await settle(pilot)
        assert view.search_query == "says nothing"
        assert view.matches is not None and len(view.matches) == 59
