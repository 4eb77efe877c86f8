"""Laying an article out in lines: word wrap by cells, anchors that survive widths, quote and
figure roles, the framed media block."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from readtui.article.load import load_article
from readtui.article.model import (
    Article,
    ArticleMeta,
    Block,
    BlockQuote,
    CodeBlock,
    Figure,
    Heading,
    ListBlock,
    Media,
    Paragraph,
)
from readtui.article.quotes import OPENERS, collect_quotes
from readtui.layout import HEADER, MIN_WIDTH, Layout, Line, layout, wrap

ARTICLES = Path(__file__).resolve().parents[2] / "articles"
SEED = ARTICLES / "russian-recruiter-shot-cbc.txt"
WIDTHS = [40, 100]

WORD_CHARS = "abcdefghijklmnopqrstuvwxyz,.'\u201c\u201d\u00e9\u4e2d\u6587\u5b57\uff21\u3042"
"""Narrow letters and punctuation plus wide CJK and full-width characters (two cells each)."""
words = st.text(WORD_CHARS, min_size=1, max_size=25)
gaps = st.text(" ", min_size=1, max_size=3)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Words separated by runs of spaces, sometimes over several lines."""
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        parts = draw(st.lists(st.tuples(words, gaps), max_size=12))
        lines.append("".join(word + gap for word, gap in parts).rstrip(" "))
    return "\n".join(lines)


def line_text(line: Line) -> str:
    return "".join(run.text for run in line.runs)


def line_cells(line: Line) -> int:
    return sum(cell_len(run.text) for run in line.runs)


# wrap() ---------------------------------------------------------------------------------------


@given(texts(), st.integers(2, 60))
def test_wrap_never_exceeds_the_width(text: str, width: int) -> None:
    assert all(cell_len(text[start:end]) <= width for start, end in wrap(text, width))


@given(texts(), st.integers(2, 60))
def test_wrap_covers_the_text_except_spaces_at_breaks(text: str, width: int) -> None:
    spans = wrap(text, width)
    assert spans[0][0] == 0
    assert spans[-1][1] == len(text)
    for (_, end), (start, _) in pairwise(spans):
        gap = text[end:start]
        assert start >= end
        assert gap == "\n" or set(gap) <= {" "}


@given(texts(), st.integers(2, 60))
def test_wrap_pieces_neither_start_nor_end_with_a_space(text: str, width: int) -> None:
    pieces = [text[start:end] for start, end in wrap(text, width)]
    assert not any(piece.startswith(" ") or piece.endswith(" ") for piece in pieces)


@given(texts(), st.integers(2, 60))
def test_wrap_breaks_lines_at_newlines(text: str, width: int) -> None:
    spans = wrap(text, width)
    assert all("\n" not in text[start:end] for start, end in spans)
    gaps_at_newlines = [text[e:s] for (_, e), (s, _) in pairwise(spans)].count("\n")
    assert gaps_at_newlines == text.count("\n")


@given(texts(), st.integers(2, 60))
def test_wrap_never_splits_a_word_that_fits(text: str, width: int) -> None:
    spans = wrap(text, width)
    for match in re.finditer(r"[^ \n]+", text):
        if cell_len(match.group()) <= width:
            assert any(s <= match.start() and match.end() <= e for s, e in spans), match


