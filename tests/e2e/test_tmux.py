"""End to end in a real terminal: the installed `readtui` command running inside tmux.

Each test module run gets its own tmux server (`tmux -L readtui-e2e-<pid>-<n>`), so a user's
tmux sessions are never touched; the server is killed when the module's tests are done.
The app runs with no X or Wayland display and no SSH variables, so a copied quote can only
reach tmux's paste buffer. Waits poll `capture-pane` against a deadline; nothing sleeps blindly.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from tmux_kit import EXIT_MARK, READTUI, TMUX, Pane, Screen, Tmux, wait_for

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "articles" / "russian-recruiter-shot-cbc.txt"
HEADLINE = "Russian military recruiter shot"
FIRST_QUOTE = "\u201cno one will go to fight\u201d"
RULE = "\u2500"  # the rule under the article header is a row of these

pytestmark = [
    pytest.mark.skipif(
        READTUI is None,
        reason="the `readtui` command is not installed on PATH (pip install '.[test]')",
    ),
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)"),
    pytest.mark.skipif(not SEED.is_file(), reason=f"seed article missing: {SEED}"),
]


def session_name(request: pytest.FixtureRequest) -> str:
    return "".join(c if c.isalnum() else "-" for c in request.node.name)[:60]


def changed_from(before: Screen) -> Callable[[Screen], Screen | None]:
    """A check for `Pane.wait`: the article pane differs from `before` (a key took effect)."""
    rows = before.body()
    return lambda screen: screen if screen.body() != rows else None


def is_header_rule(row: str) -> bool:
    """The rule under the article header: a row of nothing but box-drawing dashes."""
    text = row.strip()
    return len(text) >= 10 and set(text) == {RULE}


def is_paragraph_start(screen: Screen, previous_top: str | None) -> bool:
    """The top row opens a body block: the row above was blank and the header is gone."""
    body = screen.body()
    top = screen.top()
    if not body or not top or previous_top != "":
        return False
    if any(is_header_rule(row) for row in body):
        return False  # the article header is still on screen: its lines share one anchor
    return top[0].isalnum() or top[0] in "\"'\u201c"


# -- a, b -------------------------------------------------------------------------------------
def test_launch_shows_headline(
    tmux: Tmux, seed: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    pane = tmux.launch(session_name(request), tmp_path / "data", seed, (100, 30))
    pane.wait(
        f"the headline {HEADLINE!r} in the article pane",
        lambda screen: any(HEADLINE in row for row in screen.body()),
    )


def test_copy_first_quote_reaches_tmux_buffer(
    tmux: Tmux, seed: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    pane = tmux.launch(session_name(request), tmp_path / "data", seed, (100, 30))
    pane.wait("the headline", lambda screen: any(HEADLINE in row for row in screen.body()))
    pane.keys("]")
    pane.wait("the first quote to come into view", lambda s: "no one will go to fight" in s.prose())
    pane.keys("y")
    wait_for(
        lambda: pane.buffer() == FIRST_QUOTE,
        what=f"tmux's paste buffer to hold {FIRST_QUOTE!r}",
        details=lambda: f"the buffer holds {pane.buffer()!r}; {pane.describe()}",
    )


# -- c, d, e: the reading position survives quitting, relaunching and resizing -----------------
@dataclass(frozen=True)
class Saved:
    data_dir: Path
    top: str
    exit_screen: Screen


@pytest.fixture(scope="module")
def saved(tmux: Tmux, seed: Path, tmp_path_factory: pytest.TempPathFactory) -> Saved:
    """Scroll into the article until a paragraph starts at the top, note it, then press q."""
    data_dir = tmp_path_factory.mktemp("saved") / "data"
    pane = tmux.launch("scroll-and-quit", data_dir, seed, (100, 30))
    screen = pane.wait(
        "the headline", lambda s: s if any(HEADLINE in r for r in s.body()) else None
    )

    pane.keys("Space")
    screen = pane.wait("a page down", changed_from(screen))
    previous_top: str | None = None
    for _ in range(80):
        if is_paragraph_start(screen, previous_top):
            break
        previous_top = screen.top()
        pane.keys("j")
        screen = pane.wait("one line down", changed_from(screen))
    else:
        pytest.fail(
            "never saw a paragraph start at the top of the article pane\n" + pane.describe()
        )
    top = screen.top()
    assert top
    pane.keys("q")
    return Saved(data_dir, top, pane.wait_exit())


def test_quit_exits_cleanly_and_saves_state(saved: Saved) -> None:
    assert f"{EXIT_MARK} 0" in saved.exit_screen.text(), saved.exit_screen.text()
    assert (saved.data_dir / "state.db").is_file(), sorted(p.name for p in saved.data_dir.glob("*"))


def relaunch(
    tmux: Tmux, saved: Saved, seed: Path, tmp_path: Path, name: str, size: tuple[int, int]
) -> Pane:
    """Start again on a copy of the saved data dir, so each relaunch test stands alone."""
    data_dir = tmp_path / "data"
    shutil.copytree(saved.data_dir, data_dir)
    return tmux.launch(name, data_dir, seed, size)


def test_relaunch_restores_the_top_line(
    tmux: Tmux, saved: Saved, seed: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    pane = relaunch(tmux, saved, seed, tmp_path, session_name(request), (100, 30))
    pane.wait(f"{saved.top!r} at the top of the article pane", lambda s: s.top() == saved.top)


@pytest.mark.parametrize("size", [(70, 24), (140, 40)], ids=["70x24", "140x40"])
def test_relaunch_at_another_size_keeps_the_paragraph_on_top(
    tmux: Tmux,
    saved: Saved,
    seed: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    size: tuple[int, int],
) -> None:
    words = saved.top.split()[:3]

    def starts_with_saved_words(screen: Screen) -> bool:
        top = (screen.top() or "").split()
        count = min(len(words), len(top))
        return count >= 2 and top[:count] == words[:count]

    pane = relaunch(tmux, saved, seed, tmp_path, session_name(request), size)
    pane.wait(f"{' '.join(words)!r}... at the top of the article pane", starts_with_saved_words)


# -- SIGTERM: the position is written and the app exits cleanly -----------------------------------
def app_pid(pane: Pane) -> int:
    """The readtui process: the child of the pane's `sh -c` wrapper."""
    shell = pane.tmux.run("display-message", "-p", "-t", pane.target, "#{pane_pid}").stdout
    children = Path(f"/proc/{shell.strip()}/task/{shell.strip()}/children")
    found = wait_for(lambda: children.read_text().split(), what="the readtui process")
    return int(found[0])


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_sigterm_saves_the_position_and_exits_cleanly(
    tmux: Tmux, seed: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    data_dir = tmp_path / "data"
    name = session_name(request)
    pane = tmux.launch(name, data_dir, seed, (100, 30))
    screen = pane.wait(
        "the headline", lambda s: s if any(HEADLINE in r for r in s.body()) else None
    )
    for _ in range(3):
        pane.keys("Space")
        screen = pane.wait("a page down", changed_from(screen))
    top = screen.top()
    assert top
    os.kill(app_pid(pane), signal.SIGTERM)
    exit_screen = pane.wait_exit()
    assert f"{EXIT_MARK} 0" in exit_screen.text(), exit_screen.text()
    again = tmux.launch(name + "-again", data_dir, seed, (100, 30))
    again.wait(f"{top!r} at the top of the article pane", lambda s: s.top() == top)


# -- a crash: non-zero exit, one line on stderr, the full report in crash.log ---------------------
CRASHING_LAUNCH = """
import sys
from readtui.screens import reader
from readtui.__main__ import main

def explode(self):
    raise RuntimeError("injected failure for the crash test")

reader.ReaderScreen.index_library = explode  # the test's own fault, injected before start-up
sys.exit(main(sys.argv[1:]))
"""


def test_a_crash_exits_non_zero_with_one_line_on_stderr(
    tmux: Tmux, seed: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """After the app restores the terminal, the shell shows one readtui line, no traceback."""
    data_dir = tmp_path / "data"
    script = tmp_path / "crash.py"
    script.write_text(CRASHING_LAUNCH, encoding="utf-8")
    command = f'{shlex.quote(sys.executable)} {shlex.quote(str(script))} "$1"'
    wide = (400, 30)  # wide enough that the one line is not wrapped by the pane
    pane = tmux.launch_command(session_name(request), data_dir, seed, command, wide)
    shown = [line for line in pane.wait_exit().lines if line.strip()]
    assert shown.index(f"{EXIT_MARK} 1") == 1, shown
    assert shown[0].startswith("readtui: crashed: RuntimeError: injected failure"), shown
    report = (data_dir / "crash.log").read_text(encoding="utf-8")
    assert "explode" in report and report.rstrip().endswith("injected failure for the crash test")
