"""The Catalog's orders (path, title, date, progress, recently read) and views (all, unread, in
progress, bookmarked) at 50,000 articles: every order total, the same whether windows are read
on, jumped to or filtered from memory, ranks agreeing with rows, views following reading."""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from readtui.catalog import READ_AT_PERCENT, WINDOW, Catalog, Order, View, in_progress, minutes_left
from readtui.store import ArticleState, IndexEntry, Position, Roots, Store, fold

SIZE = 50_000
ROOT = "/library"
TITLES = [f"{a} {b}" for a in ("Storm", "Vote", "Ferry", "Caf\u00e9", "budget") for b in "xyzw"]
"""Twenty titles for 50,000 articles: ties everywhere, so the path must break them."""
PERCENTS = (5.0, 30.0, 60.0, 98.9, 99.5, 100.0)


def path_of(i: int) -> str:
    return f"{ROOT}/{(i * 7) % 50:02d}/{i:05d}.txt"


@dataclass(frozen=True)
class Known:
    """One article as the test wrote it: what every order and view is computed from."""

    path: bytes
    title_key: str
    dated: int
    fingerprint: str
    percent: float | None = None
    read: bool = False
    opened_at: float | None = None
    bookmarked: bool = False

    @property
    def started(self) -> bool:
        return not self.read and 0 < (self.percent or 0) < READ_AT_PERCENT


def make_entry(i: int) -> IndexEntry:
    error = "Not a regular file" if i % 5000 == 4999 else ""
    fingerprint = "" if error else f"fp{i - 1 if i % 1000 == 999 else i:05d}"  # one shared
    title = TITLES[(i * 31) % len(TITLES)]
    dated = 1_600_000_000 + ((i * 7919) % 500) * 86_400
    return IndexEntry(path_of(i), 100, i, title, "CBC", 700, fingerprint, error, dated)


