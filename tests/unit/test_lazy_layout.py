"""The lazy layout gives exactly the lines of `layout()`, a block at a time: measured whole, or
from a window that starts anywhere and grows both ways; quotes, anchors and places agree."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from test_layout import WORD_CHARS, blocks, make_article

import readtui.layout.wrapping as wrapping_module
from readtui.article.load import load_article
from readtui.article.model import Article, Block, ListBlock, Paragraph, Quote
from readtui.layout import (
    HEADER,
    MIN_WIDTH,
    Layout,
    LazyLayout,
    LongUnit,
    Measured,
    QuoteIndex,
    count_lines,
    layout,
    measure,
    shown,
    unit_lines,
    wrap,
)

ROOT = Path(__file__).resolve().parents[2]
PATHS = sorted((ROOT / "tests" / "data").glob("*.txt")) + sorted((ROOT / "articles").iterdir())
WIDTHS = [MIN_WIDTH, 37, 80]


def unit_starts(result: Layout, units: int) -> list[int]:
    """Where each unit (header, then each block) starts in an eager layout."""
    counts = [0] * units
    for line in result.lines:
        counts[line.block + 1] += 1
    starts = [0]
    for count in counts:
        starts.append(starts[-1] + count)
    return starts


def measured(article: Article, width: int) -> LazyLayout:
    lazy = LazyLayout(article, width)
    counts = measure(article, width)
    assert counts is not None
    lazy.adopt(counts)
    return lazy


def first_quote_from(result: Layout, top: int) -> int:
    """What the view did with a whole layout: the first quote whose line is at or below `top`."""
    return next((i for i, line in enumerate(result.quote_lines) if line >= top), 0)


@pytest.fixture(scope="module", params=PATHS, ids=lambda p: p.name)
def article(request: pytest.FixtureRequest) -> Article:
    return load_article(request.param)


# -- the whole article, measured ---------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_measured_lazy_lines_are_the_eager_lines(article: Article, width: int) -> None:
    eager, lazy = layout(article, width), measured(article, width)
    assert lazy.complete and lazy.total == len(eager.lines) and lazy.width == eager.width
    assert [lazy.line(y) for y in range(lazy.total)] == list(eager.lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_measure_counts_each_unit_as_laid_out(article: Article, width: int) -> None:
    counts = measure(article, width)
    assert counts is not None
    eager = layout(article, width)
    assert list(counts.starts) == unit_starts(eager, len(article.blocks) + 1)


@pytest.mark.parametrize("width", WIDTHS)
def test_anchors_places_and_quotes_agree_with_the_eager_layout(
    article: Article, width: int
) -> None:
    eager, lazy = layout(article, width), measured(article, width)
    for y in range(len(eager.lines)):
        assert lazy.anchor(y) == eager.anchor(y)
        block, offset = eager.anchor(y)
        assert lazy.line_of(block, offset) == eager.line_of(block, offset)
        assert lazy.first_quote_from(y) == first_quote_from(eager, y)
    assert lazy.anchor(len(eager.lines) + 5) == eager.anchor(len(eager.lines) + 5)
    for index, line in enumerate(eager.quote_lines):
        assert lazy.line_at(lazy.quote_place(index)) == line


@pytest.mark.parametrize(
    "target", [(HEADER, 0), (HEADER - 5, 0), (0, -1_000), (10**6, 0), (3, 10**9)]
)
def test_line_of_outside_the_article_is_the_nearest_line(
    article: Article, target: tuple[int, int]
) -> None:
    eager, lazy = layout(article, 40), measured(article, 40)
    assert lazy.line_of(*target) == eager.line_of(*target)


# -- a window that starts anywhere and grows -------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_a_window_seated_in_the_middle_grows_to_the_same_lines(
    article: Article, width: int
) -> None:
    eager = layout(article, width)
    starts = unit_starts(eager, len(article.blocks) + 1)
    lazy = LazyLayout(article, width)
    middle = (len(article.blocks) + 1) // 2
    lazy.seat(middle)
    assert lazy.line_at((middle, 0)) == 0 and not lazy.complete
    shift = lazy.grow(-7, 9)
    assert shift == starts[middle] - starts[lazy.first_unit]
    window = [lazy.line(y) for y in range(lazy.total)]
    top = starts[lazy.first_unit]
    assert window == list(eager.lines[top : top + lazy.total])
    assert lazy.line_at((middle, 0)) == shift
    total_shift = shift + lazy.grow(-(10**9), 10**9)
    assert lazy.complete and total_shift == starts[middle]
    assert [lazy.line(y) for y in range(lazy.total)] == list(eager.lines)


def test_growing_up_says_how_far_the_lines_moved(article: Article) -> None:
    eager = layout(article, 37)
    lazy = LazyLayout(article, 37)
    last = len(article.blocks)
    lazy.seat(last)
    before = lazy.line(0)
    while lazy.first_unit > 0:
        shift = lazy.grow(-1, 0)
        assert shift > 0 or len(lazy.unit_lines(lazy.first_unit)) == 0
        assert lazy.line(shift) == before
        before = lazy.line(0)
    assert [lazy.line(y) for y in range(lazy.total)] == list(eager.lines)


def test_adopting_the_counts_keeps_the_window_lines_in_place(article: Article) -> None:
    eager = layout(article, 80)
    starts = unit_starts(eager, len(article.blocks) + 1)
    lazy = LazyLayout(article, 80)
    unit = len(article.blocks) * 2 // 3
    lazy.seat(unit)
    lazy.grow(-20, 40)
    seen = [lazy.line(y) for y in range(lazy.total)]
    first = lazy.first_unit
    counts = measure(article, 80)
    assert counts is not None
    shift = lazy.adopt(counts)
    assert shift == starts[first] and lazy.complete
    assert [lazy.line(y + shift) for y in range(len(seen))] == seen


def test_a_place_outside_the_window_seats_it_there(article: Article) -> None:
    eager, lazy = layout(article, 80), LazyLayout(article, 80)
    lazy.seat(0)
    block = len(article.blocks) - 1
    line = lazy.line_of(block, 0)
    assert lazy.line(line) == eager.lines[eager.line_of(block, 0)]


def test_adopting_counts_of_another_width_is_refused(article: Article) -> None:
    counts = measure(article, 50)
    assert counts is not None
    with pytest.raises(ValueError, match="another article or width"):
        LazyLayout(article, 51).adopt(counts)


# -- any article ---------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.lists(blocks, max_size=10).map(tuple),
    st.integers(MIN_WIDTH, 90),
    st.integers(0, 10),
    st.data(),
)
def test_any_article_lays_out_lazily_as_eagerly(
    content: tuple[Block, ...], width: int, seat: int, data: st.DataObject
) -> None:
    """Empty lists among the blocks (no lines, and so no blank line after them) included."""
    if data.draw(st.booleans()):
        content = (*content[:2], ListBlock(()), ListBlock(()), *content[2:])
    article = make_article(content)
    eager = layout(article, width)
    lazy = LazyLayout(article, width)
    lazy.seat(min(seat, len(content)))
    lazy.grow(-(10**6), 10**6)
    assert [lazy.line(y) for y in range(lazy.total)] == list(eager.lines)
    counts = measure(article, width)
    assert counts is not None
    assert list(counts.starts) == unit_starts(eager, len(content) + 1)
    for index, line in enumerate(eager.quote_lines):
        runs = eager.lines[line].runs
        if any(run.quote == index for run in runs):
            assert lazy.line_at(lazy.quote_place(index)) == line


# -- quotes by block -------------------------------------------------------------------------------


def spans_by_block(article: Article) -> dict[int, list[tuple[int, int, int]]]:
    """Every quote's spans, gathered block by block from Quote.spans (the old way)."""
    found: dict[int, list[tuple[int, int, int]]] = {}
    for index, quote in enumerate(article.quotes):
        for block, start, end in quote.spans(article.blocks):
            found.setdefault(block, []).append((start, end, index))
    return {block: sorted(spans) for block, spans in found.items()}


