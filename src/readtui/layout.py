"""Laying an article out as lines for one column width.

Each line remembers which block and character offset it starts at, so a reading position is an
anchor in the article, not a line number: it survives resizes and other terminal widths.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from rich.cells import cell_len, set_cell_size

from readtui.article.model import (
    Article,
    Block,
    BlockQuote,
    CodeBlock,
    Figure,
    Heading,
    ListBlock,
    Media,
    Paragraph,
)
from readtui.article.sanitize import sanitize, sanitize_line

HEADER = -1
MIN_WIDTH = 12


@dataclass(frozen=True)
class Run:
    """A piece of a line in one role (a style name); `quote` is the quote's index or -1."""

    text: str
    role: str
    quote: int = -1


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    block: int
    offset: int
    spacer: bool = False


@dataclass(frozen=True)
class Layout:
    lines: tuple[Line, ...]
    width: int
    quote_lines: tuple[int, ...]
    """The line where each quote starts, by quote index."""

    def anchor(self, index: int) -> tuple[int, int]:
        """Block and offset of the first real text at or after line `index`."""
        for line in self.lines[max(0, index) :]:
            if not line.spacer:
                return line.block, line.offset
        return (self.lines[-1].block, self.lines[-1].offset) if self.lines else (HEADER, 0)

    def line_of(self, block: int, offset: int) -> int:
        """The line that shows this block and offset (the nearest before it)."""
        found = 0
        for index, line in enumerate(self.lines):
            if line.spacer:
                continue
            if (line.block, line.offset) > (block, offset):
                break
            found = index
        return found


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


def shown(text: str) -> str:
    """Text as drawn: sanitised, with a tab as one space so offsets and widths stay aligned."""
    return sanitize(text).replace("\t", " ")


def _cells(text: str) -> int:
    """Cells `text` takes on screen once sanitised (a control character shows as `^[`)."""
    return cell_len(shown(text) if _SHOWN_OTHERWISE.search(text) else text)


def _wrap_one(text: str, width: int) -> list[tuple[int, int]]:
    """Each step looks at one line's worth of text, never at the rest of the paragraph, so a
    10 MB line wraps in time proportional to its length, not to its square."""
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


def _char_cells(char: str) -> int:
    return _cells(char) if char < "\xa0" else cell_len(char)


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


