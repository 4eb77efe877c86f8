"""Reading state (positions, read marks, bookmarks) kept in one SQLite file, keyed by fingerprint.

Keying by the article's content fingerprint means a renamed or moved file keeps its place.
The store is lazy and forgiving: it touches disk only on the first write, sets damaged files
aside, and falls back to memory rather than stopping the reader when it cannot save.

Modules, from the bottom up: `model` (what is remembered), `schema` (tables and migrations),
`files` (the file on disk), `fallback` (disk faults and memory copies), `state_file` (the
connection that survives them), `roots` and `index` (the library index), `fulltext` and
`text_search` (its full-text index and search), `orders` and `listing` (the sidebar's orders
and views), `bookmarks` (bookmarks and copied quotes) and `store` (the other queries).
Import from here: the rest may move.
"""

from __future__ import annotations

from readtui.store.files import BUSY_TIMEOUT_MS
from readtui.store.fulltext import FullTextAnswer, FullTextHit
from readtui.store.index import IndexStamp
from readtui.store.model import (
    ArticleState,
    Bookmark,
    CatalogRow,
    CopiedQuote,
    IndexEntry,
    Position,
)
from readtui.store.roots import Roots, absolute, fold
from readtui.store.schema import SCHEMA_VERSION
from readtui.store.store import Store

__all__ = [
    "BUSY_TIMEOUT_MS",
    "SCHEMA_VERSION",
    "ArticleState",
    "Bookmark",
    "CatalogRow",
    "CopiedQuote",
    "FullTextAnswer",
    "FullTextHit",
    "IndexEntry",
    "IndexStamp",
    "Position",
    "Roots",
    "Store",
    "absolute",
    "fold",
]
