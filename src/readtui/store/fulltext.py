"""The full-text index of the library: SQLite FTS5 over each article's title and text, kept in
the same transactions as the library table, and like it a cache of the files (never checked at
open, dropped and rebuilt with it when damaged, in TEMP for a session that cannot write).

The FTS5 table is contentless (`content=''`), so it holds the index only; the text indexed is
kept beside it zlib-compressed (`library_text`, about a third of the text's size), because a
contentless table can only forget a row when given the values it indexed (SQLite 3.43's
`contentless_delete` is not everywhere yet), and the same text gives the snippets without
reading any file. Positions are kept (`detail=full`): bm25 ranks by how often the words occur,
which the smaller `detail=column` and `none` do not record. Three-letter prefixes are indexed
(`prefix='3'`), so a word being typed is answered from one list. Which file a row is lives in
a thin table of its own (`library_docs`), which the ranking reads for every match.
"""

from __future__ import annotations

import os
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from readtui.store.roots import Roots

DOCS_TABLE = "library_docs"
TEXT_TABLE = "library_text"
FTS_TABLE = "library_fts"
FULLTEXT_TABLES = (
    DOCS_TABLE,
    TEXT_TABLE,
    FTS_TABLE,
    *(f"{FTS_TABLE}_{part}" for part in ("data", "idx", "docsize", "config", "content")),
)
"""Every table of the full-text index, the FTS5 table's own shadow tables included."""
TITLE_WEIGHT = 4.0
"""bm25 counts a word in the title this many times one in the text."""
LEVEL = 6
"""zlib's level for the texts kept: the default, a third of the text's size."""

TextRow = tuple[bytes, str, "str | None", bytes]
"""(path key, title, text, compressed text) for one article to index; text None forgets it."""


class FullTextHit(NamedTuple):
    """One article the search found: its index entry's facts and its place in the ranking."""

    path: str
    title: str
    source: str
    words: int
    docid: int
    """Where its indexed text is kept (see `TextSearch.indexed_texts`)."""
    score: float
    """bm25: lower is better."""


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), LEVEL)


def unpack(data: bytes) -> str:
    """The text packed; damage in it is damage in the store (repaired like the index)."""
    try:
        return zlib.decompress(data).decode("utf-8", "surrogatepass")
    except (zlib.error, UnicodeDecodeError, TypeError) as exc:
        raise sqlite3.DatabaseError("database disk image is malformed (full text)") from exc


# -- tables ----------------------------------------------------------------------------------


def library_schema(conn: sqlite3.Connection) -> str:
    """Where this session keeps the library index: `temp` when a TEMP table shadows main's."""
    found = conn.execute("SELECT 1 FROM temp.sqlite_schema WHERE name = 'library'").fetchone()
    return "main" if found is None else "temp"


def create_tables(conn: sqlite3.Connection, schema: str) -> bool:
    """Create the full-text tables in `schema` if missing; False when this SQLite has no FTS5
    (search is then unavailable, and indexing goes on without it)."""
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {schema}.{DOCS_TABLE}"
        " (docid INTEGER PRIMARY KEY, path BLOB NOT NULL UNIQUE)"
    )
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {schema}.{TEXT_TABLE}"
        " (docid INTEGER PRIMARY KEY, title TEXT NOT NULL, body BLOB NOT NULL)"
    )
    try:
        conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {schema}.{FTS_TABLE} USING fts5(title, body,"
            " content='', tokenize='unicode61 remove_diacritics 2', prefix='3')"
        )
    except sqlite3.OperationalError as exc:
        if "no such module" in str(exc):
            return False
        raise
    return True


def ensure_tables(conn: sqlite3.Connection) -> bool:
    """Make sure the full-text tables sit beside the library table; when they had to be made
    while the library table holds rows (an index from before them, or from an SQLite without
    FTS5), those rows are marked for the background scan to index again."""
    schema = library_schema(conn)
    exists = conn.execute(
        f"SELECT 1 FROM {schema}.sqlite_schema WHERE name = '{FTS_TABLE}'"
    ).fetchone()
    if exists is not None:
        return True
    drop_tables(conn, schema)  # texts kept without their index would be forgotten wrongly
    if not create_tables(conn, schema):
        return False
    conn.execute(f"UPDATE {schema}.library SET indexer = -1")
    return True


def drop_tables(conn: sqlite3.Connection, schema: str) -> None:
    for table in (FTS_TABLE, TEXT_TABLE, DOCS_TABLE):
        conn.execute(f"DROP TABLE IF EXISTS {schema}.{table}")


# -- writing -----------------------------------------------------------------------------------


def _forget(conn: sqlite3.Connection, docid: int, title: str, packed: bytes) -> None:
    """Take a row out of the index: a contentless table needs the very values it indexed."""
    conn.execute(
        f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, title, body) VALUES ('delete', ?, ?, ?)",
        (docid, title, unpack(packed)),
    )


