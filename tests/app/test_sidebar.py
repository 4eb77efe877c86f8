"""The virtual sidebar and the title filter, driven through Pilot in a small app that composes
them as the reader does; assertions on what the screen shows and on the messages posted."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

import pytest
from rich.console import Console
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from readtui.catalog import Catalog
from readtui.store import ArticleState, CatalogRow, IndexEntry, Position, Store, fold
from readtui.widgets.article_list import ArticleList, RowSource
from readtui.widgets.filter_bar import FilterBar


class ListSource:
    """A RowSource over a list, matching titles as the Catalog does: tests run on both."""

    def __init__(self, rows: Sequence[CatalogRow]) -> None:
        self.rows = list(rows)
        self.filter = ""
        self._folded = [fold(row.entry.title) for row in self.rows]
        self._shown: list[int] = list(range(len(self.rows)))
        self._ranks: dict[str, int] | None = None

    def count(self) -> int:
        return len(self._shown)

    def total(self) -> int:
        return len(self.rows)

    def row(self, rank: int) -> CatalogRow | None:
        return self.rows[self._shown[rank]] if 0 <= rank < len(self._shown) else None

    def rank_of(self, path: str) -> int | None:
        if self._ranks is None:
            self._ranks = {self.rows[i].entry.path: r for r, i in enumerate(self._shown)}
        return self._ranks.get(path)

    def set_filter(self, text: str) -> None:
        """Titles holding the text, as the Catalog matches them (folded, blanks trimmed)."""
        self.filter = text
        needle = fold(text.strip())
        self._shown = [i for i, title in enumerate(self._folded) if needle in title]
        self._ranks = None

    def invalidate(self) -> None:
        self._folded = [fold(row.entry.title) for row in self.rows]
        self.set_filter(self.filter)

    def replace(self, index: int, row: CatalogRow) -> None:
        self.rows[index] = row
        self._folded[index] = fold(row.entry.title)


BIG = 50_000
LAST_WORD = "zeppelin"
"""In the title of the last of the BIG articles only."""
SIZE = (100, 30)
ESC = "\x1b"


def entry(root: Path, i: int, title: str = "", source: str = "example.com") -> IndexEntry:
    path = f"{root}/{i:05d}.txt"
    return IndexEntry(path, 100, 1, title or f"Article number {i}", source, 1380, f"fp{i}", "")


def numbered(root: Path, n: int) -> list[IndexEntry]:
    """n articles in path order; the last one's title alone holds LAST_WORD."""
    entries = [entry(root, i) for i in range(n - 1)]
    return [*entries, entry(root, n - 1, f"The {LAST_WORD} returns")]


class Shelf:
    """Index entries behind a RowSource: the real Catalog over a Store, or a ListSource. Each
    change is made where that source reads it from, then the source is told to read again."""

    def __init__(self, kind: str, folder: Path, store: Store) -> None:
        self.kind = kind
        self.root = folder / "library"
        self.root.mkdir(parents=True)
        self.store = store
        self.catalog = Catalog(store, [self.root])
        self.listed = ListSource([])
        self.source: RowSource = self.catalog if kind == "catalog" else self.listed

    def path(self, i: int) -> str:
        return f"{self.root}/{i:05d}.txt"

    def add(self, entries: Sequence[IndexEntry]) -> Shelf:
        if self.kind == "catalog":
            self.store.save_index_entries(entries)
        else:
            rows = self.listed.rows + [CatalogRow(e, None, False) for e in entries]
            self.listed.rows = sorted(rows, key=lambda row: row.entry.path)
        self.source.invalidate()
        return self

    def drop(self, path: str) -> None:
        if self.kind == "catalog":
            self.store.drop_index_entries([path])
        else:
            self.listed.rows = [row for row in self.listed.rows if row.entry.path != path]
        self.source.invalidate()

    def read(self, path: str, percent: float, *, done: bool = False, mark: bool = False) -> None:
        """The reader opened the article, got to `percent`, maybe finished or bookmarked it."""
        if self.kind == "catalog":
            found = self.catalog.entry_of(path)
            assert found is not None
            self.store.set_last_opened(found.fingerprint, path=path)
            self.store.save_position(found.fingerprint, Position(0, 0, percent), path=path)
            self.store.mark_read(found.fingerprint, done, path=path)
            if mark:
                self.store.add_bookmark(found.fingerprint, 0, 0, "snippet", path=path)
        else:
            rows = self.listed.rows
            i = next(i for i, row in enumerate(rows) if row.entry.path == path)
            state = ArticleState(
                rows[i].entry.fingerprint, Position(0, 0, percent), done, 1.0, path, ""
            )
            self.listed.replace(i, rows[i]._replace(state=state, bookmarked=mark))
        self.source.invalidate()


