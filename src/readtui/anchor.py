"""Anchors: a few words of text that find a place again after the file around it was edited.

A position is a block index and an offset, so a paragraph added above the reader's (an article
fetched again with a correction, a note typed in `$EDITOR`) would shift it by one block. With the
position the reader also keeps the words at it (bookmarks keep their snippet); when those words
are no longer where the position says, the nearest block that holds them is where the place went.
Whitespace is ignored, so a paragraph re-wrapped in the editor is still found.
"""

from __future__ import annotations

import re

from readtui.article.model import Article
from readtui.store import Position

ANCHOR_CHARS = 60
"""Enough words to tell one paragraph from another, few enough to survive a typo further on."""
MIN_ANCHOR = 12
"""Fewer characters than this (a heading, "Yes.") could be anywhere: no anchor."""
ELLIPSIS = "\u2026"


def anchor_text(article: Article, position: Position, length: int = ANCHOR_CHARS) -> str:
    """The words at `position`, whitespace collapsed; empty for the header, which has no
    paragraph to look for."""
    if not 0 <= position.block < len(article.blocks):
        return ""
    text = article.blocks[position.block].text[max(0, position.offset) :]
    words = " ".join(text[: length * 4].split())
    return words[:length].rstrip()


def _pattern(anchor: str) -> re.Pattern[str] | None:
    """The anchor as a pattern with any whitespace between its words (a snippet cut with an
    ellipsis loses it, and its last word, which may have been cut)."""
    words = anchor.removesuffix(ELLIPSIS).split()
    if anchor.endswith(ELLIPSIS) and len(words) > 1:
        words = words[:-1]
    if len(" ".join(words)) < MIN_ANCHOR:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words[:ANCHOR_CHARS]))


def relocate(article: Article, position: Position, anchor: str) -> Position | None:
    """Where the anchor's words are now: `position` itself while its block still holds them
    at its offset, else the start of them in the nearest block holding them (the earlier one
    of two as near); None when no block does, or the anchor is too short to tell."""
    pattern = _pattern(anchor)
    if pattern is None or position.block < 0:
        return None
    blocks = article.blocks
    if position.block < len(blocks):
        here = pattern.match(blocks[position.block].text, max(0, position.offset))
        if here is not None:
            return position
    best: tuple[int, int, int] | None = None  # (distance, block, offset)
    for index, block in enumerate(blocks):
        distance = abs(index - position.block)
        if best is not None and distance >= best[0] and index > position.block:
            break  # every later block is further away
        found = pattern.search(block.text)
        if found is not None and (best is None or distance < best[0]):
            best = (distance, index, found.start())
    if best is None:
        return None
    return Position(best[1], best[2], position.percent)
