"""The article as units (unit 0 is the header, unit `b + 1` is block `b`): what each costs to
lay out, its lines, and `measure()`, which counts every unit's lines by wrapping alone (never
cutting runs), cheaply enough to run over a 5 MB article in a thread while the first screen is
already shown.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from readtui.article.model import Article, Figure, ListBlock, Media
from readtui.layout.builder import _Builder, _has_lines, _indent
from readtui.layout.lines import Layout, Line, Run
from readtui.layout.quote_index import QuoteIndex
from readtui.layout.wrapping import count_lines


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
