"""Finding direct speech: paired quote marks inside blocks, across paragraphs when reopened."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from readtui.article.model import Block, BlockQuote, Quote

OPENERS = {
    "\u201c": '\u201d\u201c"',
    "\u201e": '\u201d\u201c"',
    "\u00ab": "\u00bb",
    '"': '"\u201d',
}
"""Double-quote openers (curly, low-9, guillemets, straight) and the marks that close each, the
expected one first: sites mix straight and curly marks, and German low-9 quotes close with a
high 6."""
DOUBLE_MARKS = frozenset("".join(OPENERS) + "".join(OPENERS.values()))

SINGLE_MARKS = "'\u2018\u2019"
ELISION = re.compile(r"(?:n|em|tis|twas|til|cause|bout|cos|ol|s|d|ll|re|ve|m|t)\b|\d", re.I)
"""What follows an apostrophe that starts a word rather than a quote: rock 'n' roll, 'em, the
'90s."""

SCANNED_KINDS = ("paragraph", "list", "figure", "media")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    closed: bool


def _is_opening(text: str, i: int) -> bool:
    """A straight `"` opens when it is not preceded by a letter or digit."""
    return i == 0 or not text[i - 1].isalnum()


_MARK = re.compile("[" + "".join(OPENERS) + SINGLE_MARKS + "]")
"""Every mark `find_spans` acts on: the text between them is skipped in one C-level search."""
_CLOSERS = {opener: re.compile(f"[{closers}]") for opener, closers in OPENERS.items()}
_SINGLE_CLOSER = re.compile(r"(?<!\s)['\u2019](?![^\W_])")
"""A single mark after a non-space and before a non-alphanumeric: a word character other than
`_` is exactly what `str.isalnum` accepts, as `\\s` is what `str.isspace` does."""


def _close_double(text: str, opener: str, i: int) -> int:
    """Index of the mark that closes the quote opened at `i`, or -1."""
    closers = _CLOSERS[opener]
    found = closers.search(text, i + 1)
    while found is not None:
        j = found.start()
        if text[j] != '"' or j + 1 == len(text) or _ends_straight(text, j):
            return j
        found = closers.search(text, j + 1)
    return -1


def _ends_straight(text: str, j: int) -> bool:
    """A straight `"` closes unless it plainly opens the next quote (space before, word after)."""
    return not (text[j - 1].isspace() and text[j + 1].isalnum())


def _opens_single(text: str, i: int) -> bool:
    """A single mark opens a quote after a space or bracket, before a word that is not an
    elision (`'n'`, `'90s`)."""
    before = text[i - 1] if i else " "
    if text[i] == "\u2019" or not (before.isspace() or before in '([{\u2014\u2013-/"\u201c'):
        return False
    after = text[i + 1 : i + 2]
    return after.isalpha() and ELISION.match(text, i + 1) is None


class _SingleCloser:
    """The single mark that ends a quote opened at `i`: the first `_SINGLE_CLOSER` from i + 2.

    Openings are asked in increasing order, so the last answer (or the lack of one) holds
    while it is still ahead: a line of unclosed `'word`s is searched once, not once per mark.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = len(text) + 1
        self.found = -1

    def after(self, i: int) -> int:
        start = i + 2
        if start < self.start or (0 <= self.found < start):
            match = _SINGLE_CLOSER.search(self.text, start)
            self.found = match.start() if match is not None else -1
        self.start = start
        return self.found


def find_spans(text: str) -> list[_Span]:
    """Quote spans (without their marks) in one block's text; the last may be unclosed.

    Double marks of every style pair up; single quotes count only outside double ones (inside
    they are part of the outer quote) and only when closed in the same block, so apostrophes
    (`occupiers'`, `'90s`, `rock 'n' roll`) are never quotes.
    """
    spans: list[_Span] = []
    single = _SingleCloser(text)
    i = 0
    while (mark := _MARK.search(text, i)) is not None:
        i = mark.start()
        ch = text[i]
        if ch in OPENERS and (ch != '"' or _is_opening(text, i)):
            close = _close_double(text, ch, i)
            if close < 0:
                spans.append(_Span(i + 1, len(text), closed=False))
                break
            spans.append(_Span(i + 1, close, closed=True))
            i = close + 1
            continue
        if ch in SINGLE_MARKS and _opens_single(text, i):
            close = single.after(i)
            if close > 0:
                spans.append(_Span(i + 1, close, closed=True))
                i = close + 1
                continue
        i += 1
    return spans


def collect_quotes(blocks: Sequence[Block]) -> tuple[Quote, ...]:
    """All quotes in the article, in reading order.

    An unclosed quote at the end of a paragraph continues when the next paragraph opens with a
    quote mark (the newspaper convention for multi-paragraph speech); otherwise it ends there.
    """
    quotes: list[Quote] = []
    pending: tuple[int, int, list[str]] | None = None
    for index, block in enumerate(blocks):
        if isinstance(block, BlockQuote) or block.kind not in SCANNED_KINDS:
            if pending is not None:
                _flush(quotes, pending, blocks)
                pending = None
            if isinstance(block, BlockQuote):
                _add(quotes, Quote(block.text, index, 0, len(block.text)))
            continue
        spans = find_spans(block.text)
        if pending is not None:
            first = spans[0] if spans else None
            if first is not None and first.start == 1 and block.kind == "paragraph":
                start_block, start, parts = pending
                parts.append(block.text[first.start : first.end])
                if first.closed:
                    _add(quotes, _joined(parts, start_block, start, index, first.end))
                    pending = None
                else:
                    pending = (start_block, start, parts)
                spans = spans[1:]
            else:
                _flush(quotes, pending, blocks)
                pending = None
        for span in spans:
            if span.closed:
                _add(quotes, Quote(block.text[span.start : span.end], index, span.start, span.end))
            elif block.kind == "paragraph":
                pending = (index, span.start, [block.text[span.start :]])
    if pending is not None:
        _flush(quotes, pending, blocks)
    return tuple(quotes)


def _joined(parts: list[str], block: int, start: int, end_block: int, end: int) -> Quote:
    text = "\n\n".join(part.strip() for part in parts)
    return Quote(text, block, start, end, end_block=end_block)


def _flush(
    quotes: list[Quote], pending: tuple[int, int, list[str]], blocks: Sequence[Block]
) -> None:
    """An unclosed quote that was not reopened ends at the end of its last paragraph."""
    start_block, start, parts = pending
    end_block = start_block + len(parts) - 1
    _add(quotes, _joined(parts, start_block, start, end_block, len(blocks[end_block].text)))


def _add(quotes: list[Quote], quote: Quote) -> None:
    """Keep a quote that says something: empty marks (`“”`) or stray punctuation are no quote."""
    if any(ch.isalnum() for ch in quote.text):
        quotes.append(quote)
