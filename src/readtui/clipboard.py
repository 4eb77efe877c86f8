"""Copy text to every clipboard that can be reached: the terminal (OSC 52), tmux and the desktop.

Each route runs in its own way because each fails differently: helper tools run in a child
process group with files (never pipes) for their output, so a hung or noisy tool can neither
freeze the caller nor scribble over the TUI.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO

__all__ = [
    "OSC52_LIMIT",
    "CopyReport",
    "copy_text",
    "in_tmux",
    "is_ssh_session",
    "native_clipboard_available",
    "osc52_size",
]

OSC52_ROUTE = "OSC 52"
TMUX_ROUTE = "tmux buffer"
NATIVE_ROUTE = "system clipboard"

OSC52_LIMIT = 100_000
"""Bytes in one OSC 52 sequence, the convention set by hterm's osc52.sh and kept by most tools
that send it: terminals cap the sequence anywhere from a few KB to 1 MB (tmux) and drop or
garble what is longer, and a megabyte-long escape sequence is a stall for every one of them.
That leaves 74,994 bytes of UTF-8 text (75 KB)."""

_OSC52_FRAME = len("\x1b]52;c;") + len("\a")
_PREVIEW_CHARS = 40
_STOP_POLL = 0.05  # seconds between looks at the stop flag while a tool runs
_SSH_VARS = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")
_TMUX_HINT = "inside tmux, OSC 52 reaches your terminal only with `set -g set-clipboard on`"

# Exit codes of the pyperclip child, so the parent can explain failures in plain words.
_EXIT_NO_PYPERCLIP = 3
_EXIT_NO_MECHANISM = 4
_EXIT_ERROR = 5

# pyperclip's command-line tools, with the arguments pyperclip itself gives them.
_DIRECT_TOOLS = {
    "xclip": ["xclip", "-selection", "c"],
    "xsel": ["xsel", "-b", "-i"],
    "wl": ["wl-copy"],
}

# Runs in a separate interpreter: it names the tool pyperclip picked (first stdout line), then
# copies stdin. A command-line tool replaces the interpreter (exec, same process), so a hung
# tool is our own child: killed and reaped, never an orphan left as a zombie. Bytes are decoded
# explicitly so the child's locale cannot mangle the text.
_CHILD_SCRIPT = f"""\
import os, sys
try:
    import pyperclip
except ImportError:
    sys.exit({_EXIT_NO_PYPERCLIP})
copy, _paste = pyperclip.determine_clipboard()
name = getattr(copy, "__name__", "")
name = name[len("copy_"):] if name.startswith("copy_") else name
print(name, flush=True)
if not name:
    sys.exit({_EXIT_NO_MECHANISM})
argv = {_DIRECT_TOOLS!r}.get(name)
if argv and os.fstat(0).st_size:
    os.execvp(argv[0], argv)
text = sys.stdin.buffer.read().decode("utf-8")
try:
    copy(text)
except Exception as error:
    print(type(error).__name__ + ": " + str(error), file=sys.stderr)
    sys.exit({_EXIT_ERROR})
"""

# pyperclip's internal mechanism names, as a user would recognise them.
_TOOL_NAMES = {
    "wl": "wl-copy",
    "qt": "Qt",
    "osx_pbcopy": "pbcopy",
    "osx_pyobjc": "AppKit",
    "dev_clipboard": "/dev/clipboard",
    "windows": "the Windows clipboard API",
    "wsl": "clip.exe",
}


@dataclass(frozen=True)
class CopyReport:
    """What a copy reached, why the rest failed, and which routes were rightly not tried
    (`notes`), so the UI can tell the user the truth."""

    routes: tuple[str, ...]
    failures: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when at least one route accepted the text."""
        return bool(self.routes)

    def describe(self, text: str) -> str:
        """One line for a notification: what was copied and where, or why nothing was."""
        if not self.ok:
            reasons = "; ".join(self.failures + self.notes)
            return f"Could not copy: {reasons or 'no clipboard route is available here'}."
        count = len(text)
        noun = "character" if count == 1 else "characters"
        message = f"Copied {_preview(text)} ({count:,} {noun}) via {_join_words(self.routes)}"
        if self.notes:
            message += " \u2014 " + "; ".join(self.notes)
        notes = list(self.failures)
        if self.routes == (OSC52_ROUTE,) and any(f.startswith(TMUX_ROUTE) for f in self.failures):
            notes.append(_TMUX_HINT)
        return message + "".join(f"; {note}" for note in notes) + "."


