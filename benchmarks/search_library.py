"""How fast the library search (`s`) answers on 10,000 synthetic articles, and what its
full-text index costs, each figure beside a baseline measured in the same run.

Run: `python benchmarks/search_library.py [--articles 10000] [--quick]` (figures only; nothing
here asserts on time).

- Indexing: the first index of the library (`update_index` into a fresh store), in files/s and
  the size of state.db; baseline: the same index without the full text (what readtui did
  before search), in the same run.
- Query: the store's answer to each keystroke of a few typed queries (`search_library`, best
  200 by bm25 of the newest RANK_AT_ONCE matches as the screen first asks, then of every
  match, and the first screenful of snippets), p50/p95 in ms; baseline: a LIKE scan of
  the same texts (every word as `LIKE '%word%'`, every match, no ranking), as newsboat searches.
- Keystroke to results: readtui headless at 100x30, the search screen open; from pressing a key
  typed into the search to the first frame Textual renders showing that query's answers (a
  frame is one call of `App._display`), p50/p95; keys KEY_INTERVAL apart, each from an idle
  app. "Every match ranked": to the frame whose answers are the best of every article holding
  the words (the first answers rank the newest RANK_AT_ONCE of them; a worker ranks the rest).
  Baseline: the same presses typed into a bare Textual app's Input, to the frame showing them.

Synthetic text has a small vocabulary, so most words are in most articles: each query ranks
thousands of matches, which is the slow case for bm25 (a real library's words are rarer).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import write_library  # noqa: E402

from readtui import library  # noqa: E402
from readtui.app import ReadtuiApp  # noqa: E402
from readtui.paths import state_db_path  # noqa: E402
from readtui.screens.search import PREFETCH, RANK_AT_ONCE, LibrarySearchScreen  # noqa: E402
from readtui.search_words import Words, snippet  # noqa: E402
from readtui.store import Roots, Store  # noqa: E402

QUERIES = ("harbour strike", "council budget", "zoe", "kestrel bay ferry", "inquiry warehouse")
KEY_INTERVAL = 0.04
TIMEOUT = 60.0
SIZE = (100, 30)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def ms(values: list[float]) -> str:
    p50, p95 = statistics.median(values) * 1000, percentile(values, 0.95) * 1000
    return f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"


def keystrokes(query: str) -> list[str]:
    """Each prefix of the query, as typing it shows them."""
    return [query[:end] for end in range(1, len(query) + 1)]


# -- indexing ----------------------------------------------------------------------------------


def index_into(data: Path, folder: Path, fulltext: bool) -> tuple[float, int]:
    """Seconds to index the library into a fresh store, and the store's size after."""
    store = Store(state_db_path(data))
    if not fulltext:
        store.fulltext_missing = True  # the index as it was before search
    real = library.search_text
    if not fulltext:
        library.search_text = lambda article: ""  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        library.update_index(store, [folder])
        seconds = time.perf_counter() - started
    finally:
        library.search_text = real  # type: ignore[assignment]
        store.close()
    return seconds, state_db_path(data).stat().st_size


# -- queries -----------------------------------------------------------------------------------


def store_query(store: Store, roots: Roots, text: str, ranked: int | None = RANK_AT_ONCE) -> float:
    """What the search screen asks the store for one keystroke: the answers (the best of the
    newest `ranked` matches, or of all) and the first screenful of snippets."""
    words = Words.of(text)
    started = time.perf_counter()
    answer = store.search_library(roots, words.words, prefix=words.prefix, ranked=ranked)
    hits = answer.hits if answer else []
    texts = store.indexed_texts([hit.docid for hit in hits[:PREFETCH]])
    for hit in hits[:PREFETCH]:
        snippet(texts.get(hit.docid, ""), words)
    return time.perf_counter() - started


def like_table(store_path: Path) -> sqlite3.Connection:
    """The texts the index holds, unpacked into a plain table (the baseline's data)."""
    from readtui.store.fulltext import unpack

    source = sqlite3.connect(store_path)
    plain = sqlite3.connect(":memory:")
    plain.execute("CREATE TABLE articles (path BLOB, title TEXT, body TEXT)")
    rows = source.execute(
        "SELECT d.path, t.title, t.body FROM library_docs AS d JOIN library_text AS t USING (docid)"
    )
    plain.executemany(
        "INSERT INTO articles VALUES (?, ?, ?)", ((p, t, unpack(b)) for p, t, b in rows)
    )
    source.close()
    return plain


def like_query(plain: sqlite3.Connection, text: str) -> float:
    words = Words.of(text).words
    if not words:
        return 0.0
    where = " AND ".join(["(title LIKE ? OR body LIKE ?)"] * len(words))
    params = [f"%{word}%" for word in words for _ in (0, 1)]
    started = time.perf_counter()
    plain.execute(f"SELECT path FROM articles WHERE {where}", params).fetchall()
    return time.perf_counter() - started


# -- the app -----------------------------------------------------------------------------------


