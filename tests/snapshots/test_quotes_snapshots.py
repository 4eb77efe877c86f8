"""The quotes panel as a person sees it: update deliberately with `pytest --snapshot-update`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_snapshots import SEED, loaded, make_app
from textual.pilot import Pilot


def test_quotes_panel(snap_compare: Any, isolated_user: Path) -> None:
    """The seed's quotes with their speakers, the fourth highlighted (it wraps to two lines)."""

    async def before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press("Q", "j", "j", "j")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    app = make_app(isolated_user, SEED)
    assert snap_compare(app, terminal_size=(100, 34), run_before=before)
