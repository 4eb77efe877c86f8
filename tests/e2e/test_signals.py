"""Signals in a real terminal (tmux): SIGTERM, SIGHUP, a closed terminal, SIGCONT without and
with a suspend, and SIGWINCH storms (1x1, 20x5, 300x100 and 200 sizes in a row).

The app runs with its scroll-save delay set to an hour, so a scrolled position reaches the store
only through the flush on exit: a saved position proves the signal handler did its work. The
terminal's state after the exit is read from tmux's pane flags (`#{alternate_on}`,
`#{cursor_flag}`, `#{mouse_any_flag}`), which is how a real terminal shows a broken restore.
"""

from __future__ import annotations

import itertools
import os
import shlex
import signal
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from processes import has_exited, process_state
from tmux_kit import EXIT_MARK, READTUI, TMUX, Pane, Screen, Tmux, wait_for

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "articles" / "russian-recruiter-shot-cbc.txt"
HEADLINE = "Russian military recruiter shot"
SIZE = (100, 30)

pytestmark = [
    pytest.mark.skipif(READTUI is None, reason="the `readtui` command is not installed on PATH"),
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)"),
    pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc"),
]

# The installed app, with the debounced save after scrolling pushed out of the test's reach.
NO_SCROLL_SAVE_LAUNCH = """
import sys
from readtui.screens import reader
from readtui.__main__ import main

reader.ReaderScreen.SAVE_DELAY = 3600.0
sys.exit(main(sys.argv[1:]))
"""

# The same, with the fault seen when a terminal goes away: Textual's driver never finishes
# closing (its output thread died on the dead terminal and its queue is full).
HANGING_EXIT_LAUNCH = """
import sys, threading
from textual.drivers.linux_driver import LinuxDriver
from readtui.screens import reader
from readtui.__main__ import main

LinuxDriver.close = lambda self: threading.Event().wait()
reader.ReaderScreen.SAVE_DELAY = 3600.0
sys.exit(main(sys.argv[1:]))
"""

TERMINAL_FLAGS = "#{alternate_on} #{cursor_flag} #{mouse_any_flag}"
RUNNING_FLAGS = "1 0 1"  # alternate screen, cursor hidden, mouse reporting on
RESTORED_FLAGS = "0 1 0"  # main screen, cursor visible, mouse reporting off


@pytest.fixture(scope="module")
def launcher(tmp_path_factory: pytest.TempPathFactory) -> Path:
    script = tmp_path_factory.mktemp("launcher") / "no_scroll_save.py"
    script.write_text(NO_SCROLL_SAVE_LAUNCH, encoding="utf-8")
    return script


@pytest.fixture(scope="module")
def hanging_launcher(tmp_path_factory: pytest.TempPathFactory) -> Path:
    script = tmp_path_factory.mktemp("launcher") / "hanging_exit.py"
    script.write_text(HANGING_EXIT_LAUNCH, encoding="utf-8")
    return script


def session_name(request: pytest.FixtureRequest) -> str:
    """Unique per test and parameter: the end of the name holds the parameter's id."""
    return "".join(c if c.isalnum() else "-" for c in request.node.name)[-50:].strip("-")


def launch(tmux: Tmux, name: str, data_dir: Path, seed: Path, launcher: Path) -> Pane:
    """The app in a pane that outlives it: tmux reports a dead pane's cursor as hidden, so the
    shell stays (reading the terminal) after it has printed the app's exit status."""
    app = f'{shlex.quote(sys.executable)} {shlex.quote(str(launcher))} "$1"'
    command = f"{app}; echo {EXIT_MARK} $?; exec cat >/dev/null"
    pane = tmux.launch_command(name, data_dir, seed, command, SIZE)
    pane.wait("the headline", lambda s: any(HEADLINE in row for row in s.body()))
    return pane


def flags(pane: Pane) -> str:
    return pane.tmux.run("display-message", "-p", "-t", pane.target, TERMINAL_FLAGS).stdout.strip()


def app_pid(pane: Pane) -> int:
    """The app: the child of the pane's `sh -c` wrapper."""
    shell = pane.tmux.run("display-message", "-p", "-t", pane.target, "#{pane_pid}").stdout
    children = Path(f"/proc/{shell.strip()}/task/{shell.strip()}/children")
    found = wait_for(lambda: children.read_text().split(), what="the readtui process")
    return int(found[0])


def saved_rows(data_dir: Path) -> list[tuple[int, int]]:
    """Every saved reading position in the store on disk."""
    db = data_dir / "state.db"
    if not db.is_file():
        return []
    with sqlite3.connect(db) as connection:
        return list(connection.execute("SELECT block, char_offset FROM articles"))


def changed_from(rows: list[str]) -> Callable[[Screen], Screen | None]:
    """A check for `Pane.wait`: the article pane no longer shows `rows` (a key took effect)."""
    return lambda screen: screen if screen.body() != rows else None