@pytest.fixture(params=["catalog", "list"])
def shelf(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Shelf]:
    with Store(tmp_path / "state.db") as store:
        yield Shelf(request.param, tmp_path, store)


class SidebarApp(App[None]):
    """A filter bar above the list, as the reader screen composes them; "/" opens the bar."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("slash", "filter", "Filter")]
    CSS = """
    #side { width: 30%; max-width: 36; min-width: 18; }
    #side > ArticleList { width: 1fr; max-width: 100%; min-width: 0; }
    """

    def __init__(self, source: RowSource) -> None:
        super().__init__()
        self.source = source
        self.opened: list[str] = []
        self.closed: list[bool] = []

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="side"):
                yield FilterBar()
                yield ArticleList(id="sidebar")
            yield Static("the article", id="article")

    @property
    def sidebar(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def on_mount(self) -> None:
        self.sidebar.set_placeholder("No articles match")
        self.sidebar.set_source(self.source)
        self.sidebar.focus()

    def action_filter(self) -> None:
        self.bar.open()

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        self.source.set_filter(event.text)
        self.sidebar.reload()
        self.bar.set_count(self.source.count(), self.source.total())

    def on_filter_bar_closed(self, event: FilterBar.Closed) -> None:
        self.closed.append(event.keep)

    def on_article_list_opened(self, event: ArticleList.Opened) -> None:
        self.opened.append(event.path)


def screen_rows(app: App[None]) -> list[str]:
    """The screen as the compositor hands it to the driver, row by row."""
    return ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]


def screen_ansi(app: App[None]) -> str:
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
    return "".join(strip.render(console) for strip in app.screen._compositor.render_strips())


def sidebar_rows(app: SidebarApp) -> list[str]:
    """The sidebar's cells on screen, row by row, without its padding."""
    region = app.sidebar.scrollable_content_region
    rows = screen_rows(app)[region.y : region.bottom]
    return [row[region.x : region.right].strip() for row in rows]


def sidebar_text(app: SidebarApp) -> str:
    return "\n".join(sidebar_rows(app))


