"""QuoteList: the quotes panel's list, drawn a line at a time from `QuoteEntry`s.

Each entry is its quote wrapped to a few lines and its speaker under it. Only the line counts of
the entries are worked out for the whole list (a pass of word wrap, a few ms for thousands of
quotes); the lines themselves are made when they come into view.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from itertools import accumulate
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from readtui.article.quote_list import ELLIPSIS, QuoteEntry
from readtui.layout import count_lines, wrap

TEXT_LINES = 6
"""A quote longer than this many lines is cut with an ellipsis: the list is for finding one;
`enter` shows it whole in the article."""
MIN_TEXT_WIDTH = 10
CACHED_ENTRIES = 128
MARKER = "\u258c"
OPENING_MARK = "\u201c"
EMPTY = "No quotes in this article."


class QuoteList(ScrollView, can_focus=True):
    """Quotes with their speakers, one highlighted; posts `Chosen` when one is clicked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "quote-list--number",
        "quote-list--text",
        "quote-list--speaker",
        "quote-list--unattributed",
        "quote-list--marker",
        "quote-list--cursor",
        "quote-list--empty",
    }
    DEFAULT_CSS = """
    QuoteList { height: 1fr; background: $surface; overflow-x: hidden; overflow-y: scroll;
        scrollbar-size-vertical: 1; }
    QuoteList > .quote-list--number { color: $text-muted; }
    QuoteList > .quote-list--text { color: $text; }
    QuoteList > .quote-list--speaker { color: $text-muted; text-style: italic; }
    QuoteList > .quote-list--unattributed { color: $text-disabled; text-style: italic; }
    QuoteList > .quote-list--marker { color: $accent; }
    QuoteList > .quote-list--cursor { background: $block-cursor-blurred-background; }
    QuoteList:focus > .quote-list--cursor { background: $block-cursor-background 60%; }
    QuoteList > .quote-list--empty { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor(1)", "Down", show=False, id="quotes.down"),
        Binding("k,up", "cursor(-1)", "Up", show=False, id="quotes.up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="quotes.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="quotes.page_up"),
        Binding("home,g", "first", "First quote", show=False, id="quotes.first"),
        Binding("end,G", "last", "Last quote", show=False, id="quotes.last"),
    ]

    class Chosen(Message):
        """The reader clicked quote `index` (its index in the article)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(
        self, entries: Sequence[QuoteEntry], highlighted: int = 0, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.entries = entries
        self._highlighted = max(0, min(highlighted, len(entries) - 1))
        self._width = 0
        self._starts: list[int] = [0]
        """The first line of each entry, and the total after the last."""
        self._number_width = len(f"{len(entries):,}")
        self._strips: OrderedDict[tuple[int, int, bool], list[Strip]] = OrderedDict()
        self._centre_pending = True

    # -- the owner's controls ------------------------------------------------------------------
    @property
    def highlighted(self) -> int:
        """The position of the highlighted entry in the list."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, position: int) -> None:
        if not self.entries:
            return
        old, self._highlighted = self._highlighted, max(0, min(position, len(self.entries) - 1))
        if old != self._highlighted:
            self._refresh_entry(old)
            self._refresh_entry(self._highlighted)
        self._scroll_to_highlight()

    @property
    def highlighted_entry(self) -> QuoteEntry | None:
        return self.entries[self._highlighted] if self.entries else None

    # -- keys and mouse ------------------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        self.highlighted = self._highlighted + step

    def action_page(self, direction: int) -> None:
        """Move by about a screen of lines (at least one entry)."""
        page = max(1, self.scrollable_content_region.height - 1)
        line = self._starts[self._highlighted] + direction * page
        target = self._entry_at(max(0, line))
        if target == self._highlighted:
            target += direction
        self.highlighted = target

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.entries) - 1

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.entries:
            return
        line = offset.y + round(self.scroll_y)
        if line < self._starts[-1]:
            self.highlighted = self._entry_at(line)
            self.post_message(self.Chosen(self.entries[self._highlighted].index))

    # -- measuring -----------------------------------------------------------------------------
    def _text_width(self, width: int) -> int:
        return max(MIN_TEXT_WIDTH, width - self._number_width - 5)

    def _measure(self, width: int) -> None:
        """Line counts of every entry at `width`; the highlighted entry keeps its place."""
        if width == self._width or width <= 0:
            return
        self._width = width
        self._strips.clear()
        text_width = self._text_width(width)
        last = len(self.entries) - 1
        heights = (
            _line_count(entry.text, text_width) + 1 + (position < last)
            for position, entry in enumerate(self.entries)
        )
        self._starts = [0, *accumulate(heights)]
        self.virtual_size = Size(0, self._starts[-1] if self.entries else 1)
        self._scroll_to_highlight()

    def _entry_at(self, line: int) -> int:
        return max(0, min(bisect_right(self._starts, line) - 1, len(self.entries) - 1))

    def on_resize(self) -> None:
        self._measure(self.scrollable_content_region.width)
        if self._centre_pending and self.entries:
            self._centre_pending = False
            self.call_after_refresh(self._scroll_to_highlight, True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _scroll_to_highlight(self, centre: bool = False) -> None:
        if not self.entries or not self._width:
            return
        position = self._highlighted
        start, end = self._starts[position], self._starts[position + 1]
        gap = position < len(self.entries) - 1
        region = Region(0, start, 1, max(1, end - start - gap))
        self.scroll_to_region(region, animate=False, force=True, immediate=True, center=centre)

    def _refresh_entry(self, position: int) -> None:
        if 0 <= position < len(self.entries) and self._width:
            start, end = self._starts[position], self._starts[position + 1]
            self.refresh_lines(start, end - start)

    # -- drawing -------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        self._measure(width)
        base = self.rich_style
        line = round(self.scroll_y) + y
        if not self.entries:
            if line:
                return Strip.blank(width, base)
            style = base + self._role("empty")
            return Strip([Segment(" " + EMPTY, style)]).adjust_cell_length(width, base)
        if line >= self._starts[-1]:
            return Strip.blank(width, base)
        position = self._entry_at(line)
        return self._entry_strips(position, width)[line - self._starts[position]]

    def _role(self, name: str) -> Style:
        return self.get_component_rich_style(f"quote-list--{name}", partial=True)

    def _entry_strips(self, position: int, width: int) -> list[Strip]:
        cursor = position == self._highlighted
        key = (position, width, cursor)
        strips = self._strips.get(key)
        if strips is not None:
            self._strips.move_to_end(key)
            return strips
        strips = self._draw_entry(position, width, cursor)
        self._strips[key] = strips
        if len(self._strips) > CACHED_ENTRIES:
            self._strips.popitem(last=False)
        return strips

    def _draw_entry(self, position: int, width: int, cursor: bool) -> list[Strip]:
        """Number, wrapped text and speaker line; the highlighted entry has a marker in its
        margin (seen without colour too) and the cursor's background."""
        entry = self.entries[position]
        base = self.rich_style
        row = base + self._role("cursor") if cursor else base
        text_width = self._text_width(width)
        lines = _wrapped(entry.text, text_width)
        number = f"{position + 1:,}".rjust(self._number_width)
        strips: list[Strip] = []
        speaker_role = "speaker" if entry.speaker else "unattributed"
        credit = ("\u2014 " + entry.speaker) if entry.speaker else entry.credit
        rows = [(text, "text") for text in lines] + [(_cut(credit, text_width), speaker_role)]
        for count, (text, role) in enumerate(rows):
            margin = MARKER if cursor else " "
            label = number if count == 0 else " " * self._number_width
            segments = [
                Segment(margin, row + self._role("marker")),
                Segment(f" {label}  ", row + self._role("number")),
                Segment(text, row + self._role(role)),
            ]
            strips.append(Strip(segments).adjust_cell_length(width, row))
        if position < len(self.entries) - 1:
            strips.append(Strip.blank(width, base))
        return strips


def _body(text: str, width: int) -> tuple[str, str, int]:
    """The opening mark, which hangs in the margin so every line's words align; the text after
    it, cut to what TEXT_LINES lines can show; and the width those lines wrap at."""
    mark = text[:1] if text.startswith(OPENING_MARK) else ""
    inner = max(1, width - len(mark))
    return mark, text[len(mark) : len(mark) + TEXT_LINES * inner * 2], inner


def _line_count(text: str, width: int) -> int:
    _mark, head, inner = _body(text, width)
    return min(TEXT_LINES, count_lines(head, inner))


def _wrapped(text: str, width: int) -> list[str]:
    """The first TEXT_LINES lines of `text` wrapped at `width` after the hanging mark, the last
    ending in an ellipsis when more follows."""
    mark, head, inner = _body(text, width)
    spans = wrap(head, inner)
    lines = [head[start:end] for start, end in spans[:TEXT_LINES]]
    if len(spans) > TEXT_LINES or len(mark) + len(head) < len(text):
        last = lines[-1] + " " + ELLIPSIS
        lines[-1] = last if cell_len(last) <= inner else _cut(last, inner)
    indent = " " * len(mark)
    return [(mark if number == 0 else indent) + line for number, line in enumerate(lines)]


def _cut(text: str, width: int) -> str:
    """`text` in `width` cells, ending in an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)).rstrip() + ELLIPSIS
