"""Search in the open article, driven by keys: `/` opens the bar from either pane, every match
is marked as it is drawn, the counter says "3/17" or "no matches", enter goes back to reading,
`.` `,` `f3` `shift+f3` (and down/up in the bar) step through the matches round the ends, and
escape clears the marks. A long article is searched in a thread and never laid out whole."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_reader import SIZE, make_app, ready, settle, until
from textual.pilot import Pilot

from readtui.app import ReadtuiApp
from readtui.article.search import find_matches
from readtui.layout import LazyLayout
from readtui.widgets.article_list import ArticleList
from readtui.widgets.article_view import ArticleView
from readtui.widgets.search_bar import SearchBar

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from synthetic import write_article

FILLER = (
    "The harbour authority said the ferries would run on a reduced timetable while the "
    "engineers looked at the damaged pier, and that passengers should check before travelling."
)
NEEDLES = {3: "a needle here", 14: "another NEEDLE there", 27: "the Needle again", 41: "needle"}
"""Paragraph number and the sentence with a needle it ends with: four matches, three cases."""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """One article of 45 paragraphs (a needle in four of them), in a folder of its own."""
    folder = tmp_path / "library"
    folder.mkdir()
    paragraphs = [f"Paragraph {n}. {FILLER} {NEEDLES.get(n, '')}".strip() for n in range(45)]
    text = "Searching the harbour\n\n" + "\n\n".join(paragraphs) + "\n"
    (folder / "harbour.txt").write_text(text, encoding="utf-8")
    return folder


def bar_of(app: ReadtuiApp) -> SearchBar:
    return app.screen.query_one(SearchBar)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("space" if char == " " else char for char in text))
    await settle(pilot)


async def search(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, text)


def marked(view: ArticleView) -> list[tuple[int, str, str]]:
    """(screen row, text, "current" or "match") of each marked piece, as the view draws it:
    the current match in reverse video, the others underlined."""
    found = []
    for y in range(view.scrollable_content_region.height):
        for segment in view.render_line(y):
            style = segment.style
            if style is not None and style.reverse:
                found.append((y, segment.text, "current"))
            elif style is not None and style.underline:
                found.append((y, segment.text, "match"))
    return found


def top_block(view: ArticleView) -> int:
    position = view.position()
    assert position is not None
    return position.block


def match_on_screen(view: ArticleView, index: int) -> bool:
    """A line on screen shows the start of match `index`."""
    assert view.matches is not None
    block, start, _end = view.matches[index]
    lines = [line for line in view.lines_on_screen() if line.block == block and line.runs]
    return any(line.offset <= start for line in lines)


async def test_slash_opens_the_search_from_either_pane(isolated_user: Path, library: Path) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        bar = bar_of(app)
        assert not bar.is_open
        await pilot.press("slash")
        assert bar.is_open and app.focused is bar.input
        await pilot.press("escape")
        await settle(pilot)
        assert not bar.is_open and app.focused is view
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleList)
        await search(pilot, "needle")
        assert bar.is_open and bar.count_text == "1/4"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, ArticleList), "escape gives the focus back"


async def test_typing_marks_every_match_and_counts_them(isolated_user: Path, library: Path) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await search(pilot, "needle")
        bar = bar_of(app)
        assert view.matches is not None and len(view.matches) == 4
        assert bar.count_text == "1/4"
        assert view.current_match == 0
        assert match_on_screen(view, 0)
        assert [(text, kind) for _y, text, kind in marked(view)] == [("needle", "current")]
        # Smart case: a capital makes the search match case.
        await pilot.press(*["backspace"] * 6)
        await type_text(pilot, "Needle")
        assert bar.count_text == "1/1"
        assert [(text, kind) for _y, text, kind in marked(view)] == [("Needle", "current")]
        await pilot.press(*["backspace"] * 6)
        await type_text(pilot, "NEEDLE")
        assert bar.count_text == "1/1"


async def test_every_match_on_screen_is_marked(isolated_user: Path, library: Path) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await search(pilot, "paragraph")
        assert view.matches is not None and len(view.matches) == 45
        pieces = marked(view)
        shown = sum(
            1 for line in view.lines_on_screen() for r in line.runs if "Paragraph" in r.text
        )
        assert len(pieces) == shown > 1
        assert {text for _y, text, _kind in pieces} == {"Paragraph"}
        assert [kind for _y, _text, kind in pieces].count("current") == 1


async def test_no_matches_is_said_plainly(isolated_user: Path, library: Path) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await search(pilot, "zebra")
        bar = bar_of(app)
        assert bar.count_text == "no matches"
        assert bar.has_class("-no-matches")
        assert view.matches is not None and len(view.matches) == 0
        assert marked(view) == []
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("full_stop")
        await settle(pilot)
        assert bar.count_text == "no matches"


async def test_enter_goes_back_to_reading_and_keys_step_round_the_ends(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await search(pilot, "needle")
        bar = bar_of(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is view
        assert bar.is_open and bar.count_text == "1/4", "the bar stays, with its counter"
        tops = [top_block(view)]
        for expected in ("2/4", "3/4", "4/4"):
            await pilot.press("full_stop")
            await settle(pilot)
            assert bar.count_text == expected
            assert match_on_screen(view, view.current_match or 0)
            tops.append(top_block(view))
        assert tops == sorted(tops) and tops[-1] > tops[0] + 20
        await pilot.press("full_stop")
        await settle(pilot)
        assert bar.count_text == "1/4 (wrapped to top)"
        assert match_on_screen(view, 0) and top_block(view) <= 3
        await pilot.press("comma")
        await settle(pilot)
        assert bar.count_text == "4/4 (wrapped to end)"
        assert match_on_screen(view, 3) and top_block(view) > 30
        await pilot.press("shift+f3")
        await settle(pilot)
        assert bar.count_text == "3/4"
        assert match_on_screen(view, 2)
        await pilot.press("f3")
        await settle(pilot)
        assert bar.count_text == "4/4"
        current = [text for _y, text, kind in marked(view) if kind == "current"]
        assert current == ["needle"]


async def test_down_and_up_in_the_bar_step_through_matches(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await search(pilot, "needle")
        bar = bar_of(app)
        await pilot.press("down", "down")
        await settle(pilot)
        assert bar.count_text == "3/4" and app.focused is bar.input
        assert match_on_screen(view, 2)
        assert [text for _y, text, kind in marked(view) if kind == "current"] == ["Needle"]
        await pilot.press("up", "up", "up")
        await settle(pilot)
        assert bar.count_text == "4/4 (wrapped to end)"


async def test_next_from_far_away_starts_at_the_view(isolated_user: Path, library: Path) -> None:
    """After scrolling away from the current match, `.` goes to the first match below the
    top of the view, as less does."""
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await search(pilot, "needle")
        await pilot.press("enter", "G")
        await settle(pilot)
        assert not match_on_screen(view, 0)
        await pilot.press("comma")
        await settle(pilot)
        assert bar_of(app).count_text == "4/4"


async def test_escape_clears_the_marks(isolated_user: Path, library: Path) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await search(pilot, "the")
        assert marked(view)
        await pilot.press("escape")
        await settle(pilot)
        bar = bar_of(app)
        assert not bar.is_open and view.matches is None and marked(view) == []
        assert app.focused is view
        # Kept with enter, then escape in the article: the same.
        await search(pilot, "the")
        await pilot.press("enter")
        await settle(pilot)
        assert bar.is_open and marked(view)
        await pilot.press("escape")
        await settle(pilot)
        assert not bar.is_open and view.matches is None and marked(view) == []
        assert bar.text == ""


async def test_a_phrase_wrapped_over_two_lines_is_found(isolated_user: Path, library: Path) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        lines = view.lines_on_screen()
        row = next(
            y
            for y in range(len(lines) - 1)
            if lines[y].runs and lines[y + 1].runs and lines[y].block == lines[y + 1].block >= 0
        )
        last = "".join(r.text for r in lines[row].runs).split()[-1]
        first = "".join(r.text for r in lines[row + 1].runs).split()[0]
        await search(pilot, f"{last} {first}")
        assert view.matches is not None and len(view.matches) >= 1
        assert match_on_screen(view, 0)
        pieces = [(y, text) for y, text, kind in marked(view) if kind == "current"]
        assert [text for _y, text in pieces] == [last, first]
        assert pieces[1][0] == pieces[0][0] + 1


async def test_the_search_follows_to_the_next_article(isolated_user: Path, library: Path) -> None:
    (library / "second.txt").write_text(
        "Second article\n\nOne needle, two needles.\n", encoding="utf-8"
    )
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await search(pilot, "needle")
        await pilot.press("enter")
        await settle(pilot)
        first = view.article
        await pilot.press("n")
        await until(pilot, lambda: view.article is not first, "the next article shows")
        await settle(pilot)
        assert view.matches is not None and len(view.matches) == 2
        assert bar_of(app).count_text == "2 matches"
        assert len(marked(view)) == 2
        await pilot.press("full_stop")
        await settle(pilot)
        assert bar_of(app).count_text == "1/2"


async def test_no_color_still_shows_the_current_match(
    isolated_user: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await search(pilot, "paragraph")
        pieces = [
            segment.style
            for y in range(view.scrollable_content_region.height)
            for segment in view.render_line(y)
            if segment.text == "Paragraph" and segment.style is not None
        ]
        current = [style for style in pieces if style.bold and style.underline]
        others = [style for style in pieces if not (style.bold and style.underline)]
        assert len(current) == 1 and len(others) > 1
        assert all(style.reverse for style in pieces)


# -- a long article ---------------------------------------------------------------------------


MARKER = "Zanzibar quokka"


@pytest.fixture(scope="module")
def long_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2 MB synthetic news article that ends with a paragraph nothing else has."""
    folder = tmp_path_factory.mktemp("long-search")
    path = write_article(folder / "long.txt", 2_000_000, seed=11)
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\n\nThe last words: {MARKER}.\n")
    return folder


async def test_a_long_article_is_searched_without_laying_it_all_out(
    isolated_user: Path, long_library: Path
) -> None:
    app = make_app(isolated_user, long_library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        screen = app.screen
        await until(pilot, lambda: screen.opened is not None and screen.opened.complete, "read")
        article = view.article
        assert article is not None and len(article.blocks) > 2_000
        await search(pilot, "zanzibar quokka")
        bar = bar_of(app)
        await until(pilot, lambda: bar.count_text == "1/1", "the marker is found")
        assert top_block(view) > len(article.blocks) - 10
        assert [text for _y, text, kind in marked(view) if kind == "current"] == [MARKER]
        lazy = view._layout
        assert isinstance(lazy, LazyLayout)
        assert lazy.cached_lines <= LazyLayout.CACHED_LINES
        assert lazy.cached_lines < lazy.total / 10
        # A common word: every match is counted, the first from where the search began.
        await pilot.press("escape", "g")
        await settle(pilot)
        await search(pilot, "the")
        expected = find_matches(article, "the")
        assert expected is not None and len(expected) > 10_000
        await until(pilot, lambda: bar.count_text == f"1/{len(expected):,}", "all counted")
        assert lazy.cached_lines <= LazyLayout.CACHED_LINES
