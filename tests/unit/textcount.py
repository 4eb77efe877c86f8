"""Word counts for "no text is lost" checks, shared by the parser tests."""

from __future__ import annotations

import re
from collections import Counter

from readtui.article.model import Article, held_texts
from readtui.article.plain import STRUCTURE_MARKERS


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


def source_words(text: str) -> Counter[str]:
    """The words of a source file, less those the parser turns into structure."""
    return words(STRUCTURE_MARKERS.sub(" ", text.replace("\r\n", "\n")))


def article_words(article: Article) -> Counter[str]:
    """Every word the parsed article holds, in any field, the removed furniture included."""
    # Each text on its own: joined, a title "By" would be followed by a newline and read as a
    # byline marker, which in the source (at its end) it is not.
    return words(" ".join(STRUCTURE_MARKERS.sub(" ", text) for text in held_texts(article)))
