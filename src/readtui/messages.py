"""App-wide requests, posted up by screens and widgets and handled by the App."""

from __future__ import annotations

from textual.message import Message

from readtui.article.model import Article, Quote
from readtui.quoting import copied_quote, quote_clip, quote_with_speaker
from readtui.store.model import CopiedQuote


class CopyText(Message):
    """Put `text` on every clipboard route that works here; when it is a quote, `quote` says
    which, and the App records it for the notes export."""

    def __init__(self, text: str, quote: CopiedQuote | None = None) -> None:
        super().__init__()
        self.text = text
        self.quote = quote


def copy_quote(article: Article, quote: Quote, *, credit: bool = False) -> CopyText:
    """The one way to copy a quote (the article view's y/Y, the quotes panel): the clipped
    quote, or with `credit` its speaker and source too, and the record of it."""
    text = quote_with_speaker(article, quote) if credit else quote_clip(quote)
    return CopyText(text, copied_quote(article, quote))