@pytest.mark.parametrize(
    ("text", "width", "pieces"),
    [
        ("hello world", 5, ["hello", "world"]),
        ("hello world", 11, ["hello world"]),
        ("a bb ccc dddd", 6, ["a bb", "ccc", "dddd"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("one  two", 4, ["one", "two"]),
        ("中文字中文字", 5, ["中文", "字中", "文字"]),
        ("ab 中文", 4, ["ab", "中文"]),
        ("first\nsecond line", 8, ["first", "second", "line"]),
        ("", 10, [""]),
    ],
)
def test_wrap_examples(text: str, width: int, pieces: list[str]) -> None:
    assert [text[s:e] for s, e in wrap(text, width)] == pieces


# layout() of the seed -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(SEED)


@pytest.fixture(scope="module", params=WIDTHS)
def seed_layout(request: pytest.FixtureRequest, seed: Article) -> Layout:
    return layout(seed, request.param)


def real_lines(result: Layout) -> list[int]:
    return [i for i, line in enumerate(result.lines) if not line.spacer]


def test_layout_width_is_kept(seed: Article) -> None:
    assert [layout(seed, width).width for width in (*WIDTHS, 3)] == [*WIDTHS, MIN_WIDTH]


def test_no_line_is_wider_than_the_layout(seed_layout: Layout) -> None:
    assert max(line_cells(line) for line in seed_layout.lines) <= seed_layout.width


def test_anchor_round_trip(seed_layout: Layout) -> None:
    for index in real_lines(seed_layout):
        assert seed_layout.line_of(*seed_layout.anchor(index)) == index


def test_anchors_are_distinct_and_in_reading_order(seed_layout: Layout) -> None:
    anchors = [seed_layout.anchor(i) for i in real_lines(seed_layout)]
    assert anchors == sorted(set(anchors))


def test_spacer_anchors_to_the_next_real_line(seed_layout: Layout) -> None:
    spacers = [i for i, line in enumerate(seed_layout.lines) if line.spacer]
    assert spacers
    for index in spacers:
        assert seed_layout.line_of(*seed_layout.anchor(index)) > index


def test_header_comes_first(seed: Article, seed_layout: Layout) -> None:
    assert line_text(seed_layout.lines[0]) == seed.title[: len(line_text(seed_layout.lines[0]))]
    assert seed_layout.lines[0].block == HEADER


def test_anchor_survives_a_width_change(seed: Article) -> None:
    """A paragraph's first line found at one width is the same paragraph start at another."""
    narrow, wide = layout(seed, WIDTHS[0]), layout(seed, WIDTHS[1])
    for index, block in enumerate(seed.blocks):
        if isinstance(block, Paragraph):
            line = wide.lines[wide.line_of(index, 0)]
            assert (line.block, line.offset) == (index, 0)
            line = narrow.lines[narrow.line_of(index, 0)]
            assert (line.block, line.offset) == (index, 0)


def test_quote_lines_point_at_their_quote(seed: Article, seed_layout: Layout) -> None:
    assert len(seed_layout.quote_lines) == len(seed.quotes)
    for number, index in enumerate(seed_layout.quote_lines):
        runs = seed_layout.lines[index].runs
        assert any(run.role == "quote" and run.quote == number for run in runs)


def test_quote_lines_are_the_first_line_of_each_quote(seed_layout: Layout) -> None:
    for number, index in enumerate(seed_layout.quote_lines):
        earlier = seed_layout.lines[:index]
        assert not any(run.quote == number for line in earlier for run in line.runs)


def test_quote_runs_hold_the_quote_and_its_marks(seed: Article, seed_layout: Layout) -> None:
    for number, quote in enumerate(seed.quotes):
        shown = "".join(
            run.text for line in seed_layout.lines for run in line.runs if run.quote == number
        )
        text = seed.blocks[quote.block].text
        marked = text[quote.start - 1 : quote.end + 1]
        assert marked[0] in OPENERS
        assert shown.replace(" ", "") == marked.replace(" ", "")


def test_figure_lines_carry_their_roles(seed: Article, seed_layout: Layout) -> None:
    for index, block in enumerate(seed.blocks):
        if isinstance(block, Figure):
            lines = [line for line in seed_layout.lines if line.block == index]
            roles = {run.role for line in lines for run in line.runs}
            assert {"alt", "caption", "credit"} <= roles
            for role in ("alt", "caption", "credit"):
                shown = " ".join(
                    run.text for line in lines for run in line.runs if run.role == role
                )
                assert shown == getattr(block, role)


def test_figure_alt_comes_before_caption_before_credit(seed: Article, seed_layout: Layout) -> None:
    for index, block in enumerate(seed.blocks):
        if isinstance(block, Figure):
            roles = [
                run.role
                for line in seed_layout.lines
                if line.block == index
                for run in line.runs
                if run.role in ("alt", "caption", "credit")
            ]
            order = [role for n, role in enumerate(roles) if n == 0 or roles[n - 1] != role]
            assert order == ["alt", "caption", "credit"]


def _media_lines(seed: Article, result: Layout) -> list[Line]:
    (index,) = [i for i, block in enumerate(seed.blocks) if isinstance(block, Media)]
    return [line for line in result.lines if line.block == index and not line.spacer]


def test_media_block_is_framed(seed: Article, seed_layout: Layout) -> None:
    lines = [line_text(line) for line in _media_lines(seed, seed_layout)]
    assert "▶ WATCH" in lines[0]
    assert lines[0].startswith("╭") and lines[0].endswith("╮")
    assert lines[-1].startswith("╰") and lines[-1].endswith("╯")
    assert all(text.startswith("│ ") and text.endswith(" │") for text in lines[1:-1])


def test_media_frame_lines_fill_the_width(seed: Article, seed_layout: Layout) -> None:
    lines = _media_lines(seed, seed_layout)
    assert {line_cells(line) for line in lines} == {seed_layout.width}


@pytest.mark.parametrize(
    ("role", "field"),
    [("media-intro", "intro"), ("media-title", "title"), ("media-text", "description")],
)
def test_media_text_is_shown(seed: Article, seed_layout: Layout, role: str, field: str) -> None:
    (media,) = [b for b in seed.blocks if isinstance(b, Media)]
    shown = " ".join(
        run.text.strip()
        for line in _media_lines(seed, seed_layout)
        for run in line.runs
        if run.role == role
    )
    assert shown == getattr(media, field)


def test_media_info_line(seed: Article, seed_layout: Layout) -> None:
    info = [
        run.text.strip()
        for line in _media_lines(seed, seed_layout)
        for run in line.runs
        if run.role == "media-info"
    ]
    assert info == ["2:01 · 1 year ago"]


# layout() of other articles -------------------------------------------------------------------


def make_article(blocks: tuple[Block, ...], **header: str) -> Article:
    return Article(
        title=header.get("title", "A title"),
        standfirst=header.get("standfirst", ""),
        subhead=header.get("subhead", ""),
        blocks=blocks,
        quotes=collect_quotes(blocks),
        meta=ArticleMeta(word_count=100, encoding="cp1252", encoding_guessed=True),
    )


def test_quote_in_a_figure_caption_is_marked_in_the_caption_only() -> None:
    figure = Figure(caption='He said "stop" there', alt="A man at a door", credit="A/B")
    result = layout(make_article((figure,)), 60)
    quoted = [(run.role, run.text) for line in result.lines for run in line.runs if run.quote >= 0]
    assert quoted == [("quote", '"stop"')]


def test_quote_in_a_media_description_has_a_quote_line() -> None:
    media = Media(label="WATCH", intro="x", title="y", description='She said "no more" today')
    result = layout(make_article((Paragraph("Before."), media)), 60)
    runs = result.lines[result.quote_lines[0]].runs
    assert any(run.role == "quote" and run.quote == 0 for run in runs)


def test_quote_in_a_later_list_item_is_marked_where_it_is() -> None:
    items = ("a first item that is long enough", 'then she said "yes" and left')
    result = layout(make_article((ListBlock(items),)), 60)
    quoted = [run.text for line in result.lines for run in line.runs if run.quote >= 0]
    assert quoted == ['"yes"']


@pytest.mark.parametrize("control", ["\x1b", "\x07", "\x7f", "\x00"])
def test_control_characters_do_not_push_lines_past_the_width(control: str) -> None:
    text = " ".join(["word" + control * 3] * 40)
    result = layout(make_article((Paragraph(text), Heading(text[:40]))), 30)
    assert max(line_cells(line) for line in result.lines) <= 30
    assert all("\x1b" not in line_text(line) for line in result.lines)


def test_long_meta_line_keeps_anchors_unique() -> None:
    article = make_article((Paragraph("Body."),))
    result = layout(article, MIN_WIDTH)
    for index in real_lines(result):
        assert result.line_of(*result.anchor(index)) == index


@pytest.mark.parametrize("path", sorted(ARTICLES.iterdir()), ids=lambda p: p.name)
@pytest.mark.parametrize("width", [MIN_WIDTH, 33, 80])
def test_every_sample_article_lays_out_with_round_trip_anchors(path: Path, width: int) -> None:
    result = layout(load_article(path), width)
    assert max(line_cells(line) for line in result.lines) <= result.width
    for index in real_lines(result):
        assert result.line_of(*result.anchor(index)) == index


sentences = st.text(WORD_CHARS + ' "', min_size=0, max_size=120)
blocks = st.one_of(
    st.builds(Paragraph, sentences),
    st.builds(Heading, sentences, st.integers(2, 4)),
    st.builds(Figure, caption=sentences, alt=sentences, credit=sentences),
    st.builds(
        Media,
        label=st.sampled_from(["WATCH", "LISTEN"]),
        intro=sentences,
        title=sentences,
        age=st.sampled_from(["", "1 year ago"]),
        duration=st.sampled_from(["", "2:01"]),
        description=sentences,
    ),
    st.builds(BlockQuote, sentences),
    st.builds(ListBlock, st.lists(sentences, max_size=4).map(tuple), st.booleans()),
    st.builds(CodeBlock, sentences),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(blocks, max_size=8).map(tuple), sentences, sentences, st.integers(MIN_WIDTH, 90))
def test_any_article_lays_out_with_round_trip_anchors(
    content: tuple[Block, ...], standfirst: str, subhead: str, width: int
) -> None:
    article = make_article(content, standfirst=standfirst, subhead=subhead)
    result = layout(article, width)
    assert max(line_cells(line) for line in result.lines) <= result.width
    for index in real_lines(result):
        assert result.line_of(*result.anchor(index)) == index
    for number, index in enumerate(result.quote_lines):
        assert any(run.quote == number for run in result.lines[index].runs)