async def test_fifty_thousand_rows_the_last_is_reached_with_end_and_opened(shelf: Shelf) -> None:
    app = SidebarApp(shelf.add(numbered(shelf.root, BIG)).source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.sidebar.row_count == BIG
        assert "Article number 0" in sidebar_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert f"The {LAST_WORD} returns" in sidebar_text(app)
        assert "Article number 0" not in sidebar_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened == [shelf.path(BIG - 1)]
        await pilot.press("home", "j", "j", "enter")
        await pilot.pause()
        assert app.opened[-1] == shelf.path(2)
        assert "Article number 0" in sidebar_text(app)


async def test_filter_finds_the_fifty_thousandth_by_a_word_only_its_title_has(
    shelf: Shelf,
) -> None:
    app = SidebarApp(shelf.add(numbered(shelf.root, BIG)).source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.bar.display
        await pilot.press("slash", *LAST_WORD.upper())
        await pilot.pause()
        assert app.bar.display and app.sidebar.row_count == 1
        assert sidebar_rows(app)[0] == f"The {LAST_WORD} returns"
        assert f"1 of {BIG:,}" in screen_rows(app)[0]
        await pilot.press("enter")  # keeps the filter, focus back to the list
        await pilot.pause()
        assert app.closed == [True] and app.focused is app.sidebar and app.bar.display
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened == [shelf.path(BIG - 1)]


async def test_each_keystroke_reaches_the_screen_in_the_same_frame_as_its_list(
    shelf: Shelf,
) -> None:
    """The bar reports a change before the typed letter is drawn: a frame that shows a letter
    shows the list it filters (a frame with the letter and the old list means the list waits
    for Textual's next scheduled frame, up to 33 ms later)."""
    app = SidebarApp(shelf.add(numbered(shelf.root, 300)).source)
    frames: list[tuple[str, int]] = []
    async with app.run_test(size=SIZE) as pilot:
        display = app._display

        def recorded(screen: Screen[object], renderable: object) -> None:
            display(screen, renderable)  # type: ignore[arg-type]
            if renderable is not None:
                frames.append((app.bar.text, app.sidebar.row_count))

        app._display = recorded  # type: ignore[method-assign]
        await pilot.press("slash")
        for key in [*"number 29", "backspace", "backspace"]:
            await pilot.press(key)
            await pilot.pause()
    shown = {
        text: {count for shown_text, count in frames if shown_text == text} for text, _ in frames
    }
    assert {"number 29", "number 2", "number "} <= shown.keys()
    assert shown["number 29"] == {10} and shown["number "] == shown["number"] == {299}
    assert all(len(counts) == 1 for counts in shown.values()), shown


async def test_escape_clears_the_filter_and_the_highlight_comes_back(shelf: Shelf) -> None:
    app = SidebarApp(shelf.add(numbered(shelf.root, 300)).source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.sidebar.highlight_path(shelf.path(150))
        await pilot.press("slash", *"number 29")
        await pilot.pause()
        assert app.sidebar.row_count == 10  # 29 and 290..298 (299 is about a zeppelin)
        assert app.sidebar.highlighted_path == shelf.path(29)  # the first match
        assert "10 of 300" in screen_rows(app)[0]
        await pilot.press("escape")
        await pilot.pause()
        assert app.closed == [False] and not app.bar.display and app.bar.text == ""
        assert app.sidebar.row_count == 300
        assert app.sidebar.highlighted_path == shelf.path(150)
        assert app.focused is app.sidebar
        assert "Article number 150" in sidebar_text(app)


async def test_a_filter_that_matches_nothing_shows_the_owners_hint(shelf: Shelf) -> None:
    app = SidebarApp(shelf.add(numbered(shelf.root, 20)).source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", "q", "x", "q")
        await pilot.pause()
        assert sidebar_rows(app)[0] == "No articles match"
        assert app.sidebar.highlighted is None and app.sidebar.highlighted_path is None
        assert "0 of 20" in screen_rows(app)[0]
        await pilot.press("enter", "enter")  # nothing to open
        await pilot.pause()
        assert app.opened == []


HOSTILE_TITLES = [
    "[bold red]Not bold[/] [b]x",
    "[@click=app.quit]click[/]",
    f"Clear {ESC}[2J screen",
    f"{ESC}]0;PWNED\x07 and\nmore",
    "$accent variable \u009b31m C1",
]


async def test_rows_show_hostile_titles_literally_and_sanitized(shelf: Shelf) -> None:
    hostile = [entry(shelf.root, i, t, f"[b]{ESC}[1m") for i, t in enumerate(HOSTILE_TITLES)]
    broken = IndexEntry(
        f"{shelf.root}/~[red]x{ESC}[1m\u202ename.txt", 9, 1, "", "", 0, "", f"Bad {ESC}[5m"
    )
    app = SidebarApp(shelf.add([*hostile, broken]).source)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        text = sidebar_text(app)
        assert "[bold red]Not bold[/] [b]x" in text
        assert "[@click=app.quit]click[/]" in text
        assert "Clear ^[[2J screen" in text
        assert "^[]0;PWNED^G and more" in text
        assert "$accent variable \ufffd31m C1" in text
        assert "\u25cf [b]^[[1m \u00b7 6 min" in text  # the source
        assert "~[red]x^[[1m<U+202E>name.txt" in text
        assert "\u26a0 Bad ^[[5m" in text
        ansi = re.sub("\x1b\\[[0-9;:]*m", "", screen_ansi(app))
        assert ESC not in ansi and "\x07" not in ansi and "\u009b" not in ansi
        await pilot.click(ArticleList, offset=(3, 2))  # the [@click=app.quit] title
        await pilot.pause()
        assert app.is_running and app.opened == [shelf.path(1)]
        await pilot.press("slash", *"[bold red")  # the filter takes brackets literally too
        await pilot.pause()
        assert app.sidebar.row_count == 1 and sidebar_rows(app)[0].startswith("[bold red]")
        assert screen_rows(app)[0].startswith("  [bold red ")  # as typed, over the titles
        app.bar.input.post_message(events.Paste(f"{ESC}]0;PWNED\x07\t{ESC}[2J"))
        await pilot.pause()
        ansi = re.sub("\x1b\\[[0-9;:]*m", "", screen_ansi(app))
        assert ESC not in ansi and "\x07" not in ansi
        assert app.bar.text == "[bold red]0;PWNED [2J"  # the controls are dropped
        await pilot.press("x")
        assert app.bar.text == "[bold red]0;PWNED [2Jx"
        assert app.sidebar.row_count == 0


async def test_highlight_follows_its_article_when_rows_are_inserted_above(shelf: Shelf) -> None:
    app = SidebarApp(shelf.add(numbered(shelf.root, 200)).source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.sidebar.highlight_path(shelf.path(100))
        await pilot.pause()
        before = sidebar_rows(app).index("Article number 100")
        new = [
            IndexEntry(f"{shelf.root}/0-new{i}.txt", 1, 1, f"New {i}", "", 5, f"new{i}", "")
            for i in range(7)
        ]
        shelf.add(new)
        app.sidebar.reload()
        await pilot.pause()
        assert app.sidebar.highlighted == 107
        assert app.sidebar.highlighted_path == shelf.path(100)
        assert sidebar_rows(app).index("Article number 100") == before  # it did not move
        assert app.sidebar.row_count == 207
        await pilot.press("enter")
        assert app.opened == [shelf.path(100)]


async def test_a_removed_article_hands_the_highlight_to_its_neighbour(shelf: Shelf) -> None:
    app = SidebarApp(shelf.add(numbered(shelf.root, 50)).source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.sidebar.highlight_path(shelf.path(10))
        shelf.drop(shelf.path(10))
        app.sidebar.reload()
        await pilot.pause()
        assert app.sidebar.highlighted_path == shelf.path(11)
        assert "Article number 10" not in sidebar_rows(app)


async def test_click_highlights_and_opens_the_row_under_the_mouse(shelf: Shelf) -> None:
    app = SidebarApp(shelf.add(numbered(shelf.root, 100)).source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click(ArticleList, offset=(5, 7))  # the details line of the fourth row
        await pilot.pause()
        assert app.opened == [shelf.path(3)] and app.sidebar.highlighted == 3
        app.sidebar.post_message(
            events.MouseScrollDown(app.sidebar, 5, 5, 0, 1, 0, False, False, False)
        )
        await pilot.pause()
        assert app.sidebar.scroll_y > 0
        y, title = next((y, r) for y, r in enumerate(sidebar_rows(app)) if r.startswith("Art"))
        shown = int(title.rsplit(" ", 1)[-1])
        await pilot.click(ArticleList, offset=(5, y))
        await pilot.pause()
        assert shown > 0 and app.opened[-1] == shelf.path(shown)


@pytest.mark.parametrize("terminal_width", [60, 100, 200])
async def test_rows_fit_the_width_with_an_ellipsis_and_keep_the_progress(
    shelf: Shelf, terminal_width: int
) -> None:
    title = "A very long title about the weather in several places at once, again"
    shelf.add(
        [entry(shelf.root, 0, title, "averylongsourcename.example.com"), entry(shelf.root, 1)]
    )
    shelf.read(shelf.path(0), 42.0)
    app = SidebarApp(shelf.source)
    async with app.run_test(size=(terminal_width, 20)) as pilot:
        await pilot.pause()
        width = app.sidebar.scrollable_content_region.width
        assert width == min(max(terminal_width * 3 // 10, 18), 36) - 4  # padding, bars
        first, details = sidebar_rows(app)[:2]
        assert first.endswith("\u2026") and title.startswith(first[:-1])
        assert len(first) <= width - 2
        # 6 minutes, 42% read: 3 left; the percent goes when tight, and the source before it
        progress = "3 min left" if terminal_width == 60 else "3 min left \u00b7 42%"
        assert details.startswith("3 min" if terminal_width == 60 else "aver")
        assert details.endswith(progress) and len(details) <= width - 2


async def test_marks_show_unread_and_bookmarked_and_refresh_path_redraws_a_row(
    shelf: Shelf,
) -> None:
    shelf.add(numbered(shelf.root, 5))
    shelf.read(shelf.path(1), 10.0, mark=True)
    app = SidebarApp(shelf.source)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        shown = sidebar_rows(app)
        assert shown[1] == "\u25cf example.com \u00b7 6 min"
        assert shown[3].startswith("\u2691 example")  # bookmarked, started: no unread mark
        assert shown[3].endswith(" \u00b7 5 min left \u00b7 10%")
        shelf.read(shelf.path(2), 100.0, done=True)
        app.sidebar.refresh_path(shelf.path(2))
        await pilot.pause()
        assert sidebar_rows(app)[5] == "example.com \u00b7 read"
        assert sidebar_rows(app)[7] == "\u25cf example.com \u00b7 6 min"


async def test_keys_move_a_row_a_page_and_to_the_ends(shelf: Shelf) -> None:
    app = SidebarApp(shelf.add(numbered(shelf.root, 1000)).source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.sidebar
        page = sidebar.scrollable_content_region.height // 2
        await pilot.press("j", "down", "k")
        assert sidebar.highlighted == 1
        await pilot.press("pagedown")
        assert sidebar.highlighted == 1 + page
        await pilot.press("pageup", "pageup")
        assert sidebar.highlighted == 0
        await pilot.press("G")
        await pilot.pause()
        assert sidebar.highlighted == 999 and f"The {LAST_WORD} returns" in sidebar_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert sidebar.highlighted == 0 and sidebar.scroll_y == 0


async def test_a_list_given_its_source_when_built_shows_it_on_mount(shelf: Shelf) -> None:
    shelf.add(numbered(shelf.root, 3))

    class Built(App[None]):
        def compose(self) -> ComposeResult:
            yield ArticleList(shelf.source)

    app = Built()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.query_one(ArticleList)
        assert sidebar.row_count == 3 and sidebar.highlighted_path == shelf.path(0)
        assert any("Article number 1" in row for row in screen_rows(app))
