"""The Catalog: the library in sidebar order, read from the index a window at a time, at the size
people really keep (50,000 articles), with the title filter the sidebar's filter bar drives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from readtui.catalog import WINDOW, Catalog
from readtui.library import CatalogRow, IndexEntry
from readtui.store import Position, Roots, Store

SIZE = 50_000
ROOT = "/library"
SPECIAL = {
    10: "Stra\u00dfe in M\u00fcnchen",
    11: "\u00c9COLE ferm\u00e9e",
    12: "Caf\u00e9 owners protest",  # composed
    13: "100% proof",
    14: "snake_case tips",
    15: "Savings of 50% and more",
    16: "a%b literally",
    17: "the \ufb01nal \ufb01gure",  # ligatures
}
LAST = SIZE - 1


def path_of(i: int) -> str:
    return f"{ROOT}/{i // 1000:02d}/{i:05d}.txt"


def title_of(i: int) -> str:
    if i == LAST:
        return "The very last article, number fifty thousand"
    return SPECIAL.get(i, f"Story {i} about the weather")


def make_entry(i: int) -> IndexEntry:
    return IndexEntry(path_of(i), 1000 + i, i, title_of(i), "CBC", 700, f"fp{i:05d}", "")


class CountingStore(Store):
    """A real Store that counts the queries the Catalog makes, to check it reads by window."""

    queries = 0
    ranks = 0

    def index_window(
        self,
        roots: Roots,
        needle: str = "",
        *,
        offset: int = 0,
        limit: int = 100,
        after: str | None = None,
    ) -> list[CatalogRow]:
        self.queries += 1
        return super().index_window(roots, needle, offset=offset, limit=limit, after=after)

    def count_index(self, roots: Roots, needle: str = "") -> int:
        self.queries += 1
        return super().count_index(roots, needle)

    def index_rank(self, roots: Roots, path: str, needle: str = "") -> int | None:
        self.ranks += 1
        return super().index_rank(roots, path, needle)


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountingStore]:
    """50,000 entries written through the batch method (files on disk would take minutes)."""
    store = CountingStore(tmp_path_factory.mktemp("catalog") / "state.db")
    with store:
        for start in range(0, SIZE, 5000):
            store.save_index_entries(make_entry(i) for i in range(start, start + 5000))
        store.save_index_entries([IndexEntry("/elsewhere/x.txt", 1, 1, "Story", "", 1, "x", "")])
        store.save_position(f"fp{LAST:05d}", Position(3, 0, 60.0))
        store.add_bookmark(f"fp{LAST:05d}", 3, 0, "the end")
        yield store


@pytest.fixture(params=["index", "memory"])
def catalog(big_store: CountingStore, request: pytest.FixtureRequest) -> Catalog:
    """Each test runs twice: filtering in the index, and from the titles read into memory
    (as while the filter bar is open); the answers must be the same."""
    catalog = Catalog(big_store, [ROOT])
    if request.param == "memory":
        assert catalog.load_titles()
        assert catalog.titles_loaded
    return catalog


# --- 50,000 entries -------------------------------------------------------------------------


def test_the_50000th_article_is_found_by_rank_by_path_and_by_filter(catalog: Catalog) -> None:
    assert catalog.count() == catalog.total() == SIZE
    last = catalog.row(LAST)
    assert last is not None and last.entry.path == path_of(LAST)
    assert last.state is not None and last.state.position == Position(3, 0, 60.0)
    assert last.bookmarked
    assert catalog.row(SIZE) is None and catalog.row(-1) is None
    assert catalog.rank_of(path_of(LAST)) == LAST
    found = catalog.entry_of(path_of(LAST))
    assert found is not None and found.title == title_of(LAST)
    by_content = catalog.by_fingerprint(f"fp{LAST:05d}")
    assert by_content is not None and by_content.path == path_of(LAST)

    catalog.set_filter("FIFTY THOUSAND")
    assert catalog.count() == 1 and catalog.total() == SIZE
    only = catalog.row(0)
    assert only is not None and only.entry.path == path_of(LAST)
    assert catalog.rank_of(path_of(LAST)) == 0


def test_rows_come_in_path_order_across_windows_read_on_or_jumped_to(catalog: Catalog) -> None:
    ranks = [*range(3 * WINDOW + 5), *range(25_000 - WINDOW, 25_000 + 2 * WINDOW)]
    rows = [catalog.row(rank) for rank in ranks]
    assert [r.entry.path if r else None for r in rows] == [path_of(i) for i in ranks]
    assert [catalog.rank_of(path_of(i)) for i in (0, WINDOW, 25_000, 40_000)] == [
        0,
        WINDOW,
        25_000,
        40_000,
    ]


def test_drawing_a_screen_costs_at_most_one_query(big_store: CountingStore) -> None:
    catalog = Catalog(big_store, [ROOT])
    big_store.queries = 0
    catalog.count()
    assert big_store.queries == 2  # the first window, then the count (the window was full)
    for rank in range(30):
        catalog.row(rank)
    assert big_store.queries == 2
    for rank in range(WINDOW - 10, WINDOW + 20):
        catalog.row(rank)
    assert big_store.queries == 3
    for rank in range(40_000, 40_030):
        catalog.row(rank)
    assert big_store.queries == 4


def test_a_filtered_out_article_is_known_without_counting_the_rows_before_it(
    big_store: CountingStore,
) -> None:
    """Each keystroke in the filter asks where the highlighted article went: when the filter
    drops it, that is answered from its own row, not by a scan of every title before it."""
    catalog = Catalog(big_store, [ROOT])
    big_store.ranks = 0
    catalog.set_filter("weather")  # many matches: the first window does not hold them all
    catalog.count()
    assert catalog.rank_of(path_of(12)) is None  # "Caf\u00e9 owners protest"
    catalog.set_filter("fifty")  # one match, all in the first window
    catalog.count()
    assert catalog.rank_of(path_of(5)) is None
    assert big_store.ranks == 0
    assert catalog.rank_of(path_of(LAST)) == 0
    catalog.set_filter("weather")
    catalog.count()
    assert catalog.rank_of(path_of(40_000)) == 40_000 - len(SPECIAL)
    assert big_store.ranks == 1  # only a kept article far down needs counting


def test_rows_of_other_libraries_are_never_seen(catalog: Catalog) -> None:
    catalog.set_filter("story")
    assert catalog.count() == SIZE - 1 - len(SPECIAL)
    assert catalog.rank_of("/elsewhere/x.txt") is None
    assert catalog.entry_of("/elsewhere/x.txt") is None
    assert catalog.by_fingerprint("x") is None


# --- the filter -----------------------------------------------------------------------------


def titles(catalog: Catalog) -> list[str]:
    rows = [catalog.row(rank) for rank in range(catalog.count())]
    return [row.entry.title for row in rows if row is not None]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("STRASSE", [SPECIAL[10]]),
        ("m\u00dcnchen", [SPECIAL[10]]),
        ("\u00e9cole", [SPECIAL[11]]),
        ("cafe\u0301", [SPECIAL[12]]),  # decomposed finds composed
        ("final fig", [SPECIAL[17]]),  # ligatures fold to letters
        ("%", [SPECIAL[13], SPECIAL[15], SPECIAL[16]]),
        ("0%", [SPECIAL[13], SPECIAL[15]]),
        ("_", [SPECIAL[14]]),
        ("a%b", [SPECIAL[16]]),
        ("a_e", []),  # LIKE would take "_" for any letter and find "snake"
        ("  proof  ", [SPECIAL[13]]),
        ("no such title anywhere", []),
    ],
)
def test_the_filter_is_a_literal_case_insensitive_substring(
    catalog: Catalog, typed: str, expected: list[str]
) -> None:
    catalog.set_filter(typed)
    assert catalog.filter == typed
    assert titles(catalog) == expected
    assert catalog.total() == SIZE


def test_a_filtered_out_article_has_no_rank_and_clearing_the_filter_brings_it_back(
    catalog: Catalog,
) -> None:
    catalog.set_filter("weather")
    assert catalog.rank_of(path_of(10)) is None
    assert catalog.rank_of(path_of(20)) == 20 - len([i for i in SPECIAL if i < 20])
    catalog.set_filter("   ")
    assert catalog.count() == SIZE
    assert catalog.rank_of(path_of(10)) == 10
    catalog.set_filter("")
    assert catalog.filter == "" and catalog.count() == SIZE


# --- a library that changes while it is shown -------------------------------------------------


@pytest.fixture
def small_store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "state.db") as store:
        yield store


def test_answers_hold_until_invalidated(small_store: Store) -> None:
    small_store.save_index_entries(make_entry(i) for i in range(5))
    catalog = Catalog(small_store, [ROOT])
    assert catalog.count() == 5
    small_store.save_index_entries(make_entry(i) for i in range(5, 8))
    small_store.save_position("fp00001", Position(1, 0, 50.0))
    assert catalog.count() == 5
    first = catalog.row(1)
    assert first is not None and first.state is None
    catalog.invalidate()
    assert catalog.count() == 8
    again = catalog.row(1)
    assert again is not None and again.state is not None and again.state.position is not None
    assert catalog.row(7) is not None


def test_an_empty_or_missing_store_is_an_empty_catalog(tmp_path: Path) -> None:
    with Store(tmp_path / "never-written" / "state.db") as store:
        catalog = Catalog(store, [ROOT])
        assert catalog.count() == 0 and catalog.total() == 0
        assert catalog.row(0) is None
        assert catalog.rank_of(path_of(1)) is None
        assert catalog.entry_of(path_of(1)) is None
    assert not (tmp_path / "never-written").exists()


def test_reading_while_another_thread_indexes(small_store: Store) -> None:
    """The UI thread reads while the indexing thread writes through the same store."""
    errors: list[BaseException] = []
    done = threading.Event()

    def write() -> None:
        try:
            for start in range(0, 4000, 200):
                small_store.save_index_entries(make_entry(i) for i in range(start, start + 200))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()

    catalog = Catalog(small_store, [ROOT])
    writer = threading.Thread(target=write)
    writer.start()
    seen = 0
    while not done.is_set() or seen < 4000:
        catalog.invalidate()
        seen = catalog.count()
        rows = [catalog.row(rank) for rank in range(0, seen, 97)]
        assert all(row is not None for row in rows)
        if done.is_set() and seen < 4000:
            break
    writer.join(timeout=60)
    assert not errors
    catalog.invalidate()
    assert catalog.count() == 4000


def test_an_index_entry_is_a_small_record_with_its_helpers() -> None:
    entry = IndexEntry("/lib/x/caf\u00e9.txt", 10, 1, "T", "", 1000, "f", "")
    assert entry.name == "caf\u00e9.txt"
    assert entry.minutes == 4
    assert entry._replace(words=0).minutes == 1
    assert unicodedata.is_normalized("NFC", entry.name)


def test_the_catalog_loads_no_parser_and_no_ui() -> None:
    """The first paint reads the index only: importing the library costs no parser import."""
    src = Path(__file__).resolve().parents[2] / "src"
    probe = "import json, sys, readtui.library; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(src)},
        timeout=60,
        check=True,
    )
    loaded = set(json.loads(result.stdout))
    assert not {name for name in loaded if name.startswith(("readtui.article", "textual", "rich"))}
