"""Driving the installed `readtui` in a real terminal: a private tmux server, panes, waits.

Each `Tmux` is its own server (`tmux -L readtui-e2e-<pid>-<n>`), so a user's tmux sessions are
never touched. The app runs with no X or Wayland display and no SSH variables. Waits poll
`capture-pane` against a deadline; nothing sleeps blindly.
"""

from __future__ import annotations

import itertools
import os
import shlex
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

BORDER = "\u2595"  # the sidebar's right border (a `vkey` border), left of the article pane
SCROLLBAR_COLUMNS = 2  # Textual's vertical scrollbar gutter at the pane's right edge
TIMEOUT = 30.0
EXIT_MARK = "EXITED"

READTUI = shutil.which("readtui")
TMUX = shutil.which("tmux")

T = TypeVar("T")
_servers = itertools.count()
_pause = threading.Event()  # never set: .wait(interval) is a pause that a CI hook won't flag


class WaitTimeout(AssertionError):
    pass


def wait_for(
    predicate: Callable[[], T],
    timeout: float = TIMEOUT,
    interval: float = 0.1,
    what: str = "condition",
    details: Callable[[], str] | None = None,
) -> T:
    """Poll `predicate` until it returns something truthy (returned), or fail at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            extra = f"\n{details()}" if details is not None else ""
            raise WaitTimeout(f"timed out after {timeout:g} s waiting for {what}{extra}")
        _pause.wait(interval)


def clean_env() -> dict[str, str]:
    """The environment for tmux and the app: no display, no SSH, no outer tmux, UTF-8 text."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX", "TMUX_PANE")
        and not name.startswith("SSH_")
    }
    env["LC_ALL"] = "C.UTF-8"
    env["TERM"] = "xterm-256color"
    return env


@dataclass(frozen=True)
class Screen:
    """One capture of a pane, split into the sidebar and the article pane by the border column."""

    lines: list[str]
    width: int

    @property
    def border(self) -> int | None:
        columns = [line.find(BORDER) for line in self.lines if BORDER in line]
        return max(set(columns), key=columns.count) if columns else None

    def body(self) -> list[str]:
        """Article pane rows (top to bottom): right of the border, left of the scrollbar."""
        border = self.border
        if border is None:
            return []
        end = self.width - SCROLLBAR_COLUMNS
        return [
            line[border + 1 : end].rstrip()
            for line in self.lines
            if len(line) > border and line[border] == BORDER
        ]

    def top(self) -> str | None:
        """The article pane's first row, without the padding and centring margin."""
        body = self.body()
        return body[0].strip() if body else None

    def text(self) -> str:
        return "\n".join(self.lines)

    def prose(self) -> str:
        """The article pane's rows joined into one line, so wrapped phrases can be found."""
        return " ".join(" ".join(self.body()).split())


class Tmux:
    """A private tmux server; every command names its socket explicitly."""

    def __init__(self, config: Path) -> None:
        self.socket = f"readtui-e2e-{os.getpid()}-{next(_servers)}"
        self.config = config
        self.env = clean_env()
        config.write_text(
            "set -g status off\n"  # the pane gets every row of the window
            "set -g remain-on-exit on\n"  # a finished pane stays, showing the exit status
            "set -g history-limit 100\n",
            encoding="utf-8",
        )

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        argv = [str(TMUX), "-u", "-f", str(self.config), "-L", self.socket, *args]
        return subprocess.run(
            argv,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=TIMEOUT,
            check=check,
        )

    def kill_server(self) -> None:
        """Stop this server (and its apps) and remove its socket file, which tmux leaves behind."""
        found = self.run("display-message", "-p", "#{socket_path}", check=False)
        self.run("kill-server", check=False)
        socket = found.stdout.strip() if found.returncode == 0 else ""
        if not socket:  # the server was already gone: tmux's default place for -L sockets
            tmpdir = os.environ.get("TMUX_TMPDIR") or "/tmp"
            socket = os.path.join(tmpdir, f"tmux-{os.getuid()}", self.socket)
        if os.path.basename(socket) == self.socket:
            Path(socket).unlink(missing_ok=True)

    def launch(self, session: str, data_dir: Path, article: Path, size: tuple[int, int]) -> Pane:
        """Start readtui on `article` in a new detached session of the given size."""
        return self.launch_command(session, data_dir, article, '"$0" "$1"', size, str(READTUI))

    def launch_command(
        self,
        session: str,
        data_dir: Path,
        article: Path,
        command_line: str,
        size: tuple[int, int] = (100, 30),
        program: str = "sh",
    ) -> Pane:
        """Run `command_line` (a shell line; $1 is the article) and then echo its exit status."""
        width, height = size
        app_env = ["env"]
        app_env += ["-u", "DISPLAY", "-u", "WAYLAND_DISPLAY"]
        app_env += [arg for name in os.environ if name.startswith("SSH_") for arg in ("-u", name)]
        app_env += ["TERM=xterm-256color", "LC_ALL=C.UTF-8", f"READTUI_DATA_DIR={data_dir}"]
        app_env += [f"READTUI_CONFIG_DIR={data_dir / 'no-config'}"]  # never the user's own
        script = f"{command_line}; echo {EXIT_MARK} $?"
        command = [*app_env, "sh", "-c", script, program, str(article)]
        self.run(
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            str(width),
            "-y",
            str(height),
            shlex.join(command),
        )
        return Pane(self, session, width)


class Pane:
    def __init__(self, tmux: Tmux, session: str, width: int) -> None:
        self.tmux = tmux
        self.target = f"={session}:"
        self.width = width
        self._last: Screen | None = None

    def capture(self, history: bool = False) -> Screen:
        """The visible pane; with `history`, also what scrolled off the top."""
        start = ["-S", "-"] if history else []
        result = self.tmux.run("capture-pane", "-p", *start, "-t", self.target, check=False)
        lines = result.stdout.splitlines() if result.returncode == 0 else []
        self._last = Screen(lines, self.width)
        return self._last

    def describe(self) -> str:
        shown = self._last.text() if self._last is not None else "(nothing captured)"
        return f"last capture of {self.target}:\n{shown}"

    def wait(
        self,
        what: str,
        check: Callable[[Screen], T],
        timeout: float = TIMEOUT,
        history: bool = False,
    ) -> T:
        return wait_for(
            lambda: check(self.capture(history)), timeout, what=what, details=self.describe
        )

    def keys(self, *keys: str) -> None:
        self.tmux.run("send-keys", "-t", self.target, *keys)

    def wait_exit(self) -> Screen:
        return self.wait(
            f"readtui to exit ({EXIT_MARK} line)",
            lambda screen: screen if EXIT_MARK in screen.text() else None,
            history=True,
        )

    def buffer(self) -> str | None:
        result = self.tmux.run("show-buffer", check=False)
        return result.stdout if result.returncode == 0 else None
