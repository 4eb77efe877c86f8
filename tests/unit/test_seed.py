"""The seed article (a scraped CBC page) must be read exactly: header, figures, media, headings,
quotes, and no text lost."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from textcount import article_words, words

from readtui.article.load import load_article
from readtui.article.model import Article, Figure, Heading, Media, Paragraph
from readtui.article.plain import parse_plain
from readtui.article.quotes import OPENERS

SEED = Path(__file__).resolve().parents[2] / "articles" / "russian-recruiter-shot-cbc.txt"
LINES = SEED.read_text(encoding="utf-8").split("\n")


def line(number: int) -> str:
    """Line `number` of the seed (1-based, as an editor shows it), without outer whitespace."""
    return LINES[number - 1].strip()


# Where things are in the seed, by line number (the spec, read off the file).
TITLE, STANDFIRST, SUBHEAD, REPEATED_STANDFIRST = 1, 3, 5, 10
FIGURES = {7: 8, 54: 55, 71: 72}
"""Alt line -> caption line."""
MEDIA_LINES = range(20, 27)
FEATURED_LINE, DURATION_LINE = 26, 25
HEADINGS = (28, 38, 57)

EXPECTED_QUOTES = (
    "no one will go to fight",
    "we will all go home now,",
    "several hundred",
    "Every night and day there is inevitable shelling in the Donbas, under the roar of which "
    "people are forced to vote for Russian 'peace,'",
    "If Russia crosses this line, there will be catastrophic consequences for Russia. "
    "The United States will respond decisively,",
    "sham referendums held at the barrel of a gun.",
    "follow a clear pattern of violence, intimidation, torture and forced deportations.",
    "will never recognize",
    "swift and severe",
    "if they treat us with respect,",
    "new conditions",
    "an attempt to provide commanders on the ground with a constant stream of cannon fodder.",
    "Despite the obvious senselessness of the war for Russia and the occupiers' loss of "
    "initiative, the Russian military command still drives [troops]\u00a0to their deaths,",
    "holding occupied territories and attempts to complete its occupation of the Donetsk region,",
    "the entire territory of Ukraine,",
    "new types of weapons",
)
CLOSERS = set("".join(OPENERS.values()))


@pytest.fixture(params=["load_article", "parse_plain"], scope="module")
def seed(request: pytest.FixtureRequest) -> Article:
    if request.param == "load_article":
        return load_article(SEED)
    return parse_plain(SEED.read_text(encoding="utf-8"))


def figures(article: Article) -> list[Figure]:
    return [b for b in article.blocks if isinstance(b, Figure)]


def only_media(article: Article) -> Media:
    media = [b for b in article.blocks if isinstance(b, Media)]
    assert len(media) == 1
    return media[0]


# Header ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "number"), [("title", TITLE), ("standfirst", STANDFIRST), ("subhead", SUBHEAD)]
)
def test_header_fields_come_from_their_lines(seed: Article, field: str, number: int) -> None:
    assert getattr(seed, field) == line(number)


def test_subhead_is_the_arrests_line(seed: Article) -> None:
    assert seed.subhead.startswith("At least 2,000 people have been arrested")


def test_repeated_standfirst_is_the_standfirst_once(seed: Article) -> None:
    assert line(REPEATED_STANDFIRST) == line(STANDFIRST)
    assert all(block.text != seed.standfirst for block in seed.blocks)


# Figures --------------------------------------------------------------------------------------


def test_three_figures(seed: Article) -> None:
    assert len(figures(seed)) == 3


def test_figure_alt_is_the_line_above_the_caption(seed: Article) -> None:
    assert [f.alt for f in figures(seed)] == [line(alt) for alt in FIGURES]


def test_figure_credits_are_without_brackets(seed: Article) -> None:
    assert [f.credit for f in figures(seed)] == [
        "Moscow News Agency/The Associated Press",
        "Gavriil Grigorov, Sputnik, Kremlin Pool Photo/The Associated Press",
        "Alexey Malgavko/Reuters",
    ]


def test_figure_captions_are_the_caption_lines_without_the_credit(seed: Article) -> None:
    for figure, caption_line in zip(figures(seed), FIGURES.values(), strict=True):
        source = line(caption_line)
        assert source == f"{figure.caption} ({figure.credit})"
        assert "(" not in figure.caption


# Media ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("label", "WATCH"),
        # The source has a no-break space after "avoid": the parser normalises whitespace in the
        # short media fields, so the intro holds an ordinary space.
        ("intro", "Russian men flock to Georgia border to avoid fighting in Ukraine"),
        ("title", "Russian men flee country by the thousands to escape fighting in Ukraine"),
        ("age", "1 year ago"),
        ("duration", "2:01"),
    ],
)
def test_media_fields(seed: Article, field: str, expected: str) -> None:
    assert getattr(only_media(seed), field) == expected


def test_media_description_has_no_featured_video_prefix(seed: Article) -> None:
    description = only_media(seed).description
    assert description.startswith("Russia is experiencing a mass exodus")
    assert line(FEATURED_LINE).endswith(description)


# Headings and paragraphs ----------------------------------------------------------------------


def test_exactly_the_three_headings(seed: Article) -> None:
    headings = [b.text for b in seed.blocks if isinstance(b, Heading)]
    assert headings == [
        "Concerns grow over threats of nuclear attack",
        "U.S. says response would be decisive",
        "Zelenskyy says Russia driving its own troops to death",
    ]
    assert headings == [line(n) for n in HEADINGS]


def _special_lines() -> set[int]:
    special = {TITLE, STANDFIRST, SUBHEAD, REPEATED_STANDFIRST, *HEADINGS, *MEDIA_LINES}
    for alt, caption in FIGURES.items():
        special |= {alt, caption}
    return special


def test_every_other_line_is_a_paragraph_in_order(seed: Article) -> None:
    special = _special_lines()
    expected = [line(n) for n in range(1, len(LINES) + 1) if n not in special and line(n)]
    assert [b.text for b in seed.blocks if isinstance(b, Paragraph)] == expected


def test_blocks_follow_the_source_order(seed: Article) -> None:
    kinds_by_line: list[str] = []
    skipped = {TITLE, STANDFIRST, SUBHEAD, REPEATED_STANDFIRST, *FIGURES.values()}
    skipped |= set(MEDIA_LINES[1:])
    for number in range(1, len(LINES) + 1):
        if number in skipped or not line(number):
            continue
        if number in FIGURES:
            kinds_by_line.append("figure")
        elif number == MEDIA_LINES[0]:
            kinds_by_line.append("media")
        elif number in HEADINGS:
            kinds_by_line.append("heading")
        else:
            kinds_by_line.append("paragraph")
    assert [b.kind for b in seed.blocks] == kinds_by_line


# Quotes ---------------------------------------------------------------------------------------


def test_the_sixteen_quotes_in_order(seed: Article) -> None:
    assert [q.text for q in seed.quotes] == list(EXPECTED_QUOTES)


def test_nested_single_quote_belongs_to_kirilenkos_quote(seed: Article) -> None:
    texts = [q.text for q in seed.quotes]
    assert texts[3].endswith("Russian 'peace,'")
    assert "peace," not in texts


def test_occupiers_apostrophe_is_inside_zelenskyys_quote(seed: Article) -> None:
    (holder,) = [q for q in seed.quotes if "occupiers'" in q.text]
    assert holder.text.startswith("Despite the obvious senselessness")


def test_quote_offsets_point_at_their_text(seed: Article) -> None:
    for quote in seed.quotes:
        assert quote.end_block == quote.block
        assert seed.blocks[quote.block].text[quote.start : quote.end] == quote.text


def test_quote_offsets_sit_just_inside_the_marks(seed: Article) -> None:
    for quote in seed.quotes:
        text = seed.blocks[quote.block].text
        assert text[quote.start - 1] in OPENERS
        assert text[quote.end] in CLOSERS


# No text lost ---------------------------------------------------------------------------------


def test_no_text_is_lost(seed: Article) -> None:
    """Every word of the file is in the article, and nothing else is: the only words dropped are
    the duplicated standfirst and the media markers ("Featured Video" glued to the description,
    and the "Duration" label whose value is the duration field)."""
    source = Counter[str]()
    for number in range(1, len(LINES) + 1):
        text = line(number)
        if number == FEATURED_LINE:
            text = text.removeprefix("Featured Video")
        if number == DURATION_LINE:
            text = text.removeprefix("Duration")
        source += words(text)
    assert article_words(seed) == source