_OLD_TEXT = f"""
    SELECT d.docid, t.title, t.body FROM {DOCS_TABLE} AS d JOIN {TEXT_TABLE} AS t USING (docid)
    WHERE d.path = ?
"""


def _new_docid(conn: sqlite3.Connection, key: bytes) -> int:
    """A row number for a file new to the index (a file whose text was lost keeps its own)."""
    conn.execute(f"INSERT OR IGNORE INTO {DOCS_TABLE} (path) VALUES (?)", (key,))
    row = conn.execute(f"SELECT docid FROM {DOCS_TABLE} WHERE path = ?", (key,)).fetchone()
    return int(row[0])


def write_texts(conn: sqlite3.Connection, rows: Iterable[TextRow]) -> None:
    """Index articles anew (inside the caller's transaction); one whose title and text are
    the same as before is left as it is, and a text None takes the article out."""
    for key, title, text, packed in rows:
        old = conn.execute(_OLD_TEXT, (key,)).fetchone()
        if old is not None and old[1] == title and old[2] == packed:
            continue
        if old is not None:
            _forget(conn, old[0], old[1], old[2])
        if text is None:
            conn.execute(f"DELETE FROM {DOCS_TABLE} WHERE path = ?", (key,))
            if old is not None:
                conn.execute(f"DELETE FROM {TEXT_TABLE} WHERE docid = ?", (old[0],))
            continue
        docid = old[0] if old is not None else _new_docid(conn, key)
        conn.execute(
            f"INSERT OR REPLACE INTO {TEXT_TABLE} (docid, title, body) VALUES (?, ?, ?)",
            (docid, title, packed),
        )
        conn.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (?, ?, ?)", (docid, title, text)
        )


def drop_texts(conn: sqlite3.Connection, keys: Iterable[bytes]) -> None:
    """Take articles whose files are gone out of the index (inside the caller's transaction)."""
    write_texts(conn, ((key, "", None, b"") for key in keys))


# -- reading -----------------------------------------------------------------------------------


def match_expression(words: Sequence[str], prefix: bool) -> str:
    """An FTS5 query that finds every word (the last as a prefix when `prefix`): each word is
    a quoted string, so nothing typed is ever read as FTS5 syntax."""
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    if prefix and quoted:
        quoted[-1] += "*"
    return " ".join(quoted)


# The matches are read from the FTS5 table newest row first (the articles added to the index
# last; CROSS JOIN keeps it the outer loop, the roots only sift them), at most `ranked` of them
# are scored by bm25 (the CTE is made once: it is read twice, for the best `limit` and for how
# many were scored), and only the best meet the library table.
_SEARCH = f"""
    WITH ranked AS (
        SELECT d.path AS path, d.docid AS docid,
               bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0) AS score
        FROM {FTS_TABLE} CROSS JOIN {DOCS_TABLE} AS d ON d.docid = {FTS_TABLE}.rowid
        WHERE {FTS_TABLE} MATCH ? AND {{where}}
        ORDER BY {FTS_TABLE}.rowid DESC LIMIT ?)
    SELECT l.path, l.title, l.source, l.words, hit.docid, hit.score,
           (SELECT count(*) FROM ranked)
    FROM (SELECT path, docid, score FROM ranked ORDER BY score, path LIMIT ?) AS hit
    JOIN library AS l ON l.path = hit.path
    ORDER BY hit.score, hit.path
"""


class FullTextAnswer(NamedTuple):
    """The best articles found, best first; `complete` is False when more articles held the
    words than were ranked (see `search`)."""

    hits: list[FullTextHit]
    complete: bool


def search(
    conn: sqlite3.Connection,
    roots: Roots,
    expression: str,
    limit: int,
    ranked: int | None = None,
) -> FullTextAnswer:
    """The best `limit` articles under roots that hold every word, best first; with `ranked`,
    they are the best of the `ranked` newest such articles (a common word is in thousands,
    and scoring each costs a microsecond or two)."""
    where, params = roots.clause()
    scored = -1 if ranked is None else ranked + 1
    sql = _SEARCH.format(where=where)
    rows = conn.execute(sql, (expression, *params, scored, limit)).fetchall()
    hits = [
        FullTextHit(os.fsdecode(path), str(title), str(source), int(words), int(docid), score)
        for path, title, source, words, docid, score, _count in rows
    ]
    complete = ranked is None or not rows or int(rows[0][-1]) <= ranked
    return FullTextAnswer(hits, complete)


def texts(conn: sqlite3.Connection, docids: Sequence[int]) -> dict[int, str]:
    """The texts indexed under these docids (for snippets)."""
    marks = ", ".join("?" * len(docids))
    rows = conn.execute(
        f"SELECT docid, body FROM {TEXT_TABLE} WHERE docid IN ({marks})", tuple(docids)
    ).fetchall()
    return {int(docid): unpack(body) for docid, body in rows}