def test_quote_index_finds_every_span_of_every_block(article: Article) -> None:
    index, expected = QuoteIndex(article), spans_by_block(article)
    for block in range(len(article.blocks)):
        assert index.spans(block)[0] == expected.get(block, [])


def test_quote_index_handles_quotes_over_blocks_and_out_of_order() -> None:
    texts = ["\u201cOne", "\u201cTwo, still", "\u201cthree.\u201d And \u201cfour\u201d", "five"]
    article = Article(
        title="T",
        blocks=tuple(Paragraph(text) for text in texts),
        quotes=(
            Quote("four", block=2, start=14, end=18),
            Quote("One Two three", block=0, start=1, end=6, end_block=2),
            Quote("Two", block=1, start=1, end=4),
        ),
    )
    index, expected = QuoteIndex(article), spans_by_block(article)
    for block in range(len(texts)):
        spans, ends = index.spans(block)
        assert spans == expected.get(block, [])
        assert ends == sorted(ends)
    eager, lazy = layout(article, 30), measured(article, 30)
    assert [lazy.line(y) for y in range(lazy.total)] == list(eager.lines)
    assert [index.at(rank) for rank in range(len(index))] == [1, 2, 0]


# -- wrapping one-cell text quickly ----------------------------------------------------------------

ONE_CELL = "abcdefghij ,.'\u2019\u201c\u201d\u00e9\u2014\t"
"""ASCII, curly quotes, an accent, a dash and a tab (shown as one space): one cell each."""


