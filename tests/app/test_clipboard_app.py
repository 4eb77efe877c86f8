"""The copy keys through Pilot, with fake clipboard tools first on PATH: what reached each
clipboard, what the notification said, and that the reader kept answering while a tool hung.

The fakes are shell scripts that record what they received (or hang, or print junk), so the
tests check what the user would see and have, not which functions ran.
"""

from __future__ import annotations

import html
import os
import re
import stat
import threading
import time
from pathlib import Path

import pytest
from processes import process_state
from test_reader import SEED, make_app, notifications, ready, settle
from textual.pilot import Pilot
from textual.worker import WorkerState

from readtui.app import ReadtuiApp

FIRST_QUOTE = "\u201cno one will go to fight\u201d"
TMUX_VALUE = "/tmp/tmux-0/default,4242,0"
DEAD_DISPLAY = ":987"  # no X server listens there
JUNK = ("XCLIP-STDOUT-JUNK", "XCLIP-STDERR-JUNK", "pwned")
PROC = Path("/proc/self/stat").is_file()


class FakeBin:
    """A folder of fake tools put first on PATH; each records into the folder above it."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir(parents=True)
        monkeypatch.setenv("PATH", f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}")

    def tool(self, name: str, body: str) -> None:
        script = self.bin / name
        script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)

    def file(self, name: str) -> Path:
        return self.root / name

    def read(self, name: str) -> str:
        return self.file(name).read_text(encoding="utf-8")


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeBin:
    return FakeBin(tmp_path / "fakes", monkeypatch)


RECORD_TMUX = '/bin/cat > "{root}/tmux-buffer"'
RECORD_XCLIP = '/bin/cat > "{root}/xclip-clipboard"'


def screen_text(app: ReadtuiApp) -> str:
    """Everything on the screen now (toasts included), as plain text."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def reaped(pid: int) -> bool:
    """Wait (up to 30 s) until the process is gone, not even a zombie; False if it never is."""
    deadline = time.monotonic() + 30
    while process_state(pid) is not None:
        if time.monotonic() >= deadline:
            return False
        threading.Event().wait(0.01)
    return True


async def wait_for_file(pilot: Pilot[None], path: Path) -> str:
    """Keep the app running until a fake tool has written `path` (its pid), then return it."""
    deadline = time.monotonic() + 30
    while not (path.exists() and path.read_text().strip()):
        assert time.monotonic() < deadline, f"{path.name} never appeared: the tool never ran"
        await pilot.pause()
    return path.read_text().strip()


async def toast_shown(pilot: Pilot[None], words: str) -> str:
    """The screen's text once a notification holding `words` (one word: toasts wrap) is
    drawn on it."""
    deadline = time.monotonic() + 30
    while words not in (shown := screen_text(pilot.app)):  # type: ignore[arg-type]
        assert time.monotonic() < deadline, f"no notification with {words!r} on screen"
        await pilot.pause()
    return shown


async def copy_first_quote(pilot: Pilot[None]) -> None:
    await pilot.press("right_square_bracket", "y")


# -- over SSH / without a display ---------------------------------------------------------------
async def test_over_ssh_osc52_and_tmux_carry_the_copy_and_the_message_says_so(
    isolated_user: Path, fakes: FakeBin, monkeypatch: pytest.MonkeyPatch
) -> None:
    fakes.tool("tmux", RECORD_TMUX.format(root=fakes.root))
    fakes.tool("xclip", RECORD_XCLIP.format(root=fakes.root))
    monkeypatch.setenv("TMUX", TMUX_VALUE)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
    monkeypatch.setenv("DISPLAY", "localhost:10.0")  # a forwarded X display: still not tried
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await copy_first_quote(pilot)
        await settle(pilot)
        assert app.clipboard == FIRST_QUOTE
        assert fakes.read("tmux-buffer") == FIRST_QUOTE
        assert not fakes.file("xclip-clipboard").exists()
        assert notifications(app)[-1] == (
            f"Copied {FIRST_QUOTE} (25 characters) via OSC 52 and tmux buffer "
            "\u2014 no system clipboard over SSH."
        )


# -- a tool that cannot reach its X server prints nothing over the TUI --------------------------
NOISY_XCLIP = r"""
printf 'XCLIP-STDOUT-JUNK \033]0;pwned\007\n'
printf 'Error: Can'"'"'t open display: {display}\n' >&2
printf 'XCLIP-STDERR-JUNK \033]52;c;cHduZWQ=\007\n' >&2
exit 1
"""


@pytest.mark.parametrize("xclip", ["fake", "real"])
async def test_xclip_on_a_dead_display_never_prints_over_the_tui(
    isolated_user: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    xclip: str,
) -> None:
    if xclip == "fake":
        FakeBin(tmp_path / "fakes", monkeypatch).tool(
            "xclip", NOISY_XCLIP.format(display=DEAD_DISPLAY)
        )
    elif not any((Path(d) / "xclip").is_file() for d in os.environ["PATH"].split(os.pathsep)):
        pytest.skip("the real-xclip variant needs xclip on PATH (apt-get install xclip)")
    monkeypatch.setenv("DISPLAY", DEAD_DISPLAY)
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        await ready(pilot)
        await copy_first_quote(pilot)
        await settle(pilot)
        assert app.clipboard == FIRST_QUOTE  # OSC 52 still carried it
        message = notifications(app)[-1]
        assert "xclip could not open the X display" in message
        shown = await toast_shown(pilot, "Copied")
        for junk in JUNK:
            assert junk not in shown
            assert junk not in message
    captured = capfd.readouterr()
    assert captured.out == ""
    assert captured.err == ""


