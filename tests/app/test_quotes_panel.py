"""The quotes panel through Pilot: what it lists, where enter lands, what y/Y copy, and that it
closes, asserted on the app's state (screen stack, view position, clipboard), never on time."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from test_reader import ROOT, SEED, make_app, notifications, ready, settle, until
from textual.pilot import Pilot

from readtui.app import ReadtuiApp
from readtui.article.quote_list import quote_entries
from readtui.screens.quotes import QuotesScreen
from readtui.screens.reader import ReaderScreen
from readtui.widgets.article_list import ArticleList
from readtui.widgets.article_view import ArticleView
from readtui.widgets.quote_list import TEXT_LINES, QuoteList

sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import write_article

SIZE = (100, 30)
LABELS = json.loads((ROOT / "tests" / "data" / "seed.json").read_text(encoding="utf-8"))
FIRST_QUOTE = "\u201cno one will go to fight\u201d"
SEED_TITLE = (
    "Russian military recruiter shot in enlistment office as protests continue over call-up"
)


def panel(app: ReadtuiApp) -> QuotesScreen:
    screen = app.screen
    assert isinstance(screen, QuotesScreen), f"the panel is not open: {screen!r}"
    return screen


def panel_lines(app: ReadtuiApp) -> list[str]:
    """The lines the panel's list draws now, as plain text without trailing blanks."""
    quotes = panel(app).query_one(QuoteList)
    return [
        "".join(segment.text for segment in quotes.render_line(y)).rstrip()
        for y in range(quotes.size.height)
    ]