@given(st.text(ONE_CELL, max_size=300), st.integers(1, 50))
def test_the_one_cell_shortcut_wraps_as_measuring_each_character_does(
    text: str, width: int
) -> None:
    quick = wrap(text, width)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wrapping_module, "_one_cell_each", lambda _text: False)
        assert wrap(text, width) == quick


@given(st.text(ONE_CELL + WORD_CHARS + "\n\x1b", max_size=300), st.integers(1, 50))
def test_counting_lines_gives_the_number_of_wrapped_lines(text: str, width: int) -> None:
    assert count_lines(text, width) == len(wrap(text, width))


@given(st.text(WORD_CHARS + "\x1b\x07\u0301\u200b\x85 ", max_size=60))
def test_text_taken_for_one_cell_per_character_is(text: str) -> None:
    if wrapping_module._one_cell_each(text):
        assert cell_len(shown(text)) == len(text)


@pytest.mark.parametrize("text", ["wide \u4e2d", "control \x1b[", "accent e\u0301", "zw\u200bsp"])
def test_text_with_wide_or_odd_characters_is_measured_character_by_character(
    text: str,
) -> None:
    assert not wrapping_module._one_cell_each(text)


# -- long units, the cache, cancelling -----------------------------------------------------------


def long_article(seed: Article) -> Article:
    """The seed with a 30,000-character paragraph (no break but spaces) before its last block."""
    huge = Paragraph(" ".join(["word"] * 6_000))
    blocks = (*seed.blocks[:-1], huge, seed.blocks[-1])
    return dataclasses.replace(seed, blocks=blocks, quotes=())


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(ROOT / "articles" / "russian-recruiter-shot-cbc.txt")


def test_a_long_unit_is_not_laid_out_in_the_ui_but_by_the_measure(seed: Article) -> None:
    article = long_article(seed)
    long_unit = len(article.blocks) - 1
    lazy = LazyLayout(article, 60, long_chars=10_000)
    with pytest.raises(LongUnit):
        lazy.seat(long_unit)
    counts = measure(article, 60, long_chars=10_000)
    assert counts is not None and set(counts.long_units) == {long_unit}
    lazy.adopt(counts)
    assert lazy.unit_lines(long_unit) == unit_lines(article, 60, long_unit, lazy.quotes)
    assert [lazy.line(y) for y in range(lazy.total)] == list(layout(article, 60).lines)


def test_the_cache_holds_a_bounded_number_of_lines(
    seed: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LazyLayout, "CACHED_LINES", 50)
    lazy = measured(seed, 20)
    assert lazy.total > 200
    biggest = max(len(lazy.unit_lines(unit)) for unit in range(lazy.units))
    for y in range(lazy.total):
        lazy.line(y)
        assert lazy.cached_lines <= 50 + biggest


def test_measuring_stops_when_cancelled(seed: Article) -> None:
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1

    many = dataclasses.replace(seed, blocks=seed.blocks * 20, quotes=())
    assert measure(many, 80, cancelled=cancelled) is None
    assert measure(many, 80, cancelled=lambda: False) is not None


def test_no_line_is_wider_than_the_width_when_built_a_unit_at_a_time(seed: Article) -> None:
    lazy = measured(seed, MIN_WIDTH)
    for y in range(lazy.total):
        assert sum(cell_len(run.text) for run in lazy.line(y).runs) <= MIN_WIDTH
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", "".join(r.text for r in lazy.line(y).runs))


def test_a_whole_layout_cut_into_units_is_the_same_layout(seed: Article) -> None:
    eager = layout(seed, 44)
    lazy = LazyLayout(seed, 44)
    lazy.adopt(Measured.of(eager, lazy.units))
    assert [lazy.line(y) for y in range(lazy.total)] == list(eager.lines)
    assert lazy.cached_lines == 0
