"""The library search as a person sees it: update deliberately with `pytest --snapshot-update`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from test_snapshots import ROOT, loaded, make_app
from textual.pilot import Pilot

from readtui.screens.search import LibrarySearchScreen


def test_search_library_with_matches(snap_compare: Any, isolated_user: Path) -> None:
    """`s` over the sample library, "city" typed: the articles holding it, best first,
    each with its source and a snippet with the word marked; the second highlighted."""

    async def before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press("s", *"city")
        screen = pilot.app.screen
        assert isinstance(screen, LibrarySearchScreen)
        deadline = time.monotonic() + 60
        while not (screen.shown == screen.generation and screen.complete):
            assert time.monotonic() < deadline, "no answers"
            await pilot.pause()
        await pilot.press("down")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = make_app(isolated_user, ROOT / "articles")
    assert snap_compare(app, terminal_size=(100, 30), run_before=before)
