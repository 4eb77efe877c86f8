"""Finding a phrase in an article: smart case, whitespace and line breaks, Unicode case folding
(with offsets that stay exact), where matches fall in figures, media and lists, and how a
laid-out line is cut at their edges."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_purity import loaded_after_importing, top_level

from readtui.article.load import load_article
from readtui.article.model import (
    Article,
    ArticleMeta,
    Block,
    Figure,
    Heading,
    ListBlock,
    Media,
    Paragraph,
    Quote,
)
from readtui.article.sanitize import sanitize
from readtui.article.search import (
    HEADER,
    Query,
    field_at,
    fields,
    find_in_text,
    find_matches,
)
from readtui.layout import layout
from readtui.search_marks import CURRENT, MATCH, PLAIN, mark_line

ARTICLES = Path(__file__).resolve().parents[2] / "articles"
DATA = Path(__file__).resolve().parents[1] / "data"


def article_of(*blocks: Block, title: str = "Title", quotes: tuple[Quote, ...] = ()) -> Article:
    return Article(title=title, blocks=tuple(blocks), quotes=quotes, meta=ArticleMeta())


def texts(text: str, query: str) -> list[str]:
    return [text[start:end] for start, end in find_in_text(text, Query(query))]


# -- the matcher ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("port", ["Port", "port", "PORT"]),
        ("Port", ["Port"]),
        ("PORT", ["PORT"]),
        ("pORT", []),
    ],
)
def test_smart_case_ignores_case_unless_the_query_has_a_capital(
    query: str, found: list[str]
) -> None:
    assert texts("Port and port and PORT", query) == found


@pytest.mark.parametrize(
    "text",
    [
        "the quick brown fox",
        "the quick\nbrown fox",
        "the quick \n   brown fox",
        "the quick\u00a0brown fox",
        "the quick\t\tbrown fox",
    ],
)
def test_any_run_of_whitespace_matches_a_space(text: str) -> None:
    assert find_in_text(text, Query("quick brown")) == [(4, text.index("brown") + 5)]


def test_whitespace_in_the_query_is_a_run_too() -> None:
    assert texts("quick    brown", "quick \n brown") == ["quick    brown"]


@pytest.mark.parametrize(
    ("text", "query", "found"),
    [
        ("Die Straße", "strasse", ["Straße"]),
        ("DIE STRASSE", "straße", ["STRASSE"]),
        ("Maß und Straße und MASS", "maß", ["Maß", "MASS"]),
        ("Maß und Straße", "straße", ["Straße"]),
        ("ﬁnal ﬁle", "file", ["ﬁle"]),
        ("ΣΊΣΥΦΟΣ σίσυφος", "σίσυφοσ", ["ΣΊΣΥΦΟΣ", "σίσυφος"]),
        ("Ærø ÆRØ", "ærø", ["Ærø", "ÆRØ"]),
    ],
)
def test_case_folding_is_unicode_and_offsets_stay_exact(
    text: str, query: str, found: list[str]
) -> None:
    assert texts(text, query) == found


def test_a_match_never_starts_or_ends_inside_a_folded_character() -> None:
    """`ß` folds to `ss`: `s` alone is not in it (and offsets after it are still right)."""
    assert texts("ß s ss", "s") == ["s", "s", "s"]
    assert find_in_text("ß s ss", Query("s")) == [(2, 3), (4, 5), (5, 6)]


def test_matches_do_not_overlap_and_may_touch() -> None:
    assert find_in_text("aaaa", Query("aa")) == [(0, 2), (2, 4)]
    assert find_in_text("aaa", Query("aa")) == [(0, 2)]
    assert find_in_text("abab", Query("ab")) == [(0, 2), (2, 4)]


@pytest.mark.parametrize("query", ["", " ", "\n\t "])
def test_an_empty_query_finds_nothing(query: str) -> None:
    assert find_in_text("some text with spaces", Query(query)) == []
    assert len(find_matches(article_of(Paragraph("some text")), query) or ()) == 0


@pytest.mark.parametrize("query", ["a.b", "(x", "[", "\\", "a+", "$1"])
def test_the_query_is_text_not_a_pattern(query: str) -> None:
    text = f"axb aab {query} end"
    assert texts(text, query) == [query]


def test_leading_and_trailing_spaces_ask_for_whitespace_there() -> None:
    assert find_in_text("cat category cat", Query("cat ")) == [(0, 4)]


# -- where matches are, in layout offsets ---------------------------------------------------------


def test_header_fields_run_on_with_the_layout_offsets() -> None:
    article = Article(
        title="Flood title",
        standfirst="A flood standfirst",
        subhead="",
        blocks=(Paragraph("flood"),),
        quotes=(),
        meta=ArticleMeta(),
    )
    found = find_matches(article, "flood")
    assert found is not None
    assert [found[i] for i in range(len(found))] == [
        (HEADER, 0, 5),
        (HEADER, len("Flood title") + 1 + 2, len("Flood title") + 1 + 7),
        (0, 0, 5),
    ]


def test_figures_media_and_lists_are_searched_at_their_line_offsets() -> None:
    figure = Figure(caption="cap word", alt="alt word", credit="credit word")
    media = Media(label="WATCH", intro="intro word", title="title word", description="desc word")
    items = ListBlock(items=("first word", "second word"))
    article = article_of(figure, media, items)
    found = find_matches(article, "word")
    assert found is not None
    by_block: dict[int, list[tuple[int, int]]] = {}
    for i in range(len(found)):
        block, start, end = found[i]
        by_block.setdefault(block, []).append((start, end))
    assert by_block[0] == [(-5, -1), (4, 8), (16, 20)]
    assert by_block[2] == [(6, 10), (18, 22)]
    # Each match is in the field field_at finds for it, at the right place in its text.
    for i in range(len(found)):
        block, start, end = found[i]
        field = field_at(article, block, start)
        assert field is not None
        assert field.text[start - field.base : end - field.base] == "word"


def test_list_items_are_not_joined_by_a_match() -> None:
    article = article_of(ListBlock(items=("one two", "three four")))
    assert len(find_matches(article, "two three") or ()) == 0
    assert len(find_matches(article, "three four") or ()) == 1


def test_matches_are_looked_up_by_place() -> None:
    article = article_of(Paragraph("x a x"), Paragraph("none"), Paragraph("x x"))
    found = find_matches(article, "x")
    assert found is not None
    assert len(found) == 4
    assert found.has_block(0) and not found.has_block(1) and found.has_block(2)
    assert list(found.overlapping(0, 1, 4)) == []
    assert list(found.overlapping(0, 1, 5)) == [1]
    assert list(found.overlapping(0, 0, 5)) == [0, 1]
    assert list(found.overlapping(1, 0, 4)) == []
    assert found.first_from(0, 1) == 1
    assert found.first_from(1, 0) == 2
    assert found.first_from(2, 3) == 4
    assert found.index_of(2, 2) == 3
    assert found.index_of(2, 1) is None


def test_a_cancelled_search_gives_nothing() -> None:
    article = article_of(*[Paragraph("word") for _ in range(600)])
    assert find_matches(article, "word", cancelled=lambda: True) is None
    assert len(find_matches(article, "word") or ()) == 600


def test_the_search_core_imports_no_ui_toolkit() -> None:
    loaded = loaded_after_importing("readtui.article.search")
    assert "readtui.article.search" in loaded
    assert top_level(loaded) & {"textual", "rich"} == set()


# -- marking laid-out lines -----------------------------------------------------------------------


def marked_texts(article: Article, query: str, width: int) -> tuple[list[str], list[str]]:
    """Each match's text as the lines of its block mark it current (joined over the lines),
    and its source text as shown, both without whitespace (a wrap drops the spaces)."""
    found = find_matches(article, query)
    assert found is not None
    lines = layout(article, width).lines
    squeeze = re.compile(r"\s+")
    got, wanted = [], []
    for index in range(len(found)):
        block, start, end = found[index]
        marked = ""
        for line in (line for line in lines if line.block == block):
            pieces = mark_line(line, article, found, current=index)
            assert "".join(text for text, _run, _mark in pieces) == "".join(
                run.text for run in line.runs
            )
            marked += "".join(text for text, _run, mark in pieces if mark == CURRENT)
        field = field_at(article, block, start)
        assert field is not None
        got.append(squeeze.sub("", marked))
        wanted.append(squeeze.sub("", sanitize(field.text[start - field.base : end - field.base])))
    return got, wanted


@pytest.mark.parametrize(
    "path",
    [
        ARTICLES / "russian-recruiter-shot-cbc.txt",
        ARTICLES / "00-welcome-to-readtui.md",
        DATA / "cbc-wildfire-evacuation.txt",
        DATA / "guardian-record-shop.txt",
    ],
    ids=lambda path: path.stem,
)
@pytest.mark.parametrize("query", ["the", "said", "a", "in the", "."])
def test_every_match_is_marked_exactly_on_screen(path: Path, query: str) -> None:
    """Over wrapped lines, quotes, captions, media frames and list items, the marked pieces
    are each match's text and nothing else."""
    article = load_article(path)
    got, wanted = marked_texts(article, query, 40)
    assert got == wanted
    assert len(wanted) > 0


