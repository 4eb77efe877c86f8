"""Laying an article out as lines for one column width.

Each line remembers which block and character offset it starts at, so a reading position is an
anchor in the article, not a line number: it survives resizes and other terminal widths.

`layout()` lays out the whole article at once (the reference, and what export and tests use);
`LazyLayout` gives the same lines a block at a time, so a 5 MB article shows its first screen at
once and is never held as lines: only each block's line count is kept, from `measure()`.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from rich.cells import cell_len, set_cell_size

from readtui.article.model import (
    Article,
    Block,
    BlockQuote,
    CodeBlock,
    Figure,
    Heading,
    ListBlock,
    Media,
    Paragraph,
)
from readtui.article.sanitize import sanitize, sanitize_line

HEADER = -1
MIN_WIDTH = 12

Place = tuple[int, int]
"""A line by its unit (0 is the header, unit `b + 1` is block `b`) and its index in that unit."""


@dataclass(frozen=True)
class Run:
    """A piece of a line in one role (a style name); `quote` is the quote's index or -1.

    `at` is where the run's source text starts, counted from the line's offset, for text from
    the article (so a search match can be found in it); -1 for a prefix, bar or frame.
    """

    text: str
    role: str
    quote: int = -1
    at: int = -1


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    block: int
    offset: int
    spacer: bool = False


@dataclass(frozen=True)
class Layout:
    lines: tuple[Line, ...]
    width: int
    quote_lines: tuple[int, ...]
    """The line where each quote starts, by quote index."""

    def anchor(self, index: int) -> tuple[int, int]:
        """Block and offset of the first real text at or after line `index`."""
        for line in self.lines[max(0, index) :]:
            if not line.spacer:
                return line.block, line.offset
        return (self.lines[-1].block, self.lines[-1].offset) if self.lines else (HEADER, 0)

    def line_of(self, block: int, offset: int) -> int:
        """The line that shows this block and offset (the nearest before it)."""
        found = 0
        for index, line in enumerate(self.lines):
            if line.spacer:
                continue
            if (line.block, line.offset) > (block, offset):
                break
            found = index
        return found


# -- word wrap ------------------------------------------------------------------------------------


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap by terminal cells: (start, end) offsets of each line in `text`."""
    spans: list[tuple[int, int]] = []
    base = 0
    for part in text.split("\n"):
        spans.extend((base + s, base + e) for s, e in _wrap_one(part, max(1, width)))
        base += len(part) + 1
    return spans


