"""BookmarkList: the bookmarks screen's list, drawn a line at a time from `BookmarkEntry`s.

Each entry is its title and date (or a heading over its article's first bookmark), its snippet
and its note, each wrapped, and a rule under it. `EntryList` measures all of them, which is one
pass of word wrap, and draws only those in view, so 5,000 bookmarks open as fast as 100.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from readtui.bookmark_entries import BookmarkEntry, Run
from readtui.layout import count_lines, wrap
from readtui.store import Bookmark
from readtui.widgets.entry_list import EntryHeight, EntryList, move_bindings

RULE = "\u2500"
QUIET_ROLES = frozenset({"snippet"})
"""Muted roles: on the highlighted entry they take the cursor's colour, since muted text over
the cursor's background is hard to read."""


class BookmarkList(EntryList):
    """Bookmarks with their snippets and notes, one highlighted; posts `Chosen` on enter or a
    click. The screen keeps the keys it lists in the help (j/k, sorting, notes)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bookmark-list--heading",
        "bookmark-list--title",
        "bookmark-list--date",
        "bookmark-list--snippet",
        "bookmark-list--note-label",
        "bookmark-list--note",
        "bookmark-list--rule",
        "bookmark-list--cursor",
    }
    DEFAULT_CSS = """
    BookmarkList { height: 1fr; padding: 0 0 0 1; background: $surface; overflow-x: hidden;
        overflow-y: auto; scrollbar-gutter: stable; scrollbar-size-vertical: 1; }
    BookmarkList:focus { background-tint: $foreground 5%; }
    BookmarkList > .bookmark-list--heading { color: $accent; text-style: bold; }
    BookmarkList > .bookmark-list--title { text-style: bold; }
    BookmarkList > .bookmark-list--date { text-style: dim; }
    BookmarkList > .bookmark-list--snippet { color: $text-muted; }
    BookmarkList > .bookmark-list--note-label { color: $text-accent; text-style: bold; }
    BookmarkList > .bookmark-list--rule { color: $foreground 15%; }
    BookmarkList > .bookmark-list--cursor { color: $block-cursor-blurred-foreground;
        background: $block-cursor-blurred-background;
        text-style: $block-cursor-blurred-text-style; }
    BookmarkList:focus > .bookmark-list--cursor { color: $block-cursor-foreground;
        background: $block-cursor-background; text-style: $block-cursor-text-style; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Jump", show=False, id="bookmarks.jump"),
        *move_bindings("bookmarks", "bookmark"),
    ]
    """The ids of enter, down and up are the screen's for the same actions, so a key given to
    one of them in config.toml moves the whole action, as `quotes.down` does."""

    class Chosen(Message):
        """The reader chose `bookmark` (enter, or a click on it)."""

        def __init__(self, bookmark: Bookmark) -> None:
            super().__init__()
            self.bookmark = bookmark

    def __init__(self, entries: Sequence[BookmarkEntry] = (), *, id: str | None = None) -> None:
        super().__init__(len(entries), id=id)
        self.entries = entries

    def show(self, entries: Sequence[BookmarkEntry], highlighted: int = 0) -> None:
        """List `entries` instead, with the one at `highlighted` highlighted."""
        self.entries = entries
        self._replace(len(entries), highlighted)

    @property
    def highlighted_entry(self) -> BookmarkEntry | None:
        return self.entries[self.highlighted] if self.entries else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter passes to the screen when there is nothing to choose."""
        return bool(self.entries) if action == "choose" else True

    def action_choose(self) -> None:
        if self.entries:
            self.post_message(self._chosen(self.highlighted))

    def _chosen(self, position: int) -> Message:
        return self.Chosen(self.entries[position].bookmark)

    # -- measuring -----------------------------------------------------------------------------
    def _entry_heights(self, width: int) -> Iterable[EntryHeight]:
        """The heading (when there is one), the wrapped paragraphs and the rule under them."""
        for entry in self.entries:
            body = 0
            for runs in entry.paragraphs:
                body += count_lines(_plain(runs), width)
            yield EntryHeight(count_lines(entry.heading, width) if entry.heading else 0, body, 1)

    # -- drawing -------------------------------------------------------------------------------
    def _style(self, role: str, cursor: bool) -> Style:
        """The role's style from the theme, over the cursor's on the highlighted entry, with
        colours blended as CSS blends them (a partial style would drop their alpha)."""
        names = ["bookmark-list--cursor"] if cursor else []
        if role and not (cursor and role in QUIET_ROLES):
            names.append(f"bookmark-list--{role}")
        return self.get_visual_style(*names).rich_style

    def _draw_entry(self, position: int, width: int, cursor: bool) -> list[Strip]:
        entry = self.entries[position]
        strips: list[Strip] = []
        if entry.heading:
            strips += self._lines([(entry.heading, "heading")], width, cursor=False)
        for runs in entry.paragraphs:
            strips += self._lines(runs, width, cursor)
        rule = Segment(RULE * width, self._style("rule", cursor=False))
        strips.append(Strip([rule], width))
        return strips

    def _lines(self, runs: list[Run], width: int, cursor: bool) -> list[Strip]:
        """`runs` wrapped at `width` as one paragraph, each piece in its role's style; the
        highlight fills the lines to the edge."""
        text = _plain(runs)
        fill = self._style("", cursor)
        strips = []
        for start, end in wrap(text, width):
            segments, offset = [], 0
            for piece, role in runs:
                cut = piece[max(0, start - offset) : max(0, end - offset)]
                if cut:
                    segments.append(Segment(cut, self._style(role, cursor)))
                offset += len(piece)
            strips.append(Strip(segments).adjust_cell_length(width, fill))
        return strips


def _plain(runs: list[Run]) -> str:
    return "".join([piece for piece, _role in runs])
