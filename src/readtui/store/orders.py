"""The sidebar's orders (title, date, progress, recently read) and views (unread, in progress,
bookmarked) as SQL over the library index and the reading state: which rows, in which order, and
how a window of them is read with keyset pagination.

An order is a few parts listed one after the other (recently read: the opened articles newest
first, then the others in path order), each sorted on (key, path) so every order is total. A
part is read one of two ways, so a window costs what its rows cost:

- from the library, walking an index in key order (path, title, date) and sifting out rows
  whose reading state excludes them ("not read"): most of the library passes;
- from the reading state (articles or bookmarks), for parts only a few articles are in (in
  progress, opened, bookmarked): those few are joined to the library and sorted.

Counts and ranks of "all but a few" are the library's count minus the few's.
"""

from __future__ import annotations

import enum
import sqlite3
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from readtui.store.roots import Roots

READ_AT_PERCENT = 99.0
"""An article is read once this much of it has been seen (the reader marks it then)."""

Cursor = tuple[int, Any, bytes]
"""Where a row is in an order: its part, its sort key in that part (None in path order) and
its path; a window reads on from the cursor of the row before it."""


class Order(enum.Enum):
    """How the sidebar sorts the library."""

    PATH = "path"
    TITLE = "title"
    DATE = "date"
    PROGRESS = "progress"
    RECENT = "recent"


class View(enum.Enum):
    """Which articles the sidebar lists."""

    ALL = "all"
    UNREAD = "unread"
    IN_PROGRESS = "in progress"
    BOOKMARKED = "bookmarked"


# What the reader did with an article, over `a` (its articles row, NULL when there is none)
# and `l` (its library row); each is false, never NULL, for an article never opened.
READ = "ifnull(a.read, 0) <> 0"
STARTED = (
    "ifnull(a.read, 0) = 0 AND ifnull(a.percent, 0) > 0"
    f" AND ifnull(a.percent, 0) < {READ_AT_PERCENT!r}"
)
OPENED = "a.opened_at IS NOT NULL"
BOOKMARKED = (
    "l.fingerprint <> '' AND EXISTS (SELECT 1 FROM bookmarks AS b"
    " WHERE b.fingerprint = l.fingerprint)"
)


@dataclass(frozen=True)
class Key:
    """A sort key: a column (None: the path alone), ascending or descending; ties go by path."""

    column: str | None
    descending: bool = False


BY_PATH = Key(None)
BY_TITLE = Key("l.title_key")
BY_DATE = Key("l.dated", descending=True)
BY_OPENED = Key("a.opened_at", descending=True)
BY_PERCENT = Key("a.percent", descending=True)


@dataclass(frozen=True)
class Part:
    """Rows of the library meeting every `include` and no `exclude` predicate, in key order.
    With no `include`, the part is read from the library; otherwise from the reading state."""

    key: Key
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


ORDERS: dict[Order, tuple[Part, ...]] = {
    Order.PATH: (Part(BY_PATH),),
    Order.TITLE: (Part(BY_TITLE),),
    Order.DATE: (Part(BY_DATE),),
    # In progress first (the furthest along first), then the unread, then the read.
    Order.PROGRESS: (
        Part(BY_PERCENT, (STARTED,)),
        Part(BY_PATH, exclude=(STARTED, READ)),
        Part(BY_PATH, (READ,)),
    ),
    Order.RECENT: (Part(BY_OPENED, (OPENED,)), Part(BY_PATH, exclude=(OPENED,))),
}
VIEWS: dict[View, tuple[tuple[str, ...], tuple[str, ...]]] = {
    View.ALL: ((), ()),
    View.UNREAD: ((), (READ,)),
    View.IN_PROGRESS: ((STARTED,), ()),
    View.BOOKMARKED: ((BOOKMARKED,), ()),
}
STATE_ORDERS = frozenset({Order.PROGRESS, Order.RECENT})
"""Orders that change as the reader reads (the title and date orders depend on the files)."""

_COLUMNS = f"""
    l.path, l.size, l.mtime_ns, l.title, l.source, l.words, l.fingerprint, l.error, l.dated,
    a.fingerprint, a.block, a.char_offset, a.percent, a.read, a.opened_at, a.path, a.title,
    {BOOKMARKED}, {{key}}
"""
_FROM_LIBRARY = (
    "library AS l LEFT JOIN articles AS a ON a.fingerprint = l.fingerprint AND l.fingerprint <> ''"
)
_FROM_ARTICLES = (
    "articles AS a CROSS JOIN library AS l ON l.fingerprint = a.fingerprint AND a.fingerprint <> ''"
)
_FROM_LIBRARY_ROW = (
    "library AS l ON l.path = w.chosen"
    " LEFT JOIN articles AS a ON a.fingerprint = l.fingerprint AND l.fingerprint <> ''"
)
_FROM_BOOKMARKS = (
    "(SELECT DISTINCT fingerprint FROM bookmarks WHERE fingerprint <> '') AS bm"
    " CROSS JOIN library AS l ON l.fingerprint = bm.fingerprint"
    " LEFT JOIN articles AS a ON a.fingerprint = l.fingerprint"
)


def parts_of(order: Order, view: View) -> tuple[Part, ...]:
    """The parts of an order, each narrowed to the view."""
    include, exclude = VIEWS[view]
    return tuple(
        Part(part.key, part.include + include, part.exclude + exclude) for part in ORDERS[order]
    )


def source_of(part: Part) -> str:
    if BOOKMARKED in part.include:
        return _FROM_BOOKMARKS
    return _FROM_ARTICLES if part.include else _FROM_LIBRARY


