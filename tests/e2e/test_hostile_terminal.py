"""The hostile article in a real terminal: nothing it holds reaches the terminal as a sequence.

Two views of the same run: a pseudo-terminal that records every byte the installed `readtui`
writes (scanned for OSC 0/2 titles, OSC 52 clipboard writes, OSC 8 links and the article's raw
escape sequences), and tmux, whose pane title and paste buffers show what a terminal would have
done with them. Each check has a control run (`cat` of the same file) proving it would notice.

The file is not named test_hostile.py: tests/app has one, and test folders are not packages.
"""

from __future__ import annotations

import base64
import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hostile import CLICK_QUIT, ESCAPES, FIRST_QUOTE_SHOWN, HOSTILE_NAME, write_hostile
from tmux_kit import EXIT_MARK, READTUI, TMUX, Pane, Screen, Tmux, clean_env, wait_for

from readtui import __main__ as cli
from readtui.__main__ import crash_summary
from readtui.article import load
from readtui.errors import ArticleError

SIZE = (100, 30)
TIMEOUT = 30.0
TITLE_IN_CARETS = "^[]0;PWNED^G"
COPIED = f"\u201c{FIRST_QUOTE_SHOWN}\u201d"
"""What `]` then `y` copies: the first quote as the view shows it."""

_pause = threading.Event()  # never set: .wait(interval) is a pause that a CI hook won't flag

needs_readtui = pytest.mark.skipif(READTUI is None, reason="`readtui` is not installed on PATH")
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")

CSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")
OSC = re.compile(rb"\x1b\](\d*)(;[^\x07\x1b]*)?(?:\x07|\x1b\\)")
OSC52 = re.compile(rb"\x1b\]52;[a-z]*;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)")
IN_CONTEXT = (b"office \x1b[2J in", b"evil\x1b[31m")
"""Planted CSI sequences with their neighbours, told apart from Textual's own CSI output."""


def scan(output: bytes, copied: str | None = None) -> list[str]:
    """Everything in `output` that a hostile article could have caused; empty when clean.

    OSC 52 is allowed only when its payload is exactly `copied` (the app's own copy)."""
    problems = [f"planted sequence {raw!r}" for raw in ESCAPES if raw.encode() in output]
    problems += [f"planted sequence {raw!r}" for raw in IN_CONTEXT if raw in output]
    for match in OSC.finditer(output):
        number = match.group(1).decode()
        if number in ("0", "1", "2"):
            problems.append(f"OSC {number} (window or pane title): {match.group()!r}")
        elif number == "8":
            problems.append(f"OSC 8 (hyperlink): {match.group()!r}")
    for match in OSC52.finditer(output):
        payload = base64.b64decode(match.group(1)).decode("utf-8", "replace")
        if payload != copied:
            problems.append(f"OSC 52 (clipboard) with {payload!r}")
    rest = OSC.sub(b"", CSI.sub(b"", output))
    if b"\x1b" in rest:
        start = rest.index(b"\x1b")
        problems.append(f"an escape outside CSI/OSC: {rest[start : start + 30]!r}")
    text = output.decode("utf-8", "replace")
    problems += [f"control {ch!r}" for ch in sorted(set(re.findall("[\x7f-\x9f]", text)))]
    return problems


