"""What a layout is made of: styled runs, lines that know the block and offset they start at,
and the eager `Layout` of a whole article with its anchors; the types that the builder, the
counting and the lazy layout all share.
"""

from __future__ import annotations

from dataclasses import dataclass

HEADER = -1
MIN_WIDTH = 12


@dataclass(frozen=True)
class Run:
    """A piece of a line in one role (a style name); `quote` is the quote's index or -1.

    `at` is where the run's source text starts, counted from the line's offset, for text from
    the article (so a search match can be found in it); -1 for a prefix, bar or frame.
    """

    text: str
    role: str
    quote: int = -1
    at: int = -1


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