_SHOWN_OTHERWISE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""Characters shown as something of another width (`^[`, U+FFFD, a tab as one space)."""
_WIDE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
"""ASCII characters that do not take one cell (shown as `^[`); a tab shows as one space."""
_PRINTABLE_ASCII = frozenset(map(chr, range(0x20, 0x7F)))
_ONE_CELL_CHARS: dict[str, bool] = {}
"""Whether a character outside printable ASCII takes one cell, as found so far."""


def shown(text: str) -> str:
    """Text as drawn: sanitised, with a tab as one space so offsets and widths stay aligned."""
    return sanitize(text).replace("\t", " ")


def _cells(text: str) -> int:
    """Cells `text` takes on screen once sanitised (a control character shows as `^[`)."""
    return cell_len(shown(text) if _SHOWN_OTHERWISE.search(text) else text)


def _char_cells(char: str) -> int:
    return _cells(char) if char < "\xa0" else cell_len(char)


def _one_cell_each(text: str) -> bool:
    """Every character of `text` takes one cell, so a line of it is as wide as it is long (most
    text: ASCII with curly quotes, dashes and accents). Looks at each distinct character once."""
    if text.isascii():
        return not _WIDE_CONTROL.search(text)
    for char in set(text) - _PRINTABLE_ASCII:
        known = _ONE_CELL_CHARS.get(char)
        if known is None:
            known = _ONE_CELL_CHARS[char] = _char_cells(char) == 1
        if not known:
            return False
    return True


def _wrap_one(text: str, width: int) -> list[tuple[int, int]]:
    """Each step looks at one line's worth of text, never at the rest of the paragraph, so a
    10 MB line wraps in time proportional to its length, not to its square."""
    if _one_cell_each(text):
        return _wrap_one_cell(text, width)
    spans: list[tuple[int, int]] = []
    start = 0
    while (filled := _fill(text, start, width)) < len(text):
        end = _break(text, start, filled)
        spans.append((start, end))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    spans.append((start, len(text)))
    return spans


def _wrap_one_cell(text: str, width: int) -> list[tuple[int, int]]:
    """`_wrap_one` for text of one-cell characters: a line fills up to `width` characters."""
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    while start + width < length:
        end = _break(text, start, start + width)
        spans.append((start, end))
        start = end
        while start < length and text[start] == " ":
            start += 1
    spans.append((start, length))
    return spans


def count_lines(text: str, width: int) -> int:
    """`len(wrap(text, width))`, without making the spans (for counting a long article)."""
    width = max(1, width)
    if "\n" in text:
        return sum(_count_one(part, width) for part in text.split("\n"))
    return _count_one(text, width)


def _count_one(text: str, width: int) -> int:
    if not _one_cell_each(text):
        return len(_wrap_one(text, width))
    count, start, length = 1, 0, len(text)
    while start + width < length:
        start = _break(text, start, start + width)
        while start < length and text[start] == " ":
            start += 1
        count += 1
    return count


_ONE_CELL = re.compile("[\x20-\x7e]*")
"""Printable ASCII: one cell per character, so a run of it is measured by its length."""


def _fill(text: str, start: int, width: int) -> int:
    """End of the longest piece from `start` that fits in `width` cells."""
    match = _ONE_CELL.match(text, start, start + width)
    end = match.end() if match else start
    used = end - start
    while end < len(text) and used + (cells := _char_cells(text[end])) <= width:
        used += cells
        end += 1
    return end


def _break(text: str, start: int, end: int) -> int:
    """Where to end the line that could fill up to `end`: at a space when one exists (and
    before the whole run of spaces there, so no line ends in blanks)."""
    space = text.rfind(" ", start + 1, end + 1)
    if space <= start:
        return max(end, start + 1)
    while space - 1 > start and text[space - 1] == " ":
        space -= 1
    return space


# -- quotes by block ------------------------------------------------------------------------------

_NO_SPANS: tuple[list[tuple[int, int, int]], list[int]] = ([], [])


class QuoteIndex:
    """Where the article's quotes fall, block by block, found by bisection when a block is laid
    out: building it costs a pass over the quotes, not over their spans or the blocks."""

    def __init__(self, article: Article) -> None:
        quotes = article.quotes
        self.article = article
        firsts = [quote.block for quote in quotes]
        self._order: list[int] | None = None
        """Quote indexes in block order, when the quotes are not already in it."""
        if firsts != sorted(firsts):
            self._order = sorted(range(len(quotes)), key=firsts.__getitem__)
            firsts = [firsts[i] for i in self._order]
        self._firsts = firsts
        self._multi = [i for i in self._ordered() if quotes[i].end_block != quotes[i].block]
        """Quotes that run over several blocks, in block order, and how far each reaches."""
        self._multi_firsts = [quotes[i].block for i in self._multi]
        self._reach = list(accumulate((quotes[i].end_block for i in self._multi), max))

    def _ordered(self) -> range | list[int]:
        return range(len(self.article.quotes)) if self._order is None else self._order

    def __len__(self) -> int:
        return len(self._firsts)

    def at(self, rank: int) -> int:
        """The index of the quote that is `rank`th in block order."""
        return rank if self._order is None else self._order[rank]

    def first_rank(self, block: int) -> int:
        """The rank (in block order) of the first quote that opens in `block` or later."""
        return bisect_left(self._firsts, block)

    def spans(self, block: int) -> tuple[list[tuple[int, int, int]], list[int]]:
        """The (start, end, quote) spans in `block`, sorted, and the furthest end so far at each
        one (so a line looks up only the quotes it shows)."""
        quotes = self.article.quotes
        found: list[tuple[int, int, int]] = []
        back = bisect_left(self._multi_firsts, block) - 1
        while back >= 0 and self._reach[back] >= block:
            found += self._spans_of(self._multi[back], block)
            back -= 1
        lo = bisect_left(self._firsts, block)
        for rank in range(lo, bisect_right(self._firsts, block, lo)):
            index = self.at(rank)
            quote = quotes[index]
            if quote.end_block == quote.block:
                found.append((quote.start, quote.end, index))
            else:
                found += self._spans_of(index, block)
        if not found:
            return _NO_SPANS
        found.sort()
        return found, list(accumulate((span[1] for span in found), max))

    def _spans_of(self, index: int, block: int) -> list[tuple[int, int, int]]:
        spans = self.article.quotes[index].spans(self.article.blocks)
        return [(start, end, index) for where, start, end in spans if where == block]


# -- building lines -------------------------------------------------------------------------------


def _has_lines(block: Block) -> bool:
    """A block that lays out at least one line of its own (so a blank line follows it)."""
    if isinstance(block, ListBlock):
        return bool(block.items)
    return isinstance(block, (Heading, Paragraph, Figure, Media, BlockQuote, CodeBlock))


def _indent(first: str, rest: str) -> int:
    return max(cell_len(first), cell_len(rest))


class _Builder:
    """Collects lines for one article at one width (all of them, or one block's)."""

    def __init__(self, article: Article, width: int, quotes: QuoteIndex | None = None) -> None:
        self.article = article
        self.width = max(MIN_WIDTH, width)
        self.lines: list[Line] = []
        self.quote_lines: dict[int, int] = {}
        self.quotes = quotes if quotes is not None else QuoteIndex(article)
        self.open = False
        """The last line is real text, so the next block starts with a blank line."""
        self._spans_for = HEADER
        self._spans = _NO_SPANS

    def _add(self, line: Line) -> None:
        self.lines.append(line)
        self.open = not line.spacer

    def blank(self, block: int) -> None:
        if self.open:
            self._add(Line((), block, 0, spacer=True))

    def spans(self, block: int) -> tuple[list[tuple[int, int, int]], list[int]]:
        """The block's quote spans (kept for the block being laid out)."""
        if block < 0:
            return _NO_SPANS
        if block != self._spans_for:
            self._spans_for, self._spans = block, self.quotes.spans(block)
        return self._spans

    def text(
        self,
        text: str,
        role: str,
        block: int,
        first: str = "",
        rest: str = "",
        prefix_role: str = "marker",
        offset_base: int = 0,
        quoted: bool = True,
    ) -> None:
        """Wrap `text` under a first-line and continuation prefix, marking quote spans.

        `quoted` is false for text that is not the block's own `text` (a figure's alt line and
        credit), since quote offsets index the block's text.
        """
        for number, (start, end) in enumerate(wrap(text, self.width - _indent(first, rest))):
            prefix = first if number == 0 else rest
            runs = [Run(prefix, prefix_role)] if prefix else []
            runs += self._runs(text, start, end, role, block if quoted else HEADER, offset_base)
            self._add(Line(tuple(runs), block, offset_base + start))

    def _runs(
        self, text: str, start: int, end: int, role: str, block: int, base: int = 0
    ) -> list[Run]:
        """Runs for text[start:end], quote spans (with their marks) in the "quote" role.

        `text` is the part of the block's text that starts at offset `base` (a list item);
        a `block` of HEADER has no quotes.
        """
        runs: list[Run] = []
        cursor = start
        spans, ends = self.spans(block)
        first = bisect_right(ends, start - 1 + base)
        for q_start, q_end, index in (spans[i] for i in range(first, len(spans))):
            if q_start - 1 - base >= end:
                break
            lo, hi = max(start, q_start - 1 - base), min(end, q_end + 1 - base)
            if lo >= hi:
                continue
            if index not in self.quote_lines:
                self.quote_lines[index] = len(self.lines)
            if lo > cursor:
                runs.append(Run(shown(text[cursor:lo]), role, -1, cursor - start))
            runs.append(Run(shown(text[lo:hi]), "quote", index, lo - start))
            cursor = hi
        if cursor < end:
            runs.append(Run(shown(text[cursor:end]), role, -1, cursor - start))
        return runs

    def header(self) -> None:
        """Title, standfirst, subhead and details; offsets run on through the header so that
        every header line has its own anchor."""
        article = self.article
        self.text(article.title, "headline", HEADER)
        base = len(article.title) + 1
        for text, role in ((article.standfirst, "standfirst"), (article.subhead, "subhead")):
            if text:
                self.blank(HEADER)
                self.text(text, role, HEADER, offset_base=base)
                base += len(text) + 1
        self.blank(HEADER)
        for line in meta_lines(article):
            meta = sanitize_line(line)
            self.text(meta, "meta", HEADER, offset_base=base)
            base += len(meta) + 1
        self._add(Line((Run("─" * self.width, "rule"),), HEADER, base))

    def block(self, index: int, block: Block) -> None:
        self.blank(index)
        if isinstance(block, Heading) and not block.text:
            self._add(Line((Run("\u2042".center(self.width).rstrip(), "rule"),), index, 0))
        elif isinstance(block, Heading):
            self.text(block.text, "heading" if block.level <= 2 else "subheading", index)
        elif isinstance(block, Paragraph):
            opens = any(start <= 1 for start, _end, _q in self.spans(index)[0])
            bar = "▎ " if opens else ""
            self.text(block.text, "text", index, bar, bar, prefix_role="quote-bar")
        elif isinstance(block, Figure):
            self.figure(index, block)
        elif isinstance(block, Media):
            self.media(index, block)
        elif isinstance(block, BlockQuote):
            self.text(block.text, "text", index, "▎ ", "▎ ", prefix_role="quote-bar")
        elif isinstance(block, ListBlock):
            self.list_block(index, block)
        elif isinstance(block, CodeBlock):
            self.text(block.text, "code", index, "  ", "  ")

    def figure(self, index: int, figure: Figure) -> None:
        """Alt line, caption and credit. Offsets are those of the caption (the figure's text),
        with the alt line before it (negative) and the credit after it, so that every line has
        its own anchor, in order."""
        marker = "▣ "
        if figure.alt:
            self.text(
                figure.alt,
                "alt",
                index,
                marker,
                "  ",
                prefix_role="photo",
                offset_base=-len(figure.alt) - 1,
                quoted=False,
            )
            marker = "  "
        self.text(figure.caption, "caption", index, marker, "  ", prefix_role="photo")
        if figure.credit:
            self.text(
                figure.credit,
                "credit",
                index,
                "  ",
                "  ",
                offset_base=len(figure.caption) + 1,
                quoted=False,
            )

    def list_block(self, index: int, block: ListBlock) -> None:
        offset = 0
        for number, item in enumerate(block.items):
            bullet = f"{block.start + number}. " if block.ordered else "• "
            self.text(item, "text", index, bullet, " " * len(bullet), "bullet", offset)
            offset += len(item) + 1

    def media(self, index: int, media: Media) -> None:
        """A framed box: label, intro, title, duration and age, then the description.

        Offsets are those of the description (the block's text); the lines above it count up
        to zero from below (like a figure's alt line) and the bottom frame comes after it.
        """
        inner = self.width - 4
        label = f" ▶ {sanitize_line(media.label)}"
        label = set_cell_size(label, min(cell_len(label), self.width - 4)) + " "
        info = " · ".join(p for p in (media.duration, media.age) if p)
        fields = [(media.intro, "media-intro"), (media.title, "media-title"), (info, "media-info")]
        offset = -(len(label) + 1 + sum(len(text) + 1 for text, _role in fields if text))
        top = "╭─" + label + "─" * max(0, self.width - 3 - cell_len(label)) + "╮"
        self._add(
            Line(
                (
                    Run(top[:2], "frame"),
                    Run(label, "media-label"),
                    Run(top[2 + len(label) :], "frame"),
                ),
                index,
                offset,
            )
        )
        offset += len(label) + 1
        for text, role in fields:
            for start, end in wrap(text, inner) if text else []:
                self._framed(self._runs(text, start, end, role, HEADER), index, offset + start)
            offset += len(text) + 1 if text else 0
        text = media.description
        for start, end in wrap(text, inner) if text else []:
            self._framed(self._runs(text, start, end, "media-text", index), index, start)
        bottom = Run("╰" + "─" * (self.width - 2) + "╯", "frame")
        self._add(Line((bottom,), index, len(text) + 1))

    def _framed(self, runs: list[Run], index: int, offset: int) -> None:
        """One line inside the media frame, padded to the frame's width."""
        pad = " " * max(0, self.width - 4 - sum(cell_len(run.text) for run in runs))
        framed = (Run("│ ", "frame"), *runs, Run(pad + " │", "frame"))
        self._add(Line(framed, index, offset))


class _Counter(_Builder):
    """A builder that only counts lines: the text is wrapped, never cut into styled runs."""

    counted = 0

    def _add(self, line: Line) -> None:
        self.counted += 1
        self.open = not line.spacer

    def text(
        self,
        text: str,
        role: str,
        block: int,
        first: str = "",
        rest: str = "",
        prefix_role: str = "marker",
        offset_base: int = 0,
        quoted: bool = True,
    ) -> None:
        self.counted += count_lines(text, self.width - _indent(first, rest))
        self.open = True

    def _runs(
        self, text: str, start: int, end: int, role: str, block: int, base: int = 0
    ) -> list[Run]:
        return []

    def take(self) -> int:
        """Lines counted since the last call."""
        count, self.counted = self.counted, 0
        return count


def meta_line(article: Article) -> str:
    meta = article.meta
    parts = [meta.source, meta.author and f"By {meta.author}", meta.date, meta.dateline]
    parts.append(f"{meta.minutes} min read")
    if meta.encoding_guessed:
        parts.append(f"encoding guessed: {meta.encoding}")
    return " · ".join(part for part in parts if part)


def meta_lines(article: Article) -> list[str]:
    """The details under the headline: source, byline, date, dateline and reading time on one
    line, then the agency's credit line and any notice about how the file was read."""
    extra = [article.meta.credits, *article.meta.notices]
    return [meta_line(article), *(line for line in extra if line)]


def layout(article: Article, width: int) -> Layout:
    builder = _Builder(article, width)
    builder.header()
    for index, block in enumerate(article.blocks):
        builder.block(index, block)
    quote_lines = tuple(builder.quote_lines.get(i, 0) for i in range(len(article.quotes)))
    return Layout(tuple(builder.lines), builder.width, quote_lines)


# -- laying out a block at a time -----------------------------------------------------------------


def unit_chars(article: Article, unit: int) -> int:
    """How much text a unit (the header, or a block) holds: what its layout costs."""
    if unit == 0:
        return len(article.title) + len(article.standfirst) + len(article.subhead)
    block = article.blocks[unit - 1]
    if isinstance(block, Media):
        return len(block.intro) + len(block.title) + len(block.description)
    if isinstance(block, Figure):
        return len(block.alt) + len(block.caption) + len(block.credit)
    if isinstance(block, ListBlock):
        return sum(map(len, block.items))
    return len(block.text)


def unit_lines(article: Article, width: int, unit: int, quotes: QuoteIndex) -> tuple[Line, ...]:
    """The lines of one unit, exactly as `layout()` lays them out (with the blank line that
    opens a block, which is there when the block before it has lines of its own)."""
    builder = _Builder(article, width, quotes)
    if unit == 0:
        builder.header()
    else:
        builder.open = unit == 1 or _has_lines(article.blocks[unit - 2])
        builder.block(unit - 1, article.blocks[unit - 1])
    return tuple(builder.lines)


@dataclass(frozen=True)
class Measured:
    """Where each unit's lines start at one width (`starts[u]`; `starts[-1]` is the number of
    lines), and the lines of units too long to lay out while the reader waits."""

    width: int
    starts: array[int]
    long_units: dict[int, tuple[Line, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, result: Layout, units: int) -> Measured:
        """A whole eager layout, cut into its units (for a layout made in a thread)."""
        counts = [0] * units
        for line in result.lines:
            counts[line.block + 1] += 1
        starts = array("i", accumulate(counts, initial=0))
        kept = {unit: result.lines[starts[unit] : starts[unit + 1]] for unit in range(units)}
        return cls(result.width, starts, kept)


def measure(
    article: Article,
    width: int,
    quotes: QuoteIndex | None = None,
    *,
    long_chars: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Measured | None:
    """Count the lines of every unit (wrapping only), for a thread; None once `cancelled()`.

    Units longer than `long_chars` are laid out in full here, so that the UI never has to.
    """
    counter = _Counter(article, width, quotes)
    long_units: dict[int, tuple[Line, ...]] = {}
    counts = array("i")
    for unit in range(len(article.blocks) + 1):
        if unit % 64 == 0 and cancelled():
            return None
        if long_chars is not None and unit_chars(article, unit) > long_chars:
            lines = long_units[unit] = unit_lines(article, width, unit, counter.quotes)
            counts.append(len(lines))
            counter.open = _has_lines(article.blocks[unit - 1]) if unit else True
        elif unit == 0:
            counter.header()
            counts.append(counter.take())
        else:
            counter.block(unit - 1, article.blocks[unit - 1])
            counts.append(counter.take())
    starts = array("i", accumulate(counts, initial=0))
    return Measured(counter.width, starts, long_units)


class LongUnit(Exception):
    """A unit is too long to lay out in the UI thread (a 10 MB line)."""


class LazyLayout:
    """The lines of an article at one width, laid out a unit (the header, or a block) at a time
    when they are asked for; the units last used are kept, up to CACHED_LINES lines.

    Line numbers count from the top of a window of units whose line counts are known. Until the
    counts of the whole article are adopted (`adopt`, from `measure` in a thread) the window is
    a stretch around where the reader is, grown as they scroll (`grow`, which says how many
    lines it put above, so the view can keep its place) or moved to a place far away (`seat`).
    """

    CACHED_LINES = 4_000
    """About 1.6 MB of lines: a hundred screens, far more than the few laid out around the view."""

    def __init__(
        self,
        article: Article,
        width: int,
        quotes: QuoteIndex | None = None,
        *,
        long_chars: int | None = None,
    ) -> None:
        self.article = article
        self.width = max(MIN_WIDTH, width)
        self.quotes = quotes if quotes is not None else QuoteIndex(article)
        self.units = len(article.blocks) + 1
        self.long_chars = long_chars
        self._cache: OrderedDict[int, tuple[Line, ...]] = OrderedDict()
        self._cached_lines = 0
        self._kept: dict[int, tuple[Line, ...]] = {}
        """Units laid out elsewhere (in a thread), never dropped."""
        self._first = 0
        self._starts = array("i", [0])
        """Where each unit of the window starts, from its top; the last is the window's end."""

    # -- units -----------------------------------------------------------------------------------
    def unit_lines(self, unit: int) -> tuple[Line, ...]:
        """The lines of a unit, laid out now unless they are cached; raises LongUnit for a unit
        longer than `long_chars` that was not laid out elsewhere."""
        lines = self._kept.get(unit)
        if lines is not None:
            return lines
        lines = self._cache.get(unit)
        if lines is not None:
            self._cache.move_to_end(unit)
            return lines
        if self.long_chars is not None and unit_chars(self.article, unit) > self.long_chars:
            raise LongUnit(unit)
        lines = self._cache[unit] = unit_lines(self.article, self.width, unit, self.quotes)
        self._cached_lines += len(lines)
        while self._cached_lines > self.CACHED_LINES and len(self._cache) > 1:
            self._cached_lines -= len(self._cache.popitem(last=False)[1])
        return lines

    # -- the window ------------------------------------------------------------------------------
    @property
    def total(self) -> int:
        """Lines in the window."""
        return self._starts[-1]

    @property
    def complete(self) -> bool:
        """The window is the whole article: line numbers are final."""
        return self._first == 0 and len(self._starts) == self.units + 1

    @property
    def first_unit(self) -> int:
        return self._first

    @property
    def end_unit(self) -> int:
        """The unit after the window's last."""
        return self._first + len(self._starts) - 1

    def place_at(self, y: int) -> Place:
        """The unit and index in it of window line `y` (clamped to the window)."""
        if not self.total:
            return self._first, 0
        y = min(max(0, y), self.total - 1)
        slot = min(bisect_right(self._starts, y), len(self._starts) - 1) - 1
        return self._first + slot, y - self._starts[slot]

    def line(self, y: int) -> Line:
        unit, index = self.place_at(y)
        return self.unit_lines(unit)[index]

    def line_at(self, place: Place) -> int | None:
        """The window line of a place, or None when its unit is outside the window."""
        unit, index = place
        if not self._first <= unit < self.end_unit:
            return None
        return self._starts[unit - self._first] + index

    def seat(self, unit: int) -> None:
        """Make the window that one unit (the view is going there; what was around is gone)."""
        count = len(self.unit_lines(unit))
        self._first, self._starts = unit, array("i", [0, count])

    def grow(self, top: int, bottom: int) -> int:
        """Lay out units until the window holds lines `top` to `bottom` (or the article ends
        first). Returns how many lines were put above the old top: add it to line numbers."""
        above: list[int] = []
        needed = -top
        while needed > 0 and self._first - len(above) > 0:
            above.append(len(self.unit_lines(self._first - len(above) - 1)))
            needed -= above[-1]
        shift = sum(above)
        if above:
            starts = array("i", accumulate(reversed(above), initial=0))
            starts.extend(start + shift for start in self._starts[1:])
            self._first, self._starts = self._first - len(above), starts
        while self.total < bottom + shift and self.end_unit < self.units:
            self._starts.append(self.total + len(self.unit_lines(self.end_unit)))
        return shift

    def adopt(self, measured: Measured) -> int:
        """Take the line counts of the whole article; returns how many lines now come before
        the old window's top (add it to line numbers: what is on screen stays put)."""
        if measured.width != self.width or len(measured.starts) != self.units + 1:
            raise ValueError("the measure is of another article or width")
        shift = measured.starts[self._first]
        self._kept.update(measured.long_units)
        self._first, self._starts = 0, array("i", measured.starts)
        return shift

    # -- places in the article -------------------------------------------------------------------
    def anchor(self, y: int) -> tuple[int, int]:
        """Block and offset of the first real text at or after window line `y`."""
        if y >= self.total and self.end_unit == self.units:
            line = self._last_line()
            return line.block, line.offset
        unit, index = self.place_at(y)
        for at in range(unit, self.units):
            for line in self.unit_lines(at)[index if at == unit else 0 :]:
                if not line.spacer:
                    return line.block, line.offset
        line = self._last_line()
        return line.block, line.offset

    def _last_line(self) -> Line:
        for unit in range(self.units - 1, -1, -1):
            lines = self.unit_lines(unit)
            if lines:
                return lines[-1]
        raise AssertionError("the header always has lines")

    def place_of(self, block: int, offset: int) -> Place:
        """The place that shows this block and offset (the nearest real line before it)."""
        target = (block, offset)
        for unit in range(min(max(0, block + 1), self.units - 1), -1, -1):
            lines = self.unit_lines(unit)
            for index in range(len(lines) - 1, -1, -1):
                line = lines[index]
                if not line.spacer and (line.block, line.offset) <= target:
                    return unit, index
        return 0, 0

    def line_of(self, block: int, offset: int) -> int:
        """The window line that shows this block and offset; a place outside the window seats
        the window there first."""
        place = self.place_of(block, offset)
        line = self.line_at(place)
        if line is None:
            self.seat(place[0])
            line = self.line_at(place)
            assert line is not None
        return line

    def quote_place(self, index: int) -> Place:
        """Where quote `index` starts: the first line of its block that shows it."""
        unit = self.article.quotes[index].block + 1
        for number, line in enumerate(self.unit_lines(unit)):
            if any(run.quote == index for run in line.runs):
                return unit, number
        return unit, 0

    @property
    def cached_lines(self) -> int:
        """Lines held in the cache (units laid out in a thread are not counted)."""
        return self._cached_lines

    def first_quote_from(self, y: int) -> int:
        """The first quote that starts at or below window line `y` (the first quote if none)."""
        unit, _index = self.place_at(y)
        rank = self.quotes.first_rank(unit - 1)
        while rank < len(self.quotes):
            quote = self.quotes.at(rank)
            if self.article.quotes[quote].block + 1 > unit:
                return quote
            line = self.line_at(self.quote_place(quote))
            if line is not None and line >= y:
                return quote
            rank += 1
        return 0