# -- a pseudo-terminal ---------------------------------------------------------------------------
class Terminal:
    """A program in a pseudo-terminal of a set size; everything it writes is kept.

    The program gets the terminal's other end as stdin, stdout and stderr (Textual reads
    stdin and draws on stderr), in a session of its own; it is stopped by its pid."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.output = bytearray()
        self.fd, child_end = os.openpty()
        width, height = size
        fcntl.ioctl(child_end, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        try:
            self.process = subprocess.Popen(
                argv,
                stdin=child_end,
                stdout=child_end,
                stderr=child_end,
                env=env,
                start_new_session=True,
            )
        finally:
            os.close(child_end)

    def pump(self, until: Callable[[], object], what: str, timeout: float = TIMEOUT) -> None:
        """Read output until `until()` is true; fail at the deadline or if the program ends
        first."""
        deadline = time.monotonic() + timeout
        while not until():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; {self.last_output()}")
            if not self._read(0.1) and self.exited():
                if until():
                    return
                raise AssertionError(f"the program ended before {what}; {self.last_output()}")

    def _read(self, wait: float) -> bool:
        """Append what the program wrote within `wait` seconds; false once it closed the
        terminal (EIO) or wrote nothing."""
        if not select.select([self.fd], [], [], wait)[0]:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: every copy of the program's end is closed
            _pause.wait(0.01)
            return False
        self.output.extend(chunk)
        return bool(chunk)

    def last_output(self) -> str:
        return f"last output: {bytes(self.output[-400:])!r}"

    def shows(self, text: str) -> Callable[[], bool]:
        return lambda: text.encode() in self.output

    def key(self, key: str, then: str | None = None) -> None:
        """Press `key`, then wait for `then` to be drawn, or else for any new output."""
        mark = len(self.output)
        os.write(self.fd, key.encode())
        if then is not None:
            self.pump(lambda: then.encode() in self.output[mark:], f"{then!r} after {key!r}")
        else:
            self.pump(lambda: len(self.output) > mark, f"output after {key!r}")

    def exited(self) -> bool:
        return self.process.poll() is not None

    def finish(self, timeout: float = TIMEOUT) -> int:
        """Wait for the program to end, read what it wrote last, and return its exit status."""
        self.pump(self.exited, "the program to exit", timeout)
        while self._read(0):
            pass
        return self.process.wait(timeout=timeout)

    def close(self) -> None:
        """Stop the program if it still runs (by its own pid) and close the terminal."""
        if not self.exited():
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)
        os.close(self.fd)


def app_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in clean_env().items() if k != "TMUX_PANE"}
    env["READTUI_DATA_DIR"] = str(data_dir)
    return env


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    return write_hostile(tmp_path / "library")


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    try:
        yield opened
    finally:
        for terminal in opened:
            terminal.close()


def spawn(terminals: list[Terminal], argv: list[str], env: dict[str, str]) -> Terminal:
    terminal = Terminal(argv, env, SIZE)
    terminals.append(terminal)
    return terminal


def test_the_scan_sees_what_cat_lets_through(
    hostile_file: Path, terminals: list[Terminal], tmp_path: Path
) -> None:
    """Control: the raw article, written to a terminal by cat, is caught by every check."""
    cat = spawn(terminals, ["/bin/cat", str(hostile_file)], app_env(tmp_path / "data"))
    assert cat.finish() == 0
    problems = "\n".join(scan(bytes(cat.output)))
    for kind in ("OSC 0", "OSC 8", "OSC 52", "planted sequence", "control '\\x7f'"):
        assert kind in problems, problems


@needs_readtui
def test_pty_scan_of_the_reader_on_a_hostile_article(
    hostile_file: Path, terminals: list[Terminal], tmp_path: Path
) -> None:
    app = spawn(terminals, [str(READTUI), str(hostile_file)], app_env(tmp_path / "data"))
    app.pump(app.shows(TITLE_IN_CARETS), "the title in caret notation")
    for key in ("j", " ", "G", "g"):
        app.key(key)
    app.key("b", then="Bookmark added")
    app.key("B", then="Delete")
    app.key("q")  # closes the list; keys are handled in order, so no wait for a redraw
    app.key("?", then="readtui keys")
    app.key("?")  # closes the help (ESC would be read with the next key as a sequence)
    app.key("]")
    app.key("y", then="\x1b]52;")
    app.key("q")
    assert app.finish() == 0
    output = bytes(app.output)
    assert scan(output, copied=COPIED) == []
    assert len(OSC52.findall(output)) == 1  # the copy happened, with the sanitised quote


@needs_readtui
def test_export_to_a_terminal_shows_controls_and_to_a_pipe_keeps_them(
    hostile_file: Path, terminals: list[Terminal], tmp_path: Path
) -> None:
    argv = [str(READTUI), "export", str(hostile_file), "--format", "text"]
    env = app_env(tmp_path / "data")
    shown = spawn(terminals, argv, env)
    assert shown.finish() == 0
    assert scan(bytes(shown.output)) == []
    assert TITLE_IN_CARETS.encode() in shown.output
    piped = subprocess.run(argv, env=env, capture_output=True, timeout=TIMEOUT, check=True)
    assert b"\x1b]0;PWNED\x07" in piped.stdout  # an export to a file is faithful


@needs_readtui
def test_argparse_errors_are_sanitised(hostile_file: Path, tmp_path: Path) -> None:
    """argparse echoes unknown arguments, and a shell glob can supply a hostile one."""
    argv = [str(READTUI), str(hostile_file), "--\x1b]0;PWNED\x07\u202e"]
    env = app_env(tmp_path / "data")
    result = subprocess.run(argv, env=env, capture_output=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 2
    assert scan(result.stderr) == [], result.stderr
    assert "unrecognized arguments: --^[]0;PWNED^G<U+202E>" in result.stderr.decode()


def test_error_lines_on_stderr_are_sanitised(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(path: Path) -> None:
        raise ArticleError(f"Cannot read {path.name}: \x1b]52;c;SGVsbG8=\x07")

    monkeypatch.setattr(load, "load_article", refuse)  # export imports it when it runs
    assert cli.main(["export", HOSTILE_NAME]) == 1
    shown = capsys.readouterr().err
    assert shown == (
        "readtui: Cannot read [@click=app.quit] <U+202E>evil^[[31m.txt: ^[]52;c;SGVsbG8=^G\n"
    )


def test_the_crash_line_is_sanitised(tmp_path: Path) -> None:
    report = "Traceback (most recent call last):\nMarkupError: \x1b]0;PWNED\x07 \u202e [/]\n"
    line = crash_summary(report, tmp_path)
    assert line.startswith("crashed: MarkupError: ^[]0;PWNED^G <U+202E> [/] (full report in ")
    assert (tmp_path / "crash.log").read_text(encoding="utf-8") == report


# -- tmux ----------------------------------------------------------------------------------------
@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    """A private server that lets programs set the clipboard (OSC 52 makes a paste buffer)."""
    server = Tmux(tmp_path / "tmux.conf")
    with server.config.open("a", encoding="utf-8") as config:
        config.write("set -g set-clipboard on\n")
    try:
        yield server
    finally:
        server.kill_server()


def shown_when(pane: Pane, what: str, check: Callable[[Screen], bool]) -> Screen:
    """The first capture of `pane` that passes `check`."""
    found = pane.wait(what, lambda screen: screen if check(screen) else None)
    assert found is not None
    return found


def differs_from(before: Screen) -> Callable[[Screen], bool]:
    """A check for `shown_when`: the pane changed (a key took effect)."""
    return lambda screen: screen.lines != before.lines


def pane_title(tmux: Tmux) -> str:
    return tmux.run("display-message", "-p", "#{pane_title}").stdout.strip()


def buffers(tmux: Tmux) -> str:
    return tmux.run("list-buffers", check=False).stdout


@needs_tmux
def test_tmux_sees_what_cat_lets_through(tmux: Tmux, hostile_file: Path, tmp_path: Path) -> None:
    """Control: cat of the article renames the pane and fills a paste buffer."""
    pane = tmux.launch_command("control", tmp_path / "data", hostile_file, 'read x; cat "$1"')
    host = tmux.run("display-message", "-p", "#{host}").stdout.strip()
    assert pane_title(tmux) == host and buffers(tmux) == ""
    pane.keys("Enter")
    pane.wait_exit()
    assert pane_title(tmux) == "PWNED"
    wait_for(lambda: "Hello" in buffers(tmux), what="a paste buffer from OSC 52")


@needs_tmux
@needs_readtui
def test_tmux_pane_title_and_buffers_untouched_by_a_hostile_article(
    tmux: Tmux, hostile_file: Path, tmp_path: Path
) -> None:
    pane = tmux.launch("hostile", tmp_path / "data", hostile_file, SIZE)
    host = tmux.run("display-message", "-p", "#{host}").stdout.strip()
    screen = shown_when(pane, "the title in caret notation", lambda s: TITLE_IN_CARETS in s.text())
    for key in ("j", "Space", "g", "G"):
        pane.keys(key)
        screen = shown_when(pane, f"the view to move after {key}", differs_from(screen))
    pane.wait(
        "the end of the article, its caret forms and literal markup",
        lambda s: "but free." in s.text() and CLICK_QUIT in s.text() and "^[[2J" in s.text(),
    )
    pane.keys("g", "b")  # a bookmark on the title: its notification quotes the title
    pane.wait("the bookmark notification", lambda s: "Bookmark added: Breaking" in s.text())
    assert pane_title(tmux) == host
    assert buffers(tmux) == ""
    pane.keys("q")
    exit_screen = pane.wait_exit()
    assert f"{EXIT_MARK} 0" in exit_screen.text(), exit_screen.text()
    assert pane_title(tmux) == host
    assert buffers(tmux) == ""
