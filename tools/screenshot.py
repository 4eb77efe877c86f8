"""Regenerate docs/screenshot.svg from the running app: `python tools/screenshot.py`."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from readtui.app import ReadtuiApp  # noqa: E402
from readtui.paths import sample_articles_dir, state_db_path  # noqa: E402
from readtui.store import Store  # noqa: E402


async def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        app = ReadtuiApp([sample_articles_dir()], Store(state_db_path(Path(data))))
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            keys = ["n", "n", "n", *["j"] * 12, "right_square_bracket", "right_square_bracket"]
            await pilot.press(*keys)
            await pilot.pause()
            app.save_screenshot(str(ROOT / "docs" / "screenshot.svg"))


if __name__ == "__main__":
    asyncio.run(main())
