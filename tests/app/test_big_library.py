"""The reader at scale: 50,000 articles from a warm index, and a cold index that reports its
progress while the list fills. Behaviour only: speed is in benchmarks/run.py."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from test_reader import SIZE, make_app, settle, until, view_text
from textual.pilot import Pilot

from readtui.app import ReadtuiApp
from readtui.library import INDEXER_VERSION, IndexEntry
from readtui.paths import state_db_path
from readtui.screens.reader import ReaderScreen, indexing
from readtui.store import Store
from readtui.widgets.article_list import ArticleList

BIG = 50_000


def title_of(number: int) -> str:
    return f"Harbour report number {number}"


def body_of(number: int) -> bytes:
    title = title_of(number)
    return f"{title}\n\nThe ferry left the harbour at dawn for trip {number}.\n".encode()


def write_library(folder: Path, count: int) -> list[Path]:
    """`count` small articles, a hundred to a folder, named so that path order is number order."""
    paths = []
    for number in range(1, count + 1):
        sub = folder / f"{(number - 1) // 100:04d}"
        if number % 100 == 1:
            sub.mkdir(parents=True)
        path = sub / f"{number:06d}.txt"
        path.write_bytes(body_of(number))
        paths.append(path)
    return paths


def warm_index(data: Path, paths: list[Path]) -> None:
    """The index an earlier run would have left: one entry per file, with its size and mtime."""
    entries = []
    for number, path in enumerate(paths, start=1):
        info = os.stat(path)
        title = title_of(number)
        words = len(body_of(number).split())
        entries.append(
            IndexEntry(
                str(path), info.st_size, info.st_mtime_ns, title, "", words, f"fp{number}", ""
            )
        )
    with Store(state_db_path(data)) as store:
        store.save_setting("made-by", "warm_index")  # the file exists, so the full-text
        store.prepare_fulltext()  # tables are made now, empty, rather than re-index it all
        store.save_index_entries(entries, indexer=INDEXER_VERSION)


async def indexed(pilot: Pilot[None]) -> ReaderScreen:
    """The reader once its index is in step with the disk and nothing is left running."""
    screen = pilot.app.reader  # type: ignore[attr-defined]
    assert isinstance(screen, ReaderScreen)
    await until(pilot, lambda: not screen.indexing, "the index checked against the disk")
    await settle(pilot)
    return screen


@pytest.fixture(scope="module")
def big_library(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_library(tmp_path_factory.mktemp("big") / "library", BIG)


async def test_the_50000th_article_is_found_by_filter_and_opened(
    isolated_user: Path, big_library: list[Path]
) -> None:
    warm_index(isolated_user, big_library)
    app = make_app(isolated_user, big_library[0].parent.parent)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        assert screen.catalog.total() == BIG
        await pilot.press("f", *"number 50000", "enter")
        await settle(pilot)
        assert screen.sidebar.row_count == 1
        assert app.focused is screen.sidebar
        await pilot.press("enter")
        await settle(pilot)
        view = screen.view
        assert view.article is not None and view.article.title == title_of(BIG)
        assert "trip 50000" in view_text(view)


async def test_the_filter_reads_the_titles_into_memory_while_open_and_lets_go_after(
    isolated_user: Path, big_library: list[Path]
) -> None:
    warm_index(isolated_user, big_library)
    app = make_app(isolated_user, big_library[0].parent.parent)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        assert not screen.catalog.titles_loaded
        await pilot.press("f")
        await until(pilot, lambda: screen.catalog.titles_loaded, "the titles read for the filter")
        await pilot.press(*"number 4999")
        await settle(pilot)
        assert screen.sidebar.row_count == 11  # 4999 and 49990..49999
        assert screen.sidebar.highlighted_path == str(big_library[4998])
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.catalog.titles_loaded and screen.sidebar.row_count == BIG


async def test_the_50000th_article_is_reached_with_end_and_opened(
    isolated_user: Path, big_library: list[Path]
) -> None:
    warm_index(isolated_user, big_library)
    app = make_app(isolated_user, big_library[0].parent.parent)
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("end")
        assert screen.sidebar.highlighted_path == str(big_library[-1])
        await pilot.press("enter")
        await settle(pilot)
        assert screen.view.article is not None
        assert screen.view.article.title == title_of(BIG)
        await pilot.press("n")  # and round again to the first
        await settle(pilot)
        assert screen.view.article is not None
        assert screen.view.article.title == title_of(1)


async def test_a_cold_index_shows_progress_and_entries_as_they_come(
    isolated_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = 1_500
    write_library(tmp_path / "library", count)
    said: list[tuple[str, int]] = []
    real = ReaderScreen.index_advanced

    def advanced(screen: ReaderScreen, done: int, total: int) -> None:
        real(screen, done, total)
        said.append((screen.status.text, screen.sidebar.row_count))

    monkeypatch.setattr(ReaderScreen, "index_advanced", advanced)
    app = make_app(isolated_user, tmp_path / "library")
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        progress = [text for text, _rows in said if text.startswith("Indexing")]
        assert progress, said
        assert progress[0] == "Indexing 30, counting files\u2026"  # before the whole walk
        assert all(text.endswith(f" / {count:,}") for text in progress[1:]), progress
        done = [int(text.split()[1].replace(",", "")) for text in progress]
        assert done == sorted(done) and 0 < done[0] < count
        rows = [rows for _text, rows in said]
        assert rows == sorted(rows) and rows[0] < count and rows[-1] == count
        assert screen.status.text == ""  # the progress went when indexing finished
        assert screen.view.article is not None  # the first article opened meanwhile
        assert screen.catalog.total() == count
    with Store(state_db_path(isolated_user)) as store:
        assert len(store.index_stamps(screen.catalog.roots)) == count


async def test_deleted_files_drop_out_and_new_ones_appear_on_the_next_start(
    isolated_user: Path, tmp_path: Path
) -> None:
    paths = write_library(tmp_path / "library", 30)
    for run in range(2):
        app = make_app(isolated_user, tmp_path / "library")
        async with app.run_test(size=SIZE) as pilot:
            screen = await indexed(pilot)
            titles = [row.entry.title for r in range(30) if (row := screen.catalog.row(r))]
            if run == 0:
                assert len(titles) == 30 and title_of(7) in titles
                paths[6].unlink()
                (tmp_path / "library" / "0000" / "new.txt").write_text("A new arrival\n\nText.\n")
            else:
                assert title_of(7) not in titles and "A new arrival" in titles
                assert len(titles) == 30


def spy_on(monkeypatch: pytest.MonkeyPatch, app: ReadtuiApp, name: str) -> list[tuple[bool, bool]]:
    """For each call of readtui.library's `name` (the walk of the whole library, or of its
    first files): whether an article was on screen, and whether first_shown was set."""
    import readtui.library as library

    seen: list[tuple[bool, bool]] = []
    real = getattr(library, name)

    def spied(*args: Any, **kwargs: Any) -> Any:
        reader = app.reader
        assert reader is not None
        seen.append((reader.opened is not None, reader.first_shown.is_set()))
        return real(*args, **kwargs)

    monkeypatch.setattr(library, name, spied)
    return seen


async def test_a_warm_index_walks_the_library_only_once_the_first_article_is_drawn(
    isolated_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexing, "WALK_WAITS_AT_MOST", 600.0)  # however slow the machine
    paths = write_library(tmp_path / "library", 300)
    warm_index(isolated_user, paths)
    app = make_app(isolated_user, tmp_path / "library")
    walks = spy_on(monkeypatch, app, "scan_library")
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        assert walks == [(True, True)]
        assert screen.view.article is not None and screen.view.article.title == title_of(1)


async def test_the_walk_waits_for_the_first_article_a_bounded_time(
    isolated_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexing, "WALK_WAITS_AT_MOST", 0.2)
    monkeypatch.setattr(ReaderScreen, "_mark_shown", lambda screen, token: None)  # never drawn
    paths = write_library(tmp_path / "library", 300)
    warm_index(isolated_user, paths)
    write_library(tmp_path / "library" / "later", 1)  # found only by the walk
    app = make_app(isolated_user, tmp_path / "library")
    walks = spy_on(monkeypatch, app, "scan_library")
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        assert [shown for _opened, shown in walks] == [False]
        assert screen.catalog.total() == 301


async def test_a_new_library_indexes_its_first_files_then_walks_once_one_is_drawn(
    isolated_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexing, "WALK_WAITS_AT_MOST", 600.0)
    write_library(tmp_path / "library", 300)
    app = make_app(isolated_user, tmp_path / "library")
    heads = spy_on(monkeypatch, app, "first_articles")
    walks = spy_on(monkeypatch, app, "scan_library")
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot)
        assert heads == [(False, False)]  # no article to wait for: the index gives the first
        assert walks == [(True, True)]  # the first files' first article, drawn
        assert screen.view.article is not None and screen.catalog.total() == 300
