"""Properties of the plain-text parser on any input: it never raises, and nothing is lost.

The generated files mix arbitrary text with the lines scraped pages are made of (bylines, media
labels, credits, junk, separators, quote marks), so that every rule of the parser is exercised.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from textcount import article_words, source_words

from readtui.article.model import Article, Quote
from readtui.article.plain import parse_plain

FRAGMENTS = (
    "By Jane Doe",
    "By the time the river rose, nobody was left.",
    "WATCH | A video about it:",
    "LISTEN | Audio:",
    "2 days ago",
    "Duration 2:01",
    "Featured VideoWhat the video shows.",
    "WATCH: A title \u2013 Mar 1, 2023",
    "Media caption, The moment it happened",
    "Image source, Getty Images",
    "Image caption, People wait in line",
    "A dog sits. (Jane Doe/Reuters)",
    "A cat sleeps. (AP Photo/Sam Roe)",
    "Crowds gather. REUTERS/Ann Lee",
    "Crowds gather. Ann Lee/Reuters",
    "Police stand by. Photograph: Ann Lee/AP",
    "Credit...Ann Lee/The New York Times",
    "A sign. Sam Lin\u2014Getty Images",
    "Sandbags. [Lee Park/Al Jazeera]",
    "KYIV, Ukraine (AP) \u2014 The story begins here.",
    "LONDON (Reuters) - Markets fell.",
    "(CNN) -- It started.",
    "(Reporting by Ann Smith; Editing by Tom Brown)",
    "Updated March 3, 2023 4:12 PM EST",
    "Jane Doe · CBC News · Posted: Mar 1, 2023 4:00 AM ET | Last Updated: Mar 2",
    "Advertisement",
    "Social Sharing",
    "Related Stories",
    "Story continues below advertisement",
    "Want to discuss? Please read our first.",
    "___",
    "WHAT HAPPENS NEXT?",
    "A short heading",
    '"An unclosed quote runs on',
    '"A quote," she said.',
    "\u201cCurly,\u201d he said. \u201eLow\u201c and \u00abguillemets\u00bb.",
    "It's the '90s, rock 'n' roll and the occupiers' loss.",
    "He said 'single quoted words' here.",
    "The party (SO) won (41-31-8).",
)

line = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from("ab C\"'\u201c\u201d\u2019(/)-_|:.,"), max_size=30),
)
document = st.lists(
    st.tuples(line, st.sampled_from(("\n", "\n\n", "\n \n", "\r\n"))), max_size=25
).map(lambda parts: "".join(text + sep for text, sep in parts))


def quote_points_at_text(article: Article, quote: Quote) -> bool:
    first = article.blocks[quote.block].text
    if quote.end_block == quote.block:
        return first[quote.start : quote.end].strip() == quote.text.strip()
    return first[quote.start :].strip() in quote.text


@settings(max_examples=300, deadline=None)
@given(document)
def test_parser_never_raises_and_keeps_every_word(text: str) -> None:
    article = parse_plain(text)
    missing = source_words(text) - article_words(article)
    assert not missing, f"lost {dict(missing)} from {text!r}"
    assert all(quote_points_at_text(article, quote) for quote in article.quotes)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_parser_never_raises_on_any_text(text: str) -> None:
    article = parse_plain(text)
    assert source_words(text) - article_words(article) == Counter()