def scroll_down(pane: Pane, pages: int) -> str:
    """Page down, waiting for each page to show; returns the article pane's new top row."""
    screen = pane.capture()
    for _ in range(pages):
        before = screen.body()
        pane.keys("Space")
        screen = pane.wait("a page down", changed_from(before))
    top = screen.top()
    assert top
    return top


def relaunched_top_is(tmux: Tmux, name: str, data_dir: Path, seed: Path, top: str) -> Screen:
    """Start the plain installed app again on the same store: the saved top row comes back."""
    again = tmux.launch(name, data_dir, seed, SIZE)
    return again.wait(
        f"{top!r} at the top of the article pane", lambda s: s if s.top() == top else None
    )


# -- SIGTERM and SIGHUP --------------------------------------------------------------------------
@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_signal_saves_the_position_restores_the_terminal_and_exits_cleanly(
    tmux: Tmux,
    seed: Path,
    launcher: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    signum: signal.Signals,
) -> None:
    data_dir = tmp_path / "data"
    name = session_name(request)
    pane = launch(tmux, name, data_dir, seed, launcher)
    assert flags(pane) == RUNNING_FLAGS
    top = scroll_down(pane, 3)
    before = saved_rows(data_dir)  # the article's start, saved when it opened
    os.kill(app_pid(pane), signum)
    exit_screen = pane.wait_exit()
    assert f"{EXIT_MARK} 0" in exit_screen.text(), exit_screen.text()
    assert flags(pane) == RESTORED_FLAGS
    after = saved_rows(data_dir)
    assert len(after) == 1 and after != before, (before, after)
    relaunched_top_is(tmux, name + "-again", data_dir, seed, top)


# -- the terminal goes away ----------------------------------------------------------------------
@pytest.mark.parametrize("how", ["kill-pane", "kill-window"])
def test_closing_the_terminal_still_saves_the_position(
    tmux: Tmux,
    seed: Path,
    launcher: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    how: str,
) -> None:
    """tmux closes the pane's pty: the kernel hangs the terminal up and sends SIGHUP."""
    data_dir = tmp_path / "data"
    name = session_name(request)
    pane = launch(tmux, name, data_dir, seed, launcher)
    top = scroll_down(pane, 3)
    before = saved_rows(data_dir)
    pid = app_pid(pane)
    tmux.run(how, "-t", pane.target)
    wait_for(lambda: has_exited(pid), what=f"readtui (pid {pid}) to exit after {how}")
    after = saved_rows(data_dir)
    assert len(after) == 1 and after != before, (before, after)
    relaunched_top_is(tmux, name + "-again", data_dir, seed, top)


def threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def test_an_exit_that_hangs_on_the_terminal_still_ends_with_the_position_saved(
    tmux: Tmux,
    seed: Path,
    hanging_launcher: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    data_dir = tmp_path / "data"
    name = session_name(request)
    pane = launch(tmux, name, data_dir, seed, hanging_launcher)
    top = scroll_down(pane, 3)
    before = saved_rows(data_dir)
    os.kill(app_pid(pane), signal.SIGHUP)
    exit_screen = pane.wait_exit()  # within EXIT_GRACE (5 s) of the signal, not never
    assert f"{EXIT_MARK} {128 + signal.SIGHUP}" in exit_screen.text(), exit_screen.text()
    after = saved_rows(data_dir)
    assert len(after) == 1 and after != before, (before, after)
    relaunched_top_is(tmux, name + "-again", data_dir, seed, top)


# -- SIGCONT: only a suspended app restarts its terminal mode -----------------------------------
def test_a_sigcont_without_a_suspend_restarts_nothing(
    tmux: Tmux, seed: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The kernel sends SIGCONT with the SIGHUP of a closed terminal; Textual would answer it
    by starting a second input and output thread on the dead terminal."""
    pane = tmux.launch(session_name(request), tmp_path / "data", seed, SIZE)
    pane.wait("the headline", lambda s: any(HEADLINE in row for row in s.body()))
    pid = app_pid(pane)
    running = threads(pid)
    os.kill(pid, signal.SIGCONT)
    scroll_down(pane, 1)  # a key handled after the signal: the signal has been handled too
    assert threads(pid) == running
    pane.keys("q")
    exit_screen = pane.wait_exit()
    assert f"{EXIT_MARK} 0" in exit_screen.text(), exit_screen.text()


def test_suspend_and_resume_still_work(
    tmux: Tmux, seed: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    pane = tmux.launch(session_name(request), tmp_path / "data", seed, SIZE)
    pane.wait("the headline", lambda s: any(HEADLINE in row for row in s.body()))
    assert flags(pane) == RUNNING_FLAGS
    pid = app_pid(pane)
    os.kill(pid, signal.SIGTSTP)
    wait_for(lambda: process_state(pid) == "T", what="readtui to stop")
    assert flags(pane) == RESTORED_FLAGS  # it left the terminal usable while stopped
    os.kill(pid, signal.SIGCONT)
    wait_for(lambda: flags(pane) == RUNNING_FLAGS, what="readtui to take the terminal back")
    # drawn again by itself, before any key: the terminal was left empty by the suspend
    pane.wait("the headline drawn again", lambda s: any(HEADLINE in row for row in s.body()))
    top = scroll_down(pane, 1)
    assert top
    pane.keys("q")
    exit_screen = pane.wait_exit()
    assert f"{EXIT_MARK} 0" in exit_screen.text(), exit_screen.text()


# -- SIGWINCH: a storm of resizes ----------------------------------------------------------------
RULE = "\u2500"  # the rule under the article header is a row of these
STORM = 200


def storm_sizes() -> list[tuple[int, int]]:
    """200 window sizes jumping between the extremes (1x1, 20x5, 300x100) and ordinary ones."""
    widths = [1, 20, 300, 80, 41, 137, 2, 100, 64, 250]
    heights = [1, 5, 100, 24, 7, 50, 2, 30, 13]
    cycle = zip(itertools.cycle(widths), itertools.cycle(heights), strict=False)
    return list(itertools.islice(cycle, STORM))


def starts_a_paragraph(screen: Screen, previous_top: str | None) -> bool:
    """The top row opens a body block: the row above it was blank and the header is gone."""
    top = screen.top()
    if not top or previous_top != "":
        return False
    if any(set(row.strip()) == {RULE} for row in screen.body()):
        return False  # the article header is still on screen
    return top[0].isalnum() or top[0] in "\"'\u201c"


def scroll_to_a_paragraph_start(pane: Pane) -> str:
    """Scroll line by line until a paragraph begins on the top row (an anchor at offset 0, so
    the same row is on top at this size whatever sizes come in between)."""
    scroll_down(pane, 1)
    screen = pane.capture()
    previous: str | None = None
    for _ in range(80):
        if starts_a_paragraph(screen, previous):
            top = screen.top()
            assert top
            return top
        previous, before = screen.top(), screen.body()
        pane.keys("j")
        screen = pane.wait("one line down", changed_from(before))
    pytest.fail("never saw a paragraph start on the top row\n" + pane.describe())


def scroll_up_to_a_paragraph_start(pane: Pane) -> str:
    """From the end, scroll up line by line until a paragraph begins on the top row: a position
    that a 100-row terminal cannot put on top (the article ends first)."""
    screen = pane.capture()
    pane.keys("G")
    screen = pane.wait("the end of the article", changed_from(screen.body()))
    for _ in range(80):
        top, before = screen.top(), screen.body()
        pane.keys("k")
        screen = pane.wait("one line up", changed_from(before))
        if screen.top() == "" and top and (top[0].isalnum() or top[0] in "\"'\u201c"):
            pane.keys("j")
            pane.wait(f"{top!r} on top", lambda s, top=top: s.top() == top)
            return top
    pytest.fail("never saw a paragraph start on the top row\n" + pane.describe())


def resize(pane: Pane, width: int, height: int) -> None:
    pane.tmux.run("resize-window", "-t", pane.target, "-x", str(width), "-y", str(height))


def drawn_at(width: int, height: int) -> Callable[[Screen], bool]:
    """A check that the app has redrawn itself at this size: its footer (ending in the command
    palette's key) spans the new bottom row. A 1x1 pane only shows its size."""
    if width < 20:
        return lambda screen: len(screen.lines) == height

    def check(screen: Screen) -> bool:
        bottom = screen.lines[-1].rstrip() if len(screen.lines) == height else ""
        return bottom.endswith("palette") and len(bottom) > width - 5

    return check


def resize_and_wait(pane: Pane, width: int, height: int) -> None:
    """A size the app is given time to draw at (a storm alone may be coalesced)."""
    resize(pane, width, height)
    pane.wait(f"the app drawn at {width}x{height}", drawn_at(width, height))


@pytest.mark.parametrize("where", ["mid-article", "near-the-end"])
def test_a_storm_of_resizes_keeps_the_app_alive_and_the_paragraph_on_top(
    tmux: Tmux, seed: Path, tmp_path: Path, request: pytest.FixtureRequest, where: str
) -> None:
    sizes = storm_sizes()
    assert len(sizes) == STORM and {(1, 1), (20, 5), (300, 100)} <= set(sizes)
    pane = tmux.launch(session_name(request), tmp_path / "data", seed, SIZE)
    pane.wait("the headline", lambda s: any(HEADLINE in row for row in s.body()))
    if where == "mid-article":
        top = scroll_to_a_paragraph_start(pane)
    else:
        top = scroll_up_to_a_paragraph_start(pane)
    for width, height in [(20, 5), (1, 1), (300, 100), (20, 5)]:
        resize_and_wait(pane, width, height)
    for width, height in sizes:
        resize(pane, width, height)
    resize(pane, *SIZE)
    pane.wait(f"{top!r} on top again after the storm", lambda s: s.top() == top)
    before = pane.capture().body()
    pane.keys("j")
    pane.wait("a key to take effect", lambda s: s.body() != before)
    pane.keys("q")
    exit_screen = pane.wait_exit()
    assert f"{EXIT_MARK} 0" in exit_screen.text(), exit_screen.text()
