"""Showing an article (or a message in its place), and the whole article replacing its head."""

from __future__ import annotations

from textual.geometry import Size

from readtui.article.model import Article
from readtui.layout import HEADER, Place
from readtui.store import Position
from readtui.widgets.article_view.searching import Searching


class Showing(Searching):
    """What the screen calls to put an article, or a message, in the view."""

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

    def snippet(self, position: Position, length: int = 80) -> str:
        """Words from the anchor onwards, for the bookmarks list."""
        assert self.article is not None
        if position.block < 0:
            text = self.article.title
        else:
            text = self.article.blocks[position.block].text[max(0, position.offset) :]
        text = " ".join(text.split())
        return text if len(text) <= length else text[: length - 1].rstrip() + "…"


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
