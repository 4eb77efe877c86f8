"""QuoteList: the quotes panel's list, drawn a line at a time from `QuoteEntry`s.

Each entry is its quote wrapped to a few lines and its speaker under it; `EntryList` measures
the entries (a pass of word wrap, a few ms for thousands of quotes) and draws only those in view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import BindingType
from textual.message import Message
from textual.strip import Strip

from readtui.article.quote_list import ELLIPSIS, QuoteEntry
from readtui.layout import count_lines, wrap
from readtui.widgets.entry_list import EntryHeight, EntryList, move_bindings

TEXT_LINES = 6
"""A quote longer than this many lines is cut with an ellipsis: the list is for finding one;
`enter` shows it whole in the article."""
MIN_TEXT_WIDTH = 10
MARKER = "\u258c"
OPENING_MARK = "\u201c"
EMPTY = "No quotes in this article."


class QuoteList(EntryList):
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
    BINDINGS: ClassVar[list[BindingType]] = move_bindings(
        "quotes",
        "quote",
        down="j,down",
        up="k,up",
        page_down="pagedown,space",
        first="home,g",
        last="end,G",
    )

    class Chosen(Message):
        """The reader clicked quote `index` (its index in the article)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(
        self, entries: Sequence[QuoteEntry], highlighted: int = 0, *, id: str | None = None
    ) -> None:
        super().__init__(len(entries), highlighted, id=id)
        self.entries = entries
        self._number_width = len(f"{len(entries):,}")

    @property
    def highlighted_entry(self) -> QuoteEntry | None:
        return self.entries[self.highlighted] if self.entries else None

    def _chosen(self, position: int) -> Message:
        return self.Chosen(self.entries[position].index)

    # -- measuring -----------------------------------------------------------------------------
    def _text_width(self, width: int) -> int:
        return max(MIN_TEXT_WIDTH, width - self._number_width - 5)

    def _entry_heights(self, width: int) -> Iterable[EntryHeight]:
        """The wrapped quote and its speaker line, and a blank line between quotes."""
        text_width = self._text_width(width)
        last = len(self.entries) - 1
        for position, entry in enumerate(self.entries):
            yield EntryHeight(0, _line_count(entry.text, text_width) + 1, int(position < last))

    # -- drawing -------------------------------------------------------------------------------
    def _empty_line(self, line: int, width: int) -> Strip:
        base = self.rich_style
        if line:
            return Strip.blank(width, base)
        style = base + self._role("empty")
        return Strip([Segment(" " + EMPTY, style)]).adjust_cell_length(width, base)

    def _role(self, name: str) -> Style:
        return self.get_component_rich_style(f"quote-list--{name}", partial=True)

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
