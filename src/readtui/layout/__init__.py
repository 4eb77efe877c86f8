"""Laying an article out as lines for one column width.

Each line remembers which block and character offset it starts at, so a reading position is an
anchor in the article, not a line number: it survives resizes and other terminal widths.

`layout()` lays out the whole article at once (the reference, and what export and tests use);
`LazyLayout` gives the same lines a block at a time, so a 5 MB article shows its first screen at
once and is never held as lines: only each block's line count is kept, from `measure()`.

Modules, from the bottom up: `lines` (runs, lines and the eager `Layout`), `wrapping` (word wrap
and cell counting), `quote_index` (the quotes in each block), `builder` (how each block looks, and
`layout()`), `units` (a unit's cost and lines, and `measure()`) and `lazy` (`LazyLayout`).
Import from here: the rest may move.
"""

from __future__ import annotations

from readtui.layout.builder import layout, meta_line, meta_lines
from readtui.layout.lazy import LazyLayout, LongUnit, Place
from readtui.layout.lines import HEADER, MIN_WIDTH, Layout, Line, Run
from readtui.layout.quote_index import QuoteIndex
from readtui.layout.units import Measured, measure, unit_chars, unit_lines
from readtui.layout.wrapping import count_lines, shown, wrap

__all__ = [
    "HEADER",
    "MIN_WIDTH",
    "Layout",
    "LazyLayout",
    "Line",
    "LongUnit",
    "Measured",
    "Place",
    "QuoteIndex",
    "Run",
    "count_lines",
    "layout",
    "measure",
    "meta_line",
    "meta_lines",
    "shown",
    "unit_chars",
    "unit_lines",
    "wrap",
]
