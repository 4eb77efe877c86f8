"""How fast the bookmarks screen opens and `readtui notes` renders, as the notes pile up.

Run: `python benchmarks/bookmarks_notes.py [--quick]` (figures only; nothing asserts on time).

Screen: the time from the `B` action (`ReaderScreen.action_bookmarks`) to the first frame
Textual renders with the list drawn (a frame is one call of `App._display`), headless at
100x30, with N bookmarks spread over 50 articles, a third of them with a note. The baseline,
measured in the same run and the same app, is the screen with no bookmarks: what the modal
costs by itself. Export: reading N bookmarks and N copied quotes from the store (the baseline)
and the same plus grouping and rendering Markdown and JSON. Each figure is a median.
Garbage is collected before each screen is timed: every run builds an app, so without it a
full collection of the earlier runs' apps lands in some timings and not others.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from readtui.app import ReadtuiApp  # noqa: E402
from readtui.notes import gather, to_json, to_markdown  # noqa: E402
from readtui.paths import state_db_path  # noqa: E402
from readtui.screens.bookmarks import BookmarksScreen  # noqa: E402
from readtui.screens.reader import ReaderScreen  # noqa: E402
from readtui.store import Bookmark, CopiedQuote, Store  # noqa: E402
from readtui.widgets.bookmark_list import BookmarkList  # noqa: E402

SEED = ROOT / "articles" / "russian-recruiter-shot-cbc.txt"
TIMEOUT = 120.0
WORDS = [
    "the",
    "council",
    "said",
    "it",
    "would",
    "look",
    "again",
    "at",
    "the",
    "plans",
    "after",
    "the",
    "vote",
]


def fill(data: Path, count: int) -> None:
    """`count` bookmarks and as many copied quotes over 50 articles."""
    with Store(state_db_path(data)) as store:
        for n in range(count):
            fp, words = f"fp-{n % 50}", " ".join(WORDS[n % 5 :] * 2)
            note = f"note {n}: " + " ".join(WORDS) if n % 3 == 0 else ""
            title = f"Article {n % 50} about {WORDS[n % len(WORDS)]}"
            store.restore_bookmark(Bookmark(-1, fp, n, 0, words[:80], 1e9 + n, title, "", note))
            store.record_quote(CopiedQuote(fp, words, n, 0, speaker="A Speaker", title=title))


def list_drawn(app: ReadtuiApp) -> bool:
    screen = app.screen
    if not isinstance(screen, BookmarksScreen):
        return False
    return not screen.bookmarks or screen.query_one(BookmarkList).virtual_size.height > 0


async def time_open(data: Path) -> float:
    """Seconds from asking for the bookmarks screen to the first frame that shows its list."""
    app = ReadtuiApp([SEED], Store(state_db_path(data)))
    drawn: list[float] = []
    display = app._display

    def display_and_check(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None and not drawn and list_drawn(app):
            drawn.append(time.perf_counter())

    app._display = display_and_check  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        deadline = time.monotonic() + TIMEOUT
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        gc.collect()  # the apps of earlier runs are garbage: collecting them is not this run's
        start = time.perf_counter()
        reader.action_bookmarks()
        while not drawn:
            assert time.monotonic() < deadline, "the screen never showed"
            await asyncio.sleep(0.001)
        return drawn[0] - start


def time_export(data: Path) -> tuple[float, float]:
    """(reading the rows, reading them and rendering both formats) in seconds."""
    with Store(state_db_path(data)) as store:
        begun = time.perf_counter()
        bookmarks, quotes = store.bookmarks(), store.copied_quotes()
        read = time.perf_counter() - begun
        articles = gather(bookmarks, quotes)
        to_markdown(articles)
        to_json(articles)
        return read, time.perf_counter() - begun


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and runs")
    args = parser.parse_args()
    wanted = (100, 1_000) if args.quick else (100, 1_000, 5_000)
    runs = 3 if args.quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        empty = [asyncio.run(time_open(Path(tmp) / f"empty{run}")) for run in range(runs)]
        print(
            f"bookmarks screen, no bookmarks (baseline): {1000 * statistics.median(empty):.1f} ms"
        )
        print(f"{'bookmarks':>9}  {'screen':>9}  {'read rows':>9}  {'export':>9}")
        for count in wanted:
            data = Path(tmp) / f"n{count}"
            fill(data, count)
            screen = statistics.median(asyncio.run(time_open(data)) for _ in range(runs))
            exports = [time_export(data) for _ in range(runs)]
            read = statistics.median(r for r, _ in exports)
            both = statistics.median(e for _, e in exports)
            print(
                f"{count:>9,}  {1000 * screen:>6.1f} ms  {1000 * read:>6.1f} ms"
                f"  {1000 * both:>6.1f} ms"
            )


if __name__ == "__main__":
    main()
