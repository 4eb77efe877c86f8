"""The parser's fast paths change no result.

`quotes=False` returns the same article without its quotes. Each cheap test that lets a line skip
a pattern (a prefix, a length, a clue word) holds for every line the pattern takes, and the
rewritten scanners (quote marks, tokens) agree with the plain loops they replaced.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readtui.article import furniture
from readtui.article.credits import _FORMS, find_credit, may_hold_credit
from readtui.article.load import parse_text
from readtui.article.markdown import parse_markdown
from readtui.article.model import Paragraph
from readtui.article.plain import parse_plain, split_chunks
from readtui.article.quotes import ELISION, OPENERS, SINGLE_MARKS, find_spans
from readtui.article.speakers.tokens import _TOKEN, _plain_tokens
from readtui.article.speakers.words import _ABBREVIATIONS

ROOT = Path(__file__).resolve().parents[2]
PLAIN = sorted(
    [
        *(ROOT / "tests" / "data").glob("*.txt"),
        *(ROOT / "tests" / "data" / "heldout").glob("*.txt"),
        *(ROOT / "articles").glob("*.txt"),
    ]
)
MARKDOWN = sorted((ROOT / "articles").glob("*.md"))
SEED = ROOT / "articles" / "russian-recruiter-shot-cbc.txt"
ALL_CHARACTERS = "".join(map(chr, range(sys.maxunicode + 1)))


def lines_of_the_data() -> list[str]:
    """Every line of every sample article, as the parser sees it, and each with a newline."""
    lines = [line for path in PLAIN for chunk in split_chunks(path.read_text()) for line in chunk]
    return lines + [line + "\n" for line in lines]


LINES = lines_of_the_data()


# quotes=False ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PLAIN, ids=lambda path: path.name)
def test_without_quotes_a_plain_article_is_the_same_but_for_its_quotes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    full, bare = parse_plain(text), parse_plain(text, quotes=False)
    assert bare.quotes == ()
    assert bare == replace(full, quotes=())
    assert parse_text(text, ".txt", quotes=False) == bare


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda path: path.name)
def test_without_quotes_a_markdown_article_is_the_same_but_for_its_quotes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    full, bare = parse_markdown(text), parse_markdown(text, quotes=False)
    assert bare.quotes == ()
    assert bare == replace(full, quotes=())
    assert parse_text(text, ".md", quotes=False) == bare


def test_the_seed_has_quotes_only_when_asked() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert len(parse_plain(text).quotes) == 16
    assert parse_plain(text, quotes=False).quotes == ()


# What the fast paths rely on --------------------------------------------------------------------


def test_casefold_never_shortens_and_works_character_by_character() -> None:
    """A text longer than every listed line cannot casefold to one; a prefix of a text
    casefolds to a prefix of its casefolded whole."""
    folded = [character.casefold() for character in ALL_CHARACTERS]
    assert min(map(len, folded)) >= 1
    assert "".join(folded) == ALL_CHARACTERS.casefold()


@pytest.mark.parametrize(
    ("pattern", "method"),
    [(r"\s", str.isspace), (r"[^\W_]", str.isalnum), (r"\d", str.isdecimal)],
)
def test_regex_classes_are_the_str_methods(pattern: str, method: Callable[[str], bool]) -> None:
    expected = "".join(character for character in ALL_CHARACTERS if method(character))
    assert "".join(re.findall(pattern, ALL_CHARACTERS)) == expected


# Each pattern's clue holds on every line it matches ----------------------------------------------

CREDITED = (
    "Crowds wait outside. (Jane Doe/CBC)",
    "Sandbags. [Lee Park/Al Jazeera]",
    "Police wait. Photograph: Ann Lee/AP",
    "Composites: Ann Lee/AP",
    "A vigil.Credit...Ann Lee/The New York Times",
    "Credit: Ann Lee",
    "Crowds gather. REUTERS/Ann Lee",
    "A sign. Sam Lin\u2014Getty Images",
    "A sign. Sam Lin/AFP via Getty Images",
    "Crowds gather. Ann Lee/Reuters",
)


@pytest.mark.parametrize("line", [*CREDITED, *(line + "\n" for line in CREDITED)])
def test_every_credit_form_matches_only_lines_with_its_clue(line: str) -> None:
    assert find_credit(line) is not None
    assert may_hold_credit(line)


def test_no_line_of_the_data_loses_a_credit_to_the_clues() -> None:
    for line in LINES:
        for form in _FORMS:
            assert form.pattern.match(line) is None or form.may_match(line), (line, form)
        assert may_hold_credit(line) or find_credit(line) is None


FURNITURE = (
    *furniture.JUNK,
    *furniture.RELATED_HEADERS,
    "ADVERTISEMENT",
    "\u017fhare",
    "SOCIAL SHARING",
    "5 min read",
    "\u0663 min read",
    "RELATED: Another story",
    "(Reporting by Ann Lee; Editing by Sam Roe)",
    "By Jane Doe, BBC News",
    "Jane Doe \u00b7 CBC News \u00b7 Posted: Mar 01, 2023 4:00 AM ET",
    "March 3, 2023",
    "Mon 3 Mar 2023 10.00 GMT",
    "Published: 3 March",
    "\u0663 March 2023",
)


def taken_by_furniture(line: str) -> bool:
    return bool(
        furniture.is_related_header(line)
        or furniture.is_junk(line)
        or furniture.credits(line)
        or furniture.byline(line)
        or furniture.date_line(line)
    )


def test_furniture_prefilters_pass_every_line_the_patterns_take() -> None:
    for line in [*LINES, *FURNITURE]:
        assert not taken_by_furniture(line) or furniture.may_be_furniture(line), line
        junk = line.casefold() in furniture.JUNK or furniture.JUNK_PATTERNS.match(line) is not None
        assert furniture.is_junk(line) == junk, line
        related = line.casefold() in furniture.RELATED_HEADERS
        assert furniture.is_related_header(line) == related, line
        if len(line) <= furniture.DATE_LINE_MAX and furniture.DATE_LINE.match(line):
            assert furniture.date_line(line) is not None, line
        assert furniture.BYLINE.match(line) is None or line.startswith("By"), line
        assert furniture.POSTED_BYLINE.match(line) is None or "Posted:" in line, line


def test_furniture_examples_are_furniture() -> None:
    assert all(map(taken_by_furniture, FURNITURE))


# The repeated lede ---------------------------------------------------------------------------

LEDE = "Stra\u00dfe closed on Monday after the storm hit the old harbour town hard."


@pytest.mark.parametrize(
    "repeat",
    [
        LEDE,
        "STRASSE CLOSED ON MONDAY AFTER THE STORM HIT THE OLD HARBOUR TOWN HARD.",
        "stra\u017f\u017fe closed\u00a0on Monday  after the storm\thit the old harbour town hard.",
        "Stra\u00dfe closed\non Monday after the storm hit the old harbour town hard.",
    ],
    ids=["same", "capitals", "long-s and spacing", "two lines"],
)
def test_a_lede_repeated_in_another_case_or_spacing_is_still_removed(repeat: str) -> None:
    story = "The harbour master said the road would reopen once engineers had looked at it."
    article = parse_plain("\n\n".join(("A headline", LEDE, story, repeat, story)))
    assert article.standfirst == LEDE
    assert article.removed == (" ".join(repeat.split("\n")),)
    assert article.blocks == (Paragraph(story), Paragraph(story))


def test_a_chunk_that_only_starts_like_the_lede_stays() -> None:
    near = LEDE.removesuffix(".") + " again."
    article = parse_plain("\n\n".join(("A headline", LEDE, "Heading here", near)))
    assert article.blocks == (Paragraph(near),)
    assert article.subhead == "Heading here"
    assert article.removed == ()


# Scanners rewritten with C-level searches ---------------------------------------------------


def find_spans_by_character(text: str) -> list[tuple[int, int, bool]]:
    """find_spans as it was written first, one character at a time: the reference."""
    spans: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in OPENERS and (ch != '"' or i == 0 or not text[i - 1].isalnum()):
            j = i + 1
            while j < len(text):
                if text[j] in OPENERS[ch] and (
                    text[j] != '"'
                    or j + 1 == len(text)
                    or not (text[j - 1].isspace() and text[j + 1].isalnum())
                ):
                    break
                j += 1
            if j == len(text):
                spans.append((i + 1, len(text), False))
                break
            spans.append((i + 1, j, True))
            i = j + 1
            continue
        before = text[i - 1] if i else " "
        opens = ch in SINGLE_MARKS and ch != "\u2019"
        opens = opens and (before.isspace() or before in '([{\u2014\u2013-/"\u201c')
        if opens and text[i + 1 : i + 2].isalpha() and ELISION.match(text, i + 1) is None:
            close = next(
                (
                    j
                    for j in range(i + 2, len(text))
                    if text[j] in "'\u2019"
                    and not text[j - 1].isspace()
                    and (j + 1 == len(text) or not text[j + 1].isalnum())
                ),
                -1,
            )
            if close > 0:
                spans.append((i + 1, close, True))
                i = close + 1
                continue
        i += 1
    return spans


QUOTE_PIECES = [
    *"ab Z9_-([/\u00a0\t\u00e9\u0663\u2014",
    *"\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019",
]
QUOTE_TEXT = st.lists(st.sampled_from([*QUOTE_PIECES, "n", "em", "90s", "rock"]), max_size=40).map(
    "".join
)


@settings(max_examples=400, deadline=None)
@given(QUOTE_TEXT)
def test_quote_spans_are_those_of_the_character_loop(text: str) -> None:
    found = [(span.start, span.end, span.closed) for span in find_spans(text)]
    assert found == find_spans_by_character(text)


def test_a_long_run_of_unclosed_single_quotes_is_read_once() -> None:
    """Each `'word` opens and looks for a close that never comes: the search for it is made
    once for the run, not once per mark."""
    assert find_spans(" 'ab" * 20_000) == []
    closed = " 'ab" * 20_000 + " 'x' end"
    assert [(span.start, span.end) for span in find_spans(closed)] == [(2, len(closed) - 5)]


FIRST_TOKEN = re.compile(r"\w+(?:['\u2019.\-]\w+)*|[.!?;:,/()\u2013\u2014\u2026]|(?<= )-(?= )")
"""The token pattern as first written, before possessive quantifiers."""

TOKEN_PIECES = [*"aM rUSJ.-'\u2019(),!?\u2014\u00a0_9", "Mr", "Dr", "Jr", "No"]
TOKEN_TEXT = st.lists(st.sampled_from(TOKEN_PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(TOKEN_TEXT, st.integers(0, 40), st.integers(0, 40))
def test_tokens_are_those_of_the_first_pattern(text: str, start: int, end: int) -> None:
    assert _TOKEN.findall(text, start, end) == FIRST_TOKEN.findall(text, start, end)
    expected: list[str] = []
    for token in FIRST_TOKEN.findall(text, start, end):
        last = expected[-1] if expected else ""
        abbreviated = (len(last) == 1 and last.isupper()) or last in _ABBREVIATIONS
        if token == "." and last and (abbreviated or ("." in last and last[:1].isalpha())):
            expected[-1] += "."
        else:
            expected.append(token)
    assert _plain_tokens(text, start, end) == expected


def test_a_long_sentence_of_reporting_verbs_is_read() -> None:
    """Each verb with no named subject used to join and search the whole sentence again."""
    body = "officials said the mayor told reporters he said " * 3_000
    article = parse_plain("Title\n\n" + body)
    assert article.blocks == (Paragraph(body.strip()),)
    assert article.quotes == ()