def test_a_phrase_wrapped_over_two_lines_is_marked_on_both() -> None:
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi"
    article = article_of(Paragraph(words))
    lines = [line for line in layout(article, 20).lines if line.block == 0 and not line.spacer]
    first, second = lines[0], lines[1]
    last_word = "".join(r.text for r in first.runs).split()[-1]
    next_word = "".join(r.text for r in second.runs).split()[0]
    found = find_matches(article, f"{last_word} {next_word}")
    assert found is not None and len(found) == 1
    marks = [
        [text for text, _run, mark in mark_line(line, article, found, 0) if mark == CURRENT]
        for line in (first, second)
    ]
    assert marks == [[last_word], [next_word]]


def test_a_control_character_before_a_match_keeps_the_mark_in_place() -> None:
    """`\\x1b` shows as `^[` (two cells for one character): the mark still covers the word."""
    article = article_of(Paragraph("a\x1bb target \x07 end"))
    found = find_matches(article, "target")
    assert found is not None
    line = next(line for line in layout(article, 60).lines if line.block == 0 and line.runs)
    pieces = mark_line(line, article, found, None)
    assert [(text, mark) for text, _run, mark in pieces if mark != PLAIN] == [("target", MATCH)]
    assert "".join(text for text, _run, _mark in pieces) == "a^[b target ^G end"


def test_a_match_across_a_quote_edge_is_marked_in_both_runs() -> None:
    text = 'He said "stay home" today.'
    start = text.index('"') + 1
    quote = Quote(text="stay home", block=0, start=start, end=start + len("stay home"))
    article = article_of(Paragraph(text), quotes=(quote,))
    found = find_matches(article, 'said "stay')
    assert found is not None and len(found) == 1
    line = next(line for line in layout(article, 60).lines if line.block == 0 and line.runs)
    pieces = [(text, run.role) for text, run, mark in mark_line(line, article, found, 0) if mark]
    assert pieces == [("said ", "text"), ('"stay', "quote")]


def test_headings_and_fields_are_all_found() -> None:
    article = article_of(Heading("Word heading"), Paragraph("word"), title="A word title")
    assert len(find_matches(article, "word") or ()) == 3
    assert [field.block for field in fields(article)] == [HEADER, 0, 1]
