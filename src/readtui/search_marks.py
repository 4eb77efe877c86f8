"""Marking search matches on a laid-out line, when it is drawn.

Matches are found in the article's text (`article.search`), so a line is cut at their edges only
as it is drawn: the laid-out lines (and their caches) stay the same whatever is searched for.
Each run knows where its source text starts (`Run.at`), and a run's text is the source as shown
(a control character as `^[`), so an offset in the source maps exactly to one in the run.
"""

from __future__ import annotations

from readtui.article.model import Article
from readtui.article.search import Field, Matches, field_at
from readtui.layout import Line, Run, shown

PLAIN = 0
MATCH = 1
CURRENT = 2

Piece = tuple[str, Run, int]
"""Some text of a run, the run (for its style) and how it is marked."""


def mark_line(line: Line, article: Article, matches: Matches, current: int | None) -> list[Piece]:
    """The line's runs cut where matches start and end, each piece PLAIN, MATCH or CURRENT."""
    pieces: list[Piece] = []
    for run in line.runs:
        source = line.offset + run.at
        # A run shows at least as many characters as its source has, so this range holds all
        # the matches it shows (and perhaps one just after it, which is cut away below).
        hits = (
            matches.overlapping(line.block, source, source + len(run.text)) if run.at >= 0 else ()
        )
        field = field_at(article, line.block, source) if hits else None
        if field is None:
            pieces.append((run.text, run, PLAIN))
            continue
        cursor = 0
        for index in hits:
            _block, start, end = matches[index]
            lo, hi = _shown_at(field, run, source, start), _shown_at(field, run, source, end)
            if lo >= hi:
                continue
            if lo > cursor:
                pieces.append((run.text[cursor:lo], run, PLAIN))
            pieces.append((run.text[lo:hi], run, CURRENT if index == current else MATCH))
            cursor = hi
        if cursor < len(run.text):
            pieces.append((run.text[cursor:], run, PLAIN))
    return pieces


def _shown_at(field: Field, run: Run, source: int, offset: int) -> int:
    """Where source `offset` falls in the text of a run whose source starts at `source`
    (clamped to the run)."""
    offset = min(max(offset, source), source + len(run.text), field.end)
    return min(len(run.text), len(shown(field.text[source - field.base : offset - field.base])))
