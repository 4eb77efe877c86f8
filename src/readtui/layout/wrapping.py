"""Word wrap and cell counting by terminal cells, for text as the reader draws it (sanitised,
a tab as one space); wrapping is the one cost that grows with the article, so text of one-cell
characters takes a fast path and `count_lines` counts a wrap without making its spans.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from readtui.article.sanitize import sanitize


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap by terminal cells: (start, end) offsets of each line in `text`."""
    spans: list[tuple[int, int]] = []
    base = 0
    for part in text.split("\n"):
        spans.extend((base + s, base + e) for s, e in _wrap_one(part, max(1, width)))
        base += len(part) + 1
    return spans


_SHOWN_OTHERWISE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""Characters shown as something of another width (`^[`, U+FFFD, a tab as one space)."""
_WIDE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
"""ASCII characters that do not take one cell (shown as `^[`); a tab shows as one space."""
_PRINTABLE_ASCII = frozenset(map(chr, range(0x20, 0x7F)))
_ONE_CELL_CHARS: dict[str, bool] = {}
"""Whether a character outside printable ASCII takes one cell, as found so far."""


def shown(text: str) -> str:
    """Text as drawn: sanitised, with a tab as one space so offsets and widths stay aligned."""
    return sanitize(text).replace("\t", " ")


def _cells(text: str) -> int:
    """Cells `text` takes on screen once sanitised (a control character shows as `^[`)."""
    return cell_len(shown(text) if _SHOWN_OTHERWISE.search(text) else text)


def _char_cells(char: str) -> int:
    return _cells(char) if char < "\xa0" else cell_len(char)


def _one_cell_each(text: str) -> bool:
    """Every character of `text` takes one cell, so a line of it is as wide as it is long (most
    text: ASCII with curly quotes, dashes and accents). Looks at each distinct character once."""
    if text.isascii():
        return not _WIDE_CONTROL.search(text)
    for char in set(text) - _PRINTABLE_ASCII:
        known = _ONE_CELL_CHARS.get(char)
        if known is None:
            known = _ONE_CELL_CHARS[char] = _char_cells(char) == 1
        if not known:
            return False
    return True


def _wrap_one(text: str, width: int) -> list[tuple[int, int]]:
    """Each step looks at one line's worth of text, never at the rest of the paragraph, so a
    10 MB line wraps in time proportional to its length, not to its square."""
    if _one_cell_each(text):
        return _wrap_one_cell(text, width)
    spans: list[tuple[int, int]] = []
    start = 0
    while (filled := _fill(text, start, width)) < len(text):
        end = _break(text, start, filled)
        spans.append((start, end))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    spans.append((start, len(text)))
    return spans


def _wrap_one_cell(text: str, width: int) -> list[tuple[int, int]]:
    """`_wrap_one` for text of one-cell characters: a line fills up to `width` characters."""
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    while start + width < length:
        end = _break(text, start, start + width)
        spans.append((start, end))
        start = end
        while start < length and text[start] == " ":
            start += 1
    spans.append((start, length))
    return spans


def count_lines(text: str, width: int) -> int:
    """`len(wrap(text, width))`, without making the spans (for counting a long article)."""
    width = max(1, width)
    if "\n" in text:
        return sum(_count_one(part, width) for part in text.split("\n"))
    return _count_one(text, width)


def _count_one(text: str, width: int) -> int:
    if not _one_cell_each(text):
        return len(_wrap_one(text, width))
    count, start, length = 1, 0, len(text)
    while start + width < length:
        start = _break(text, start, start + width)
        while start < length and text[start] == " ":
            start += 1
        count += 1
    return count


_ONE_CELL = re.compile("[\x20-\x7e]*")
"""Printable ASCII: one cell per character, so a run of it is measured by its length."""


def _fill(text: str, start: int, width: int) -> int:
    """End of the longest piece from `start` that fits in `width` cells."""
    match = _ONE_CELL.match(text, start, start + width)
    end = match.end() if match else start
    used = end - start
    while end < len(text) and used + (cells := _char_cells(text[end])) <= width:
        used += cells
        end += 1
    return end


def _break(text: str, start: int, end: int) -> int:
    """Where to end the line that could fill up to `end`: at a space when one exists (and
    before the whole run of spaces there, so no line ends in blanks)."""
    space = text.rfind(" ", start + 1, end + 1)
    if space <= start:
        return max(end, start + 1)
    while space - 1 > start and text[space - 1] == " ":
        space -= 1
    return space
