"""What the store remembers, as frozen dataclasses, and how SQLite rows become them.

Rows are narrowed value by value, so a hand-edited or foreign file gives a StoreError in plain
words rather than a TypeError deep in the UI.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import NamedTuple

from readtui.errors import StoreError

WORDS_PER_MINUTE = 230
"""As readtui.article.model says; not imported from there, since importing the article package
loads every parser and the store must stay cheap to import for the first paint."""


@dataclass(frozen=True)
class Position:
    """Where the reader was: block index plus character offset of the first visible text."""

    block: int
    offset: int
    percent: float = 0.0


@dataclass(frozen=True)
class ArticleState:
    """Everything remembered about one article; path and title are only the last ones seen."""

    fingerprint: str
    position: Position | None
    read: bool
    opened_at: float | None
    path: str
    title: str
    anchor: str = ""
    """The words at the position when it was saved (readtui.anchor)."""


@dataclass(frozen=True)
class Bookmark:
    """A saved spot in an article, with a snippet so the list makes sense without opening it."""

    id: int
    fingerprint: str
    block: int
    offset: int
    snippet: str
    created_at: float
    title: str
    path: str
    note: str = ""
    """The reader's own words about this spot; empty when there is none."""
    source: str = ""
    url: str = ""
    """Where the article came from, as its text says, so the notes export can cite it."""


@dataclass(frozen=True)
class CopiedQuote:
    """A quote the reader copied, with enough about its article to cite it in the notes export.

    Built by the UI when a copy is asked for (`id` -1 and `copied_at` 0 until the store keeps
    it); `offset` is where the quote opens in its block, so a quote copied twice is kept once.
    """

    fingerprint: str
    text: str
    block: int
    offset: int
    speaker: str = ""
    role: str = ""
    title: str = ""
    path: str = ""
    source: str = ""
    url: str = ""
    copied_at: float = 0.0
    id: int = -1


class IndexEntry(NamedTuple):
    """One file of the library as the index knows it: enough to draw and filter its sidebar row
    without opening the file. A NamedTuple, because windows of them are built on every scroll."""

    path: str
    """Absolute, as os.fsdecode gives it (a name that is not UTF-8 keeps its bytes)."""
    size: int
    mtime_ns: int
    title: str
    """The article's title (at most TITLE_CHARS), or the file name when it cannot be read."""
    source: str
    """Where the article comes from; empty when the text does not say."""
    words: int
    fingerprint: str
    """Of the bytes indexed; empty when the file could not be read."""
    error: str
    """Why the file cannot be shown, in plain words; empty when it can."""
    dated: int = 0
    """Seconds since 1970 of the date the article gives (front matter, date line), else of
    its file's mtime: what "newest first" sorts by."""

    @property
    def name(self) -> str:
        """The file name, for rows of files that could not be read."""
        return os.path.basename(self.path)

    @property
    def minutes(self) -> int:
        """Reading time, rounded as ArticleMeta.minutes rounds it, never below one minute."""
        return max(1, round(self.words / WORDS_PER_MINUTE))


class CatalogRow(NamedTuple):
    """A sidebar row: the file, what the reader did with it, and whether it has bookmarks."""

    entry: IndexEntry
    state: ArticleState | None
    bookmarked: bool


def _as_int(value: object) -> int:
    """Narrow a column value SQLite returned as an integer (bools and floats tolerated)."""
    if isinstance(value, (int, float)):
        return int(value)
    raise StoreError(f"Unexpected value in the reading-state file: {value!r}")


def _as_float(value: object) -> float:
    """Narrow a column value SQLite returned as a number."""
    if isinstance(value, (int, float)):
        return float(value)
    raise StoreError(f"Unexpected value in the reading-state file: {value!r}")


def _position_from(block: object, offset: object, percent: object) -> Position | None:
    """A Position when one was saved; rows made by mark_read alone have none."""
    if block is None or offset is None:
        return None
    return Position(_as_int(block), _as_int(offset), 0.0 if percent is None else _as_float(percent))


def path_param(path: str) -> bytes | str:
    """A file path as SQLite keeps it: its bytes (a BLOB), since a Linux file name need not be
    UTF-8 and Python keeps such bytes as lone surrogates that sqlite3 cannot encode as text.
    An empty path stays '' so the "keep the old path" comparisons with '' still work."""
    return os.fsencode(path) if path else ""


def _path_from(value: object) -> str:
    """A stored path back as a str: BLOBs (this version) and TEXT (older rows) alike."""
    if isinstance(value, bytes):
        return os.fsdecode(value)
    return "" if value is None else str(value)


def state_from(row: tuple[object, ...]) -> ArticleState:
    """Turn an articles row (in schema.STATE_COLUMNS order) into an ArticleState. The
    sidebar's rows leave out the anchor, which only opening an article needs."""
    fp, block, offset, percent, read, opened_at, path, title, *rest = row
    anchor = rest[0] if rest else ""
    return ArticleState(
        fingerprint=str(fp),
        position=_position_from(block, offset, percent),
        read=bool(read),
        opened_at=None if opened_at is None else _as_float(opened_at),
        path=_path_from(path),
        title=str(title),
        anchor="" if anchor is None else str(anchor),
    )


def bookmark_from(row: tuple[object, ...]) -> Bookmark:
    """Turn a schema.BOOKMARK_SELECT row into a Bookmark."""
    bid, fp, block, offset, snippet, created_at, title, path, note, source, url = row
    return Bookmark(
        id=_as_int(bid),
        fingerprint=str(fp),
        block=_as_int(block),
        offset=_as_int(offset),
        snippet=str(snippet),
        created_at=_as_float(created_at),
        title=str(title),
        path=_path_from(path),
        note=str(note),
        source=str(source),
        url=str(url),
    )


def quote_from(row: tuple[object, ...]) -> CopiedQuote:
    """Turn a quotes row (in schema.QUOTE_COLUMNS order) into a CopiedQuote."""
    qid, fp, text, block, offset, speaker, role, title, path, source, url, copied_at = row
    return CopiedQuote(
        fingerprint=str(fp),
        text=str(text),
        block=_as_int(block),
        offset=_as_int(offset),
        speaker=str(speaker),
        role=str(role),
        title=str(title),
        path=_path_from(path),
        source=str(source),
        url=str(url),
        copied_at=_as_float(copied_at),
        id=_as_int(qid),
    )


def clamp_percent(percent: float) -> float:
    """Keep percent within 0..100 so a rounding slip in the UI never shows 101 %."""
    return min(100.0, max(0.0, float(percent)))
