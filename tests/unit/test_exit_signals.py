"""readtui.signals in child processes (signal handlers are per process): SIGCONT reaches its
handler only after a suspend, and an exit given a deadline ends by then whatever hangs."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def run_child(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_sigcont_reaches_its_handler_only_after_a_suspend() -> None:
    child = run_child(
        """
        import os, signal
        from readtui.signals import resume_only_after_suspend

        seen = []
        signal.signal(signal.SIGTSTP, lambda *_: seen.append("stop"))
        signal.signal(signal.SIGCONT, lambda *_: seen.append("continue"))
        resume_only_after_suspend()
        for signum in (signal.SIGCONT, signal.SIGTSTP, signal.SIGCONT, signal.SIGCONT):
            os.kill(os.getpid(), signum)
        print(" ".join(seen))
        """
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == ["stop", "continue"]


def test_without_handlers_installed_nothing_is_wrapped() -> None:
    child = run_child(
        """
        import signal
        from readtui.signals import resume_only_after_suspend

        resume_only_after_suspend()
        print(signal.getsignal(signal.SIGCONT) is signal.SIG_DFL)
        """
    )
    assert child.stdout.strip() == "True", child.stderr


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_an_exit_that_hangs_ends_at_its_deadline_as_a_death_by_that_signal(
    signum: signal.Signals,
) -> None:
    """The child would wait forever; only the deadline can end it (within subprocess's limit)."""
    child = run_child(
        f"""
        import threading
        from readtui.signals import exit_deadline

        exit_deadline({int(signum)}, grace=0.2)
        threading.Event().wait()
        """
    )
    assert child.returncode == 128 + signum, child.stderr


def test_a_process_that_exits_in_time_is_not_held_by_its_deadline() -> None:
    child = run_child(
        """
        from readtui.signals import exit_deadline

        exit_deadline(15, grace=600)
        print("done")
        """
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "done"
