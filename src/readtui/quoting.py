"""How a quote is copied: the text put on the clipboard, and the record kept for the notes.

Pure (no UI), so every place that copies a quote (the article view's y/Y, the quotes panel)
copies the same text and records the same thing; `messages.copy_quote` wraps both in the
message the app handles.
"""

from __future__ import annotations

from readtui.article.model import Article, Quote
from readtui.store.model import CopiedQuote


def quote_words(quote: Quote) -> str:
    """The quote's own source text, one paragraph on one line, a trailing comma dropped."""
    text = " ".join(quote.text.split()) if quote.end_block == quote.block else quote.text
    return text.strip().rstrip(",").rstrip()


def quote_clip(quote: Quote) -> str:
    """The quote as copied: its own source text in curly marks."""
    return "\u201c" + quote_words(quote) + "\u201d"


def quote_with_speaker(article: Article, quote: Quote) -> str:
    """`“…” — Name, role` and, on the next line, `“Title”, Source`: ready to paste as a cited
    quote. Unknown parts are left out rather than guessed."""
    who = ", ".join(part for part in (quote.speaker, quote.role) if part)
    first = quote_clip(quote) + (f" \u2014 {who}" if who else "")
    source = [f"\u201c{article.title}\u201d" if article.title else "", article.meta.source]
    return first + "\n" + ", ".join(part for part in source if part)


def copied_quote(article: Article, quote: Quote) -> CopiedQuote:
    """What the store keeps of a copied quote: its words, who said it, where it is and which
    article (with source and url from the front matter) it came from."""
    meta = article.meta
    return CopiedQuote(
        fingerprint=meta.fingerprint,
        text=quote_words(quote),
        block=quote.block,
        offset=quote.start,
        speaker=quote.speaker,
        role=quote.role,
        title=article.title,
        path=meta.path,
        source=meta.source,
        url=meta.url,
    )
