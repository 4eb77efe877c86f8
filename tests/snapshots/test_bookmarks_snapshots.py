"""The bookmarks screen as a person sees it: update deliberately with `--snapshot-update`."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from test_snapshots import ROOT, SEED, loaded, make_app
from textual.pilot import Pilot

from readtui.article.load import load_article
from readtui.paths import state_db_path
from readtui.store import Bookmark, Store

TRAIN = ROOT / "articles" / "the-quiet-return-of-the-night-train.md"
NOON = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc).timestamp()
"""Noon UTC: the same calendar day in every time zone a CI runner is likely to use."""


def seed_bookmarks(data: Path) -> None:
    """Bookmarks in two articles at fixed times, one note long enough to wrap."""
    seed, train = load_article(SEED), load_article(TRAIN)
    spots = [
        (seed, 2, "", 0),
        (train, 3, "Compare with the 1990s timetable.", 3600),
        (
            seed,
            8,
            "The protests spread after this: check the regional papers for what happened "
            "in the following week, and whether the office reopened.",
            7200,
        ),
    ]
    with Store(state_db_path(data)) as store:
        for article, block, note, later in spots:
            text = " ".join(article.blocks[block].text.split())
            snippet = text if len(text) <= 80 else text[:79].rstrip() + "\u2026"
            store.restore_bookmark(
                Bookmark(
                    -1,
                    article.meta.fingerprint,
                    block,
                    0,
                    snippet,
                    NOON + later,
                    article.title,
                    article.meta.path,
                    note,
                )
            )


def test_bookmarks_screen_with_notes(snap_compare: Any, isolated_user: Path) -> None:
    seed_bookmarks(isolated_user)

    async def before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press("B")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    app = make_app(isolated_user, SEED)
    assert snap_compare(app, terminal_size=(100, 30), run_before=before)
