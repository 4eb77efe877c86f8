"""ArticleList: the sidebar, drawn a line at a time from a `RowSource`.

Only the rows in view are fetched and rendered, so 50,000 articles cost what 30 do; an
OptionList (one Option, one measured prompt per row) takes seconds at that size.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import ClassVar, Protocol

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from readtui.article.sanitize import sanitize_line, sanitize_name
from readtui.catalog import in_progress, minutes_left
from readtui.errors import ReadtuiError
from readtui.store import ArticleState

UNREAD = "\u25cf"
BOOKMARKED = "\u2691"
WARNING = "\u26a0"
SOURCE_WIDTH = 14
TITLE_CHARS = 200
"""A row shows at most this much of a title (a one-line 10 MB file is all title)."""
ROW_HEIGHT = 2
CACHED_ROWS = 256
"""Rendered rows kept: a few screens' worth, so scrolling back and repainting cost nothing."""


class RowEntry(Protocol):
    """What a row needs from an index entry (readtui.library's IndexEntry has all of it)."""

    @property
    def path(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def words(self) -> int: ...
    @property
    def error(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def minutes(self) -> int: ...


class Row(Protocol):
    """One article as the sidebar shows it: its index entry plus its reading state."""

    @property
    def entry(self) -> RowEntry: ...
    @property
    def state(self) -> ArticleState | None: ...
    @property
    def bookmarked(self) -> bool: ...


class RowSource(Protocol):
    """The rows under the current filter, read by rank a window at a time (the Catalog)."""

    @property
    def filter(self) -> str: ...
    def count(self) -> int: ...
    def total(self) -> int: ...
    def row(self, rank: int) -> Row | None: ...
    def rank_of(self, path: str) -> int | None: ...
    def set_filter(self, text: str) -> None: ...
    def invalidate(self) -> None: ...


def shorten(text: str, limit: int = SOURCE_WIDTH) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def progress(entry: RowEntry, state: ArticleState | None) -> tuple[str, str]:
    """What is left to read, and a detail that may give way: "12 min" for an article not
    started, ("4 min left", " \u00b7 62%") for one in progress, "read" once read."""
    if state is not None and state.read:
        return "read", ""
    if not entry.words:
        return "empty", ""
    if not in_progress(state):
        return f"{entry.minutes} min", ""
    assert state is not None and state.position is not None
    left = minutes_left(entry.minutes, state)
    return f"{left} min left", f" \u00b7 {state.position.percent:.0f}%"


def unstarted(state: ArticleState | None) -> bool:
    """Nothing of it read yet: never opened, or marked unread."""
    return state is None or (not state.read and not in_progress(state))


def row_lines(row: Row, width: int = TITLE_CHARS) -> tuple[Content, Content]:
    """The title line and the details line for `width` cells, built from Content parts (never
    markup) with theme variables only; outside text is sanitized and cut short first."""
    entry = row.entry
    if entry.error:
        name = sanitize_name(shorten(entry.name, TITLE_CHARS))
        error = f"{WARNING} " + sanitize_line(shorten(entry.error, TITLE_CHARS))
        return fit(Content.styled(name, "bold"), width), fit(
            Content.styled(error, "$text-error"), width
        )
    title = sanitize_line(shorten(entry.title or entry.name, TITLE_CHARS))
    return fit(Content.styled(title, "bold"), width), details_line(row, width)


def details_line(row: Row, width: int) -> Content:
    """Marks, source and what is left to read; the source gives way first, then the percent
    read, so the marks and the minutes stay in sight in a narrow sidebar."""
    marks: list[tuple[str, str]] = []
    if unstarted(row.state):
        marks.append((UNREAD + " ", "bold $text-accent"))
    if row.bookmarked:
        marks.append((BOOKMARKED + " ", "bold $text-warning"))
    room = width - sum(len(text) for text, _ in marks)
    entry = row.entry
    left, percent = progress(entry, row.state)
    facts = left + percent if len(left + percent) <= room else left
    spare = room - len(facts) - len(" \u00b7 ")
    if spare > 3:
        source = sanitize_name(shorten(entry.source or entry.name, TITLE_CHARS))
        facts = f"{shorten(source, min(spare, SOURCE_WIDTH))} \u00b7 {facts}"
    return fit(Content.assemble(*marks, (facts, "$text-muted")), width)


def fit(content: Content, width: int) -> Content:
    """Content cut to `width` cells, an ellipsis closing up to the last word kept."""
    if content.cell_length <= width:
        return content
    if width <= 1:
        return content.truncate(max(width, 0))
    cut = content.truncate(width, ellipsis=True)
    return cut[:-1].rstrip() + cut[-1:]


class ArticleList(ScrollView, can_focus=True):
    """The library sidebar: two lines per article; posts `Opened` when the reader picks one.

    The scrollbar is always shown: one that appears at the first layout (or when indexing
    fills the first screen) costs a second layout pass and shifts every row by a column.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--row",
        "article-list--highlighted",
        "article-list--placeholder",
    }
    DEFAULT_CSS = """
    ArticleList { width: 30%; max-width: 36; min-width: 18; height: 1fr; border: none;
        border-right: vkey $primary-muted; overflow-x: hidden; color: $foreground;
        background: $surface; padding: 0 1; overflow-y: scroll; scrollbar-size-vertical: 1; }
    ArticleList:focus { border: none; border-right: vkey $primary;
        background-tint: $foreground 5%; }
    ArticleList > .article-list--highlighted { color: $foreground;
        background: $block-cursor-blurred-background; }
    ArticleList:focus > .article-list--highlighted { color: $block-cursor-foreground;
        background: $block-cursor-background; text-style: $block-cursor-text-style; }
    ArticleList > .article-list--placeholder { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("pagedown", "cursor_page(1)", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "cursor_page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("home,g", "cursor_first", "First article", show=False, id="list.first"),
        Binding("end,G", "cursor_last", "Last article", show=False, id="list.last"),
        Binding("enter", "open", "Open", id="list.open"),
    ]

    class Opened(Message):
        """The reader chose to open the article at `path` (shown at `rank` in the list)."""

        def __init__(self, path: str, rank: int) -> None:
            super().__init__()
            self.path = path
            self.rank = rank

    def __init__(
        self, source: RowSource | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._source = source
        self._count = 0
        self._highlighted: int | None = None
        self._wanted: str | None = None
        """The path the reader last highlighted: it is looked for again after each reload."""
        self._filter = ""
        self._placeholder = ""
        self._strips: OrderedDict[tuple[int, int, Style], tuple[Strip, Strip]] = OrderedDict()

    def on_mount(self) -> None:
        if self._source is not None:
            self.reload()

    # -- the owner's controls ------------------------------------------------------------------
    @property
    def source(self) -> RowSource | None:
        return self._source

    def set_source(self, source: RowSource) -> None:
        self._source = source
        self._filter = source.filter
        self.reload()

    def set_placeholder(self, text: str) -> None:
        """The muted one-line hint an empty list shows ("Indexing...", "No articles match")."""
        self._placeholder = sanitize_line(text)
        if not self._count:
            self.refresh()

    def reload(self, *, from_top: bool = False) -> None:
        """Re-read the count after the source changed; the highlighted article (by path) stays
        highlighted, on the same screen line when it can, and in view. After a new filter (or,
        `from_top`, a new order or view) the list shows its top unless that hides it."""
        source = self._source
        old = self._highlighted
        self._strips.clear()
        self._count = source.count() if source else 0
        self.virtual_size = Size(0, self._count * ROW_HEIGHT)
        filter_changed = from_top or (source is not None and source.filter != self._filter)
        self._filter = source.filter if source else ""
        rank = source.rank_of(self._wanted) if source and self._wanted and self._count else None
        if rank is None and self._count:
            rank = 0 if filter_changed or old is None else min(old, self._count - 1)
        if rank is not None and old is not None and not filter_changed:
            self.scroll_to(y=self.scroll_y + (rank - old) * ROW_HEIGHT, animate=False, force=True)
        elif filter_changed:
            self.scroll_to(y=0, animate=False, force=True)
        self._highlighted = rank
        self._scroll_to_highlight()
        self.refresh()

    def refresh_path(self, path: str) -> None:
        """Draw one article's row again (its reading state changed; the source knows already)."""
        rank = self._source.rank_of(path) if self._source else None
        if rank is not None:
            self._forget(rank)

    def highlight_path(self, path: str) -> None:
        """Highlight the article read from `path` and scroll it into view, if it is listed."""
        self._wanted = path
        rank = self._source.rank_of(path) if self._source else None
        if rank is not None:
            self._move_to(rank, path)

    @property
    def highlighted_path(self) -> str | None:
        if self._highlighted is None or self._source is None:
            return None
        row = self._source.row(self._highlighted)
        return row.entry.path if row else None

    @property
    def highlighted(self) -> int | None:
        """The rank of the highlighted row under the current filter."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, rank: int | None) -> None:
        if rank is None or not self._count:
            self._set_highlight(None)
        else:
            self._move_to(max(0, min(rank, self._count - 1)))

    @property
    def row_count(self) -> int:
        return self._count

    # -- keys and mouse -------------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_page(self, direction: int) -> None:
        self._step(direction * max(1, self.scrollable_content_region.height // ROW_HEIGHT))

    def action_cursor_first(self) -> None:
        self.highlighted = 0

    def action_cursor_last(self) -> None:
        self.highlighted = self._count - 1

    def action_open(self) -> None:
        rank = self._highlighted
        row = self._source.row(rank) if self._source and rank is not None else None
        if row is not None and rank is not None:
            self._wanted = row.entry.path
            self.post_message(self.Opened(row.entry.path, rank))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        rank = (offset.y + round(self.scroll_y)) // ROW_HEIGHT
        if rank < self._count:
            self.highlighted = rank
            self.action_open()

    def _step(self, rows: int) -> None:
        if self._count:
            current = self._highlighted
            self.highlighted = 0 if current is None else current + rows

    # -- drawing --------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        if not self._count:
            return self._placeholder_line(width) if line == 0 else self._blank(width)
        rank, part = divmod(line, ROW_HEIGHT)
        if rank >= self._count:
            return self._blank(width)
        return self._row_strips(rank, width)[part]

    def _row_strips(self, rank: int, width: int) -> tuple[Strip, Strip]:
        style = self._row_style(rank == self._highlighted)
        key = (rank, width, style)
        strips = self._strips.get(key)
        if strips is not None:
            self._strips.move_to_end(key)
            return strips
        row = self._fetch(rank)
        if row is None:
            blank = self._blank(width)
            return blank, blank
        title, details = row_lines(row, width - 2)
        strips = (self._strip(title, width, style), self._strip(details, width, style))
        self._strips[key] = strips
        if len(self._strips) > CACHED_ROWS:
            self._strips.popitem(last=False)
        return strips

    def _fetch(self, rank: int) -> Row | None:
        """The row to paint; a source that fails (a damaged store) leaves it blank, since a
        paint must never raise (the owner hears of store trouble where it writes)."""
        try:
            return self._source.row(rank) if self._source else None
        except ReadtuiError:
            return None

    def _strip(self, content: Content, width: int, style: Style) -> Strip:
        """One line of a row: a column of padding each side of content that fits between.
        Drawn straight from the content's styled parts (theme variables resolved by the
        widget): one line never needs the wrapping machinery of Visual.to_strips."""
        line = fit(content, width - 2).pad(1, 1)
        parts = line.render(style, end="", parse_style=self._get_style)
        strip = Strip([Segment(text, part.rich_style) for text, part in parts])
        return strip.crop_extend(0, width, style.rich_style)

    def _row_style(self, highlighted: bool) -> Style:
        if highlighted:
            return self.get_visual_style("article-list--row", "article-list--highlighted")
        return self.get_visual_style("article-list--row")

    def _blank(self, width: int) -> Strip:
        return Strip.blank(width, self._row_style(False).rich_style)

    def _placeholder_line(self, width: int) -> Strip:
        style = self.get_visual_style("article-list--placeholder")
        return self._strip(Content(self._placeholder), width, style)

    # -- moving the highlight -------------------------------------------------------------------
    def _move_to(self, rank: int, path: str | None = None) -> None:
        self._set_highlight(rank)
        self._wanted = path if path is not None else self.highlighted_path
        self._scroll_to_highlight()

    def _set_highlight(self, rank: int | None) -> None:
        old, self._highlighted = self._highlighted, rank
        if old != rank:
            for changed in (old, rank):
                if changed is not None:
                    self.refresh_lines(changed * ROW_HEIGHT, ROW_HEIGHT)

    def _scroll_to_highlight(self) -> None:
        if self._highlighted is None:
            return
        region = Region(0, self._highlighted * ROW_HEIGHT, 1, ROW_HEIGHT)
        self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def _forget(self, rank: int) -> None:
        for key in [key for key in self._strips if key[0] == rank]:
            del self._strips[key]
        self.refresh_lines(rank * ROW_HEIGHT, ROW_HEIGHT)
