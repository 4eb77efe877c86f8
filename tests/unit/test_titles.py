"""Titles: the filter's copy of the library's folded titles, answering each keystroke from memory
exactly as the index would, and knowing when the index has moved on."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from readtui.catalog import Catalog
from readtui.library import IndexEntry
from readtui.store import Store, fold
from readtui.titles import MATCHES_KEPT, Titles, rank_in

PATHS = [b"/lib/a.txt", b"/lib/b\xff.txt", b"/lib/c/d.txt", b"/lib/c/e.txt", b"/lib/\xc3\xa9.txt"]
KEYS = ["storm on the coast", "stormy budget", "the vote", "ferry strike", "caf\u00e9 vote"]


def naive(keys: list[str], needle: str) -> list[int]:
    return [i for i, key in enumerate(keys) if needle in key]


def test_paths_are_packed_and_found_again_by_bisection() -> None:
    titles = Titles(sorted(PATHS), KEYS, generation=3)
    assert [titles.path(i) for i in range(len(titles))] == sorted(PATHS)
    assert [titles.index_of(path) for path in sorted(PATHS)] == list(range(len(PATHS)))
    assert titles.index_of(b"/lib/b.txt") is None  # between two paths
    assert titles.index_of(b"/zzz") is None and titles.index_of(b"") is None
    assert titles.generation == 3


def test_matches_narrow_widen_and_come_back_from_the_kept_lists() -> None:
    titles = Titles(PATHS, KEYS, generation=0)
    for needle in ["s", "st", "sto", "storm", "stormy", "storm", "st", "vote", "e vote", "x"]:
        assert list(titles.matching(needle)) == naive(KEYS, needle), needle
    assert titles.matching("storm") is titles.matching("storm")  # kept, not scanned again


def test_only_the_most_recent_needles_are_kept() -> None:
    titles = Titles(PATHS, KEYS, generation=0)
    first = titles.matching("a")
    for n in range(MATCHES_KEPT):
        titles.matching(f"zz{n}")
    assert titles.matching("a") is not first
    assert list(titles.matching("a")) == naive(KEYS, "a")


def test_rank_in_a_match_list() -> None:
    matches = Titles(PATHS, KEYS, generation=0).matching("vote")
    assert [rank_in(matches, i) for i in range(len(KEYS))] == [None, None, 0, None, 1]


@settings(max_examples=200, deadline=None)
@given(
    keys=st.lists(st.text(alphabet="abc \u00e9", max_size=8), max_size=30),
    needles=st.lists(st.text(alphabet="abc \u00e9", min_size=1, max_size=3), max_size=12),
)
def test_any_sequence_of_needles_matches_a_plain_scan(keys: list[str], needles: list[str]) -> None:
    paths = [f"/p/{i:03d}".encode() for i in range(len(keys))]
    titles = Titles(paths, keys, generation=0)
    for needle in needles:
        assert list(titles.matching(needle)) == naive(keys, needle)


# --- in the Catalog: up to date with the index, or not used -----------------------------------


def entry(folder: Path, name: str, title: str) -> IndexEntry:
    return IndexEntry(str(folder / name), 10, 1, title, "", 100, f"fp-{name}", "")


def filled(tmp_path: Path) -> tuple[Store, Path]:
    folder = tmp_path / "lib"
    folder.mkdir()
    store = Store(tmp_path / "state.db")
    names = ["a.txt", "b.txt", "c.txt", "d.txt"]
    titles = ["Storm warning", "Budget vote", "Storm clean-up", "Ferry news"]
    store.save_index_entries([entry(folder, n, t) for n, t in zip(names, titles, strict=True)])
    return store, folder


def shown(catalog: Catalog) -> list[str]:
    rows = [catalog.row(rank) for rank in range(catalog.count())]
    return [row.entry.title for row in rows if row is not None]


def test_titles_read_before_an_index_change_are_not_used_after_it(tmp_path: Path) -> None:
    store, folder = filled(tmp_path)
    with store:
        catalog = Catalog(store, [folder])
        assert catalog.load_titles() and catalog.titles_loaded
        catalog.set_filter("storm")
        assert shown(catalog) == ["Storm warning", "Storm clean-up"]
        store.save_index_entries([entry(folder, "b2.txt", "Storm over the budget")])
        catalog.invalidate()
        assert not catalog.titles_loaded
        assert shown(catalog) == ["Storm warning", "Storm over the budget", "Storm clean-up"]
        assert catalog.rank_of(str(folder / "c.txt")) == 2
        store.drop_index_entries([str(folder / "a.txt")])
        assert catalog.load_titles()
        assert shown(catalog) == ["Storm over the budget", "Storm clean-up"]
        assert catalog.rank_of(str(folder / "a.txt")) is None
        assert catalog.total() == 4


def test_a_read_that_an_index_change_overtakes_is_dropped(tmp_path: Path) -> None:
    """The indexing thread writes while the titles are read: that copy is never used."""
    store, folder = filled(tmp_path)
    with store:
        read = store.index_titles

        def read_then_index(roots: object) -> tuple[list[bytes], list[str]]:
            titles = read(roots)  # type: ignore[arg-type]
            store.save_index_entries([entry(folder, "e.txt", "Storm, late")])
            return titles

        store.index_titles = read_then_index  # type: ignore[method-assign]
        catalog = Catalog(store, [folder])
        assert not catalog.load_titles() and not catalog.titles_loaded
        catalog.set_filter(fold("STORM"))
        assert shown(catalog) == ["Storm warning", "Storm clean-up", "Storm, late"]


def test_dropped_titles_leave_the_filter_to_the_index(tmp_path: Path) -> None:
    store, folder = filled(tmp_path)
    with store:
        catalog = Catalog(store, [folder])
        assert catalog.load_titles()
        catalog.set_filter("vote")
        catalog.drop_titles()
        assert not catalog.titles_loaded
        assert shown(catalog) == ["Budget vote"]
        assert catalog.rank_of(os.fspath(folder / "b.txt")) == 0
