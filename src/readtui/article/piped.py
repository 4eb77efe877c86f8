"""An article piped in (`cat article.txt | readtui -`): the bytes are decoded like a file's, and
the parser is chosen by the text itself, since there is no file name to go by.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from readtui.article.decode import decode
from readtui.article.load import (
    MAX_BYTES,
    describe_size,
    fingerprint,
    parse_text,
    without_cut_character,
)
from readtui.article.model import Article
from readtui.errors import ArticleError

PIPED_NAME = "(stdin)"
"""How the piped article is named where a file name would be (its title, if it has none)."""
HOW = "Pipe an article in, as in: cat article.txt | readtui -"
NOTHING_PIPED = f"Nothing came in on stdin. {HOW}"
BLANK_PIPED = f"Only blank space came in on stdin. {HOW}"
_MARKDOWN_START = re.compile(r"\A\s*(?:---[ \t]*\n|#{1,6}[ \t]+\S)")
"""Front matter (a `---` line) or an ATX heading first: the text is Markdown."""


def looks_like_markdown(text: str) -> bool:
    return _MARKDOWN_START.match(text.removeprefix("\ufeff")) is not None


def piped_article(data: bytes, *, truncated: bool = False) -> Article:
    """The article in bytes read from a pipe; ArticleError when there is nothing to read or it
    is not text. It has no path: only its fingerprint keeps its reading position."""
    if not data:
        raise ArticleError(NOTHING_PIPED)
    try:
        decoded = decode(data)
    except ArticleError as exc:
        raise ArticleError(f"stdin: {exc}") from exc
    if not decoded.text.strip():
        raise ArticleError(BLANK_PIPED)
    suffix = ".md" if looks_like_markdown(decoded.text) else ".txt"
    article = parse_text(decoded.text, suffix)
    cut = (f"Truncated: only the first {describe_size(len(data))} of stdin were read.",)
    meta = replace(
        article.meta,
        path="",
        fingerprint=fingerprint(data),
        encoding=decoded.encoding,
        encoding_guessed=decoded.guessed,
        notices=(*(cut if truncated else ()), *decoded.notices, *article.meta.notices),
    )
    return replace(article, title=article.title or PIPED_NAME, meta=meta)


def read_piped(read: Callable[[int], bytes], limit: int = MAX_BYTES) -> tuple[bytes, bool]:
    """Everything on the pipe up to `limit` bytes (a cut character dropped), and whether more
    was left unread; `read(n)` reads up to n bytes, fewer only at the end."""
    data = read(limit)
    if len(data) < limit or not read(1):
        return data, False
    return without_cut_character(data), True
