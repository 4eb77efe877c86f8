"""Process signals around a full-screen app: what SIGTERM, SIGHUP and SIGCONT must not break.

When a terminal closes, the kernel sends the app SIGHUP and then SIGCONT. Textual restarts its
terminal mode on every SIGCONT, and a restart on a terminal that is gone can hang the exit
forever (its output thread dies, its queue fills). So SIGCONT is passed on only after a
suspend, and an exit begun by a signal is given a deadline.
"""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType

__all__ = ["EXIT_GRACE", "EXIT_SIGNALS", "exit_deadline", "resume_only_after_suspend"]

EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""A kill or a closed terminal: the position is saved and the terminal restored, as on quit."""

EXIT_GRACE = 5.0
"""Seconds an exit begun by a signal may take after the position is saved. A normal exit takes
a fraction of that; one that takes longer is stuck on a terminal that has gone away."""


def resume_only_after_suspend() -> None:
    """Wrap the installed SIGTSTP and SIGCONT handlers so that SIGCONT reaches its handler only
    after a SIGTSTP (a real suspend). Never undone: the exit is where a stray SIGCONT hurts."""
    on_stop, on_continue = signal.getsignal(signal.SIGTSTP), signal.getsignal(signal.SIGCONT)
    if not (callable(on_stop) and callable(on_continue)):
        return
    suspended = threading.Event()

    def stopping(signum: int, frame: FrameType | None) -> None:
        suspended.set()
        on_stop(signum, frame)

    def continuing(signum: int, frame: FrameType | None) -> None:
        if suspended.is_set():
            suspended.clear()
            on_continue(signum, frame)

    signal.signal(signal.SIGTSTP, stopping)
    signal.signal(signal.SIGCONT, continuing)


def exit_deadline(signum: int, grace: float = EXIT_GRACE) -> threading.Timer:
    """End the process with status 128 + signum (a death by that signal, as shells report it)
    if it is still running `grace` seconds from now. The timer thread is a daemon: a process
    that exits in time takes it along."""
    timer = threading.Timer(grace, os._exit, (128 + signum,))
    timer.daemon = True
    timer.start()
    return timer
