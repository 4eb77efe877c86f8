"""EntryList: the base of readtui's long lists (quotes, bookmarks), drawn a line at a time.

An OptionList measures and renders every option as soon as it is filled, which takes most of a
second for a few thousand. Here only the line counts of the entries are worked out for the whole
list (a pass of word wrap); the lines are drawn when they come into view, and the entries drawn
last are kept for the next frame.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from typing import NamedTuple

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

CACHED_ENTRIES = 128
MOVES = (
    ("down", "down", "cursor(1)", "Down"),
    ("up", "up", "cursor(-1)", "Up"),
    ("page_down", "pagedown", "page(1)", "Page down"),
    ("page_up", "pageup", "page(-1)", "Page up"),
    ("first", "home", "first", "First {noun}"),
    ("last", "end", "last", "Last {noun}"),
)
"""Each move of the highlight: its name in binding ids, default keys, action and description."""


def move_bindings(pane: str, noun: str, **keys: str) -> list[BindingType]:
    """A binding for each move, with the id `pane.move` (its name in config.toml); `keys` gives
    a move keys of its own instead of the arrows, page keys, home and end."""
    return [
        Binding(
            keys.get(move, key), action, label.format(noun=noun), show=False, id=f"{pane}.{move}"
        )
        for move, key, action, label in MOVES
    ]


class EntryHeight(NamedTuple):
    """An entry's lines at one width: `lead` above it (a heading), its own `body`, which the
    highlight covers and a click chooses, and a `gap` below it (a blank or a rule)."""

    lead: int
    body: int
    gap: int


class EntryList(ScrollView, can_focus=True):
    """Entries of a few lines each, one highlighted and kept in view; a click on one highlights
    it and posts the subclass's `_chosen` message. Subclasses measure (`_entry_heights`) and
    draw (`_draw_entry`) an entry, and bind keys (`move_bindings`) under their own ids."""

    def __init__(self, count: int, highlighted: int = 0, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._count = count
        self._highlighted = max(0, min(highlighted, count - 1))
        self._width = 0
        self._starts: list[int] = [0]
        """The first line of each entry, and the total after the last."""
        self._leads: list[int] = []
        self._gaps: list[int] = []
        """Each entry's lines above and below its body, as plain ints: thousands of tuples kept
        would only give the garbage collector more to walk while the list opens."""
        self._strips: OrderedDict[tuple[int, int, bool], list[Strip]] = OrderedDict()
        self._centre_pending = True
        """The first size centres the highlight: a list opened on an entry shows its
        neighbours on both sides."""

    # -- what subclasses say -------------------------------------------------------------------
    def _entry_heights(self, width: int) -> Iterable[EntryHeight]:
        """The height of every entry, in order, at `width` cells."""
        raise NotImplementedError

    def _draw_entry(self, position: int, width: int, cursor: bool) -> list[Strip]:
        """The lines of entry `position` (as many as its height says), highlighted or not."""
        raise NotImplementedError

    def _chosen(self, position: int) -> Message:
        raise NotImplementedError

    def _empty_line(self, line: int, width: int) -> Strip:
        """Line `line` of a list with no entries."""
        return Strip.blank(width, self.rich_style)

    # -- the owner's controls ------------------------------------------------------------------
    @property
    def highlighted(self) -> int:
        """The position of the highlighted entry in the list."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, position: int) -> None:
        if not self._count:
            return
        old, self._highlighted = self._highlighted, max(0, min(position, self._count - 1))
        if old != self._highlighted:
            self._refresh_entry(old)
            self._refresh_entry(self._highlighted)
        self._scroll_to_highlight()

    def _replace(self, count: int, highlighted: int) -> None:
        """Entries changed: measure them again, keeping the scroll where it was when the
        highlight is still in view."""
        self._count = count
        self._highlighted = max(0, min(highlighted, count - 1))
        self._width = 0
        self._strips.clear()
        self._measure(self.scrollable_content_region.width)
        self.refresh()

    # -- keys and mouse ------------------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        self.highlighted = self._highlighted + step

    def action_page(self, direction: int) -> None:
        """Move by about a screen of lines (at least one entry)."""
        if not self._count or not self._width:
            return
        page = max(1, self.scrollable_content_region.height - 1)
        line = self._starts[self._highlighted] + direction * page
        target = self._entry_at(max(0, line))
        if target == self._highlighted:
            target += direction
        self.highlighted = target

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = self._count - 1

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._count or not self._width:
            return
        line = offset.y + round(self.scroll_y)
        if line >= self._starts[-1]:
            return
        position = self._entry_at(line)
        if self._body_start(position) <= line < self._body_end(position):
            self.highlighted = position
            self.post_message(self._chosen(position))

    # -- measuring -----------------------------------------------------------------------------
    def _measure(self, width: int) -> None:
        """Line counts of every entry at `width`; the highlighted entry keeps its place."""
        if width == self._width or width <= 0:
            return
        self._width = width
        self._strips.clear()
        self._leads, self._gaps, self._starts = [], [], [0]
        for lead, body, gap in self._entry_heights(width):
            self._leads.append(lead)
            self._gaps.append(gap)
            self._starts.append(self._starts[-1] + lead + body + gap)
        self.virtual_size = Size(0, self._starts[-1] if self._count else 1)
        self._scroll_to_highlight()

    def _entry_at(self, line: int) -> int:
        return max(0, min(bisect_right(self._starts, line) - 1, self._count - 1))

    def on_resize(self) -> None:
        self._measure(self.scrollable_content_region.width)
        if self._centre_pending and self._count:
            self._centre_pending = False
            self.call_after_refresh(self._scroll_to_highlight, True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _scroll_to_highlight(self, centre: bool = False) -> None:
        """Bring the highlighted entry into view, with the heading above it."""
        if not self._count or not self._width:
            return
        start = self._starts[self._highlighted]
        region = Region(0, start, 1, max(1, self._body_end(self._highlighted) - start))
        self.scroll_to_region(region, animate=False, force=True, immediate=True, center=centre)

    def _body_start(self, position: int) -> int:
        return self._starts[position] + self._leads[position]

    def _body_end(self, position: int) -> int:
        return self._starts[position + 1] - self._gaps[position]

    def _refresh_entry(self, position: int) -> None:
        if 0 <= position < self._count and self._width:
            start, end = self._starts[position], self._starts[position + 1]
            self.refresh_lines(start, end - start)

    # -- drawing -------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        self._measure(width)
        line = round(self.scroll_y) + y
        if not self._count:
            return self._empty_line(line, width)
        if line >= self._starts[-1]:
            return Strip.blank(width, self.rich_style)
        position = self._entry_at(line)
        strips = self._entry_strips(position, width)
        offset = line - self._starts[position]
        return strips[offset] if offset < len(strips) else Strip.blank(width, self.rich_style)

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
