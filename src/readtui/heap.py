"""The cycle collector and what lives for the whole run.

A full collection walks every tracked object. Once the app has started, most of them are
Textual's and readtui's modules, classes, functions and the widget tree: about 75,000 objects,
which took 20-55 ms to walk on the benchmark machine, long enough to miss frames when one fell
inside a keystroke. They are set aside (`gc.freeze`) once the first frame is up, and given back
when the app ends so that whatever of them is garbage by then can still be collected.
"""

from __future__ import annotations

import gc


def set_aside() -> int:
    """Exempt every object tracked now from later collections; how many are exempt."""
    gc.freeze()
    return gc.get_freeze_count()


def give_back() -> None:
    """Let the collector see the objects set aside again (the app is ending)."""
    gc.unfreeze()
