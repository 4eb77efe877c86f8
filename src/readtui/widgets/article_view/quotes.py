"""Quotes in the view: stepping the focus through them, and copying the one the reader means."""

from __future__ import annotations

from textual.geometry import Size

from readtui.article.model import Quote
from readtui.layout import LongUnit
from readtui.messages import copy_quote
from readtui.store import Position
from readtui.widgets.article_view.laying_out import LayingOut


class Quoting(LayingOut):
    """The focused quote, brought into view, and the copy keys."""

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
