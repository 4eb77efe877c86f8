"""ArticleView: one Line-API widget that draws only the visible lines of the article.

The article is laid out a block at a time (`LazyLayout`), around the reader: a 5 MB article shows
its first screen at once and is never held as lines. Its line counts are measured in a thread
meanwhile; until they arrive the view scrolls through a window of blocks laid out around it, and
the percentage read is not reported.
"""

from __future__ import annotations

import sys
import time
import weakref
from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from readtui.article.model import Article, Quote, readable_text
from readtui.article.search import Matches, find_matches
from readtui.config import NARROWEST, READING_WIDTH
from readtui.layout import (
    HEADER,
    MIN_WIDTH,
    LazyLayout,
    Line,
    LongUnit,
    Measured,
    Place,
    QuoteIndex,
    layout,
    measure,
)
from readtui.messages import copy_quote
from readtui.quoting import quote_clip as quote_clip  # re-exported: tests import them here
from readtui.quoting import quote_with_speaker as quote_with_speaker
from readtui.search_marks import CURRENT, MATCH, mark_line
from readtui.search_words import Words, find_words
from readtui.store import Position

COLUMN_WIDTH = READING_WIDTH
WIDTH_STEP = 4
LAYING_OUT = "Laying out this long article\u2026"
ROLES = (
    "headline",
    "standfirst",
    "subhead",
    "meta",
    "rule",
    "heading",
    "subheading",
    "text",
    "quote",
    "quote-focused",
    "quote-bar",
    "photo",
    "alt",
    "caption",
    "credit",
    "frame",
    "media-label",
    "media-intro",
    "media-title",
    "media-info",
    "media-text",
    "code",
    "bullet",
    "marker",
    "match",
    "match-current",
)


def article_chars(article: Article) -> int:
    """How much text the article holds: a cheap measure of how long its layout will take."""
    header = len(article.title) + len(article.standfirst) + len(article.subhead)
    return header + sum(len(readable_text(block)) for block in article.blocks)


