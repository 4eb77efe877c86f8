"""A 2 MB article in the reader: the first screen comes at once, paging, G/g, resizing and
quote keys work over the whole of it, and a head replaced by the whole article keeps its place.

Each test runs twice: with the article measured (its line counts known, as after a moment) and
with the measuring thread held, so the view only has the lines it laid out around the reader.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_reader import SIZE, make_app, settle, until, view_text
from textual.app import App, ComposeResult
from textual.css.query import NoMatches
from textual.pilot import Pilot

import readtui.screens.reader.opening as opening_module
import readtui.widgets.article_view.laying_out as view_layout
from readtui.app import ReadtuiApp
from readtui.article.load import load_article, parse_text
from readtui.article.model import Article, Paragraph
from readtui.layout import HEADER, Layout, Line, layout, measure
from readtui.paths import state_db_path
from readtui.store import Position, Store
from readtui.widgets.article_view import LAYING_OUT, ArticleView, quote_clip

DATA = Path(__file__).resolve().parents[1] / "data"
SOURCE = DATA / "ap-dam-break.txt"
TARGET_BYTES = 2_000_000
LAST = "This is the very last paragraph of the long article."
WAIT = 60.0


def narrator(part: int) -> str:
    return f"\u201cThis is part {part} speaking,\u201d the narrator said."


def part_start(part: int) -> str:
    return f"Part {part} begins here."


@pytest.fixture(scope="module")
def long_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The paragraphs of a news article again and again, each time between a numbered opening
    line and a numbered quote, up to about 2 MB; then one last paragraph."""
    source = load_article(SOURCE)
    paragraphs = [block.text for block in source.blocks if isinstance(block, Paragraph)]
    lines, size, part = [source.title, ""], 0, 0
    while size < TARGET_BYTES:
        for text in (part_start(part), *paragraphs, narrator(part)):
            lines += [text, ""]
            size += len(text.encode()) + 2
        part += 1
    lines += [LAST, ""]
    path = tmp_path_factory.mktemp("long") / "a-long-article.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def article(long_file: Path) -> Article:
    return load_article(long_file)


@pytest.fixture(scope="module")
def eager(article: Article) -> Layout:
    return layout(article, 80)


def block_of(article: Article, text: str) -> int:
    return next(i for i, block in enumerate(article.blocks) if block.text == text)


