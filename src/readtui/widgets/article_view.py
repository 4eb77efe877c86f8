"""ArticleView: one Line-API widget that draws only the visible lines of the laid-out article."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from readtui.article.model import Article, Quote, readable_text
from readtui.layout import HEADER, Layout, Line, layout
from readtui.messages import CopyText
from readtui.store import Position

COLUMN_WIDTH = 80
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
)


def article_chars(article: Article) -> int:
    """How much text the article holds: a cheap measure of how long its layout will take."""
    header = len(article.title) + len(article.standfirst) + len(article.subhead)
    return header + sum(len(readable_text(block)) for block in article.blocks)


def quote_clip(quote: Quote) -> str:
    """The quote as copied: its own source text in curly marks, a trailing comma dropped."""
    text = " ".join(quote.text.split()) if quote.end_block == quote.block else quote.text
    return "\u201c" + text.strip().rstrip(",").rstrip() + "\u201d"


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
    ]

    BACKGROUND_LAYOUT_CHARS: ClassVar[int] = 100_000
    """Longer articles are laid out in a thread (10 MB of text takes a second or two), so keys
    keep working meanwhile; shorter ones at once, so they appear in the very next frame."""

    class PositionChanged(Message):
        """The reader scrolled: the new anchor and how much has been read."""

        def __init__(self, article: Article, position: Position) -> None:
            super().__init__()
            self.article = article
            self.position = position

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.focused_quote: int | None = None
        self._layout: Layout | None = None
        self._pending: Position | None = None
        self._last_reported: Position | None = None
        self._held: Position | None = None
        """The reading position when the view cannot put it on top (a terminal so tall that the
        article ends first): it stays the position, through resizes, until the reader scrolls."""
        self._laying_out = False
        """A layout thread is running (there is never more than one)."""
        self._kept: tuple[Article, int, Layout] | None = None
        """The last layout made in the thread, so going back to that article is instant."""
        self.message = ""

    # -- showing -----------------------------------------------------------------------------
    def show(self, article: Article, position: Position | None = None) -> None:
        """Display `article`, with the saved anchor at the top of the view."""
        self.article = article
        self.message = ""
        self.focused_quote = None
        self._layout = None
        self._last_reported = position
        self._pending = position or Position(HEADER, 0)
        self._relayout()
        self.refresh_bindings()

    def show_message(self, message: str) -> None:
        """Shown in place of an article, e.g. when the library is empty."""
        self.article = None
        self._layout = None
        self.message = message
        self.virtual_size = Size(0, 0)
        self.refresh()
        self.refresh_bindings()

    def column_width(self) -> int:
        return min(COLUMN_WIDTH, max(1, self.scrollable_content_region.width))

    def _relayout(self) -> None:
        if self.article is None or self.scrollable_content_region.width <= 0:
            return
        anchor = self._pending or self.position()
        width = self.column_width()
        if article_chars(self.article) <= self.BACKGROUND_LAYOUT_CHARS:
            self._apply_layout(layout(self.article, width), anchor)
            return
        kept = self._kept
        if kept is not None and kept[0] is self.article and kept[1] == width:
            self._apply_layout(kept[2], anchor)
            return
        self._pending = anchor
        self._layout = None
        self.message = LAYING_OUT
        self.virtual_size = Size(0, 0)
        self.refresh()
        self.refresh_bindings()
        if not self._laying_out:
            self._laying_out = True
            self._layout_in_thread(self.article, width)

    @work(thread=True, group="layout")
    def _layout_in_thread(self, article: Article, width: int) -> None:
        result = layout(article, width)
        self.app.call_from_thread(self._layout_finished, article, width, result)

    def _layout_finished(self, article: Article, width: int, result: Layout) -> None:
        """Show a layout made in the thread if it is still wanted; after a resize or a switch
        to another long article it is not, and the one now wanted is started."""
        self._laying_out = False
        self._kept = (article, width, result)
        if article is self.article and width == self.column_width():
            self.message = ""
            self._apply_layout(result, self._pending)
            self.refresh_bindings()
        elif self.article is not None and self._layout is None:
            self._relayout()

    def _apply_layout(self, result: Layout, anchor: Position | None) -> None:
        """Show `result`, scrolled so that `anchor` is at the top."""
        self._layout = result
        self.virtual_size = Size(self._layout.width, len(self._layout.lines))
        self._pending = None
        self._held = None
        if anchor is not None:
            line = self._layout.line_of(anchor.block, anchor.offset)
            self._held = anchor if line > self.max_scroll_y else None
            self.call_after_refresh(self.scroll_to, y=line, animate=False, immediate=True)
            self.scroll_to(y=line, animate=False, immediate=True, force=True)
        self.call_after_refresh(self._report_position)
        self.refresh()

    def on_resize(self) -> None:
        if self.article is None:
            return
        if self._layout is None or self._layout.width != self.column_width():
            self._pending = self._pending or self.position()
            self._relayout()
        elif self._held is not None:
            self._apply_layout(self._layout, self._held)

    # -- position ----------------------------------------------------------------------------
    def position(self) -> Position | None:
        """The anchor of the first visible text, and the percentage read so far."""
        if self._layout is None or not self._layout.lines:
            return None
        top = int(self.scroll_offset.y)
        held = self._held
        block, offset = (held.block, held.offset) if held else self._layout.anchor(top)
        total = len(self._layout.lines)
        seen = min(total, top + self.scrollable_content_region.height)
        return Position(block, offset, round(100 * seen / total, 1))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self._layout is not None and new < old and int(new) >= self.max_scroll_y:
            # Only a taller view scrolls up to the new end by itself (the reader cannot scroll
            # past the end): keep the paragraph that was on top as the position.
            self._held = self._held or Position(*self._layout.anchor(int(old)))
        elif self._held is not None and int(new) < self.max_scroll_y:
            self._held = None  # the reader scrolled up from the end: a new position
        self._report_position()

    def _report_position(self) -> None:
        position = self.position()
        if self.article is None or position is None or self._pending is not None:
            return
        if position != self._last_reported:
            self._last_reported = position
            self.post_message(self.PositionChanged(self.article, position))

    # -- drawing -----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        base = self.rich_style
        if self._layout is None and y == 1 and self.message:
            style = base + self.get_component_rich_style("article-view--meta", partial=True)
            return Strip([Segment(self.message, style)]).adjust_cell_length(width, base)
        if self._layout is None or index >= len(self._layout.lines):
            return Strip.blank(width, base)
        margin = max(0, (width - self._layout.width) // 2)
        segments = [Segment(" " * margin, base)] if margin else []
        segments += [
            Segment(run.text, base + self._style(run.role, run.quote))
            for run in self._layout.lines[index].runs
        ]
        return Strip(segments).adjust_cell_length(width, base)

    def _style(self, role: str, quote: int) -> Style:
        if quote >= 0 and quote == self.focused_quote:
            role = "quote-focused"
        return self.get_component_rich_style(f"article-view--{role}", partial=True)

    # -- actions -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("quote", "copy_quote"):
            return bool(self.article and self.article.quotes and self._layout) or None
        return True

    def action_scroll_lines(self, lines: int) -> None:
        self.scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_relative(y=direction * page, animate=False)

    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)

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
        assert self._layout is not None
        self.focused_quote = index
        line = self._layout.quote_lines[index]
        top, height = int(self.scroll_offset.y), self.scrollable_content_region.height
        if not top <= line < top + height - 1:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)
        self.refresh()

    def _first_quote_on_screen(self) -> int:
        assert self._layout is not None
        top = int(self.scroll_offset.y)
        for index, line in enumerate(self._layout.quote_lines):
            if line >= top:
                return index
        return 0

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
        text = quote_with_speaker(self.article, quote) if credit else quote_clip(quote)
        self.post_message(CopyText(text))

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
        if self._layout is None:
            return []
        top = int(self.scroll_offset.y)
        return list(self._layout.lines[top : top + self.scrollable_content_region.height])


def quote_with_speaker(article: Article, quote: Quote) -> str:
    """`“…” — Name, role` and, on the next line, `“Title”, Source`: ready to paste as a cited
    quote. Unknown parts are left out rather than guessed."""
    who = ", ".join(part for part in (quote.speaker, quote.role) if part)
    first = quote_clip(quote) + (f" \u2014 {who}" if who else "")
    source = [f"\u201c{article.title}\u201d" if article.title else "", article.meta.source]
    return first + "\n" + ", ".join(part for part in source if part)
