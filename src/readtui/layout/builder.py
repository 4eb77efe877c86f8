"""Turning an article's header and blocks into styled lines at one width: `_Builder` knows how
each kind of block looks (headings, paragraphs with a quote bar, figures, framed media, lists,
code), `layout()` runs it over the whole article and the lazy layout runs it a unit at a time,
so both give the very same lines.
"""

from __future__ import annotations

from bisect import bisect_right

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
from readtui.article.sanitize import sanitize_line
from readtui.layout.lines import HEADER, MIN_WIDTH, Layout, Line, Run
from readtui.layout.quote_index import _NO_SPANS, QuoteIndex
from readtui.layout.wrapping import shown, wrap


def _has_lines(block: Block) -> bool:
    """A block that lays out at least one line of its own (so a blank line follows it)."""
    if isinstance(block, ListBlock):
        return bool(block.items)
    return isinstance(block, (Heading, Paragraph, Figure, Media, BlockQuote, CodeBlock))


def _indent(first: str, rest: str) -> int:
    return max(cell_len(first), cell_len(rest))


class _Builder:
    """Collects lines for one article at one width (all of them, or one block's)."""

    def __init__(self, article: Article, width: int, quotes: QuoteIndex | None = None) -> None:
        self.article = article
        self.width = max(MIN_WIDTH, width)
        self.lines: list[Line] = []
        self.quote_lines: dict[int, int] = {}
        self.quotes = quotes if quotes is not None else QuoteIndex(article)
        self.open = False
        """The last line is real text, so the next block starts with a blank line."""
        self._spans_for = HEADER
        self._spans = _NO_SPANS

    def _add(self, line: Line) -> None:
        self.lines.append(line)
        self.open = not line.spacer

    def blank(self, block: int) -> None:
        if self.open:
            self._add(Line((), block, 0, spacer=True))

    def spans(self, block: int) -> tuple[list[tuple[int, int, int]], list[int]]:
        """The block's quote spans (kept for the block being laid out)."""
        if block < 0:
            return _NO_SPANS
        if block != self._spans_for:
            self._spans_for, self._spans = block, self.quotes.spans(block)
        return self._spans

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
        for number, (start, end) in enumerate(wrap(text, self.width - _indent(first, rest))):
            prefix = first if number == 0 else rest
            runs = [Run(prefix, prefix_role)] if prefix else []
            runs += self._runs(text, start, end, role, block if quoted else HEADER, offset_base)
            self._add(Line(tuple(runs), block, offset_base + start))

    def _runs(
        self, text: str, start: int, end: int, role: str, block: int, base: int = 0
    ) -> list[Run]:
        """Runs for text[start:end], quote spans (with their marks) in the "quote" role.

        `text` is the part of the block's text that starts at offset `base` (a list item);
        a `block` of HEADER has no quotes.
        """
        runs: list[Run] = []
        cursor = start
        spans, ends = self.spans(block)
        first = bisect_right(ends, start - 1 + base)
        for q_start, q_end, index in (spans[i] for i in range(first, len(spans))):
            if q_start - 1 - base >= end:
                break
            lo, hi = max(start, q_start - 1 - base), min(end, q_end + 1 - base)
            if lo >= hi:
                continue
            if index not in self.quote_lines:
                self.quote_lines[index] = len(self.lines)
            if lo > cursor:
                runs.append(Run(shown(text[cursor:lo]), role, -1, cursor - start))
            runs.append(Run(shown(text[lo:hi]), "quote", index, lo - start))
            cursor = hi
        if cursor < end:
            runs.append(Run(shown(text[cursor:end]), role, -1, cursor - start))
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
        self._add(Line((Run("─" * self.width, "rule"),), HEADER, base))

    def block(self, index: int, block: Block) -> None:
        self.blank(index)
        if isinstance(block, Heading) and not block.text:
            self._add(Line((Run("\u2042".center(self.width).rstrip(), "rule"),), index, 0))
        elif isinstance(block, Heading):
            self.text(block.text, "heading" if block.level <= 2 else "subheading", index)
        elif isinstance(block, Paragraph):
            opens = any(start <= 1 for start, _end, _q in self.spans(index)[0])
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
        self._add(
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
        self._add(Line((bottom,), index, len(text) + 1))

    def _framed(self, runs: list[Run], index: int, offset: int) -> None:
        """One line inside the media frame, padded to the frame's width."""
        pad = " " * max(0, self.width - 4 - sum(cell_len(run.text) for run in runs))
        framed = (Run("│ ", "frame"), *runs, Run(pad + " │", "frame"))
        self._add(Line(framed, index, offset))


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
