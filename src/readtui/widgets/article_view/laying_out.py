"""Laying the article out: at once when it is short, else a window of blocks around the reader
while a thread measures the rest; a block too long for that is laid out with the whole article
in a thread. Also the refit when the pane or the reading width changes."""

from __future__ import annotations

import time
import weakref
from typing import ClassVar

from textual import work
from textual.geometry import Size
from textual.worker import get_current_worker

from readtui.article.model import Article, readable_text
from readtui.layout import (
    HEADER,
    MIN_WIDTH,
    LazyLayout,
    LongUnit,
    Measured,
    Place,
    QuoteIndex,
    layout,
    measure,
)
from readtui.store import Position
from readtui.widgets.article_view.base import ArticleViewBase

LAYING_OUT = "Laying out this long article\u2026"


def article_chars(article: Article) -> int:
    """How much text the article holds: a cheap measure of how long its layout will take."""
    header = len(article.title) + len(article.standfirst) + len(article.subhead)
    return header + sum(len(readable_text(block)) for block in article.blocks)


class LayingOut(ArticleViewBase):
    """The lazy layout, the threads that measure or lay out the article, and the window."""

    MEASURE_AT_ONCE_CHARS: ClassVar[int] = 100_000
    """Articles up to this long are measured as they are shown (a few ms), so their position
    and percentage are known at once; longer ones are measured in a thread meanwhile."""
    LONG_BLOCK_CHARS: ClassVar[int] = 50_000
    """A block (or title) longer than this is never laid out while the reader waits: the
    measuring thread lays it out, and one needed before that (a 10 MB line) is laid out with the
    whole article in a thread, under LAYING_OUT."""
    MARGIN_SCREENS: ClassVar[int] = 2
    """Until the whole article is measured, this many screens are kept laid out above and below
    the view, so that paging never waits for the rest."""

    def _relayout(self, place: Place | Position | None = None) -> None:
        """Lay the article out at the view's width, with `place` (else the pending anchor, else
        the position now) at the top."""
        article = self.article
        if article is None or self.scrollable_content_region.width <= 0:
            return
        target = place or self._pending or self.position()
        width = self.column_width()
        self.workers.cancel_group(self, "measure")
        at_once = self._measured_at_once(article)
        quotes = self._quote_index(article)
        long_chars = None if at_once else self.LONG_BLOCK_CHARS
        lazy = LazyLayout(article, width, quotes, long_chars=long_chars)
        known = self._known(article, lazy.width)
        if known is not None:
            lazy.adopt(known)
        elif at_once and (counts := measure(article, width, quotes)) is not None:
            lazy.adopt(counts)
        if self._try_apply(lazy, target) and not lazy.complete:
            self._measure_in_thread(article, width, quotes)

    def _known(self, article: Article, width: int) -> Measured | None:
        """What a thread already worked out for this article at this width."""
        for known in (self._kept, self._measured):
            if known is not None and known[0]() is article and known[1].width == width:
                return known[1]
        return None

    def _try_apply(self, lazy: LazyLayout, target: Place | Position | None) -> bool:
        """Show `lazy` at `target`, or lay the article out in a thread if that needs a block too
        long to lay out now (False)."""
        try:
            self._apply_layout(lazy, target)
        except LongUnit:
            self._lay_out_in_thread(target)
            return False
        return True

    def _measured_at_once(self, article: Article) -> bool:
        """Short articles are measured as they are shown (the count of blocks is checked
        first, so that a long one is never walked through here)."""
        return len(article.blocks) < 2_000 and article_chars(article) <= self.MEASURE_AT_ONCE_CHARS

    def _lay_out_in_thread(self, target: Place | Position | None) -> None:
        """Lay out the whole article in a thread (a block too long to lay out while the reader
        waits is near the anchor), showing LAYING_OUT meanwhile. A `target` that is a place
        leaves the pending anchor the caller set."""
        assert self.article is not None
        self.workers.cancel_group(self, "measure")
        if isinstance(target, Position):
            self._pending = target
        self._pending = self._pending or Position(HEADER, 0)
        self._layout = None
        self.message = LAYING_OUT
        self.virtual_size = Size(0, 0)
        self.refresh()
        self.refresh_bindings()
        if not self._laying_out:
            self._laying_out = True
            self._layout_in_thread(self.article, self.column_width())

    @work(thread=True, group="layout", description="laying out a long article")
    def _layout_in_thread(self, article: Article, width: int) -> None:
        result = layout(article, width)
        measured = Measured.of(result, len(article.blocks) + 1)
        self.app.call_from_thread(self._layout_finished, article, width, measured)

    def _layout_finished(self, article: Article, width: int, result: Measured) -> None:
        """Show a layout made in the thread if it is still wanted; after a resize or a switch
        to another long article it is not, and the one now wanted is started."""
        self._laying_out = False
        self._kept = (weakref.ref(article), result)
        if article is self.article and width == self.column_width():
            self.message = ""
            lazy = LazyLayout(article, width, self._quote_index(article))
            lazy.adopt(result)
            self._apply_layout(lazy, self._pending)
            self.refresh_bindings()
        elif self.article is not None and self._layout is None:
            self._relayout()

    @work(thread=True, exclusive=True, group="measure", description="measuring an article")
    def _measure_in_thread(self, article: Article, width: int, quotes: QuoteIndex) -> None:
        worker = get_current_worker()

        def cancelled() -> bool:
            """Asked between slices of the count: also lets the UI thread take the GIL, so a
            key waits for a slice (a ms or two), not for the interpreter's switch interval."""
            time.sleep(0)
            return worker.is_cancelled

        result = measure(
            article, width, quotes, long_chars=self.LONG_BLOCK_CHARS, cancelled=cancelled
        )
        if result is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._measure_finished, article, result)

    def _measure_finished(self, article: Article, result: Measured) -> None:
        """Take the whole article's line counts: line numbers become final (the line on top
        stays on top) and the scrollbar and the percentage read become right."""
        self._measured = (weakref.ref(article), result)
        lazy = self._layout
        if lazy is None or lazy.article is not article or lazy.width != result.width:
            return
        if not lazy.complete:
            top = int(self.scroll_offset.y)
            shift = lazy.adopt(result)
            self.virtual_size = Size(lazy.width, lazy.total)
            self._scroll_self(top + shift)
            self.refresh()
        self._report_position()

    def _apply_layout(self, lazy: LazyLayout, target: Place | Position | None) -> None:
        """Show `lazy`, scrolled so that `target` is at the top (raises LongUnit, with nothing
        changed, if that needs a block too long to lay out now)."""
        if isinstance(target, tuple):
            unit = min(target[0], lazy.units - 1)
            place = (unit, max(0, min(target[1], len(lazy.unit_lines(unit)) - 1)))
        else:
            target = target or Position(HEADER, 0)
            place = lazy.place_of(target.block, target.offset)
        line, _moved = self._window_line(lazy, place)
        self._layout = lazy
        self.virtual_size = Size(lazy.width, lazy.total)
        self._pending = None
        self._held = None
        if line > self.max_scroll_y:
            self._held = self._anchor_at(lazy, line)
            if isinstance(target, Position) and target.block < lazy.units - 1:
                self._held = target  # as asked, so that resizing back and forth cannot drift
        self.call_after_refresh(self._settle, lazy, place)
        self._scroll_self(line)
        self.call_after_refresh(self._report_position)
        self.refresh()

    @staticmethod
    def _anchor_at(lazy: LazyLayout, line: int) -> Position:
        return Position(*lazy.anchor(line))

    def _window_line(self, lazy: LazyLayout, place: Place) -> tuple[int, bool]:
        """The line of `place`, with screens laid out around it; True if the window had to be
        moved there (the old line numbers are gone: the caller scrolls)."""
        line = lazy.line_at(place)
        moved = line is None
        if line is None:
            lazy.seat(place[0])
            line = lazy.line_at(place)
            assert line is not None
        margin = self.MARGIN_SCREENS * self._height()
        shift = lazy.grow(line - margin, line + margin + self._height())
        if shift and not moved and lazy is self._layout:
            self.virtual_size = Size(lazy.width, lazy.total)
            self._scroll_self(int(self.scroll_offset.y) + shift)
        return line + shift, moved

    def _settle(self, lazy: LazyLayout, place: Place) -> None:
        """Scroll to `place` again once the view has its size (the first scroll may have been
        clamped to a view not yet laid out)."""
        line = lazy.line_at(place)
        if self._layout is lazy and line is not None:
            self._scroll_self(line)

    def _grow_window(self) -> None:
        """Keep screens laid out above and below the view (until the article is measured)."""
        lazy = self._layout
        if lazy is None or lazy.complete:
            return
        top = int(self.scroll_offset.y)
        margin = self.MARGIN_SCREENS * self._height()
        try:
            shift = lazy.grow(top - margin, top + margin + self._height())
        except LongUnit:
            self._lay_out_in_thread(self.position())
            return
        self.virtual_size = Size(lazy.width, lazy.total)
        if shift:
            self._scroll_self(top + shift)

    def on_resize(self) -> None:
        self._refit()

    def _refit(self) -> None:
        """Lay out again if the column's width changed, keeping the anchor on top."""
        if self.article is None:
            return
        if self._layout is None or self._layout.width != max(MIN_WIDTH, self.column_width()):
            self._pending = self._pending or self.position()
            self._relayout()
        elif self._held is not None:
            self._try_apply(self._layout, self._held)
        else:
            self._grow_window()
