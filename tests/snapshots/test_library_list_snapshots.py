"""The library list as a person sees it: sorted by progress (in progress first, with the minutes
left; then unread; then read), the order named above the list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from readtui.app import ReadtuiApp
from readtui.paths import state_db_path
from readtui.store import Store

ARTICLES = Path(__file__).resolve().parents[2] / "articles"


def test_library_by_progress(snap_compare: Any, isolated_user: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pilot.app.screen.flush_position()  # the first article, opened: in progress
        await pilot.press("tab", "j", "j", "m")  # the third, marked read
        await pilot.press("S", "S", "S")  # title, newest first, progress
        await pilot.app.workers.wait_for_complete()
        pilot.app.clear_notifications()  # "Marked read" would fade at its own pace
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    app = ReadtuiApp([ARTICLES], Store(state_db_path(isolated_user)))
    assert snap_compare(app, terminal_size=(100, 30), run_before=before)
