"""The plain-text parser beyond the seed: media blocks, the header, and the other samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from textcount import article_words, source_words

from readtui.article.load import load_article
from readtui.article.model import Article, Figure, Media, Paragraph
from readtui.article.plain import parse_plain

ARTICLES = Path(__file__).resolve().parents[2] / "articles"
PLAIN_SAMPLES = sorted(ARTICLES.glob("*.txt"))


def only_media(article: Article) -> Media:
    (media,) = [b for b in article.blocks if isinstance(b, Media)]
    return media


def test_media_short_fields_are_single_spaced() -> None:
    text = (
        "Title\n\nWATCH | An\u00a0intro\u00a0 line:\u00a0\n\nA\u00a0video  title\n\n"
        "2\u00a0days ago\nDuration 1:00\nFeatured VideoThe\u00a0description.\n"
    )
    media = only_media(parse_plain(text))
    assert (media.intro, media.title, media.age) == ("An intro line", "A video title", "2 days ago")


def test_media_description_keeps_its_text() -> None:
    text = (
        "Title\n\nProse.\n\nLISTEN | Intro:\n\nName\n\n3 days ago\n"
        "Featured AudioKeep\u00a0this  as is.\n"
    )
    assert only_media(parse_plain(text)).description == "Keep\u00a0this  as is."


def test_media_label_right_after_the_title_is_not_the_standfirst() -> None:
    text = (
        "Title here\n\nWATCH | Something to watch:\n\nVideo title\n\n2 days ago\n"
        "Duration 1:00\nFeatured VideoWhat it shows.\n\nThe story starts here.\n"
    )
    article = parse_plain(text)
    assert (article.standfirst, article.subhead) == ("", "")
    assert only_media(article).title == "Video title"


def test_media_without_description_leaves_the_next_paragraph_alone() -> None:
    story = "The next paragraph of the story, which is not part of the video."
    text = f"Title\n\nWATCH | Watch this:\n\nVideo title\n\n2 days ago\nDuration 1:00\n\n{story}\n"
    article = parse_plain(text)
    assert only_media(article).description == ""
    assert article.blocks[-1] == Paragraph(story)


def test_unmarked_description_in_the_same_chunk_is_the_description() -> None:
    text = "Title\n\nWATCH | Watch:\n\nVideo title\n\n1 day ago\nWhat the video shows.\n"
    assert only_media(parse_plain(text)).description == "What the video shows."


def test_figure_needs_a_credit_with_a_slash() -> None:
    text = "Title\n\nA photo line.\nThe caption of it. (Jane Doe/Reuters)\n\nNot a photo. (CBC)\n"
    blocks = parse_plain(text).blocks
    assert blocks == (
        Figure(caption="The caption of it.", alt="A photo line.", credit="Jane Doe/Reuters"),
        Paragraph("Not a photo. (CBC)"),
    )


def test_hard_wrapped_lines_are_one_paragraph() -> None:
    lines = [
        "This paragraph was wrapped at a fixed width by the",
        "tool that saved it, so its lines are all about as",
        "long as each other, bar the last.",
    ]
    article = parse_plain("Title\n\n" + "\n".join(lines) + "\n")
    assert article.blocks == (Paragraph(" ".join(lines)),)


# The sample articles --------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(ARTICLES.iterdir()), ids=lambda p: p.name)
def test_every_sample_parses_with_title_and_body(path: Path) -> None:
    article = load_article(path)
    assert article.title
    assert article.blocks
    assert article.meta.word_count > 100


@pytest.mark.parametrize("path", sorted(ARTICLES.iterdir()), ids=lambda p: p.name)
def test_every_sample_quote_points_at_its_text(path: Path) -> None:
    article = load_article(path)
    for quote in article.quotes:
        if quote.end_block == quote.block:
            assert article.blocks[quote.block].text[quote.start : quote.end] == quote.text
        else:
            assert article.blocks[quote.block].text[quote.start :].strip() in quote.text


@pytest.mark.parametrize("path", PLAIN_SAMPLES, ids=lambda p: p.name)
def test_plain_samples_lose_no_words(path: Path) -> None:
    """Every word of the file is in the article, a repeated standfirst under `removed`."""
    article = load_article(path)
    assert article_words(article) == source_words(path.read_text(encoding="utf-8"))
