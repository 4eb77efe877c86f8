"""What start-up built is set aside from the cycle collector while the app runs (a full
collection would walk it on every pass, stalling frames), and handed back when it ends."""

from __future__ import annotations

import gc
from pathlib import Path

from test_reader import SIZE, make_app, ready


def tracked(thing: object) -> bool:
    """Whether the collector's generations hold thing (set-aside objects are in none)."""
    return any(other is thing for other in gc.get_objects())


async def test_start_up_objects_are_set_aside_while_the_app_runs(isolated_user: Path) -> None:
    gc.unfreeze()
    app = make_app(isolated_user)
    assert tracked(app)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert gc.get_freeze_count() > 0
        assert not tracked(app)
        assert not tracked(app.screen)
        later = [object()]  # made after the first frame: collected as usual
        assert tracked(later)
    assert gc.get_freeze_count() == 0
    assert tracked(app)