class ArticleView(ScrollView, can_focus=True):
    """The reading pane: styled headline, captions, media frames and highlighted quotes."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"article-view--{role}" for role in ROLES}

    DEFAULT_CSS = """
    ArticleView { background: $surface; padding: 0 1; scrollbar-gutter: stable; }
    ArticleView:focus { background-tint: $foreground 3%; }
    ArticleView > .article-view--headline { color: $text; text-style: bold; }
    ArticleView > .article-view--standfirst { color: $text; text-style: italic; }
    ArticleView > .article-view--subhead { color: $text-secondary; text-style: bold italic; }
    ArticleView > .article-view--meta { color: $text-muted; }
    ArticleView > .article-view--rule { color: $primary-muted; }
    ArticleView > .article-view--heading { color: $accent; text-style: bold; }
    ArticleView > .article-view--subheading { color: $accent; text-style: bold italic; }
    ArticleView > .article-view--text { color: $text; }
    ArticleView > .article-view--quote { color: $text-warning; background: $warning-muted 30%; }
    ArticleView > .article-view--quote-focused { color: $text; background: $accent 45%;
        text-style: bold; }
    ArticleView > .article-view--quote-bar { color: $warning; }
    ArticleView > .article-view--photo { color: $secondary; text-style: bold; }
    ArticleView > .article-view--alt { color: $text-muted; text-style: italic; }
    ArticleView > .article-view--caption { color: $text-secondary; }
    ArticleView > .article-view--credit { color: $text-disabled; text-style: italic; }
    ArticleView > .article-view--frame { color: $primary; }
    ArticleView > .article-view--media-label { color: $primary; text-style: bold; }
    ArticleView > .article-view--media-intro { color: $text-muted; }
    ArticleView > .article-view--media-title { color: $text; text-style: bold; }
    ArticleView > .article-view--media-info { color: $text-muted; }
    ArticleView > .article-view--media-text { color: $text-secondary; }
    ArticleView > .article-view--code { color: $text-success; background: $boost; }
    ArticleView > .article-view--bullet { color: $accent; }
    ArticleView > .article-view--marker { color: $text-muted; }
    ArticleView:nocolor > .article-view--quote { text-style: underline; }
    ArticleView:nocolor > .article-view--quote-focused { text-style: bold reverse; }
    ArticleView > .article-view--match { background: $success-muted; text-style: underline; }
    ArticleView > .article-view--match-current { color: $success; text-style: bold reverse; }
    ArticleView:nocolor > .article-view--match { text-style: reverse; }
    ArticleView:nocolor > .article-view--match-current { text-style: bold reverse underline; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_lines(1)", "Down", show=False, id="view.down"),
        Binding("k,up", "scroll_lines(-1)", "Up", show=False, id="view.up"),
        Binding("space,pagedown,ctrl+f", "page(1)", "Page down", show=False, id="view.page_down"),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="view.page_up"),
        Binding("g,home", "top", "Top", show=False, id="view.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="view.bottom"),
        Binding("right_square_bracket", "quote(1)", "Next quote", id="view.next_quote"),
        Binding("left_square_bracket", "quote(-1)", "Prev quote", id="view.prev_quote"),
        Binding("y", "copy_quote", "Copy quote", id="view.copy"),
        Binding("Y", "copy_quote(True)", "Copy + credit", id="view.copy_credit"),
        Binding("full_stop", "match(1)", "Next match", id="view.next_match"),
        Binding("comma", "match(-1)", "Prev match", id="view.prev_match"),
        Binding("f3", "match(1)", "Next match", show=False, id="view.next_match_f3"),
        Binding("shift+f3", "match(-1)", "Prev match", show=False, id="view.prev_match_f3"),
        Binding("escape", "clear_search", "Clear search", show=False, id="view.clear_search"),
        Binding("plus", "width(1)", "Wider text", show=False, id="view.wider"),
        Binding("minus", "width(-1)", "Narrower text", show=False, id="view.narrower"),
        Binding("equals_sign", "width(0)", "Default width", show=False, id="view.width_reset"),
    ]

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

    class PositionChanged(Message):
        """The reader scrolled: the new anchor and how much has been read."""

        def __init__(self, article: Article, position: Position) -> None:
            super().__init__()
            self.article = article
            self.position = position

    class WidthChanged(Message):
        """The reader chose another reading width (it may be wider than the pane now)."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def __init__(
        self,
        *,
        id: str | None = None,
        reading_width: int = COLUMN_WIDTH,
        default_width: int = COLUMN_WIDTH,
    ) -> None:
        super().__init__(id=id)
        self.reading_width = max(NARROWEST, reading_width)
        """The widest the text column gets; a narrower pane narrows it."""
        self.default_width = default_width
        self.article: Article | None = None
        self.focused_quote: int | None = None
        self._layout: LazyLayout | None = None
        self._quotes: QuoteIndex | None = None
        self._pending: Position | None = None
        self._last_reported: Position | None = None
        self._held: Position | None = None
        """The reading position when the view cannot put it on top (a terminal so tall that the
        article ends first): it stays the position, through resizes, until the reader scrolls."""
        self._complete = True
        """False while the article is only the head of a longer text (see `show`)."""
        self._percent = 0.0
        """The percentage read given to `show`, reported while the real one is not known."""
        self._asked: Position | None = None
        """The position given to `show` (a head may not reach it: the whole article will)."""
        self._placing = False
        """The view is scrolling itself (to an anchor, or to keep its place): no reader move."""
        self._laying_out = False
        """A layout thread is running (there is never more than one)."""
        self._kept: tuple[weakref.ref[Article], Measured] | None = None
        """The last layout made in the thread (every line), so going back to it is instant."""
        self._measured: tuple[weakref.ref[Article], Measured] | None = None
        """The line counts last measured in a thread, so going back to it is instant. Neither
        keeps its article alive."""
        self.message = ""
        self._query = ""
        """The search kept for this view (it follows the reader to the next article)."""
        self._words: Words | None = None
        """Set when the search is the library search's words (`_query` is what was typed)."""
        self._matches: Matches | None = None
        self._match: int | None = None
        """The current match, by its index in `_matches` (None until one is chosen)."""
        self._origin: Position | None = None
        """Where the search began: each new query goes to its first match from here."""

    # -- showing -----------------------------------------------------------------------------
    def show(
        self, article: Article, position: Position | None = None, complete: bool = True
    ) -> None:
        """Display `article`, with the saved anchor at the top of the view.

        `complete=False` says the article is only the head of a longer text, to be replaced by
        `update_article`: until then no PositionChanged is posted, and `position()` gives the
        percentage `position` had (the one the reader had before), since the real one is not
        known.
        """
        self.article = article
        self.message = ""
        self.focused_quote = None
        self._complete = complete
        self._percent = position.percent if position else 0.0
        self._asked = position
        self._layout = None
        self._last_reported = position
        self._pending = position or Position(HEADER, 0)
        self._relayout()
        self._search_again()
        self.refresh_bindings()

    def update_article(self, article: Article) -> bool:
        """Replace the head shown with `show(..., complete=False)` by the whole article, whose
        first blocks are the head's: the line at the top of the view stays where it is (or, if
        the head ended before the position given to `show`, that position is shown), and from
        now on positions are reported. False (and nothing done) if no head is shown."""
        if self.article is None or self._complete:
            return False
        lazy, asked = self._layout, self._asked
        target: Place | Position | None = None
        if asked is not None and asked.block >= len(self.article.blocks):
            target = self._pending = asked
        elif lazy is not None and lazy.total:
            top = int(self.scroll_offset.y)
            target = self._held or lazy.place_at(top)
            self._pending = self._held or Position(*lazy.anchor(top))
        quote = self.focused_quote
        if quote is not None and not _same_quote(self.article, article, quote):
            self.focused_quote = None
        self.article = article
        self._complete = True
        self._layout = None
        self._pending = self._pending or Position(HEADER, 0)
        self._relayout(target)
        self._search_again(keep_current=True)
        self.refresh_bindings()
        return True

    def show_message(self, message: str) -> None:
        """Shown in place of an article, e.g. when the library is empty."""
        self.workers.cancel_group(self, "measure")
        self.article = None
        self._layout = None
        self._quotes = None
        self.message = message
        self._search_again()
        self.virtual_size = Size(0, 0)
        self.refresh()
        self.refresh_bindings()

    def column_width(self) -> int:
        return min(self.reading_width, max(1, self.scrollable_content_region.width))

    def set_reading_width(self, width: int) -> None:
        """Lay the text out at most `width` cells wide, the paragraph on top staying on top."""
        self.reading_width = max(NARROWEST, width)
        self._refit()

    def _height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _quote_index(self, article: Article) -> QuoteIndex:
        if self._quotes is None or self._quotes.article is not article:
            self._quotes = QuoteIndex(article)
        return self._quotes

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

    def _scroll_self(self, line: int) -> None:
        self._placing = True
        try:
            self.scroll_to(y=line, animate=False, immediate=True, force=True)
        finally:
            self._placing = False

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

    # -- position ----------------------------------------------------------------------------
    def position(self) -> Position | None:
        """The anchor of the first visible text, and the percentage read so far (the one given
        to `show` while it is not known: the article is a head, or not yet measured)."""
        lazy = self._layout
        if lazy is None or not lazy.total:
            return None
        top = int(self.scroll_offset.y)
        held = self._held
        block, offset = (held.block, held.offset) if held else lazy.anchor(top)
        if not self._percent_known():
            return Position(block, offset, self._percent)
        seen = min(lazy.total, top + self.scrollable_content_region.height)
        return Position(block, offset, round(100 * seen / lazy.total, 1))

    def _percent_known(self) -> bool:
        return self._complete and self._layout is not None and self._layout.complete

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        lazy = self._layout
        if lazy is not None and not self._placing:
            if new < old and int(new) >= self.max_scroll_y:
                # Only a taller view scrolls up to the new end by itself (the reader cannot
                # scroll past the end): keep the paragraph that was on top as the position.
                self._held = self._held or Position(*lazy.anchor(int(old)))
            elif self._held is not None and int(new) < self.max_scroll_y:
                self._held = None  # the reader scrolled up from the end: a new position
            self._grow_window()
        self._report_position()

    def _report_position(self) -> None:
        position = self.position()
        if self.article is None or position is None or self._pending is not None:
            return
        if self._percent_known() and position != self._last_reported:
            self._last_reported = position
            self.post_message(self.PositionChanged(self.article, position))

    # -- drawing -----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        base = self.rich_style
        lazy = self._layout
        if lazy is None and y == 1 and self.message:
            style = base + self.get_component_rich_style("article-view--meta", partial=True)
            return Strip([Segment(self.message, style)]).adjust_cell_length(width, base)
        if lazy is None or index >= lazy.total:
            return Strip.blank(width, base)
        margin = max(0, (width - lazy.width) // 2)
        segments = [Segment(" " * margin, base)] if margin else []
        segments += self._segments(lazy.line(index), base)
        return Strip(segments).adjust_cell_length(width, base)

    def _segments(self, line: Line, base: Style) -> list[Segment]:
        """The line's runs, cut where search matches start and end when it shows any."""
        found, article = self._matches, self.article
        if found is None or article is None or not found.has_block(line.block):
            return [Segment(run.text, base + self._style(run.role, run.quote)) for run in line.runs]
        return [
            Segment(text, base + self._style(run.role, run.quote) + self._mark_style(mark))
            for text, run, mark in mark_line(line, article, found, self._match)
        ]

    def _mark_style(self, mark: int) -> Style:
        if mark == CURRENT:
            return self.get_component_rich_style("article-view--match-current", partial=True)
        if mark == MATCH:
            return self.get_component_rich_style("article-view--match", partial=True)
        return Style()

    def _style(self, role: str, quote: int) -> Style:
        if quote >= 0 and quote == self.focused_quote:
            role = "quote-focused"
        return self.get_component_rich_style(f"article-view--{role}", partial=True)

    # -- actions -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("quote", "copy_quote"):
            return bool(self.article and self.article.quotes and self._layout) or None
        if action in ("match", "clear_search"):
            return bool(self._query)
        return True

    def action_width(self, step: int) -> None:
        """Widen (1) or narrow (-1) the text column by WIDTH_STEP, or reset it (0); never past
        the pane, nor below NARROWEST."""
        pane = max(1, self.scrollable_content_region.width)
        shown = self.column_width()
        wanted = self.default_width if step == 0 else min(pane, shown + step * WIDTH_STEP)
        wanted = max(NARROWEST, wanted)
        if step and min(wanted, pane) == shown:
            limit = "as wide as the pane" if step > 0 else "at its narrowest"
            self.notify(f"The text is {limit}: {shown} columns.", timeout=2, markup=False)
            return
        self.set_reading_width(wanted)
        self.post_message(self.WidthChanged(self.reading_width))
        note = f" (the pane shows {pane})" if wanted > pane else ""
        self.notify(f"Reading width: {wanted} columns{note}.", timeout=2, markup=False)

    def action_scroll_lines(self, lines: int) -> None:
        self.scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_relative(y=direction * page, animate=False)

    def action_top(self) -> None:
        lazy = self._layout
        if lazy is not None and not lazy.complete:
            self._jump(Position(HEADER, 0))
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        lazy = self._layout
        if lazy is not None and not lazy.complete:
            self._jump(Position(len(lazy.article.blocks), sys.maxsize))
        self.scroll_end(animate=False)

    def _jump(self, target: Position) -> None:
        """Go to a place far from the view before the article is measured."""
        lazy = self._layout
        assert lazy is not None
        try:
            line, _moved = self._window_line(lazy, lazy.place_of(target.block, target.offset))
        except LongUnit:
            self._lay_out_in_thread(target)
            return
        self.virtual_size = Size(lazy.width, lazy.total)
        self._scroll_self(line)

    def action_quote(self, step: int) -> None:
        """Focus the next or previous quote and bring it into view."""
        if self.article is None or self._layout is None or not self.article.quotes:
            return
        count = len(self.article.quotes)
        if self.focused_quote is None:
            first = self._first_quote_on_screen()
            target = first if step > 0 else (first - 1) % count
        else:
            target = (self.focused_quote + step) % count
        self.focus_quote(target)

    def focus_quote(self, index: int) -> None:
        lazy = self._layout
        assert lazy is not None
        self.focused_quote = index
        try:
            line, moved = self._window_line(lazy, lazy.quote_place(index))
        except LongUnit:
            assert self.article is not None
            self._lay_out_in_thread(Position(self.article.quotes[index].block, 0))
            return
        self.virtual_size = Size(lazy.width, lazy.total)
        top, height = int(self.scroll_offset.y), self.scrollable_content_region.height
        if moved or not top <= line < top + height - 1:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)
        self.refresh()

    def _first_quote_on_screen(self) -> int:
        lazy = self._layout
        return 0 if lazy is None else lazy.first_quote_from(int(self.scroll_offset.y))

    def current_quote(self) -> Quote | None:
        """The focused quote, else the first at or below the top of the view."""
        if self.article is None or not self.article.quotes:
            return None
        index = self.focused_quote
        if index is None:
            index = self._first_quote_on_screen()
        return self.article.quotes[index]

    def action_copy_quote(self, credit: bool = False) -> None:
        quote = self.current_quote()
        if quote is None or self.article is None:
            self.notify("There is no quote to copy in this article.", markup=False)
            return
        self.post_message(copy_quote(self.article, quote, credit=credit))

    # -- search in the article -------------------------------------------------------------
    class SearchUpdated(Message):
        """What the search found: `count` matches and the current one (None until one is
        chosen); `wrapped` says the last step went round the end (1: to the top, -1: to the
        end); `searching` that a long article is still being searched. No `query`: no search."""

        def __init__(
            self, query: str, count: int, current: int | None, wrapped: int, searching: bool
        ) -> None:
            super().__init__()
            self.query = query
            self.count = count
            self.current = current
            self.wrapped = wrapped
            self.searching = searching

    @property
    def search_query(self) -> str:
        return self._query

    @property
    def matches(self) -> Matches | None:
        return self._matches

    @property
    def current_match(self) -> int | None:
        return self._match

    def begin_search(self) -> None:
        """A search starts here: each query typed goes to its first match from this place."""
        self._origin = self.position()

    def search(self, query: str) -> None:
        """Find `query` and bring its first match from where the search began into view."""
        self._query, self._words = query, None
        if self._origin is None:
            self.begin_search()
        self._find(go=True)

    def search_words(self, words: Words, typed: str) -> None:
        """Mark the words an article was found by in the library (`typed`: the text the reader
        typed, which the search bar shows), without moving the view: the article is opened at
        its best match. They stay, as a search does, until escape or a new search."""
        self.workers.cancel_group(self, "search")
        self._query, self._words = typed, words
        self._matches, self._match, self._origin = None, None, None
        self._find(go=False)

    def clear_search(self) -> None:
        """The search is over: its marks go."""
        self.workers.cancel_group(self, "search")
        self._query, self._matches, self._match, self._origin = "", None, None, None
        self._words = None
        self.refresh()
        self.refresh_bindings()

    def action_clear_search(self) -> None:
        self.clear_search()
        self._report_search()

    def _search_again(self, keep_current: bool = False) -> None:
        """The article changed: find the kept query in it, without moving the view. The current
        match stays current if the new article has it (a head replaced by its whole text)."""
        keep = None
        if keep_current and self._matches is not None and self._match is not None:
            keep = self._matches[self._match][:2]
        else:
            self._origin = None
        self._matches, self._match = None, None
        if self._query:
            self._find(go=False, keep=keep)

    def _find(self, go: bool, keep: tuple[int, int] | None = None) -> None:
        """Search the article at once when it is short; in a thread when it is long (the marks
        of the last query stay until the new ones come)."""
        self.workers.cancel_group(self, "search")
        article, query = self.article, self._query
        if article is None or not query.strip():
            self._found(article, query, None, go, keep)
        elif self._measured_at_once(article):
            self._found(article, query, self._finder()(article, lambda: False), go, keep)
        else:
            self._report_search(searching=True)
            self._search_in_thread(article, query, self._finder(), go, keep)

    def _finder(self) -> Callable[[Article, Callable[[], bool]], Matches | None]:
        """What the search looks for: the library's words, or the phrase typed after `/`."""
        words, query = self._words, self._query
        if words is not None:
            return lambda article, cancelled: find_words(article, words, cancelled)
        return lambda article, cancelled: find_matches(article, query, cancelled)

    @work(thread=True, exclusive=True, group="search", description="searching the article")
    def _search_in_thread(
        self,
        article: Article,
        query: str,
        finder: Callable[[Article, Callable[[], bool]], Matches | None],
        go: bool,
        keep: tuple[int, int] | None,
    ) -> None:
        worker = get_current_worker()

        def cancelled() -> bool:
            time.sleep(0)  # lets the UI thread take the GIL between slices
            return worker.is_cancelled

        found = finder(article, cancelled)
        if found is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._found, article, query, found, go, keep)

    def _found(
        self,
        article: Article | None,
        query: str,
        found: Matches | None,
        go: bool,
        keep: tuple[int, int] | None,
    ) -> None:
        """Show the matches (unless the query or the article changed meanwhile); `go` makes
        the first one from where the search began current, and brings it into view."""
        if article is not self.article or query != self._query:
            return
        self._matches, self._match = found, None
        wrapped = 0
        if found is not None and len(found) and keep is not None:
            self._match = found.index_of(*keep)
        elif found is not None and len(found) and go:
            origin = self._origin or self.position() or Position(HEADER, 0)
            first = found.first_from(origin.block, origin.offset)
            wrapped = 1 if first == len(found) else 0
            self._match = first % len(found)
            self._bring_match_into_view(self._match)
        self.refresh()
        self.refresh_bindings()
        self._report_search(wrapped=wrapped)

    def action_match(self, step: int) -> None:
        """The next (1) or previous (-1) match, round the end of the article: after the current
        one while it is on screen, else (the reader scrolled away) the first from the top of
        the view, or the last before its bottom."""
        found = self._matches
        if found is None or not len(found):
            self._report_search()
            return
        count = len(found)
        if self._match is not None and self._match_on_screen(self._match):
            target = self._match + step
        elif step > 0:
            top = self.position() or Position(HEADER, 0)
            target = found.first_from(top.block, top.offset)
        else:
            target = found.first_from(*self._below_view()) - 1
        wrapped = 1 if target >= count else -1 if target < 0 else 0
        self._match = target % count
        self._bring_match_into_view(self._match)
        self.refresh()
        self._report_search(wrapped=wrapped)

    def _below_view(self) -> tuple[int, int]:
        """The place just below the last line on screen (past the end at the bottom)."""
        lazy = self._layout
        end = int(self.scroll_offset.y) + self._height()
        if lazy is None or (end >= lazy.total and lazy.end_unit == lazy.units):
            return sys.maxsize, 0
        try:
            return lazy.anchor(end)
        except LongUnit:
            return lazy.anchor(end - 1)

    def _match_on_screen(self, index: int) -> bool:
        lazy, found = self._layout, self._matches
        if lazy is None or found is None:
            return False
        block, start, _end = found[index]
        try:
            line = lazy.line_at(lazy.place_of(block, start))
        except LongUnit:
            return False
        top = int(self.scroll_offset.y)
        return line is not None and top <= line < top + self._height()

    def _bring_match_into_view(self, index: int) -> None:
        """Scroll the match a third of the way down the view, unless it shows already."""
        found, lazy = self._matches, self._layout
        assert found is not None
        block, start, _end = found[index]
        if lazy is None:
            if self._laying_out:
                self._pending = Position(block, start)
            return
        try:
            line, moved = self._window_line(lazy, lazy.place_of(block, start))
        except LongUnit:
            self._lay_out_in_thread(Position(block, start))
            return
        self.virtual_size = Size(lazy.width, lazy.total)
        top, height = int(self.scroll_offset.y), self._height()
        if moved or not top <= line < top + height - 1:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    def _report_search(self, wrapped: int = 0, searching: bool = False) -> None:
        count = 0 if self._matches is None else len(self._matches)
        message = self.SearchUpdated(self._query, count, self._match, wrapped, searching)
        self.post_message(message)

    def snippet(self, position: Position, length: int = 80) -> str:
        """Words from the anchor onwards, for the bookmarks list."""
        assert self.article is not None
        if position.block < 0:
            text = self.article.title
        else:
            text = self.article.blocks[position.block].text[max(0, position.offset) :]
        text = " ".join(text.split())
        return text if len(text) <= length else text[: length - 1].rstrip() + "…"

    def lines_on_screen(self) -> list[Line]:
        """The laid-out lines now visible."""
        lazy = self._layout
        if lazy is None:
            return []
        top = int(self.scroll_offset.y)
        end = min(lazy.total, top + self.scrollable_content_region.height)
        return [lazy.line(y) for y in range(top, end)]


def _same_quote(head: Article, whole: Article, index: int) -> bool:
    """Quote `index` of the head is the same quote in the whole article (a head's last quote
    may run on into text the head did not have)."""
    if index >= len(whole.quotes):
        return False
    mine, theirs = head.quotes[index], whole.quotes[index]
    return (mine.block, mine.start, mine.end_block, mine.end) == (
        theirs.block,
        theirs.start,
        theirs.end_block,
        theirs.end,
    )