class _Builder:
    """Collects lines for one article at one width."""

    def __init__(self, article: Article, width: int) -> None:
        self.article = article
        self.width = max(MIN_WIDTH, width)
        self.lines: list[Line] = []
        self.quote_lines: dict[int, int] = {}
        self.spans: dict[int, list[tuple[int, int, int]]] = {}
        for index, quote in enumerate(article.quotes):
            for block, start, end in quote.spans(article.blocks):
                self.spans.setdefault(block, []).append((start, end, index))
        for spans in self.spans.values():
            spans.sort()
        self.ends = {b: list(accumulate((q[1] for q in s), max)) for b, s in self.spans.items()}
        """The furthest quote end so far, by block: each line looks up only the quotes it shows,
        so a long paragraph with thousands of quotes stays quick to lay out."""

    def blank(self, block: int) -> None:
        if self.lines and not self.lines[-1].spacer:
            self.lines.append(Line((), block, 0, spacer=True))

    def text(
        self,
        text: str,
        role: str,
        block: int,
        first: str = "",
        rest: str = "",
        prefix_role: str = "marker",
        offset_base: int = 0,
        quoted: bool = True,
    ) -> None:
        """Wrap `text` under a first-line and continuation prefix, marking quote spans.

        `quoted` is false for text that is not the block's own `text` (a figure's alt line and
        credit), since quote offsets index the block's text.
        """
        indent = max(cell_len(first), cell_len(rest))
        for number, (start, end) in enumerate(wrap(text, self.width - indent)):
            prefix = first if number == 0 else rest
            runs = [Run(prefix, prefix_role)] if prefix else []
            runs += self._runs(text, start, end, role, block if quoted else HEADER, offset_base)
            self.lines.append(Line(tuple(runs), block, offset_base + start))

    def _runs(
        self, text: str, start: int, end: int, role: str, block: int, base: int = 0
    ) -> list[Run]:
        """Runs for text[start:end], quote spans (with their marks) in the "quote" role.

        `text` is the part of the block's text that starts at offset `base` (a list item);
        a `block` of HEADER has no quotes.
        """
        runs: list[Run] = []
        cursor = start
        spans = self.spans.get(block, []) if block >= 0 else []
        first = bisect_right(self.ends.get(block, []), start - 1 + base)
        for q_start, q_end, index in (spans[i] for i in range(first, len(spans))):
            if q_start - 1 - base >= end:
                break
            lo, hi = max(start, q_start - 1 - base), min(end, q_end + 1 - base)
            if lo >= hi:
                continue
            if index not in self.quote_lines:
                self.quote_lines[index] = len(self.lines)
            if lo > cursor:
                runs.append(Run(shown(text[cursor:lo]), role))
            runs.append(Run(shown(text[lo:hi]), "quote", index))
            cursor = hi
        if cursor < end:
            runs.append(Run(shown(text[cursor:end]), role))
        return runs

    def header(self) -> None:
        """Title, standfirst, subhead and details; offsets run on through the header so that
        every header line has its own anchor."""
        article = self.article
        self.text(article.title, "headline", HEADER)
        base = len(article.title) + 1
        for text, role in ((article.standfirst, "standfirst"), (article.subhead, "subhead")):
            if text:
                self.blank(HEADER)
                self.text(text, role, HEADER, offset_base=base)
                base += len(text) + 1
        self.blank(HEADER)
        for line in meta_lines(article):
            meta = sanitize_line(line)
            self.text(meta, "meta", HEADER, offset_base=base)
            base += len(meta) + 1
        self.lines.append(Line((Run("─" * self.width, "rule"),), HEADER, base))

    def block(self, index: int, block: Block) -> None:
        self.blank(index)
        if isinstance(block, Heading) and not block.text:
            self.lines.append(Line((Run("\u2042".center(self.width).rstrip(), "rule"),), index, 0))
        elif isinstance(block, Heading):
            self.text(block.text, "heading" if block.level <= 2 else "subheading", index)
        elif isinstance(block, Paragraph):
            opens = any(start <= 1 for start, _end, _q in self.spans.get(index, []))
            bar = "▎ " if opens else ""
            self.text(block.text, "text", index, bar, bar, prefix_role="quote-bar")
        elif isinstance(block, Figure):
            self.figure(index, block)
        elif isinstance(block, Media):
            self.media(index, block)
        elif isinstance(block, BlockQuote):
            self.text(block.text, "text", index, "▎ ", "▎ ", prefix_role="quote-bar")
        elif isinstance(block, ListBlock):
            self.list_block(index, block)
        elif isinstance(block, CodeBlock):
            self.text(block.text, "code", index, "  ", "  ")

    def figure(self, index: int, figure: Figure) -> None:
        """Alt line, caption and credit. Offsets are those of the caption (the figure's text),
        with the alt line before it (negative) and the credit after it, so that every line has
        its own anchor, in order."""
        marker = "▣ "
        if figure.alt:
            self.text(
                figure.alt,
                "alt",
                index,
                marker,
                "  ",
                prefix_role="photo",
                offset_base=-len(figure.alt) - 1,
                quoted=False,
            )
            marker = "  "
        self.text(figure.caption, "caption", index, marker, "  ", prefix_role="photo")
        if figure.credit:
            self.text(
                figure.credit,
                "credit",
                index,
                "  ",
                "  ",
                offset_base=len(figure.caption) + 1,
                quoted=False,
            )

    def list_block(self, index: int, block: ListBlock) -> None:
        offset = 0
        for number, item in enumerate(block.items):
            bullet = f"{block.start + number}. " if block.ordered else "• "
            self.text(item, "text", index, bullet, " " * len(bullet), "bullet", offset)
            offset += len(item) + 1

    def media(self, index: int, media: Media) -> None:
        """A framed box: label, intro, title, duration and age, then the description.

        Offsets are those of the description (the block's text); the lines above it count up
        to zero from below (like a figure's alt line) and the bottom frame comes after it.
        """
        inner = self.width - 4
        label = f" ▶ {sanitize_line(media.label)}"
        label = set_cell_size(label, min(cell_len(label), self.width - 4)) + " "
        info = " · ".join(p for p in (media.duration, media.age) if p)
        fields = [(media.intro, "media-intro"), (media.title, "media-title"), (info, "media-info")]
        offset = -(len(label) + 1 + sum(len(text) + 1 for text, _role in fields if text))
        top = "╭─" + label + "─" * max(0, self.width - 3 - cell_len(label)) + "╮"
        self.lines.append(
            Line(
                (
                    Run(top[:2], "frame"),
                    Run(label, "media-label"),
                    Run(top[2 + len(label) :], "frame"),
                ),
                index,
                offset,
            )
        )
        offset += len(label) + 1
        for text, role in fields:
            for start, end in wrap(text, inner) if text else []:
                self._framed(self._runs(text, start, end, role, HEADER), index, offset + start)
            offset += len(text) + 1 if text else 0
        text = media.description
        for start, end in wrap(text, inner) if text else []:
            self._framed(self._runs(text, start, end, "media-text", index), index, start)
        bottom = Run("╰" + "─" * (self.width - 2) + "╯", "frame")
        self.lines.append(Line((bottom,), index, len(text) + 1))

    def _framed(self, runs: list[Run], index: int, offset: int) -> None:
        """One line inside the media frame, padded to the frame's width."""
        pad = " " * max(0, self.width - 4 - sum(cell_len(run.text) for run in runs))
        framed = (Run("│ ", "frame"), *runs, Run(pad + " │", "frame"))
        self.lines.append(Line(framed, index, offset))


def meta_line(article: Article) -> str:
    meta = article.meta
    parts = [meta.source, meta.author and f"By {meta.author}", meta.date, meta.dateline]
    parts.append(f"{meta.minutes} min read")
    if meta.encoding_guessed:
        parts.append(f"encoding guessed: {meta.encoding}")
    return " · ".join(part for part in parts if part)


def meta_lines(article: Article) -> list[str]:
    """The details under the headline: source, byline, date, dateline and reading time on one
    line, then the agency's credit line and any notice about how the file was read."""
    extra = [article.meta.credits, *article.meta.notices]
    return [meta_line(article), *(line for line in extra if line)]


def layout(article: Article, width: int) -> Layout:
    builder = _Builder(article, width)
    builder.header()
    for index, block in enumerate(article.blocks):
        builder.block(index, block)
    quote_lines = tuple(builder.quote_lines.get(i, 0) for i in range(len(article.quotes)))
    return Layout(tuple(builder.lines), builder.width, quote_lines)
