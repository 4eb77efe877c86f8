"""How long readtui takes to show an article, next to a bare Textual app timed in the same run.

Run: `python benchmarks/startup.py` (figures only; nothing here asserts on time).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Static  # noqa: E402

from readtui.app import ReadtuiApp  # noqa: E402
from readtui.article.load import load_article  # noqa: E402
from readtui.article.plain import parse_plain  # noqa: E402
from readtui.layout import layout  # noqa: E402
from readtui.paths import state_db_path  # noqa: E402
from readtui.store import Store  # noqa: E402

SEED = ROOT / "articles" / "russian-recruiter-shot-cbc.txt"
RUNS = 5


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")


async def time_bare() -> float:
    start = time.perf_counter()
    async with BareApp().run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    return time.perf_counter() - start


async def time_readtui() -> float:
    with tempfile.TemporaryDirectory() as data:
        start = time.perf_counter()
        app = ReadtuiApp([SEED], Store(state_db_path(Path(data))))
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
        return time.perf_counter() - start


def per_call_ms(func: object, runs: int = 200) -> float:
    assert callable(func)
    start = time.perf_counter()
    for _ in range(runs):
        func()
    return 1000 * (time.perf_counter() - start) / runs


def main() -> None:
    bare = [asyncio.run(time_bare()) for _ in range(RUNS)]
    reader = [asyncio.run(time_readtui()) for _ in range(RUNS)]
    text = SEED.read_text(encoding="utf-8")
    article = load_article(SEED)
    print(
        f"start, show the seed, quit   readtui {1000 * statistics.median(reader):7.1f} ms"
        f"   bare Textual app {1000 * statistics.median(bare):7.1f} ms   (median of {RUNS})"
    )
    print(
        f"parse the seed               readtui {per_call_ms(lambda: parse_plain(text)):7.3f} ms"
        f"   str.split baseline {per_call_ms(text.split):7.3f} ms"
    )
    layout_ms = per_call_ms(lambda: layout(article, 80))
    print(f"lay out the seed at 80 cols  readtui {layout_ms:7.3f} ms")


if __name__ == "__main__":
    main()
