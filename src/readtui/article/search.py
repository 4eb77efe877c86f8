"""Finding a phrase in an article as a reader means it: across line breaks and runs of spaces,
ignoring case unless the phrase has a capital (smart case, as in vim and less).

Matching looks at the text of each block, never at laid-out lines, so a phrase wrapped over two
screen lines is found. Offsets are those the layout gives its lines (a figure's alt text comes
before its caption, at negative offsets), so a match is a place the view can scroll to.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property

from readtui.article.model import Article, Block, Figure, ListBlock, Media

HEADER = -1
_SPACES = re.compile(r"(\s+)")


@dataclass(frozen=True)
class Field:
    """A piece of text the reader sees: its block, and the offset its first character has in
    that block's lines."""

    block: int
    base: int
    text: str

    @property
    def end(self) -> int:
        return self.base + len(self.text)


def block_fields(index: int, block: Block) -> list[Field]:
    """The searchable texts of one block, in the order (and at the offsets) the layout draws."""
    if isinstance(block, Figure):
        alt = [Field(index, -len(block.alt) - 1, block.alt)] if block.alt else []
        credit = [Field(index, len(block.caption) + 1, block.credit)] if block.credit else []
        return [*alt, Field(index, 0, block.caption), *credit]
    if isinstance(block, Media):
        info = " \u00b7 ".join(part for part in (block.duration, block.age) if part)
        texts = [text for text in (block.intro, block.title, info) if text]
        offset = -sum(len(text) + 1 for text in texts)
        found = []
        for text in texts:
            found.append(Field(index, offset, text))
            offset += len(text) + 1
        return [*found, Field(index, 0, block.description)]
    if isinstance(block, ListBlock):
        starts = [0]
        for item in block.items[:-1]:
            starts.append(starts[-1] + len(item) + 1)
        return [Field(index, start, item) for start, item in zip(starts, block.items, strict=True)]
    return [Field(index, 0, block.text)]


def fields(article: Article) -> Iterator[Field]:
    """Title, standfirst and subhead (the header, block -1), then every block's texts."""
    yield Field(HEADER, 0, article.title)
    base = len(article.title) + 1
    for text in (article.standfirst, article.subhead):
        if text:
            yield Field(HEADER, base, text)
            base += len(text) + 1
    for index, block in enumerate(article.blocks):
        yield from block_fields(index, block)


def field_at(article: Article, block: int, offset: int) -> Field | None:
    """The field of `block` that holds `offset` (its end included), if any."""
    if block == HEADER:
        candidates: Iterator[Field] | list[Field] = fields(article)
    elif 0 <= block < len(article.blocks):
        candidates = block_fields(block, article.blocks[block])
    else:
        return None
    for field in candidates:
        if field.block != block:
            break
        if field.base <= offset <= field.end:
            return field
    return None


# -- the query -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A phrase to find: words in order, any run of whitespace between them."""

    text: str

    @property
    def case_sensitive(self) -> bool:
        return any(char.isupper() for char in self.text)

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The regular expression to run over the text (casefolded text when not sensitive)."""
        fold = (lambda word: word) if self.case_sensitive else str.casefold
        parts = [r"\s+" if part.isspace() else re.escape(fold(part)) for part in self._parts()]
        return re.compile("".join(parts))

    def _parts(self) -> list[str]:
        return [part for part in _SPACES.split(self.text) if part]


@cache
def _expanding() -> re.Pattern[str]:
    """Characters whose casefold is longer than they are (ß, ligatures, İ): all in the BMP."""
    chars = "".join(chr(code) for code in range(0x80, 0x10000) if len(chr(code).casefold()) > 1)
    return re.compile("[" + re.escape(chars) + "]")


class _FoldMap:
    """Maps offsets in `text.casefold()` back to `text`, for text where some characters fold to
    several (`ß` to `ss`): a match must start and end on whole characters of the text."""

    def __init__(self, text: str) -> None:
        self.folded_at: list[int] = []
        self.source_at: list[int] = []
        self.widths: list[int] = []
        grown = 0
        for found in _expanding().finditer(text):
            width = len(found.group().casefold())
            self.folded_at.append(found.start() + grown)
            self.source_at.append(found.start())
            self.widths.append(width)
            grown += width - 1

    def source(self, folded: int) -> int | None:
        """The text offset of folded offset `folded`; None inside a character's folding."""
        k = bisect_right(self.folded_at, folded) - 1
        if k < 0:
            return folded
        inside = folded - self.folded_at[k]
        if inside == 0:
            return self.source_at[k]
        if inside < self.widths[k]:
            return None
        return self.source_at[k] + 1 + inside - self.widths[k]