async def open_panel(pilot: Pilot[None]) -> QuoteList:
    await pilot.press("Q")
    await pilot.pause()
    return panel(pilot.app).query_one(QuoteList)  # type: ignore[arg-type]


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- what it lists ------------------------------------------------------------------------------
async def test_Q_lists_every_quote_of_the_article_with_its_speaker(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        quotes = await open_panel(pilot)
        box = panel(app).query_one("Vertical")
        assert str(box.border_title) == "16 quotes"
        assert str(box.border_subtitle) == SEED_TITLE
        assert app.focused is quotes
        assert view.article is not None
        assert quotes.entries == quote_entries(view.article)
        seen: list[str] = []
        for _ in LABELS["quotes"]:
            seen += panel_lines(app)
            await pilot.press("j")
        shown = " ".join(" ".join(line.split()) for line in seen)
        for label in LABELS["quotes"]:
            assert label["speaker"] in shown
            assert " ".join(label["text"].rstrip(",").split()) in shown
        await pilot.press("home")
        first = panel_lines(app)
        assert first[0] == f"\u258c  1  {FIRST_QUOTE}"
        assert first[1] == "\u258c     \u2014 Ruslan Zinin, resident"
        assert first[2] == ""
        assert first[3] == "   2  \u201cwe will all go home now\u201d"
        opening = next(line for line in seen if "\u201cEvery night" in line)
        wrapped = seen[seen.index(opening) + 1]
        assert wrapped.index("of which") == opening.index("\u201cEvery") + 1


@pytest.mark.parametrize("pane", ["view", "sidebar"])
async def test_Q_opens_the_panel_whichever_pane_has_focus(isolated_user: Path, pane: str) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        if pane == "sidebar":
            await pilot.press("tab")
            assert isinstance(app.focused, ArticleList)
        await open_panel(pilot)
        assert len(panel(app).article.quotes) == 16


async def test_the_panel_opens_on_the_quote_being_read(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert view.focused_quote == 2
        quotes = await open_panel(pilot)
        assert quotes.highlighted == 2
        assert any("\u201cseveral hundred\u201d" in line for line in panel_lines(app))


async def test_keys_move_through_the_list_and_stop_at_its_ends(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        quotes = await open_panel(pilot)
        await pilot.press("k")
        assert quotes.highlighted == 0
        await pilot.press("j", "down", "down")
        assert quotes.highlighted == 3
        await pilot.press("up")
        assert quotes.highlighted == 2
        await pilot.press("pagedown")
        paged = quotes.highlighted
        assert 3 < paged < 15
        await pilot.press("pageup")
        assert quotes.highlighted < paged
        await pilot.press("end")
        assert quotes.highlighted == 15
        assert any("new types of weapons" in line for line in panel_lines(app))
        await pilot.press("j", "pagedown")
        assert quotes.highlighted == 15
        await pilot.press("home")
        assert quotes.highlighted == 0
        await pilot.press("G")
        assert quotes.highlighted == 15
        await pilot.press("g")
        assert quotes.highlighted == 0
        assert any(FIRST_QUOTE in line for line in panel_lines(app))


# -- enter jumps --------------------------------------------------------------------------------
@pytest.mark.parametrize("index", [0, 3, 5, 9])
async def test_enter_jumps_to_the_quote_at_the_top_of_the_view(
    isolated_user: Path, index: int
) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await open_panel(pilot)
        await pilot.press(*["j"] * index, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.focused is view
        assert view.article is not None
        quote = view.article.quotes[index]
        assert view.focused_quote == index
        position = view.position()
        assert position is not None and position.block == quote.block
        top = view.lines_on_screen()[0]
        assert any(run.quote == index for run in top.runs)
        await pilot.press("y")  # the view's own copy key now copies the quote jumped to
        await settle(pilot)
        assert view.article.quotes[index].text.rstrip(",")[:20] in app.clipboard


async def test_the_jump_is_saved_as_the_reading_position(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await open_panel(pilot)
        await pilot.press(*["j"] * 5, "enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.flush_position()
        assert view.article is not None
        saved = app.store.position(view.article.meta.fingerprint)
        assert saved is not None and saved.block == view.article.quotes[5].block


async def test_a_click_on_a_quote_jumps_to_it(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await open_panel(pilot)
        lines = panel_lines(app)
        row = next(y for y, line in enumerate(lines) if "several hundred" in line)
        await pilot.click(QuoteList, offset=(10, row))
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert view.focused_quote == 2


# -- copying ------------------------------------------------------------------------------------
async def test_y_copies_the_highlighted_quote_and_the_panel_stays(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_panel(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == FIRST_QUOTE
        await pilot.press("j", "y")
        await settle(pilot)
        assert app.clipboard == "\u201cwe will all go home now\u201d"
        assert panel(app).query_one(QuoteList).highlighted == 1


async def test_shift_y_copies_the_quote_with_its_credit(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_panel(pilot)
        await pilot.press("j", "j", "j", "Y")
        await settle(pilot)
        quote, source = app.clipboard.split("\n")
        assert quote == (
            "\u201cEvery night and day there is inevitable shelling in the Donbas, under the roar"
            " of which people are forced to vote for Russian 'peace,'\u201d"
            " \u2014 Pavlo Kirilenko, Donetsk regional governor"
        )
        assert source == f"\u201c{SEED_TITLE}\u201d"
        assert any(message.startswith("Copied") for message in notifications(app))


# -- closing ------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["escape", "q", "Q"])
async def test_escape_q_and_Q_close_the_panel_and_leave_the_view_as_it_was(
    isolated_user: Path, key: str
) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        before = view.position()
        await open_panel(pilot)
        await pilot.press("j", "j", "j", key)
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.is_running  # q closed the panel, it did not quit
        assert view.position() == before
        assert view.focused_quote is None
        assert app.focused is view


# -- articles without quotes, and without an article -------------------------------------------
async def test_an_article_without_quotes_says_so_instead_of_opening(
    isolated_user: Path, tmp_path: Path
) -> None:
    path = write(tmp_path / "lib", "plain.txt", "A quiet day\n\nNothing was said by anyone.\n")
    app = make_app(isolated_user, path)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None and not view.article.quotes
        await pilot.press("Q")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert notifications(app)[-1] == "No quotes in this article."


async def test_Q_is_disabled_when_no_article_is_open(isolated_user: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(isolated_user, empty)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.view.article is None
        assert reader.check_action("quotes", ()) is None
        await pilot.press("Q")
        await pilot.pause()
        assert app.screen is reader
        assert "No quotes in this article." not in notifications(app)


# -- outside text and size ----------------------------------------------------------------------
async def test_quote_text_and_speaker_are_shown_literally_and_sanitised(
    isolated_user: Path, tmp_path: Path
) -> None:
    text = (
        "Markup and escapes\n\n"
        '"Nothing [bold]here[/bold] is \x1b[31mred\x1b[0m," said Eve Hacker, a tester.\n'
    )
    path = write(tmp_path / "lib", "hostile.txt", text)
    app = make_app(isolated_user, path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_panel(pilot)
        lines = panel_lines(app)
        assert lines[0].split()[2:] == [
            "\u201cNothing",
            "[bold]here[/bold]",
            "is",
            "^[[31mred^[[0m\u201d",
        ]
        assert "Eve Hacker" in lines[1]
        assert not any("\x1b" in line for line in lines)


async def test_a_long_quote_is_cut_to_a_few_lines(isolated_user: Path, tmp_path: Path) -> None:
    speech = " ".join(f"word{i}" for i in range(400))
    path = write(tmp_path / "lib", "long.txt", f'Long\n\n"{speech}," she said.\n')
    app = make_app(isolated_user, path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_panel(pilot)
        lines = panel_lines(app)
        speaker = next(y for y, line in enumerate(lines) if "\u2014" in line or "unattr" in line)
        assert speaker == TEXT_LINES
        assert lines[TEXT_LINES - 1].endswith("\u2026")
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.focused_quote == 0


async def test_an_article_with_thousands_of_quotes(isolated_user: Path, tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    path = write_article(tmp_path / "lib" / "many.txt", 700_000, seed=3)
    app = make_app(isolated_user, path)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await until(
            pilot,
            lambda: view.article is not None and len(view.article.quotes) > 1000,
            "the whole article",
        )
        assert view.article is not None
        count = len(view.article.quotes)
        quotes = await open_panel(pilot)
        assert str(panel(app).query_one("Vertical").border_title) == f"{count:,} quotes"
        await pilot.press("end")
        assert quotes.highlighted == count - 1
        assert any(line.lstrip("\u258c ").startswith(f"{count:,}") for line in panel_lines(app))
        await pilot.press(*["k"] * 40, "enter")
        await settle(pilot)
        assert view.focused_quote == count - 41
        quote = view.article.quotes[count - 41]
        assert any(run.quote == count - 41 for line in view.lines_on_screen() for run in line.runs)
        position = view.position()
        assert position is not None and position.block >= quote.block - 1


async def test_the_title_says_so_far_while_a_long_article_is_still_read(
    isolated_user: Path,
) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None
        app.push_screen(QuotesScreen(view.article, 3, complete=False))
        await pilot.pause()
        box = panel(app).query_one("Vertical")
        assert str(box.border_title) == "16 quotes so far"
        assert panel(app).query_one(QuoteList).highlighted == 3