@dataclass(frozen=True)
class _ToolResult:
    """The outcome of one helper process: exit code (None on timeout) and what it printed."""

    returncode: int | None
    stdout: str
    stderr: str

    @property
    def first_error_line(self) -> str:
        """The first non-blank stderr line: short enough for a notification."""
        return next((_one_line(line) for line in self.stderr.splitlines() if line.strip()), "")


def in_tmux(env: Mapping[str, str]) -> bool:
    """tmux sets TMUX in every pane; its buffer is then a clipboard we can fill directly."""
    return bool(env.get("TMUX"))


def is_ssh_session(env: Mapping[str, str]) -> bool:
    """sshd sets these; a remote session's DISPLAY is not the user's desktop."""
    return any(env.get(name) for name in _SSH_VARS)


def native_clipboard_available(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """A desktop clipboard is only worth trying in a local graphical session."""
    if is_ssh_session(env):
        return False
    if platform in ("darwin", "win32"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def osc52_size(text: str) -> int:
    """Bytes of the whole OSC 52 sequence for `text`: base64 of the UTF-8, plus the framing."""
    return _OSC52_FRAME + 4 * -(-len(text.encode("utf-8")) // 3)


def copy_text(
    text: str,
    *,
    osc52: Callable[[str], None] | None,
    env: Mapping[str, str] | None = None,
    timeout: float = 2.0,
    stop: threading.Event | None = None,
) -> CopyReport:
    """Try every route that fits this session; blocks up to ~2 timeouts, so call it off the UI.
    Setting `stop` (on quit) kills a running tool at once and skips the routes not yet tried."""
    environ = dict(os.environ if env is None else env)
    stop = stop or threading.Event()
    outcomes: list[tuple[str | None, str | None]] = []
    if osc52 is not None:
        outcomes.append(_copy_osc52(osc52, text))
    if in_tmux(environ) and not stop.is_set():
        outcomes.append(_copy_tmux(text, environ, timeout, stop))
    notes: tuple[str, ...] = ()
    if native_clipboard_available(environ):
        if not stop.is_set():
            outcomes.append(_copy_native(text, environ, timeout, stop))
    else:
        notes = (_no_native_reason(environ),)
    return CopyReport(
        routes=tuple(route for route, _ in outcomes if route),
        failures=tuple(failure for _, failure in outcomes if failure),
        notes=notes,
    )


def _no_native_reason(env: Mapping[str, str]) -> str:
    """Why the desktop clipboard was left alone: said, so a missing copy is not a mystery."""
    if is_ssh_session(env):
        return f"no {NATIVE_ROUTE} over SSH"
    return f"no {NATIVE_ROUTE} without a display"


def _copy_osc52(osc52: Callable[[str], None], text: str) -> tuple[str | None, str | None]:
    """The escape sequence travels over SSH and tmux, but we cannot know if the terminal obeys.
    Too long a sequence is not sent: terminals that cap it would drop or garble it."""
    if osc52_size(text) > OSC52_LIMIT:
        size, limit = len(text.encode("utf-8")), (OSC52_LIMIT - _OSC52_FRAME) // 4 * 3
        return None, (
            f"too large for the terminal clipboard ({OSC52_ROUTE}): {_kilobytes(size)} "
            f"(the limit is {_kilobytes(limit)})"
        )
    try:
        osc52(text)
    except Exception as error:
        return None, f"{OSC52_ROUTE}: could not write to the terminal ({_one_line(str(error))})"
    return OSC52_ROUTE, None


def _copy_tmux(
    text: str, env: dict[str, str], timeout: float, stop: threading.Event
) -> tuple[str | None, str | None]:
    """Load the tmux paste buffer; -w also forwards it to the outer terminal's clipboard."""
    tmux = shutil.which("tmux", path=env.get("PATH", os.defpath))
    if tmux is None:
        return None, f"{TMUX_ROUTE}: tmux was not found on PATH"
    try:
        result = _run_tool([tmux, "load-buffer", "-w", "-"], text, env, timeout, stop)
        if result.returncode not in (0, None) and "unknown flag" in result.stderr:
            # tmux before 3.2 has no -w; the buffer alone is still worth having.
            result = _run_tool([tmux, "load-buffer", "-"], text, env, timeout, stop)
    except OSError as error:
        return None, f"{TMUX_ROUTE}: could not run tmux ({error.strerror or error})"
    failure = _tmux_failure(result, timeout)
    return (None, f"{TMUX_ROUTE}: {failure}") if failure else (TMUX_ROUTE, None)


def _tmux_failure(result: _ToolResult, timeout: float) -> str | None:
    """Plain words for a failed tmux call, or None when it worked."""
    if result.returncode is None:
        return f"tmux did not answer within {timeout:g} s"
    if result.returncode != 0:
        detail = result.first_error_line or f"exit status {result.returncode}"
        return f"tmux refused the text ({detail})"
    return None


def _copy_native(
    text: str, env: dict[str, str], timeout: float, stop: threading.Event
) -> tuple[str | None, str | None]:
    """pyperclip in a child process: a hung tool is killed, and its noise goes to a file."""
    argv = [sys.executable, "-W", "ignore", "-c", _CHILD_SCRIPT]
    try:
        result = _run_tool(argv, text, env, timeout, stop)
    except OSError as error:
        return None, f"{NATIVE_ROUTE}: could not start Python ({error.strerror or error})"
    tool = _tool_name(result.stdout)
    failure = _native_failure(result, tool or "the clipboard tool", timeout)
    if failure:
        return None, f"{NATIVE_ROUTE}: {failure}"
    return (f"{NATIVE_ROUTE} ({tool})" if tool else NATIVE_ROUTE), None


def _tool_name(stdout: str) -> str:
    """The child's first stdout line names pyperclip's mechanism; make it readable."""
    lines = stdout.splitlines()
    raw = lines[0].strip() if lines else ""
    return _TOOL_NAMES.get(raw, raw)


def _native_failure(result: _ToolResult, tool: str, timeout: float) -> str | None:
    """Plain words for a failed native copy, or None; any stderr output counts as failure."""
    if result.returncode is None:
        return f"{tool} did not finish within {timeout:g} s"
    if result.returncode == _EXIT_NO_PYPERCLIP:
        return "pyperclip is not installed for this Python"
    if result.returncode == _EXIT_NO_MECHANISM:
        return "no clipboard tool found (install xclip, xsel or wl-clipboard)"
    line = result.first_error_line
    if line and "open display" in line.lower():
        return f"{tool} could not open the X display ({line})"
    if line:
        return f"{tool} reported an error ({line})"
    if result.returncode != 0:
        return f"{tool} failed (exit status {result.returncode})"
    return None


def _run_tool(
    argv: Sequence[str], text: str, env: dict[str, str], timeout: float, stop: threading.Event
) -> _ToolResult:
    """Run argv with text on stdin, output into temporary files, and a hard time limit.

    Files instead of pipes: a forked daemon (xclip) keeps inherited pipes open, so reading them
    to EOF would wait until the selection is lost. A new session lets us kill the whole group.
    """
    with (
        tempfile.TemporaryFile() as stdin,
        tempfile.TemporaryFile() as stdout,
        tempfile.TemporaryFile() as stderr,
    ):
        stdin.write(text.encode("utf-8"))
        stdin.seek(0)
        process = subprocess.Popen(
            list(argv),
            stdin=stdin,
            stdout=stdout,
            stderr=stderr,
            env=env,
            start_new_session=True,
        )
        returncode = _wait_or_kill(process, timeout, stop)
        return _ToolResult(returncode, _read_back(stdout), _read_back(stderr))


def _wait_or_kill(
    process: subprocess.Popen[bytes], timeout: float, stop: threading.Event
) -> int | None:
    """The exit code, or None after killing the process group that outlived the timeout or was
    still running when `stop` was set; the tool is reaped either way, so no zombie is left."""
    deadline = time.monotonic() + timeout
    while (remaining := deadline - time.monotonic()) > 0 and not stop.is_set():
        with contextlib.suppress(subprocess.TimeoutExpired):
            return process.wait(timeout=min(remaining, _STOP_POLL))
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return None


def _read_back(file: IO[bytes]) -> str:
    """Everything written to a temporary file so far, decoded leniently."""
    file.seek(0)
    return file.read().decode("utf-8", errors="replace")


def _one_line(text: str) -> str:
    """Whitespace runs (newlines included) become one space and control characters go."""
    flat = " ".join(text.split())
    return "".join(char for char in flat if unicodedata.category(char) not in ("Cc", "Cs"))


def _kilobytes(size: int) -> str:
    """A byte count as a person reads it in a notification."""
    return f"{max(1, round(size / 1000)):,} KB"


def _preview(text: str) -> str:
    """The start of the text on one line in curly quotes, so a notification stays short; a
    copied quote already opens with its own mark, which is not doubled."""
    flat = _one_line(text)
    quoted = flat.startswith("\u201c")
    if len(flat) > _PREVIEW_CHARS:
        flat = flat[:_PREVIEW_CHARS].rstrip() + "\u2026"
    elif quoted and flat.endswith("\u201d"):
        return flat
    return flat + "\u201d" if quoted else "\u201c" + flat + "\u201d"


def _join_words(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c': reads naturally in a sentence."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
