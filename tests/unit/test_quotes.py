"""Finding direct speech in blocks: marks, nesting, multi-paragraph quotes, junk skipped."""

from __future__ import annotations

import pytest

from readtui.article.model import Block, BlockQuote, CodeBlock, Heading, Paragraph
from readtui.article.quotes import collect_quotes


def texts(*paragraphs: str) -> list[str]:
    return [q.text for q in collect_quotes([Paragraph(p) for p in paragraphs])]


@pytest.mark.parametrize(
    "paragraph",
    ["He said \u201c\u201d and left.", "A \u201c \u201d gap.", 'Odd "." mark.', 'Empty "" here.'],
)
def test_marks_around_nothing_are_no_quote(paragraph: str) -> None:
    assert texts(paragraph) == []


def test_blank_block_quote_is_no_quote() -> None:
    assert collect_quotes([BlockQuote(" \u2014 ")]) == ()


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("She said \u201cyes\u201d today.", ["yes"]),
        ("\u201eJa\u201c, sagte er.", ["Ja"]),
        ("\u00abOui\u00bb, dit-il.", ["Oui"]),
        ('A 6" pipe, then "a real quote" here.', ["a real quote"]),
        ("\u201cOuter \u2018inner\u2019 end,\u201d he said.", ["Outer \u2018inner\u2019 end,"]),
    ],
)
def test_quote_marks(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph) == expected


def test_reopened_quote_runs_over_paragraphs() -> None:
    blocks = [
        Paragraph("He said \u201cfirst part."),
        Paragraph("\u201cSecond part,\u201d he added."),
    ]
    (quote,) = collect_quotes(blocks)
    assert quote.text == "first part.\n\nSecond part,"
    assert (quote.block, quote.end_block) == (0, 1)
    assert blocks[1].text[quote.end] == "\u201d"


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    blocks = [Paragraph("He said \u201cno end here."), Paragraph("Narration goes on.")]
    (quote,) = collect_quotes(blocks)
    assert (quote.text, quote.end_block, quote.end) == ("no end here.", 0, len(blocks[0].text))


@pytest.mark.parametrize(
    ("between", "middle"),
    [(Heading("Section"), []), (CodeBlock("x = 1"), []), (BlockQuote("Cited."), ["Cited."])],
)
def test_other_blocks_end_an_unclosed_quote_without_losing_it(
    between: Block, middle: list[str]
) -> None:
    blocks = [Paragraph("\u201cStart."), between, Paragraph("\u201cOther.\u201d")]
    assert [q.text for q in collect_quotes(blocks)] == ["Start.", *middle, "Other."]
