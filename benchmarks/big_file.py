"""A 10 MB single-line file next to the seed article and a bare Textual app, timed in one run.

Run: `python benchmarks/big_file.py` (figures only; nothing here asserts on time). Shows how long
parsing and laying out take, how long until the first lines are on screen, and how quickly a key
(to another article and back) takes effect meanwhile: for the 10 MB line, while it is being laid
out in its thread; for the seed, once it is shown.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Static  # noqa: E402

from readtui.app import ReadtuiApp  # noqa: E402
from readtui.article.decode import decode  # noqa: E402
from readtui.article.load import load_article, parse_text, read_file  # noqa: E402
from readtui.layout import layout  # noqa: E402
from readtui.paths import state_db_path  # noqa: E402
from readtui.store import Store  # noqa: E402
from readtui.widgets.article_view import ArticleView  # noqa: E402

SEED = ROOT / "articles" / "russian-recruiter-shot-cbc.txt"
OTHER = ROOT / "tests" / "data" / "ap-dam-break.txt"
POLL = 0.002
KEYS = 5
SIZE = (100, 30)
RUNS = 3
WORDS = b"Ten megabytes of text on a single line, with no break at all. "


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")


def seconds(func: Callable[[], object], runs: int = RUNS) -> float:
    """Median wall time of `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def bare_first_paint() -> float:
    start = time.perf_counter()
    async with BareApp().run_test(size=SIZE):
        await asyncio.sleep(0)
        return time.perf_counter() - start


async def poll(condition: Callable[[], bool]) -> None:
    """Let the app run until `condition` holds (Pilot's own waits sleep until the process is
    idle, which would time the layout thread rather than the UI)."""
    while not condition():
        await asyncio.sleep(POLL)


async def key_round_trip(app: ReadtuiApp, view: ArticleView) -> float:
    """Seconds for n (to the other article) and p (back) to take effect, per key."""
    first = view.article
    start = time.perf_counter()
    app.simulate_key("n")
    await poll(lambda: view.article is not first)
    app.simulate_key("p")
    await poll(lambda: view.article is first)
    return (time.perf_counter() - start) / 2


async def first_paint(path: Path, other: Path, data: Path) -> tuple[float, list[float]]:
    """Seconds until the article's first lines are on screen, and each key's time (to the other
    article and back) while they were not yet, or, for a quick article, once they were."""
    start = time.perf_counter()
    app = ReadtuiApp([path, other], Store(state_db_path(data)))
    keys: list[float] = []
    async with app.run_test(size=SIZE):
        view = app.screen.query_one(ArticleView)
        await poll(lambda: view.article is not None)
        while not view.lines_on_screen():
            keys.append(await key_round_trip(app, view))
        painted = time.perf_counter() - start
        while len(keys) < KEYS:
            keys.append(await key_round_trip(app, view))
        return painted, keys


def figures(label: str, path: Path) -> None:
    read = read_file(path)
    text = decode(read.data).text
    article = load_article(path)
    parse = seconds(lambda: parse_text(text, path.suffix))
    lay = seconds(lambda: layout(article, 80))
    with tempfile.TemporaryDirectory() as data:
        paints = [asyncio.run(first_paint(path, OTHER, Path(data))) for _ in range(RUNS)]
    paint = statistics.median(p for p, _keys in paints)
    keys = [k for _p, run in paints for k in run]
    print(
        f"{label:18} {len(read.data) / 1e6:5.2f} MB   parse {1000 * parse:6.1f} ms"
        f"   layout at 80 cols {1000 * lay:6.1f} ms   first paint {1000 * paint:6.1f} ms"
        f"   a key takes {1000 * statistics.median(keys):5.1f} ms"
        f" (slowest {1000 * max(keys):5.1f}, {len(keys)} keys)"
    )


def main() -> None:
    bare = statistics.median(asyncio.run(bare_first_paint()) for _ in range(RUNS))
    print(f"bare Textual app   first paint {1000 * bare:7.1f} ms   (median of {RUNS} runs)")
    figures("seed article", SEED)
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big-line.txt"
        big.write_bytes(WORDS * (10_000_000 // len(WORDS)))
        figures("10 MB single line", big)


if __name__ == "__main__":
    main()
