"""ArticleView: one Line-API widget that draws only the visible lines of the article.

The article is laid out a block at a time (`LazyLayout`), around the reader: a 5 MB article shows
its first screen at once and is never held as lines. Its line counts are measured in a thread
meanwhile; until they arrive the view scrolls through a window of blocks laid out around it, and
the percentage read is not reported.

The view is put together from parts, one per module: base (state, position reports),
laying_out, moving, quotes, searching, showing and rendering.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from readtui.quoting import quote_clip, quote_with_speaker
from readtui.widgets.article_view.base import COLUMN_WIDTH
from readtui.widgets.article_view.laying_out import LAYING_OUT, article_chars
from readtui.widgets.article_view.moving import WIDTH_STEP, Moving
from readtui.widgets.article_view.quotes import Quoting
from readtui.widgets.article_view.rendering import ROLES, Rendering
from readtui.widgets.article_view.showing import Showing

__all__ = [
    "COLUMN_WIDTH",
    "LAYING_OUT",
    "ROLES",
    "WIDTH_STEP",
    "ArticleView",
    "article_chars",
    "quote_clip",
    "quote_with_speaker",
]


class ArticleView(Showing, Quoting, Moving, Rendering, can_focus=True):
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
    ArticleView:nocolor > .article-view--quote { text-style: underline; }
    ArticleView:nocolor > .article-view--quote-focused { text-style: bold reverse; }
    ArticleView > .article-view--match { background: $success-muted; text-style: underline; }
    ArticleView > .article-view--match-current { color: $success; text-style: bold reverse; }
    ArticleView:nocolor > .article-view--match { text-style: reverse; }
    ArticleView:nocolor > .article-view--match-current { text-style: bold reverse underline; }
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
        Binding("full_stop", "match(1)", "Next match", id="view.next_match"),
        Binding("comma", "match(-1)", "Prev match", id="view.prev_match"),
        Binding("f3", "match(1)", "Next match", show=False, id="view.next_match_f3"),
        Binding("shift+f3", "match(-1)", "Prev match", show=False, id="view.prev_match_f3"),
        Binding("escape", "clear_search", "Clear search", show=False, id="view.clear_search"),
        Binding("plus", "width(1)", "Wider text", show=False, id="view.wider"),
        Binding("minus", "width(-1)", "Narrower text", show=False, id="view.narrower"),
        Binding("equals_sign", "width(0)", "Default width", show=False, id="view.width_reset"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("quote", "copy_quote"):
            return bool(self.article and self.article.quotes and self._layout) or None
        if action in ("match", "clear_search"):
            return bool(self._query)
        return True