def parts(article: Article) -> int:
    return sum(1 for block in article.blocks if block.text.startswith("Part "))


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(params=["measured", "unmeasured"])
def counting(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[threading.Event | None]:
    """None, or (unmeasured) the event that lets the view's measuring threads go on; until it
    is set they wait, and a cancelled one gives up."""
    if request.param == "measured":
        yield None
        return
    release, closing = threading.Event(), threading.Event()
    real = measure

    def held(*args: object, **kwargs: object) -> object:
        cancelled = kwargs.get("cancelled")
        if callable(cancelled):
            while not release.wait(0.01):
                if cancelled() or closing.is_set():
                    return None
            if closing.is_set():
                return None
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(view_layout, "measure", held)
    try:
        yield release
    finally:
        closing.set()
        release.set()


def find_view(app: App[None]) -> ArticleView | None:
    try:
        return app.screen.query_one(ArticleView)
    except NoMatches:
        return None


async def opened(pilot: Pilot[None], counting: threading.Event | None) -> ArticleView:
    """The view once the whole long article is on screen (the reader shows its head first);
    measured, or still being measured."""

    def whole_on_screen() -> bool:
        view = find_view(pilot.app)
        return bool(view and view.lines_on_screen() and view._complete)

    await until(pilot, whole_on_screen, "the whole article on screen")
    view = find_view(pilot.app)
    assert view is not None and view._layout is not None
    if counting is None:
        await settle(pilot)
        assert view._layout.complete
    else:
        assert not view._layout.complete
    return view


def save_position(data: Path, article: Article, position: Position) -> None:
    with Store(state_db_path(data)) as store:
        store.save_position(article.meta.fingerprint, position, path=article.meta.path)


def top_line(view: ArticleView) -> Line:
    return view.lines_on_screen()[0]


# -- the reader, driven by keys --------------------------------------------------------------------


async def test_the_first_screen_shows_the_headline_and_the_first_paragraph(
    isolated_user: Path, long_file: Path, article: Article, counting: threading.Event | None
) -> None:
    first = next(b.text for b in article.blocks[1:] if isinstance(b, Paragraph))
    app = make_app(isolated_user, long_file)
    async with app.run_test(size=SIZE) as pilot:
        view = await opened(pilot, counting)
        text = flat(view_text(view))
        assert text.startswith(flat(article.title))
        assert part_start(0) in text and flat(first)[:60] in text
        assert top_line(view).block == HEADER


async def test_g_and_shift_g_go_to_either_end(
    isolated_user: Path, long_file: Path, article: Article, counting: threading.Event | None
) -> None:
    app = make_app(isolated_user, long_file)
    async with app.run_test(size=SIZE) as pilot:
        view = await opened(pilot, counting)
        await pilot.press("G")
        assert LAST in flat(view_text(view))
        position = view.position()
        assert position is not None and position.block > len(article.blocks) - 30
        await pilot.press("k", "k", "g")
        position = view.position()
        assert top_line(view).block == HEADER
        assert position is not None and (position.block, position.offset) == (HEADER, 0)
        await pilot.press("end")
        assert LAST in flat(view_text(view))


async def test_a_resize_keeps_the_paragraph_on_top(
    isolated_user: Path, long_file: Path, article: Article, counting: threading.Event | None
) -> None:
    paragraph = block_of(article, part_start(parts(article) // 2)) + 2
    save_position(isolated_user, article, Position(paragraph, 0, 50.0))
    app = make_app(isolated_user, long_file)
    async with app.run_test(size=SIZE) as pilot:
        view = await opened(pilot, counting)
        assert top_line(view).block == paragraph
        await pilot.press("j")
        kept = top_line(view)
        assert kept.block == paragraph and kept.offset > 0
        for size in [(60, 20), (160, 45), (41, 7), SIZE]:
            await pilot.resize_terminal(*size)
            assert top_line(view).block == paragraph
            assert top_line(view).offset <= kept.offset
        position = view.position()
        assert position is not None and position.block == paragraph


async def test_a_storm_of_resizes_keeps_the_paragraph_on_top(
    isolated_user: Path, long_file: Path, article: Article, counting: threading.Event | None
) -> None:
    """Each width lays the article out anew around the paragraph (and measures it again)."""
    paragraph = block_of(article, part_start(parts(article) // 3)) + 3
    save_position(isolated_user, article, Position(paragraph, 0, 33.0))
    app = make_app(isolated_user, long_file)
    async with app.run_test(size=SIZE) as pilot:
        view = await opened(pilot, counting)
        widths, heights = [61, 140, 90, 23, 100, 77], [30, 12, 50, 8, 25]
        for step in range(8):
            await pilot.resize_terminal(widths[step % 6], heights[step % 5])
        await pilot.resize_terminal(*SIZE)
        if counting is None:
            await settle(pilot)
            assert view._layout is not None and view._layout.complete
        assert top_line(view).block == paragraph and top_line(view).offset == 0
        position = view.position()
        assert position is not None and (position.block, position.offset) == (paragraph, 0)


async def test_the_next_quote_far_down_is_focused_and_copied(
    isolated_user: Path, long_file: Path, article: Article, counting: threading.Event | None
) -> None:
    part = parts(article) * 3 // 4
    start = block_of(article, part_start(part))
    save_position(isolated_user, article, Position(start, 0, 75.0))
    app = make_app(isolated_user, long_file)
    async with app.run_test(size=SIZE) as pilot:
        view = await opened(pilot, counting)
        await pilot.press("right_square_bracket")
        quote = view.current_quote()
        assert quote is not None and start < quote.block < block_of(article, narrator(part))
        shown = [run.quote for line in view.lines_on_screen() for run in line.runs]
        assert view.focused_quote in shown
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard == quote_clip(quote), "the quote was copied")
        await pilot.press("left_square_bracket", "y")
        said = f"\u201cThis is part {part - 1} speaking\u201d"
        await until(pilot, lambda: app.clipboard == said, "the previous part's quote was copied")


async def test_the_previous_quote_from_the_top_is_the_last_one_at_the_far_end(
    isolated_user: Path, long_file: Path, article: Article, counting: threading.Event | None
) -> None:
    app = make_app(isolated_user, long_file)
    async with app.run_test(size=SIZE) as pilot:
        view = await opened(pilot, counting)
        await pilot.press("left_square_bracket")
        assert view.focused_quote == len(article.quotes) - 1
        last = f"This is part {parts(article) - 1} speaking"
        assert last in flat(view_text(view))
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard == f"\u201c{last}\u201d", "the last quote copied")


# -- the view on its own ---------------------------------------------------------------------------


class ViewApp(App[None]):
    """Only the view, and the positions it reports."""

    def __init__(self) -> None:
        super().__init__()
        self.reports: list[Position] = []

    def compose(self) -> ComposeResult:
        yield ArticleView(id="article")

    def on_article_view_position_changed(self, event: ArticleView.PositionChanged) -> None:
        self.reports.append(event.position)


async def shown_in(
    pilot: Pilot[None], article: Article, position: Position | None = None
) -> ArticleView:
    view = pilot.app.query_one(ArticleView)
    await pilot.pause()
    view.show(article, position)
    await pilot.pause()
    assert view.column_width() == 80
    return view


async def test_paging_down_and_up_shows_every_line_of_the_layout_in_turn(
    article: Article, eager: Layout, counting: threading.Event | None
) -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await shown_in(pilot, article)
        height = view.scrollable_content_region.height
        page = height - 1
        top = 0
        for key in ("space", "pagedown", "ctrl+f"):
            await pilot.press(key)
            top += page
            assert view.lines_on_screen() == list(eager.lines[top : top + height])
        while top + height < len(eager.lines):
            view.action_page(1)
            top = min(top + page, len(eager.lines) - height)
            assert view.lines_on_screen() == list(eager.lines[top : top + height]), top
        assert LAST in flat(view_text(view))
        while top > 0:
            view.action_page(-1)
            top = max(0, top - page)
            assert view.lines_on_screen() == list(eager.lines[top : top + height]), top
        assert top_line(view).block == HEADER


async def test_paging_up_from_the_end_reaches_the_headline(
    article: Article, eager: Layout, counting: threading.Event | None
) -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await shown_in(pilot, article)
        await pilot.press("G")
        height = view.scrollable_content_region.height
        top = len(eager.lines) - height
        assert view.lines_on_screen() == list(eager.lines[top:])
        await pilot.press("pageup")
        top -= height - 1
        while top > 0:
            assert view.lines_on_screen() == list(eager.lines[top : top + height]), top
            view.action_page(-1)
            top = max(0, top - (height - 1))
        assert view.lines_on_screen() == list(eager.lines[:height])


async def test_nothing_moves_when_the_counts_arrive_and_then_the_percent_is_reported(
    article: Article, eager: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = measure

    def held(*args: object, **kwargs: object) -> object:
        assert release.wait(WAIT), "the test never let the measure go"
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(view_layout, "measure", held)
    paragraph = block_of(article, part_start(parts(article) // 3))
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await shown_in(pilot, article, Position(paragraph, 0, 12.5))
        await pilot.press("pagedown", "j", "j")
        before = view.lines_on_screen()
        assert view.position() is not None and view.position().percent == 12.5  # type: ignore[union-attr]
        assert app.reports == []
        release.set()
        await until(pilot, lambda: bool(app.reports), "a position was reported")
        assert view.lines_on_screen() == before
        top = eager.lines.index(before[0], eager.line_of(paragraph, 0))
        assert int(view.scroll_offset.y) == top
        seen = top + view.scrollable_content_region.height
        percent = round(100 * seen / len(eager.lines), 1)
        assert app.reports == [Position(*eager.anchor(top), percent)]


async def test_a_head_replaced_by_the_whole_article_keeps_the_top_line(
    long_file: Path, article: Article, counting: threading.Event | None
) -> None:
    text = long_file.read_text(encoding="utf-8")
    head = parse_text(text[: text.index("\n\n" + part_start(5))], ".txt")
    assert head.blocks == article.blocks[: len(head.blocks)]
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = pilot.app.query_one(ArticleView)
        await pilot.pause()
        view.show(head, Position(HEADER, 0, 37.5), complete=False)
        await pilot.pause()
        await pilot.press("pagedown", "pagedown", "j")
        before = view.lines_on_screen()
        assert before[0].block > 0
        assert view.position() is not None and view.position().percent == 37.5  # type: ignore[union-attr]
        assert app.reports == []
        assert view.update_article(article)
        assert view.article is article
        assert view.lines_on_screen()[: len(before) - 1] == before[:-1]
        if counting is not None:
            counting.set()
        await until(pilot, lambda: bool(app.reports), "the whole article's position was reported")
        assert app.reports[-1].block == before[0].block and app.reports[-1].percent < 37.5
        assert view.lines_on_screen()[0] == before[0]
        assert not view.update_article(article)


async def test_a_position_beyond_the_head_is_shown_once_the_whole_article_is_there(
    long_file: Path, article: Article, counting: threading.Event | None
) -> None:
    text = long_file.read_text(encoding="utf-8")
    head = parse_text(text[: text.index("\n\n" + part_start(2))], ".txt")
    far = block_of(article, part_start(parts(article) - 3))
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = pilot.app.query_one(ArticleView)
        await pilot.pause()
        view.show(head, Position(far, 0, 99.0), complete=False)
        await pilot.pause()
        assert view.lines_on_screen() and view.position() is not None
        assert view.update_article(article)
        await pilot.pause()
        assert top_line(view).block == far
        position = view.position()
        assert position is not None and (position.block, position.offset) == (far, 0)


async def test_a_long_paragraph_far_down_is_shown_when_reached(
    article: Article, counting: threading.Event | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Measured, it was laid out by the measuring thread; not yet measured, going to it lays the
    whole article out in a thread, saying so meanwhile."""
    huge = Paragraph(" ".join(f"word{n}" for n in range(12_000)))
    blocks = (*article.blocks[:-1], huge, article.blocks[-1])
    longer = Article(article.title, blocks=blocks, quotes=article.quotes, meta=article.meta)
    assert len(huge.text) > ArticleView.LONG_BLOCK_CHARS
    laying_out = threading.Event()
    real = layout

    def held(*args: object) -> Layout:
        assert laying_out.wait(WAIT), "the test never let the layout go"
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(view_layout, "layout", held)
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await shown_in(pilot, longer)
        assert view.message == ""
        if counting is None:
            await settle(pilot)
        await pilot.press("G")
        if counting is None:
            assert view.message == "" and LAST in flat(view_text(view))
        else:
            assert view.message == LAYING_OUT and view.lines_on_screen() == []
        laying_out.set()
        await until(pilot, lambda: LAST in flat(view_text(view)), "the end was shown")
        await pilot.press("k", "k")
        assert "word11999" in flat(view_text(view))
        assert view.message == ""


async def test_the_reader_app_still_opens_long_articles(
    isolated_user: Path, long_file: Path
) -> None:
    """The real app, keys and all, with nothing held (the measuring thread runs as it will)."""
    app: ReadtuiApp = make_app(isolated_user, long_file)
    async with app.run_test(size=SIZE) as pilot:
        view = await opened(pilot, None)
        await pilot.press("space", "G", "g")
        assert top_line(view).block == HEADER


async def test_the_whole_text_is_parsed_only_once_its_head_is_drawn(
    isolated_user: Path, long_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing the whole holds the GIL: it must not hold back the frame that shows the head."""
    import readtui.article.load as load

    app: ReadtuiApp = make_app(isolated_user, long_file)
    frames: list[object] = []  # what the view showed at each frame drawn (Textual's _display)
    display = app._display

    def drawn(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        reader = app.reader
        frames.append(None if reader is None else reader.view.article)

    app._display = drawn  # type: ignore[method-assign]
    at_whole: list[list[object]] = []
    whole = load.Opening.whole

    def spied(opening: load.Opening, **kwargs: bool) -> Article:
        if kwargs.get("quotes", True):  # the reader's parse (the index's has no quotes)
            at_whole.append(list(frames))
        return whole(opening, **kwargs)

    monkeypatch.setattr(load.Opening, "whole", spied)
    monkeypatch.setattr(opening_module, "HEAD_DRAWN_WITHIN", 600.0)  # however slow the machine
    async with app.run_test(size=SIZE) as pilot:
        view = await opened(pilot, None)
        assert len(at_whole) == 1
        head_frames = [shown for shown in at_whole[0] if shown is not None]
        assert head_frames, "the whole was parsed before a frame showed the head"
        assert view.article is not None and view.article is not head_frames[0]
