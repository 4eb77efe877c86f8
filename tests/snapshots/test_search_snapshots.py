"""What search in the article looks like: every match marked, the current one set apart, and
the counter in the bar under the article. Update deliberately with `--snapshot-update`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_snapshots import SEED, loaded, make_app
from textual.pilot import Pilot


def test_search_with_matches(snap_compare: Any, isolated_user: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press("slash", *"russia", "down")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    app = make_app(isolated_user, SEED)
    assert snap_compare(app, terminal_size=(110, 40), run_before=before)
