"""Markdown parsing: front matter, block mapping, inline flattening and quote offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readtui.article.markdown import parse_markdown
from readtui.article.model import (
    Article,
    BlockQuote,
    CodeBlock,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
)

ARTICLES = Path(__file__).resolve().parents[2] / "articles"
LONG_READ = ARTICLES / "the-quiet-return-of-the-night-train.md"

FRONT = """---
title: The Title
author: "Ada Writer"
source: 'The Daily Example'
date: 2024-01-02
url: https://example.com/a?b=c
standfirst: A short summary.
subhead: A smaller line
colour: blue
---

Body text.
"""


def _all_text(article: Article) -> str:
    """Everything a reader would see, for checks that text survived parsing."""
    return "\n".join([article.title, *(block.text for block in article.blocks)])


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        ("title", "The Title"),
        ("standfirst", "A short summary."),
        ("subhead", "A smaller line"),
        ("meta.author", "Ada Writer"),
        ("meta.source", "The Daily Example"),
        ("meta.date", "2024-01-02"),
        ("meta.url", "https://example.com/a?b=c"),
    ],
)
def test_front_matter_fields_land_on_the_article(attribute: str, expected: str) -> None:
    value: object = parse_markdown(FRONT)
    for name in attribute.split("."):
        value = getattr(value, name)
    assert value == expected


def test_front_matter_is_not_part_of_the_body() -> None:
    assert parse_markdown(FRONT).blocks == (Paragraph("Body text."),)


@pytest.mark.parametrize("key", ["description", "summary"])
def test_description_and_summary_serve_as_standfirst(key: str) -> None:
    article = parse_markdown(f"---\n{key}: In short.\n---\n\nBody.\n")
    assert article.standfirst == "In short."


def test_level_one_heading_becomes_the_title_and_is_not_repeated() -> None:
    article = parse_markdown("Intro.\n\n# Heading Title\n\nBody.\n")
    assert article.title == "Heading Title"
    assert article.blocks == (Paragraph("Intro."), Paragraph("Body."))


def test_front_matter_title_wins_over_a_different_h1() -> None:
    article = parse_markdown("---\ntitle: Chosen\n---\n# Other\n\nBody.\n")
    assert article.title == "Chosen"
    assert article.blocks[0] == Heading("Other", 1)


def test_h1_repeating_the_front_matter_title_is_dropped() -> None:
    article = parse_markdown("---\ntitle: Same\n---\n# Same\n\nBody.\n")
    assert article.blocks == (Paragraph("Body."),)


def test_no_title_anywhere_gives_empty_title() -> None:
    assert parse_markdown("## Sub\n\nBody.\n").title == ""


@pytest.mark.parametrize("level", [2, 3, 4, 5, 6])
def test_heading_levels_are_kept(level: int) -> None:
    article = parse_markdown(f"# T\n\n{'#' * level} Section *one*\n")
    assert article.blocks == (Heading("Section one", level),)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("some *emphasis* here", "some emphasis here"),
        ("some **strong** and _under_", "some strong and under"),
        ("a [link text](https://example.com) here", "a link text here"),
        ("run `ls -l` now", "run ls -l now"),
        ("first line\nsecond line", "first line second line"),
        ("first line  \nsecond line", "first line\nsecond line"),
        ("fish &amp; chips", "fish & chips"),
        ("an <b>inline</b> tag", "an inline tag"),
    ],
)
def test_inline_markup_is_flattened(source: str, expected: str) -> None:
    assert parse_markdown(source + "\n").blocks == (Paragraph(expected),)


def test_image_with_title_becomes_figure_with_caption() -> None:
    article = parse_markdown('![A red door](door.jpg "The old town gate")\n')
    assert article.blocks == (Figure(caption="The old town gate", alt="A red door"),)


def test_image_without_title_uses_alt_as_caption() -> None:
    article = parse_markdown("![A red door](door.jpg)\n")
    assert article.blocks == (Figure(caption="A red door", alt="A red door"),)


def test_image_inside_text_is_flattened_to_its_alt() -> None:
    article = parse_markdown("See ![the map](map.png) below.\n")
    assert article.blocks == (Paragraph("See the map below."),)


def test_block_quote_becomes_blockquote_and_one_quote() -> None:
    article = parse_markdown("> First part.\n>\n> Second *part*.\n")
    assert article.blocks == (BlockQuote("First part.\n\nSecond part."),)
    assert len(article.quotes) == 1
    quote = article.quotes[0]
    assert (quote.block, quote.start, quote.end) == (0, 0, len(article.blocks[0].text))


def test_curly_quotes_become_quotes_with_matching_offsets() -> None:
    source = "# T\n\nIntro.\n\n“It *works*,” she said. “Really, it [does].”\n"
    article = parse_markdown(source)
    assert [q.text for q in article.quotes] == ["It works,", "Really, it [does]."]
    for quote in article.quotes:
        assert quote.block == 1
        assert article.blocks[quote.block].text[quote.start : quote.end] == quote.text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("- one\n- *two*\n", ListBlock(("one", "two"))),
        ("1. one\n2. two\n", ListBlock(("one", "two"), ordered=True, start=1)),
        ("3. three\n4. four\n", ListBlock(("three", "four"), ordered=True, start=3)),
        ("- one\n  - inner\n- two\n", ListBlock(("one\ninner", "two"))),
    ],
)
def test_lists_become_list_blocks(source: str, expected: ListBlock) -> None:
    assert parse_markdown(source).blocks == (expected,)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("```python\nprint(1)\n\nx = 2\n```\n", CodeBlock("print(1)\n\nx = 2", "python")),
        ("~~~ sh extra\nls\n~~~\n", CodeBlock("ls", "sh")),
        ("```\nplain\n```\n", CodeBlock("plain", "")),
        ("    indented\n    code\n", CodeBlock("indented\ncode", "")),
    ],
)
def test_code_becomes_code_blocks(source: str, expected: CodeBlock) -> None:
    assert parse_markdown(source).blocks == (expected,)


def test_html_block_is_kept_as_raw_paragraph() -> None:
    article = parse_markdown("<div class='note'>Hello</div>\n")
    assert article.blocks == (Paragraph("<div class='note'>Hello</div>"),)


def test_thematic_break_is_skipped() -> None:
    article = parse_markdown("Before.\n\n***\n\nAfter.\n")
    assert article.blocks == (Paragraph("Before."), Paragraph("After."))


@pytest.mark.parametrize(
    "source",
    [
        "---\ntitle: Never closed\n\nBody words here.\n",
        "---\nJust some prose here.\n---\n\nBody words here.\n",
        "---\n",
        "---\n---\n",
        "\ufeff---\ntitle: x",
        "",
    ],
)
def test_malformed_front_matter_does_not_crash_or_lose_text(source: str) -> None:
    article = parse_markdown(source)
    shown = _all_text(article)
    for word in ("Never", "closed", "prose", "Body", "words"):
        if word in source:
            assert word in shown


def test_word_count_covers_title_standfirst_and_blocks() -> None:
    article = parse_markdown("---\ntitle: Two words\nstandfirst: Three more words\n---\nFour.\n")
    assert article.meta.word_count == 6


def test_caller_owned_meta_fields_keep_defaults() -> None:
    meta = parse_markdown(FRONT).meta
    assert (meta.path, meta.fingerprint, meta.encoding) == ("", "", "utf-8")


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_MARKUP = st.sampled_from(["{}", "*{}*", "**{}**", "`{}`", "[{}](https://example.com)"])
_PREFIX = st.sampled_from(["", "## ", "> ", "- ", "1. "])


@st.composite
def _documents(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A Markdown document of marked-up words in varied blocks, and the bare words."""
    words: list[str] = []
    blocks: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        line = []
        for word in draw(st.lists(_WORDS, min_size=1, max_size=6)):
            words.append(word)
            line.append(draw(_MARKUP).format(word))
        blocks.append(draw(_PREFIX) + " ".join(line))
    return "\n\n".join(blocks) + "\n", words


@given(_documents())
def test_no_text_is_lost(document: tuple[str, list[str]]) -> None:
    source, words = document
    shown = _all_text(parse_markdown(source)).split()
    for word in words:
        assert word in shown


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.md")), ids=lambda p: p.name)
def test_bundled_markdown_samples_parse(path: Path) -> None:
    article = parse_markdown(path.read_text(encoding="utf-8"))
    assert article.title
    assert article.blocks


def test_long_read_sample_has_full_metadata() -> None:
    meta = parse_markdown(LONG_READ.read_text(encoding="utf-8")).meta
    assert all((meta.author, meta.source, meta.date, meta.url))


def test_long_read_sample_has_its_structures() -> None:
    article = parse_markdown(LONG_READ.read_text(encoding="utf-8"))
    kinds = {block.kind for block in article.blocks}
    assert {"heading", "blockquote", "figure", "list", "paragraph"} <= kinds
    assert article.standfirst
    assert len(article.quotes) > 1
