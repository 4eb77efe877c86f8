"""Regenerate the README's screenshots from the running app: `python tools/screenshot.py`.

Each is the app itself, driven by keys in a headless terminal over the sample library, so the
pictures change when the app does: the reader, the quotes panel, search in the article, the
library search and the bookmarks screen.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from textual.pilot import Pilot  # noqa: E402

from readtui.app import ReadtuiApp  # noqa: E402
from readtui.paths import sample_articles_dir, state_db_path  # noqa: E402
from readtui.store import Store  # noqa: E402

DOCS = ROOT / "docs"
SIZE = (120, 40)
SEED_KEYS = ["n", "n", "n"]
"""From the first sample article to the seed (CBC's story of a shot recruiter)."""


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def reader(pilot: Pilot[None]) -> None:
    await press(pilot, *SEED_KEYS, *["j"] * 12, "right_square_bracket", "right_square_bracket")


async def quotes(pilot: Pilot[None]) -> None:
    await press(pilot, *SEED_KEYS, "Q", "j", "j")


async def search(pilot: Pilot[None]) -> None:
    await press(pilot, *SEED_KEYS, "slash", *"said", "enter")


async def library_search(pilot: Pilot[None]) -> None:
    await press(pilot, "s", *"ferry")


async def bookmarks(pilot: Pilot[None]) -> None:
    note = "Ask the governor's office for the arrest figures"
    await press(pilot, *SEED_KEYS, *["j"] * 10, "N", *note, "enter", *["j"] * 8, "b", "B")


SHOTS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "screenshot": reader,
    "quotes-panel": quotes,
    "search-article": search,
    "search-library": library_search,
    "bookmarks": bookmarks,
}


async def shoot(name: str, steps: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    with tempfile.TemporaryDirectory() as data:
        app = ReadtuiApp([sample_articles_dir()], Store(state_db_path(Path(data))))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await steps(pilot)
            app.save_screenshot(str(DOCS / f"{name}.svg"))


async def main() -> None:
    for name, steps in SHOTS.items():
        await shoot(name, steps)
        print(f"docs/{name}.svg")


if __name__ == "__main__":
    asyncio.run(main())
