"""Word counts for "no text is lost" checks, shared by the parser tests."""

from __future__ import annotations

import re
from collections import Counter

from readtui.article.model import Article, Figure, Media


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


def article_words(article: Article) -> Counter[str]:
    """Every word the parsed article holds, in any field of any block."""
    found = words(" ".join((article.title, article.standfirst, article.subhead)))
    for block in article.blocks:
        if isinstance(block, Figure):
            found += words(" ".join((block.alt, block.caption, block.credit)))
        elif isinstance(block, Media):
            fields = (block.label, block.intro, block.title, block.age, block.duration)
            found += words(" ".join((*fields, block.description)))
        else:
            found += words(block.text)
    return found
