"""The library list's orders and views at 50,000 articles: what one sidebar window costs.

Run: `python benchmarks/library_list.py [--size N] [--repeat N]` (figures only; nothing asserts).

A state store is filled with SIZE index entries (titles with many ties, 500 distinct dates) and
the reading state of a heavy reader: one article in ten opened (5,000: positions from 5% to
100%, a quarter of them read, 3,000 in progress), one in forty bookmarked (1,250). For every
order and view it times, as the Catalog asks for them (medians of REPEAT runs, store warm):

- read on: the window at rank SIZE - 100 read from the cursor of the row before it, which is
  how scrolling reaches it (each window reads on from the one above);
- jump: the same window with nothing cached (the end key, a drag of the scrollbar);
- count: the number of rows in the view; rank: where one of the window's rows is.

Baseline, in the same run: the default (path order, every article) read on, which is the query
the sidebar made before orders existed.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from readtui.store import IndexEntry, Roots, Store
from readtui.store.orders import Order, View

ROOT = "/library"
WINDOW = 128


def fill(db: Path, size: int) -> None:
    titles = [f"{a} {b}" for a in ("Storm", "Vote", "Ferry", "Budget") for b in "abcdefghij"]
    with Store(db) as store:
        for start in range(0, size, 5000):
            store.save_index_entries(
                IndexEntry(
                    f"{ROOT}/{i % 100:02d}/{i:06d}.txt",
                    *(1000, i, titles[(i * 31) % len(titles)], "CBC", 1500, f"fp{i:06d}", ""),
                    1_600_000_000 + ((i * 7919) % 500) * 86_400,
                )
                for i in range(start, min(size, start + 5000))
            )
    percents = (5.0, 30.0, 60.0, 98.0, 100.0)
    states = [
        (f"fp{i:06d}", percents[i // 10 % 5], int(i // 10 % 4 == 0), 1000.0 + i)
        for i in range(3, size, 10)
    ]
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.executemany(
            "INSERT INTO articles (fingerprint, block, char_offset, percent, read, opened_at,"
            " updated_at) VALUES (?, 1, 0, ?, ?, ?, 0)",
            states,
        )
        conn.executemany(
            "INSERT INTO bookmarks (fingerprint, block, char_offset, created_at)"
            " VALUES (?, 0, 0, 0)",
            [(f"fp{i:06d}",) for i in range(1, size, 40)],
        )


def median_ms(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(store: Store, order: Order, view: View, repeat: int) -> tuple[int, list[float]]:
    roots = Roots.of([ROOT])
    count = store.listed_count(roots, order, view)
    rank = max(0, count - 100)
    before = store.listed_window(roots, order, view, offset=max(rank - 1, 0), limit=1)
    cursor = before[0][1] if rank and before else None

    def read_on() -> object:
        return store.listed_window(roots, order, view, after=cursor, limit=WINDOW)

    def jump() -> object:
        return store.listed_window(roots, order, view, offset=rank, limit=WINDOW)

    rows = read_on()
    path = rows[0][0].entry.path if rows else ROOT  # type: ignore[index]
    figures = [
        median_ms(read_on, repeat),
        median_ms(jump, repeat),
        median_ms(lambda: store.listed_count(roots, order, view), repeat),
        median_ms(lambda: store.listed_rank(roots, order, view, path), repeat),
    ]
    return count, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "state.db"
        fill(db, args.size)
        with Store(db) as store:
            _, (baseline, *_) = measure(store, Order.PATH, View.ALL, args.repeat)
            print(f"{args.size:,} articles; window of {WINDOW} rows at rank count - 100")
            print(f"baseline: path order, every article, read on: {baseline:.2f} ms\n")
            print(
                f"{'view':12} {'order':9} {'rows':>7} {'read on':>9} {'jump':>9} "
                f"{'count':>9} {'rank':>9}  read on / baseline"
            )
            for view in View:
                for order in Order:
                    count, figures = measure(store, order, view, args.repeat)
                    cells = " ".join(f"{ms:6.2f} ms" for ms in figures)
                    ratio = figures[0] / baseline if baseline else 0.0
                    print(f"{view.value:12} {order.value:9} {count:7,} {cells}  {ratio:5.1f}x")


if __name__ == "__main__":
    main()