def find_in_text(text: str, query: Query) -> list[tuple[int, int]]:
    """(start, end) of each match of `query` in `text`, left to right, never overlapping."""
    if query.empty or not text:
        return []
    pattern = query.pattern
    if query.case_sensitive:
        return [found.span() for found in pattern.finditer(text)]
    folded = text.casefold()
    if len(folded) == len(text):  # every character folds to one: offsets are the same
        return [found.span() for found in pattern.finditer(folded)]
    return _find_folded(folded, pattern, _FoldMap(text))


def _find_folded(folded: str, pattern: re.Pattern[str], where: _FoldMap) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    at = 0
    while (found := pattern.search(folded, at)) is not None:
        start, end = where.source(found.start()), where.source(found.end())
        if start is None or end is None:
            at = found.start() + 1
            continue
        spans.append((start, end))
        at = found.end()
    return spans


# -- every match in an article ---------------------------------------------------------------------


class Matches:
    """Every match of a query in an article, in reading order, as (block, start, end) with
    layout offsets; kept in arrays, since a one-letter query in 5 MB finds half a million."""

    def __init__(self) -> None:
        self.blocks = array("i")
        self.starts = array("i")
        self.ends = array("i")

    def add(self, field: Field, spans: list[tuple[int, int]]) -> None:
        self.blocks.extend([field.block] * len(spans))
        self.starts.extend(field.base + start for start, _end in spans)
        self.ends.extend(field.base + end for _start, end in spans)

    def __len__(self) -> int:
        return len(self.blocks)

    def __getitem__(self, index: int) -> tuple[int, int, int]:
        return self.blocks[index], self.starts[index], self.ends[index]

    def has_block(self, block: int) -> bool:
        at = bisect_left(self.blocks, block)
        return at < len(self.blocks) and self.blocks[at] == block

    def overlapping(self, block: int, start: int, end: int) -> range:
        """Indexes of the matches in `block` that overlap offsets [start, end)."""
        lo, hi = bisect_left(self.blocks, block), bisect_right(self.blocks, block)
        first = bisect_right(self.ends, start, lo, hi)
        last = bisect_left(self.starts, end, first, hi)
        return range(first, last)

    def first_from(self, block: int, offset: int) -> int:
        """The index of the first match at or after this place (len(self) if none)."""
        lo, hi = bisect_left(self.blocks, block), bisect_right(self.blocks, block)
        return bisect_left(self.starts, offset, lo, hi)

    def index_of(self, block: int, start: int) -> int | None:
        """The index of the match that starts at this place, if there is one."""
        at = self.first_from(block, start)
        return at if at < len(self) and self[at][:2] == (block, start) else None


def find_matches(
    article: Article, text: str, cancelled: Callable[[], bool] = lambda: False
) -> Matches | None:
    """Every match of `text` in the article; None once `cancelled()` (asked between blocks)."""
    query = Query(text)
    found = Matches()
    if query.empty:
        return found
    for number, field in enumerate(fields(article)):
        if number % 256 == 0 and cancelled():
            return None
        spans = find_in_text(field.text, query)
        if spans:
            found.add(field, spans)
    return found
