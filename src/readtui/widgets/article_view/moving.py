"""Moving through the article: the reader's scrolling, the jumps to its ends before it is
measured, and the reading width."""

from __future__ import annotations

import sys

from textual.geometry import Size
from textual.message import Message

from readtui.config import NARROWEST
from readtui.layout import HEADER, LongUnit
from readtui.store import Position
from readtui.widgets.article_view.laying_out import LayingOut

WIDTH_STEP = 4


class Moving(LayingOut):
    """Scrolling keys, the held position at the end, and the width keys."""

    class WidthChanged(Message, namespace="article_view"):
        """The reader chose another reading width (it may be wider than the pane now)."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def set_reading_width(self, width: int) -> None:
        """Lay the text out at most `width` cells wide, the paragraph on top staying on top."""
        self.reading_width = max(NARROWEST, width)
        self._refit()

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