class Frames:
    """A condition checked after every frame the app renders (its `_display`)."""

    def __init__(self, app: Any) -> None:
        self.waiting: list[tuple[Callable[[], bool], list[float]]] = []
        display = app._display

        def display_and_check(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                now = time.perf_counter()
                for condition, found in list(self.waiting):
                    if condition():
                        found.append(now)
                        self.waiting.remove((condition, found))

        app._display = display_and_check

    def watch(self, condition: Callable[[], bool]) -> list[float]:
        found: list[float] = []
        self.waiting.append((condition, found))
        return found


async def wait_for(found: list[float] | Callable[[], bool], what: str) -> float:
    deadline = time.perf_counter() + TIMEOUT
    while not (found() if callable(found) else found):
        if time.perf_counter() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.001)
    return found[0] if isinstance(found, list) else time.perf_counter()


async def type_queries(
    pilot: Any, frames: Frames, field: Any, shown: Callable[[str], bool], rounds: int
) -> list[float]:
    """Type each query and delete it again, a key at a time; for each key, the seconds from
    pressing it to the first frame in which `shown(text before the key)` holds."""
    times: list[float] = []
    for _ in range(rounds):
        for query in QUERIES:
            keys = ["space" if c == " " else c for c in query] + ["backspace"] * len(query)
            for key in keys:
                before = field.value
                found = frames.watch(lambda before=before: shown(before))
                started = time.perf_counter()
                await pilot.press(key)
                times.append(await wait_for(found, f"the frame after {key!r}") - started)
                await asyncio.sleep(max(0.0, started + KEY_INTERVAL - time.perf_counter()))
    return times


async def quiet(store: Store) -> None:
    """Until nothing has written the store for a second (the watch's first pass is done)."""
    calm = 0
    while calm < 50:
        calm = 0 if store._lock.locked() else calm + 1
        await asyncio.sleep(0.02)


async def keystroke_latency(data: Path, folder: Path, rounds: int) -> tuple[list[float], ...]:
    """readtui's search: each key to its answers on screen, and to every match ranked."""
    store = Store(state_db_path(data))
    app = ReadtuiApp([folder], store)
    frames = Frames(app)
    async with app.run_test(headless=True, size=SIZE) as pilot:
        await wait_for(lambda: not getattr(app.screen, "indexing", True), "the index")
        await quiet(store)
        await pilot.press("s")
        await wait_for(lambda: isinstance(app.screen, LibrarySearchScreen), "the search")
        screen = app.screen
        assert isinstance(screen, LibrarySearchScreen)
        field = screen.input

        def answered(before: str) -> bool:
            return field.value != before and screen.shown == screen.generation

        def ranked(before: str) -> bool:
            return answered(before) and screen.complete

        results = await type_queries(pilot, frames, field, answered, rounds)
        complete = await type_queries(pilot, frames, field, ranked, rounds)
    return results, complete


async def bare_echo(rounds: int) -> list[float]:
    """The baseline: the same keys typed into a bare Textual app's Input, to the echo."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    app = BareApp()
    frames = Frames(app)
    async with app.run_test(headless=True, size=SIZE) as pilot:
        field = app.query_one(Input)
        field.focus()
        await pilot.pause()
        return await type_queries(pilot, frames, field, lambda b: field.value != b, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="one round of typing, not three")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="readtui-search-"))
    try:
        run(work, args.articles, 1 if args.quick else 3)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, count: int, rounds: int) -> None:
    folder = work / "library"
    generated = write_library(folder, count)
    size = sum(path.stat().st_size for path in generated.paths)
    print(f"{count:,} synthetic articles, {size / 1e6:.1f} MB of text")

    plain_s, plain_bytes = index_into(work / "plain", folder, fulltext=False)
    full_s, full_bytes = index_into(work / "full", folder, fulltext=True)
    print("\nindexing (first index, fresh store)")
    for label, seconds, size_bytes in (
        ("with full text ", full_s, full_bytes),
        ("baseline (none)", plain_s, plain_bytes),
    ):
        print(f"  {label}  {count / seconds:7.0f} files/s  state.db {size_bytes / 1e6:6.1f} MB")

    store = Store(state_db_path(work / "full"))
    roots = Roots.of([folder])
    typed = [text for query in QUERIES for text in keystrokes(query)]
    for text in typed:  # warm the page cache, as a second search would find it
        store_query(store, roots, text)
    fts = [store_query(store, roots, text) for _ in range(rounds) for text in typed]
    every = [store_query(store, roots, text, None) for _ in range(rounds) for text in typed]
    plain = like_table(state_db_path(work / "full"))
    like = [like_query(plain, text) for _ in range(rounds) for text in typed]
    store.close()
    print(f"\nquery per keystroke ({len(typed)} keystrokes x {rounds})")
    for label, times in (
        (f"FTS5 + {PREFETCH} snippets, newest {RANK_AT_ONCE:,} matches ranked", fts),
        (f"FTS5 + {PREFETCH} snippets, every match ranked", every),
        ("baseline: LIKE scan, unranked", like),
    ):
        print(f"  {label:<48} {ms(times)}")

    results, complete = asyncio.run(keystroke_latency(work / "full", folder, rounds))
    echoes = asyncio.run(bare_echo(rounds))
    print(f"\nkeystroke to results on screen, headless {SIZE[0]}x{SIZE[1]} ({len(results)} keys)")
    print(f"  answers shown                   {ms(results)}")
    print(f"  every match ranked              {ms(complete)}")
    print(f"  baseline: echo in a bare Input  {ms(echoes)}")


if __name__ == "__main__":
    main()
