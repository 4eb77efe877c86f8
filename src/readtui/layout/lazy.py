"""`LazyLayout`: an article's lines laid out a unit at a time as the reader scrolls to them,
from a window of units whose line counts are known and a cache of the units last used, so a
5 MB article shows its first screen at once and is never held as lines.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import OrderedDict
from itertools import accumulate

from readtui.article.model import Article
from readtui.layout.lines import MIN_WIDTH, Line
from readtui.layout.quote_index import QuoteIndex
from readtui.layout.units import Measured, unit_chars, unit_lines

Place = tuple[int, int]
"""A line by its unit (0 is the header, unit `b + 1` is block `b`) and its index in that unit."""


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
