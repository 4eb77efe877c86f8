"""QuotesScreen: every quote of the open article with its speaker; enter jumps, y/Y copy.

A modal over the article rather than a side panel: the list wants the width (quotes are long
and wrap) and the article is where `enter` lands, once the panel is out of the way.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer

from readtui.article.model import Article, Quote
from readtui.article.quote_list import count_label, quote_entries
from readtui.article.sanitize import sanitize_line
from readtui.messages import copy_quote
from readtui.widgets.quote_list import QuoteList

TITLE_CHARS = 120


class QuotesScreen(ModalScreen[Quote | None]):
    """Dismissed with the quote to jump to, or None when closed."""

    DEFAULT_CSS = """
    QuotesScreen { align: center middle; }
    QuotesScreen > Vertical { width: 90%; max-width: 100; height: 85%; border: round $primary;
        background: $surface; padding: 0 0 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "jump", "Jump to quote", id="quotes.jump"),
        Binding("y", "copy", "Copy quote", id="quotes.copy"),
        Binding("Y", "copy(True)", "Copy + credit", id="quotes.copy_credit"),
        Binding("escape,q,Q", "close", "Close", id="quotes.close"),
    ]

    def __init__(self, article: Article, highlighted: int = 0, *, complete: bool = True) -> None:
        """`complete=False`: the article is the head of a long text still being read, so these
        are its quotes so far."""
        super().__init__()
        self.article = article
        self.start = highlighted
        self.complete = complete

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            count = count_label(len(self.article.quotes))
            box.border_title = Content(count if self.complete else f"{count} so far")
            title = sanitize_line(self.article.title[:TITLE_CHARS])
            box.border_subtitle = Content(title) if title else None
            yield QuoteList(quote_entries(self.article), self.start)
        yield Footer()

    def on_mount(self) -> None:
        self.quote_list.focus()

    @property
    def quote_list(self) -> QuoteList:
        return self.query_one(QuoteList)

    def highlighted_quote(self) -> Quote | None:
        entry = self.quote_list.highlighted_entry
        return None if entry is None else self.article.quotes[entry.index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("jump", "copy"):
            return bool(self.article.quotes) or None
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def action_jump(self) -> None:
        quote = self.highlighted_quote()
        if quote is not None:
            self.dismiss(quote)

    def on_quote_list_chosen(self, event: QuoteList.Chosen) -> None:
        event.stop()
        self.dismiss(self.article.quotes[event.index])

    def action_copy(self, credit: bool = False) -> None:
        """Copied and recorded as `y`/`Y` in the article do it, by the app's clipboard worker."""
        quote = self.highlighted_quote()
        if quote is not None:
            self.post_message(copy_quote(self.article, quote, credit=credit))
