"""The article view's state, and the calls every other part uses: the column's width, the
view's height, and the reading position it reports."""

from __future__ import annotations

import weakref

from textual.message import Message
from textual.scroll_view import ScrollView

from readtui.article.model import Article
from readtui.article.search import Matches
from readtui.config import NARROWEST, READING_WIDTH
from readtui.layout import LazyLayout, Measured, QuoteIndex
from readtui.search_words import Words
from readtui.store import Position

COLUMN_WIDTH = READING_WIDTH


class ArticleViewBase(ScrollView, can_focus=True):
    """What the view holds: the article, its layout, the position to keep and the search."""

    class PositionChanged(Message, namespace="article_view"):
        """The reader scrolled: the new anchor and how much has been read."""

        def __init__(self, article: Article, position: Position) -> None:
            super().__init__()
            self.article = article
            self.position = position

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

    def column_width(self) -> int:
        return min(self.reading_width, max(1, self.scrollable_content_region.width))

    def _height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _quote_index(self, article: Article) -> QuoteIndex:
        if self._quotes is None or self._quotes.article is not article:
            self._quotes = QuoteIndex(article)
        return self._quotes

    def _scroll_self(self, line: int) -> None:
        self._placing = True
        try:
            self.scroll_to(y=line, animate=False, immediate=True, force=True)
        finally:
            self._placing = False

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

    def _report_position(self) -> None:
        position = self.position()
        if self.article is None or position is None or self._pending is not None:
            return
        if self._percent_known() and position != self._last_reported:
            self._last_reported = position
            self.post_message(self.PositionChanged(self.article, position))
