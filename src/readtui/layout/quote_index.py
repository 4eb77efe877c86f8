"""Which quote spans fall in a block, found by bisection rather than by walking every quote for
every block, so an article with many quotes lays out (whole or a block at a time) in time close
to its length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate

from readtui.article.model import Article

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
