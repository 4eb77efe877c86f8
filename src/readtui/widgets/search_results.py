"""SearchResults: the library search's answers, three lines each (title and source, snippet,
space), drawn a line at a time.

Only the rows in view are drawn, and only they ask for their snippets (the owner's
`snippet_of`), so 200 answers cost what a screenful does. Found words are marked from the
spans the search gives, on sanitized text, never through markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from readtui.article.sanitize import sanitize_line
from readtui.search_words import Snippet, Words
from readtui.store import FullTextHit
from readtui.widgets.article_list import fit, shorten

ROW_HEIGHT = 3
SOURCE_WIDTH = 20
TITLE_CHARS = 200


def marked(text: str, spans: Sequence[tuple[int, int]], mark: Style) -> Content:
    """`text` with `spans` in the mark style: each piece sanitized on its own, so the spans
    (offsets in the raw text) stay where they were."""
    parts: list[str | tuple[str, Style]] = []
    at = 0
    for start, end in spans:
        if start < at:
            continue
        parts.append(sanitize_line(text[at:start]))
        parts.append((sanitize_line(text[start:end]), mark))
        at = end
    parts.append(sanitize_line(text[at:]))
    return Content.assemble(*parts)


class SearchResults(ScrollView):
    """The answers, best first; the owner moves the highlight (the typing stays in its input)
    and hears `Chosen` when one is clicked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "search-results--row",
        "search-results--highlighted",
        "search-results--title",
        "search-results--muted",
        "search-results--mark",
        "search-results--placeholder",
    }
    DEFAULT_CSS = """
    SearchResults { height: 1fr; background: $surface; overflow-x: hidden;
        scrollbar-size-vertical: 0; }
    SearchResults > .search-results--highlighted { color: $block-cursor-foreground;
        background: $block-cursor-background; }
    SearchResults > .search-results--title { text-style: bold; }
    SearchResults > .search-results--muted { color: $text-muted; }
    SearchResults > .search-results--mark { background: $success-muted; text-style: bold; }
    SearchResults > .search-results--placeholder { color: $text-muted; }
    SearchResults:nocolor > .search-results--highlighted { text-style: bold underline; }
    SearchResults:nocolor > .search-results--mark { text-style: reverse; }
    """

    class Chosen(Message):
        """The answer at `index` was clicked."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: Sequence[FullTextHit] = ()
        self.words = Words(())
        self.highlighted: int | None = None
        self._snippet_of: Callable[[FullTextHit], Snippet] = lambda hit: Snippet("", ())
        self._snippets: dict[int, Snippet] = {}
        self._strips: dict[tuple[int, int, int, Style], Strip] = {}
        """Lines drawn, kept until the answers change: the input's every keystroke lays the
        screen out again, which draws every line again."""
        self._placeholder = ""

    def show(
        self,
        hits: Sequence[FullTextHit],
        words: Words,
        snippet_of: Callable[[FullTextHit], Snippet],
        highlighted: int = 0,
    ) -> None:
        """Show new answers; `snippet_of` makes a row's snippet when the row is first drawn."""
        self.hits, self.words, self._snippet_of = hits, words, snippet_of
        self._snippets = {}
        self._strips = {}
        self.highlighted = min(highlighted, len(hits) - 1) if hits else None
        self.virtual_size = Size(0, len(hits) * ROW_HEIGHT)
        self.scroll_to(y=0, animate=False, force=True, immediate=True)
        self._scroll_to_highlight()
        self.refresh()

    def set_placeholder(self, text: str) -> None:
        """What the list says while it has no answers ("No matches", a hint)."""
        self._placeholder = sanitize_line(text)
        if not self.hits:
            self.refresh()

    def move(self, rows: int) -> None:
        """Move the highlight by `rows` answers (stopping at either end)."""
        if not self.hits:
            return
        current = self.highlighted or 0
        self._set_highlight(max(0, min(len(self.hits) - 1, current + rows)))

    def page(self, direction: int) -> None:
        self.move(direction * max(1, self.scrollable_content_region.height // ROW_HEIGHT))

    @property
    def highlighted_hit(self) -> FullTextHit | None:
        index = self.highlighted
        return None if index is None or index >= len(self.hits) else self.hits[index]

    def _set_highlight(self, index: int) -> None:
        old, self.highlighted = self.highlighted, index
        for changed in (old, index):
            if changed is not None:
                self.refresh_lines(changed * ROW_HEIGHT, ROW_HEIGHT)
        self._scroll_to_highlight()

    def _scroll_to_highlight(self) -> None:
        if self.highlighted is not None:
            region = Region(0, self.highlighted * ROW_HEIGHT, 1, ROW_HEIGHT)
            self.scroll_to_region(region, animate=False, force=True, immediate=True)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + round(self.scroll_y)) // ROW_HEIGHT
        if index < len(self.hits):
            self._set_highlight(index)
            self.post_message(self.Chosen(index))

    # -- drawing ---------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        if not self.hits:
            if line == 0:
                style = self.get_visual_style("search-results--placeholder")
                return self._strip(Content(self._placeholder), width, style)
            return self._blank(width)
        index, part = divmod(line, ROW_HEIGHT)
        if index >= len(self.hits):
            return self._blank(width)
        if part == 2:
            return self._blank(width)
        if index == self.highlighted:
            style = self.get_visual_style("search-results--row", "search-results--highlighted")
        else:
            style = self.get_visual_style("search-results--row")
        key = (index, part, width, style)
        strip = self._strips.get(key)
        if strip is None:
            if part == 0:
                content = self._title_line(self.hits[index], width - 2)
            else:
                content = self._snippet_line(index)
            strip = self._strip(content, width, style)
            self._strips[key] = strip
        return strip

    def _title_line(self, hit: FullTextHit, width: int) -> Content:
        """The title, found words marked, with the source at the right when there is room."""
        title = shorten(hit.title, TITLE_CHARS)
        mark = self._mark()
        bold = self.get_visual_style("search-results--title", partial=True)
        text = marked(title, self.words.spans(title), mark).stylize_before(bold)
        source = sanitize_line(shorten(hit.source, SOURCE_WIDTH)) if hit.source else ""
        if not source or width - len(source) - 2 < 12:
            return fit(text, width)
        muted = self.get_visual_style("search-results--muted", partial=True)
        left = fit(text, width - len(source) - 2)
        gap = " " * (width - left.cell_length - len(source))
        return Content.assemble(left, gap, (source, muted))

    def _snippet_line(self, index: int) -> Content:
        snippet = self._snippets.get(index)
        if snippet is None:
            snippet = self._snippets[index] = self._snippet_of(self.hits[index])
        mark = self._mark()
        muted = self.get_visual_style("search-results--muted", partial=True)
        return marked(snippet.text, snippet.spans, mark).stylize_before(muted)

    def _mark(self) -> Style:
        """The style of a found word: whole (a partial visual style drops the background)."""
        return self.get_visual_style("search-results--mark")

    def _strip(self, content: Content, width: int, style: Style) -> Strip:
        line = fit(content, width - 2).pad(1, 1)
        parts = line.render(style, end="", parse_style=self._get_style)
        strip = Strip([Segment(text, part.rich_style) for text, part in parts])
        return strip.crop_extend(0, width, style.rich_style)

    def _blank(self, width: int) -> Strip:
        return Strip.blank(width, self.get_visual_style("search-results--row").rich_style)