# -- a hanging tool ------------------------------------------------------------------------------
HANGING_XCLIP = 'echo $$ > "{root}/xclip.pid"\nexec /bin/sleep 600'


def copy_worker_running(app: ReadtuiApp) -> bool:
    return any(
        w.group == "clipboard" and w.state == WorkerState.RUNNING for w in app.workers._workers
    )


@pytest.mark.skipif(not PROC, reason="needs Linux /proc")
async def test_the_reader_answers_keys_while_a_copy_hangs_and_quit_kills_the_tool(
    isolated_user: Path, fakes: FakeBin, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tool may hang for ten minutes here, so every key below is handled mid-copy; quitting
    then kills it (the test would otherwise run into pytest's time limit)."""
    fakes.tool("xclip", HANGING_XCLIP.format(root=fakes.root))
    monkeypatch.setenv("DISPLAY", ":0")
    app = make_app(isolated_user, SEED, SEED.parent / "harbour-ferry-strike-cbc.txt")
    app.copy_timeout = 600
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ready(pilot)
        if view.article is None or view.article.meta.path != str(SEED):
            await pilot.press("n")
        assert view.article is not None and view.article.meta.path == str(SEED)
        await copy_first_quote(pilot)
        pid = int(await wait_for_file(pilot, fakes.file("xclip.pid")))
        top = view.scroll_offset.y
        await pilot.press("j", "j")
        assert view.scroll_offset.y == top + 2
        title = view.article.title
        await pilot.press("n")
        assert view.article is not None and view.article.title != title
        assert process_state(pid) not in (None, "Z")
        assert copy_worker_running(app)
        assert app.clipboard == FIRST_QUOTE  # OSC 52 went first and did not wait for xclip
        await pilot.press("q")
    assert reaped(pid)  # killed at once and reaped: no zombie left behind


@pytest.mark.skipif(not PROC, reason="needs Linux /proc")
async def test_a_hanging_xclip_times_out_in_two_seconds_and_says_so(
    isolated_user: Path, fakes: FakeBin, monkeypatch: pytest.MonkeyPatch
) -> None:
    fakes.tool("xclip", HANGING_XCLIP.format(root=fakes.root))
    monkeypatch.setenv("DISPLAY", ":0")
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ready(pilot)
        await copy_first_quote(pilot)
        pid = int(await wait_for_file(pilot, fakes.file("xclip.pid")))
        top = view.scroll_offset.y
        await pilot.press("j")
        assert view.scroll_offset.y == top + 1
        await settle(pilot)
        assert notifications(app)[-1] == (
            f"Copied {FIRST_QUOTE} (25 characters) via OSC 52; "
            "system clipboard: xclip did not finish within 2 s."
        )
        assert process_state(pid) is None


# -- a quote too large for one OSC 52 sequence --------------------------------------------------
LONG_STATEMENT = "Every word of a very long statement, said twice. " * 3000


@pytest.fixture
def long_quote_article(tmp_path: Path) -> Path:
    path = tmp_path / "library" / "long-quote.txt"
    path.parent.mkdir()
    path.write_text(
        "Council hears the longest statement on record\n\n"
        "The mayor spoke for six hours on Tuesday night.\n\n"
        f'"{LONG_STATEMENT.strip()}," said Jane Smith, the mayor of Springfield.\n\n'
        "The council adjourned at midnight.\n",
        encoding="utf-8",
    )
    return path


async def test_a_quote_over_100_kb_skips_osc52_reaches_tmux_and_says_why(
    isolated_user: Path,
    fakes: FakeBin,
    monkeypatch: pytest.MonkeyPatch,
    long_quote_article: Path,
) -> None:
    fakes.tool("tmux", RECORD_TMUX.format(root=fakes.root))
    monkeypatch.setenv("TMUX", TMUX_VALUE)
    app = make_app(isolated_user, long_quote_article)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await copy_first_quote(pilot)
        await settle(pilot)
        copied = fakes.read("tmux-buffer")
        assert len(copied.encode("utf-8")) > 100_000
        assert copied == "\u201c" + LONG_STATEMENT.strip() + "\u201d"
        assert app.clipboard == ""  # no OSC 52 sequence was sent
        message = notifications(app)[-1]
        assert message.startswith("Copied \u201cEvery word of a very long")
        assert message.endswith(
            "(147,001 characters) via tmux buffer \u2014 no system clipboard without a display; "
            "too large for the terminal clipboard (OSC 52): 147 KB (the limit is 75 KB)."
        )


async def test_a_quote_over_100_kb_with_no_other_route_is_not_copied_and_says_why(
    isolated_user: Path, long_quote_article: Path
) -> None:
    app = make_app(isolated_user, long_quote_article)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await copy_first_quote(pilot)
        await settle(pilot)
        assert app.clipboard == ""
        assert notifications(app)[-1] == (
            "Could not copy: too large for the terminal clipboard (OSC 52): 147 KB "
            "(the limit is 75 KB); no system clipboard without a display."
        )