@dataclass(frozen=True)
class Bound:
    """Rows after (or before) a cursor within its part; None on either side: no bound."""

    key: Any = None
    path: bytes | None = None
    before: bool = False


def where_of(
    part: Part, roots: Roots, needle: str, bound: Bound = Bound(), *, counting: bool = False
) -> tuple[str, tuple[object, ...]]:
    """The WHERE clause of a part: roots, title filter, state predicates, cursor bound."""
    column = part.key.column
    # From the library in path order (or counting all of it), the roots bound a range of the
    # primary key. Any other order walks another index, or the reading state: the roots only
    # sift its rows, or SQLite might take the range and sort it.
    keyed = column is not None and (bound.path is not None or not counting)
    walk = "+l.path" if part.include or keyed else "l.path"
    on_path = column is None and bound.path is not None
    after = bound.path if on_path and not bound.before else None
    before = bound.path if on_path and bound.before else None
    sql, roots_params = roots.clause(after, before, column=walk)
    terms, params = [sql], list[object](roots_params)
    if needle:
        terms.append("instr(l.title_key, ?) > 0")
        params.append(needle)
    terms += [f"({term})" for term in part.include]
    terms += [f"NOT ({term})" for term in part.exclude]
    if column is not None and bound.path is not None:
        # after (k, p) ascending: key >= k AND (key > k OR path > p); the first term is a
        # range SQLite reads off the key's index. Descending, or before, flips the signs.
        sign = ">" if part.key.descending == bound.before else "<"
        side = "<" if bound.before else ">"
        terms.append(f"{column} {sign}= ? AND ({column} {sign} ? OR l.path {side} ?)")
        params += [bound.key, bound.key, bound.path]
    return " AND ".join(terms), tuple(params)


def order_by(key: Key) -> str:
    if key.column is None:
        return "l.path"
    return f"{key.column} {'DESC' if key.descending else 'ASC'}, l.path"


def window_sql(part: Part, where: str) -> str:
    """A window of a part. The rows are chosen first on the narrow columns the order needs and
    only then read whole, with their state joined: so rows OFFSET skips, or a part read from
    the state sorts, cost no more than that."""
    columns = _COLUMNS.format(key=part.key.column or "NULL")
    order = order_by(part.key)
    if part.exclude and not part.include:  # walks an index in order: stops after the window
        return (
            f"SELECT {columns} FROM {_FROM_LIBRARY} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        )
    source = source_of(part) if part.include else "library AS l"
    return (
        f"SELECT {columns} FROM (SELECT l.path AS chosen FROM {source} WHERE {where}"
        f" ORDER BY {order} LIMIT ? OFFSET ?) AS w CROSS JOIN {_FROM_LIBRARY_ROW}"
        f" ORDER BY {order}"
    )


def nth_row(
    conn: sqlite3.Connection,
    part: Part,
    roots: Roots,
    needle: str,
    index: int,
    bound: Bound = Bound(),
) -> tuple[Any, bytes] | None:
    """The (key, path) of the row at index (after a bound) in a part read from the library with
    nothing sifted out: an OFFSET over the key's index alone, never the rows themselves."""
    where, params = where_of(part, roots, needle, bound)
    sql = (
        f"SELECT {part.key.column or 'NULL'}, l.path FROM library AS l WHERE {where}"
        f" ORDER BY {order_by(part.key)} LIMIT 1 OFFSET ?"
    )
    row = conn.execute(sql, (*params, index)).fetchone()
    return None if row is None else (row[0], bytes(row[1]))


def seek(
    conn: sqlite3.Connection, part: Part, roots: Roots, needle: str, index: int
) -> tuple[Any, bytes] | None:
    """The (key, path) of the row at index in a part read from the library. With rows sifted
    out (the few, read into memory), it is the row at index + (the few up to it) of the whole
    library: guessed from below, and moved on by the few the guess passed until none is left,
    each step an OFFSET over the gap only."""
    every = Part(part.key)
    if not part.exclude:
        return nth_row(conn, every, roots, needle, index)
    where, params = where_of(few_of(part), roots, needle)
    sql = f"SELECT {part.key.column or 'NULL'}, l.path FROM {source_of(few_of(part))} WHERE {where}"
    sign = -1 if part.key.descending else 1
    few = sorted((sign * k if sign < 0 else k, bytes(p)) for k, p in conn.execute(sql, params))
    rank, at, bound = index, -1, Bound()
    while True:
        found = nth_row(conn, every, roots, needle, rank - at - 1, bound)
        if found is None:
            return None
        spot = (sign * found[0] if sign < 0 else found[0], found[1])
        passed = bisect_right(few, spot)
        if (passed == 0 or few[passed - 1] != spot) and rank - passed == index:
            return found
        at, bound, rank = rank, Bound(*found), index + passed


def few_of(part: Part) -> Part:
    """The rows a part read from the library sifts out, as a part read from the state."""
    return Part(part.key, ("(" + ") OR (".join(part.exclude) + ")",))


def count_part(
    conn: sqlite3.Connection, part: Part, roots: Roots, needle: str, bound: Bound = Bound()
) -> int:
    """Rows of a part (before a bound); all-but-a-few is counted as all minus the few."""
    if part.exclude and not part.include:
        every = count_part(conn, Part(part.key), roots, needle, bound)
        return every - count_part(conn, few_of(part), roots, needle, bound)
    where, params = where_of(part, roots, needle, bound, counting=True)
    source = source_of(part) if part.include else "library AS l"
    return int(conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0])
