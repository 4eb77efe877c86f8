"""The pure article core: model, decoding, parsers, quotes, export and sanitising (no UI)."""

from __future__ import annotations

from readtui.article.load import load_article
from readtui.article.model import (
    Article,
    ArticleMeta,
    Block,
    BlockQuote,
    CodeBlock,
    Figure,
    Heading,
    ListBlock,
    Media,
    Paragraph,
    Quote,
)

__all__ = [
    "Article",
    "ArticleMeta",
    "Block",
    "BlockQuote",
    "CodeBlock",
    "Figure",
    "Heading",
    "ListBlock",
    "Media",
    "Paragraph",
    "Quote",
    "load_article",
]
