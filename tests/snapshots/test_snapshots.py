"""What a person sees, as SVG snapshots: update deliberately with `pytest --snapshot-update`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from readtui.app import ReadtuiApp
from readtui.paths import state_db_path
from readtui.store import Store

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "articles" / "russian-recruiter-shot-cbc.txt"


def make_app(data: Path, *paths: Path) -> ReadtuiApp:
    return ReadtuiApp(list(paths), Store(state_db_path(data)))


async def loaded(pilot: Pilot[None]) -> None:
    """The library is loaded, the first article shown and its opening position saved."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_seed_with_caption_quote_and_video(snap_compare: Any, isolated_user: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press(*["j"] * 12, "right_square_bracket", "right_square_bracket")
        await pilot.pause()
        pilot.app.screen.flush_position()  # the debounced save, now rather than by the clock
        await pilot.pause()

    app = make_app(isolated_user, SEED)
    assert snap_compare(app, terminal_size=(110, 48), run_before=before)


def test_narrow_terminal(snap_compare: Any, isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    assert snap_compare(app, terminal_size=(60, 24), run_before=loaded)


def test_help_screen(snap_compare: Any, isolated_user: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    app = make_app(isolated_user, SEED)
    assert snap_compare(app, terminal_size=(100, 40), run_before=before)


def test_empty_library(snap_compare: Any, isolated_user: Path, tmp_path: Path) -> None:
    empty = tmp_path / "no-articles"
    empty.mkdir()
    app = make_app(isolated_user, empty)
    assert snap_compare(app, terminal_size=(80, 20), run_before=loaded)