def write_state(db: Path, entries: list[IndexEntry]) -> dict[str, tuple[object, ...]]:
    """Reading state for one article in ten (ties in opened_at and percent on purpose), some
    read marks without a position, a bookmark for one in forty: written straight into the
    store file, since 5,000 positions through the Store's one-transaction-per-call API would
    take a while."""
    states: dict[str, tuple[object, ...]] = {}
    marks: list[str] = []
    for i, entry in enumerate(entries):
        fp = entry.fingerprint
        if not fp or fp in states:
            continue
        if i % 10 == 3:
            percent = PERCENTS[(i // 10) % len(PERCENTS)]
            states[fp] = (fp, 1, 0, percent, int((i // 10) % 4 == 0), 1000.0 + i % 97)
        elif i % 50 == 7:
            states[fp] = (fp, None, None, None, 1, None)  # marked read, never opened
        if i % 40 == 1:
            marks.append(fp)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.executemany(
            "INSERT INTO articles (fingerprint, block, char_offset, percent, read, opened_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, 0)",
            states.values(),
        )
        conn.executemany(
            "INSERT INTO bookmarks (fingerprint, block, char_offset, created_at)"
            " VALUES (?, 0, 0, 0)",
            [(fp,) for fp in marks],
        )
    return {fp: (*row, fp in marks) for fp, row in states.items()} | {
        fp: (fp, None, None, None, 0, None, True) for fp in marks if fp not in states
    }


def known(entries: list[IndexEntry], states: dict[str, tuple[object, ...]]) -> list[Known]:
    out = []
    for entry in entries:
        row = states.get(entry.fingerprint) if entry.fingerprint else None
        base = Known(os.fsencode(entry.path), fold(entry.title), entry.dated, entry.fingerprint)
        if row is not None:
            _, _, _, percent, read, opened_at, marked = row
            base = Known(
                *(base.path, base.title_key, base.dated, base.fingerprint),
                percent,  # type: ignore[arg-type]
                bool(read),
                opened_at,  # type: ignore[arg-type]
                bool(marked),
            )
        out.append(base)
    return out


def expected(rows: list[Known], order: Order, view: View) -> list[bytes]:
    """The order and view computed in Python, as the issue states them."""
    keep = {
        View.ALL: lambda k: True,
        View.UNREAD: lambda k: not k.read,
        View.IN_PROGRESS: lambda k: k.started,
        View.BOOKMARKED: lambda k: k.bookmarked,
    }[view]
    listed = [k for k in rows if keep(k)]
    if order is Order.PATH:
        key = lambda k: (k.path,)  # noqa: E731
    elif order is Order.TITLE:
        key = lambda k: (k.title_key, k.path)  # noqa: E731
    elif order is Order.DATE:
        key = lambda k: (-k.dated, k.path)  # noqa: E731
    elif order is Order.PROGRESS:  # in progress (furthest first), then unread, then read
        key = lambda k: (  # noqa: E731
            (0, -(k.percent or 0)) if k.started else ((2, 0) if k.read else (1, 0)),
            k.path,
        )
    else:  # recently read: newest opening first, never opened last
        key = lambda k: ((0, -k.opened_at) if k.opened_at is not None else (1, 0), k.path)  # noqa: E731
    return [k.path for k in sorted(listed, key=key)]


class Library:
    def __init__(self, store: Store, rows: list[Known]) -> None:
        self.store = store
        self.rows = rows
        self._expected: dict[tuple[Order, View], list[bytes]] = {}

    def expected(self, order: Order, view: View) -> list[bytes]:
        if (order, view) not in self._expected:
            self._expected[order, view] = expected(self.rows, order, view)
        return self._expected[order, view]

    def catalog(self, order: Order, view: View) -> Catalog:
        catalog = Catalog(self.store, [ROOT])
        catalog.set_order(order)
        catalog.set_view(view)
        return catalog


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    db = tmp_path_factory.mktemp("orders") / "state.db"
    entries = [make_entry(i) for i in range(SIZE)]
    with Store(db) as store:
        for start in range(0, SIZE, 5000):
            store.save_index_entries(entries[start : start + 5000])
        store.save_index_entries(
            [IndexEntry("/elsewhere/x.txt", 1, 1, "Storm x", "", 1, "fp00003", "")]
        )
        store.close()
        states = write_state(db, entries)
        yield Library(store, known(entries, states))


def paths(catalog: Catalog, ranks: range | list[int]) -> list[bytes | None]:
    rows = [catalog.row(rank) for rank in ranks]
    return [None if row is None else os.fsencode(row.entry.path) for row in rows]


EVERY = [(order, view) for order in Order for view in View]
NAMES = [f"{order.value}-{view.value}" for order, view in EVERY]


@pytest.mark.parametrize(("order", "view"), EVERY, ids=NAMES)
def test_every_order_is_total_and_read_on_window_by_window(
    library: Library, order: Order, view: View
) -> None:
    """Scrolling from the top to the end reads each window on from the one before."""
    want = library.expected(order, view)
    catalog = library.catalog(order, view)
    assert catalog.count() == len(want)
    assert catalog.total() == SIZE
    shown = paths(catalog, range(len(want)))
    assert len(set(shown)) == len(shown)  # total: no row twice, none left out
    assert shown == want
    assert catalog.row(len(want)) is None


@pytest.mark.parametrize(("order", "view"), EVERY, ids=NAMES)
def test_windows_jumped_to_and_ranks_agree_with_the_rows(
    library: Library, order: Order, view: View
) -> None:
    """A jump (the end key, a drag of the scrollbar) finds the same rows as reading on, and
    the rank of every row shown is where it is shown."""
    want = library.expected(order, view)
    picks = random.Random(len(want)).sample(range(len(want)), min(12, len(want)))
    for rank in [*picks, len(want) - 1, len(want) - WINDOW, WINDOW, 0]:
        if 0 <= rank < len(want):
            catalog = library.catalog(order, view)  # nothing cached: a jump
            assert paths(catalog, [rank, rank + 1]) == [*want[rank : rank + 2], None][:2]
            fresh = library.catalog(order, view)
            assert fresh.rank_of(os.fsdecode(want[rank])) == rank
    unlisted = {k.path for k in library.rows} - set(want)
    for path in sorted(unlisted)[:5]:
        assert library.catalog(order, view).rank_of(os.fsdecode(path)) is None
    assert library.catalog(order, view).rank_of("/elsewhere/x.txt") is None


@pytest.mark.parametrize("order", list(Order))
def test_the_filter_keeps_the_order_from_the_index_and_from_memory(
    library: Library, order: Order
) -> None:
    """Typed into the filter bar: titles in memory when the order depends on the files
    alone, the index otherwise; either way the rows are the order's, filtered."""
    by_title = {k.path: k.title_key for k in library.rows}
    want = [p for p in library.expected(order, View.ALL) if "caf\u00e9" in by_title[p]]
    from_index = library.catalog(order, View.ALL)
    in_memory = library.catalog(order, View.ALL)
    assert in_memory.load_titles() is (order not in (Order.PROGRESS, Order.RECENT))
    for catalog in (from_index, in_memory):
        catalog.set_filter("CAF\u00c9")
        assert catalog.count() == len(want)
        assert paths(catalog, range(len(want))) == want
        for rank in (0, len(want) // 2, len(want) - 1):
            assert catalog.rank_of(os.fsdecode(want[rank])) == rank
        assert catalog.rank_of(os.fsdecode(library.expected(order, View.ALL)[0])) is None or (
            "caf\u00e9" in by_title[library.expected(order, View.ALL)[0]]
        )


def test_titles_in_date_order_are_found_by_path(library: Library) -> None:
    catalog = library.catalog(Order.DATE, View.ALL)
    assert catalog.load_titles() and catalog.titles_loaded
    want = library.expected(Order.DATE, View.ALL)
    for rank in (0, 1, 777, SIZE // 2, SIZE - 1):
        assert catalog.rank_of(os.fsdecode(want[rank])) == rank
    catalog.set_order(Order.TITLE)
    assert not catalog.titles_loaded  # read in another order: the index answers meanwhile
    assert paths(catalog, [0]) == library.expected(Order.TITLE, View.ALL)[:1]


# --- views follow reading -------------------------------------------------------------------


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "state.db") as store:
        store.save_index_entries(
            IndexEntry(f"{ROOT}/{i}.txt", 1, 1, f"Title {i}", "", 2300, f"f{i}", "", i)
            for i in range(6)
        )
        yield store


def shown(catalog: Catalog) -> list[str]:
    catalog.invalidate()
    rows = [catalog.row(rank) for rank in range(catalog.count())]
    return [os.path.basename(row.entry.path) for row in rows if row is not None]


def test_views_and_orders_follow_what_the_reader_does(small: Store) -> None:
    unread, started, marked = (Catalog(small, [ROOT]) for _ in range(3))
    unread.set_view(View.UNREAD)
    started.set_view(View.IN_PROGRESS)
    marked.set_view(View.BOOKMARKED)
    progress = Catalog(small, [ROOT])
    progress.set_order(Order.PROGRESS)
    recent = Catalog(small, [ROOT])
    recent.set_order(Order.RECENT)
    assert shown(unread) == [f"{i}.txt" for i in range(6)] and shown(started) == []

    small.set_last_opened("f4")
    small.save_position("f4", Position(0, 0, 40.0))
    small.set_last_opened("f2")
    small.save_position("f2", Position(0, 0, 70.0))
    assert shown(started) == ["2.txt", "4.txt"] and shown(unread) == shown(Catalog(small, [ROOT]))
    assert shown(progress) == ["2.txt", "4.txt", "0.txt", "1.txt", "3.txt", "5.txt"]
    assert shown(recent) == ["2.txt", "4.txt", "0.txt", "1.txt", "3.txt", "5.txt"]

    small.mark_read("f2")
    small.add_bookmark("f5", 0, 0, "a spot")
    assert shown(unread) == ["0.txt", "1.txt", "3.txt", "4.txt", "5.txt"]
    assert shown(started) == ["4.txt"] and shown(marked) == ["5.txt"]
    assert shown(progress) == ["4.txt", "0.txt", "1.txt", "3.txt", "5.txt", "2.txt"]

    small.mark_unread("f2")
    assert shown(unread) == [f"{i}.txt" for i in range(6)]
    assert shown(started) == ["2.txt", "4.txt"]  # its place was kept
    small.save_position("f4", Position(0, 0, 100.0))
    small.mark_read("f4")
    small.mark_unread("f4")  # read to its end, marked unread: unread again, not in progress
    assert shown(started) == ["2.txt"]
    assert shown(progress) == ["2.txt", "0.txt", "1.txt", "3.txt", "4.txt", "5.txt"]


def test_an_empty_view_is_empty_not_an_error(small: Store) -> None:
    catalog = Catalog(small, [ROOT])
    for view in (View.IN_PROGRESS, View.BOOKMARKED):
        catalog.set_view(view)
        assert catalog.count() == 0 and catalog.row(0) is None
        assert catalog.rank_of(f"{ROOT}/1.txt") is None
    catalog.set_order(Order.DATE)
    catalog.set_view(View.ALL)
    assert shown(catalog) == [f"{i}.txt" for i in reversed(range(6))]  # newest first


def test_minutes_left_count_down_as_the_reader_reads() -> None:
    def state(percent: float, read: bool = False) -> ArticleState:
        return ArticleState("f", Position(0, 0, percent), read, 1.0, "", "")

    assert minutes_left(12, None) == 12
    assert minutes_left(12, state(50.0)) == 6
    assert minutes_left(12, state(98.0)) == 1  # never "0 min left"
    assert minutes_left(12, state(100.0)) == 12  # not in progress: read, or marked unread
    assert [in_progress(state(p)) for p in (0.0, 0.5, 98.9, 99.0)] == [False, True, True, False]
    assert not in_progress(state(50.0, read=True))


# --- the date column ------------------------------------------------------------------------


def test_a_version_3_store_gains_the_date_column_and_its_rows_are_indexed_again(
    tmp_path: Path,
) -> None:
    """The library table is a cache of the files: rows an older readtui wrote keep working
    (date 0, oldest) and the next scan reads them again, since their indexer is older."""
    db = tmp_path / "state.db"
    with Store(db) as store:
        store.mark_read("f")
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.executescript(
            """
            DROP TABLE library;
            CREATE TABLE library (path BLOB NOT NULL PRIMARY KEY, size INTEGER NOT NULL,
                mtime_ns INTEGER NOT NULL, title TEXT NOT NULL, title_key TEXT NOT NULL,
                source TEXT NOT NULL DEFAULT '', words INTEGER NOT NULL DEFAULT 0,
                fingerprint TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '',
                indexer INTEGER NOT NULL DEFAULT 0, indexed_at REAL NOT NULL) WITHOUT ROWID;
            INSERT INTO library VALUES (X'2F6C69622F612E747874', 1, 1, 'B', 'b', '', 1, 'f', '',
                1, 0);
            PRAGMA user_version = 3;
            """
        )
    with Store(db) as store:
        roots = Roots.of(["/lib"])
        [(row, _)] = store.listed_window(roots, Order.DATE, View.ALL)
        assert row.entry.title == "B" and row.entry.dated == 0
        assert store.index_stamps(roots, indexer=2) == {"/lib/a.txt": (1, 1, True)}
        store.save_index_entries([row.entry._replace(title="Dated", dated=5)], indexer=2)
        [(row, _)] = store.listed_window(roots, Order.DATE, View.ALL)
        assert (row.entry.title, row.entry.dated) == ("Dated", 5)
