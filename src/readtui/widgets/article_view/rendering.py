"""Drawing the view a line at a time: each run styled by its role, and search matches marked."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from readtui.layout import Line
from readtui.search_marks import CURRENT, MATCH, mark_line
from readtui.widgets.article_view.base import ArticleViewBase

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
    "match",
    "match-current",
)
"""What a line's runs can be; each is styled by its component class, `article-view--<role>`."""


class Rendering(ArticleViewBase):
    """The Line API's `render_line`, and the lines it draws now."""

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        base = self.rich_style
        lazy = self._layout
        if lazy is None and y == 1 and self.message:
            style = base + self.get_component_rich_style("article-view--meta", partial=True)
            return Strip([Segment(self.message, style)]).adjust_cell_length(width, base)
        if lazy is None or index >= lazy.total:
            return Strip.blank(width, base)
        margin = max(0, (width - lazy.width) // 2)
        segments = [Segment(" " * margin, base)] if margin else []
        segments += self._segments(lazy.line(index), base)
        return Strip(segments).adjust_cell_length(width, base)

    def _segments(self, line: Line, base: Style) -> list[Segment]:
        """The line's runs, cut where search matches start and end when it shows any."""
        found, article = self._matches, self.article
        if found is None or article is None or not found.has_block(line.block):
            return [Segment(run.text, base + self._style(run.role, run.quote)) for run in line.runs]
        return [
            Segment(text, base + self._style(run.role, run.quote) + self._mark_style(mark))
            for text, run, mark in mark_line(line, article, found, self._match)
        ]

    def _mark_style(self, mark: int) -> Style:
        if mark == CURRENT:
            return self.get_component_rich_style("article-view--match-current", partial=True)
        if mark == MATCH:
            return self.get_component_rich_style("article-view--match", partial=True)
        return Style()

    def _style(self, role: str, quote: int) -> Style:
        if quote >= 0 and quote == self.focused_quote:
            role = "quote-focused"
        return self.get_component_rich_style(f"article-view--{role}", partial=True)

    def lines_on_screen(self) -> list[Line]:
        """The laid-out lines now visible."""
        lazy = self._layout
        if lazy is None:
            return []
        top = int(self.scroll_offset.y)
        end = min(lazy.total, top + self.scrollable_content_region.height)
        return [lazy.line(y) for y in range(top, end)]
