"""Clipboard routes against fake tools on PATH (and a real X server when one can be started).

Fakes are shell scripts that record what they received, so the tests check what actually reached
a clipboard rather than which functions were called.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import stat
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from processes import process_state

from readtui.clipboard import (
    OSC52_LIMIT,
    CopyReport,
    copy_text,
    in_tmux,
    is_ssh_session,
    native_clipboard_available,
    osc52_size,
)

QUOTE = "“Curly” quotes, an em dash — and a second line\nwith café ☕"
TMUX_VALUE = "/tmp/tmux-1000/default,4242,0"


class Fakes:
    """A private bin directory holding only fake tools, plus the env that points at it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir()

    def tool(self, name: str, body: str) -> None:
        """Write an executable /bin/sh script; bodies use absolute paths since PATH has no /bin."""
        script = self.bin / name
        script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)

    def env(self, **extra: str) -> dict[str, str]:
        """Only our fakes on PATH, so a real xsel/wl-copy/xclip on the machine cannot interfere."""
        return {"PATH": str(self.bin), "HOME": str(self.root), **extra}

    def read(self, name: str) -> str:
        """What a fake recorded, decoded as UTF-8 like the text we sent."""
        return (self.root / name).read_text(encoding="utf-8")


@pytest.fixture
def fakes(tmp_path: Path) -> Fakes:
    return Fakes(tmp_path)


def wait_until_gone(pid: int, timeout: float = 5.0) -> bool:
    """Block until the process exits (via a pidfd), instead of sleeping and polling."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], timeout)
        return bool(readable)
    finally:
        os.close(fd)


# --- route selection -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DISPLAY": ":0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, True),
        ({}, False),
        ({"DISPLAY": ""}, False),
        ({"DISPLAY": ":0", "SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}, False),
        ({"DISPLAY": "localhost:10.0", "SSH_TTY": "/dev/pts/3"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0", "SSH_CLIENT": "10.0.0.1 5000 22"}, False),
    ],
)
def test_native_clipboard_only_in_local_graphical_session(
    env: dict[str, str], expected: bool
) -> None:
    assert native_clipboard_available(env, platform="linux") is expected


def test_macos_local_session_has_native_clipboard_but_not_over_ssh() -> None:
    assert native_clipboard_available({}, platform="darwin")
    assert not native_clipboard_available({"SSH_TTY": "/dev/ttys001"}, platform="darwin")


def test_tmux_and_ssh_detection() -> None:
    assert in_tmux({"TMUX": TMUX_VALUE})
    assert not in_tmux({"TERM": "tmux-256color"})
    assert is_ssh_session({"SSH_CONNECTION": "a b c d"})
    assert not is_ssh_session({"DISPLAY": ":0"})


# --- OSC 52 ----------------------------------------------------------------------------------


def test_osc52_receives_exact_text(fakes: Fakes) -> None:
    received: list[str] = []
    report = copy_text(QUOTE, osc52=received.append, env=fakes.env())
    assert received == [QUOTE]
    assert report.routes == ("OSC 52",)
    assert report.failures == ()
    assert report.ok


def test_osc52_error_is_reported_not_raised(fakes: Fakes) -> None:
    def broken(_text: str) -> None:
        raise RuntimeError("no driver")

    report = copy_text(QUOTE, osc52=broken, env=fakes.env())
    assert not report.ok
    assert report.failures == ("OSC 52: could not write to the terminal (no driver)",)


def test_no_route_at_all_says_so(fakes: Fakes) -> None:
    report = copy_text(QUOTE, osc52=None, env=fakes.env())
    assert report == CopyReport(
        routes=(), failures=(), notes=("no system clipboard without a display",)
    )
    assert report.describe(QUOTE) == "Could not copy: no system clipboard without a display."
    assert CopyReport((), ()).describe(QUOTE) == (
        "Could not copy: no clipboard route is available here."
    )


# --- OSC 52 size limit -----------------------------------------------------------------------

LARGE_QUOTE = "\u201c" + "Every word of a very long statement, said twice. " * 3000 + "\u201d"


@pytest.mark.parametrize(
    ("text", "fits"),
    [
        ("a" * 74_994, True),  # (100,000 - 8 bytes of framing) / 4 * 3: the largest that fits
        ("a" * 74_995, False),
        ("\u00e9" * 37_497, True),  # two UTF-8 bytes each: the limit counts bytes, not characters
        ("\u00e9" * 37_498, False),
        ("", True),
    ],
)
def test_osc52_limit_counts_the_encoded_sequence(fakes: Fakes, text: str, fits: bool) -> None:
    assert (osc52_size(text) <= OSC52_LIMIT) is fits
    received: list[str] = []
    report = copy_text(text, osc52=received.append, env=fakes.env())
    assert received == ([text] if fits else [])
    assert report.ok is fits


def test_large_quote_skips_osc52_and_still_reaches_tmux(fakes: Fakes) -> None:
    assert len(LARGE_QUOTE.encode("utf-8")) > 100_000
    fakes.tool("tmux", RECORD_TMUX.format(root=fakes.root))
    received: list[str] = []
    report = copy_text(LARGE_QUOTE, osc52=received.append, env=fakes.env(TMUX=TMUX_VALUE))
    assert received == []
    assert fakes.read("tmux-buffer") == LARGE_QUOTE
    assert report.routes == ("tmux buffer",)
    assert report.failures == (
        "too large for the terminal clipboard (OSC 52): 147 KB (the limit is 75 KB)",
    )
    message = report.describe(LARGE_QUOTE)
    assert message.startswith("Copied \u201cEvery word of a very long")
    assert message.endswith(
        "(147,002 characters) via tmux buffer \u2014 no system clipboard without a display; "
        "too large for the terminal clipboard (OSC 52): 147 KB (the limit is 75 KB)."
    )


def test_large_quote_with_no_other_route_says_why_nothing_was_copied(fakes: Fakes) -> None:
    received: list[str] = []
    report = copy_text(LARGE_QUOTE, osc52=received.append, env=fakes.env())
    assert received == []
    assert report.describe(LARGE_QUOTE) == (
        "Could not copy: too large for the terminal clipboard (OSC 52): 147 KB "
        "(the limit is 75 KB); no system clipboard without a display."
    )


# --- tmux ------------------------------------------------------------------------------------

RECORD_TMUX = """
printf '%s\\n' "$@" > "{root}/tmux-args"
/bin/cat > "{root}/tmux-buffer"
"""


def test_tmux_buffer_receives_text(fakes: Fakes) -> None:
    fakes.tool("tmux", RECORD_TMUX.format(root=fakes.root))
    received: list[str] = []
    report = copy_text(QUOTE, osc52=received.append, env=fakes.env(TMUX=TMUX_VALUE))
    assert fakes.read("tmux-buffer") == QUOTE
    assert fakes.read("tmux-args").splitlines() == ["load-buffer", "-w", "-"]
    assert report.routes == ("OSC 52", "tmux buffer")
    assert received == [QUOTE]


def test_tmux_not_used_outside_tmux(fakes: Fakes) -> None:
    fakes.tool("tmux", RECORD_TMUX.format(root=fakes.root))
    report = copy_text(QUOTE, osc52=None, env=fakes.env())
    assert not (fakes.root / "tmux-buffer").exists()
    assert not report.ok


def test_old_tmux_without_w_flag_still_gets_buffer(fakes: Fakes) -> None:
    fakes.tool(
        "tmux",
        f"""
if [ "$2" = "-w" ]; then echo "command load-buffer: unknown flag -w" >&2; exit 1; fi
/bin/cat > "{fakes.root}/tmux-buffer"
""",
    )
    report = copy_text(QUOTE, osc52=None, env=fakes.env(TMUX=TMUX_VALUE))
    assert fakes.read("tmux-buffer") == QUOTE
    assert report.routes == ("tmux buffer",)
    assert report.failures == ()


def test_failing_tmux_is_reported_and_silent(
    fakes: Fakes, capfd: pytest.CaptureFixture[str]
) -> None:
    fakes.tool("tmux", 'echo "no server running on /tmp/tmux-1000/default" >&2\nexit 1')
    received: list[str] = []
    report = copy_text(QUOTE, osc52=received.append, env=fakes.env(TMUX=TMUX_VALUE))
    assert report.routes == ("OSC 52",)
    assert len(report.failures) == 1
    assert report.failures[0].startswith("tmux buffer:")
    assert "no server running" in report.failures[0]
    assert received == [QUOTE]
    captured = capfd.readouterr()
    assert captured.out == ""
    assert captured.err == ""
    assert "set-clipboard" in report.describe(QUOTE)


def test_missing_tmux_binary_is_reported(fakes: Fakes) -> None:
    report = copy_text(QUOTE, osc52=None, env=fakes.env(TMUX=TMUX_VALUE))
    assert report.failures == ("tmux buffer: tmux was not found on PATH",)


def test_hanging_tmux_times_out_and_is_killed(fakes: Fakes) -> None:
    fakes.tool("tmux", f'echo $$ > "{fakes.root}/tmux.pid"\nexec /bin/sleep 30')
    report = copy_text(QUOTE, osc52=None, env=fakes.env(TMUX=TMUX_VALUE), timeout=0.5)
    assert report.failures == ("tmux buffer: tmux did not answer within 0.5 s",)
    assert wait_until_gone(int(fakes.read("tmux.pid")))


# --- native clipboard (pyperclip in a child process) -----------------------------------------


def test_native_clipboard_through_xclip(fakes: Fakes) -> None:
    fakes.tool(
        "xclip",
        f"""
printf '%s\\n' "$@" > "{fakes.root}/xclip-args"
/bin/cat > "{fakes.root}/clipboard"
""",
    )
    report = copy_text(QUOTE, osc52=None, env=fakes.env(DISPLAY=":0"))
    assert fakes.read("clipboard") == QUOTE
    assert fakes.read("xclip-args").splitlines() == ["-selection", "c"]
    assert report.routes == ("system clipboard (xclip)",)
    assert report.failures == ()


def test_all_routes_together(fakes: Fakes) -> None:
    fakes.tool("tmux", RECORD_TMUX.format(root=fakes.root))
    fakes.tool("xclip", f'/bin/cat > "{fakes.root}/clipboard"')
    received: list[str] = []
    env = fakes.env(TMUX=TMUX_VALUE, DISPLAY=":0")
    report = copy_text(QUOTE, osc52=received.append, env=env)
    assert report.routes == ("OSC 52", "tmux buffer", "system clipboard (xclip)")
    assert received == [QUOTE]
    assert fakes.read("tmux-buffer") == QUOTE
    assert fakes.read("clipboard") == QUOTE


def test_xclip_daemon_holding_output_open_does_not_block(fakes: Fakes) -> None:
    """Real xclip forks a daemon that keeps stdout/stderr open until the selection is lost."""
    fakes.tool(
        "xclip",
        f"""
/bin/cat > "{fakes.root}/clipboard"
/bin/sleep 30 &
echo $! > "{fakes.root}/daemon.pid"
""",
    )
    try:
        report = copy_text(QUOTE, osc52=None, env=fakes.env(DISPLAY=":0"), timeout=2.0)
        assert report.routes == ("system clipboard (xclip)",)
        assert fakes.read("clipboard") == QUOTE
    finally:
        daemon = int(fakes.read("daemon.pid"))
        os.kill(daemon, signal.SIGKILL)
        assert wait_until_gone(daemon)


def test_xclip_without_display_is_a_silent_failure(
    fakes: Fakes, capfd: pytest.CaptureFixture[str]
) -> None:
    fakes.tool(
        "xclip",
        "echo 'Error: Can'\"'\"'t open display: :0' >&2\n"
        "printf 'garbage \\033]0;pwned\\007\\n' >&2\necho garbage\nexit 0",
    )
    report = copy_text(QUOTE, osc52=None, env=fakes.env(DISPLAY=":0"))
    assert not report.ok
    assert report.failures == (
        "system clipboard: xclip could not open the X display (Error: Can't open display: :0)",
    )
    assert "garbage" not in report.describe(QUOTE)
    captured = capfd.readouterr()
    assert captured.out == ""
    assert captured.err == ""
    assert report.describe(QUOTE).startswith("Could not copy: system clipboard: xclip could not")


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux /proc")
def test_hanging_xclip_times_out_and_its_group_is_killed(fakes: Fakes) -> None:
    fakes.tool(
        "xclip",
        f"""
/bin/sleep 30 &
echo $! > "{fakes.root}/helper.pid"
echo $$ > "{fakes.root}/xclip.pid"
exec /bin/sleep 30
""",
    )
    report = copy_text(QUOTE, osc52=None, env=fakes.env(DISPLAY=":0"), timeout=0.5)
    assert report.failures == ("system clipboard: xclip did not finish within 0.5 s",)
    # The tool replaced the Python child, so it is our own child: killed and reaped, no zombie.
    assert process_state(int(fakes.read("xclip.pid"))) is None
    # What the tool started itself is only reached by killing the whole process group.
    assert wait_until_gone(int(fakes.read("helper.pid")))


def test_no_clipboard_tool_is_explained(fakes: Fakes) -> None:
    report = copy_text(QUOTE, osc52=None, env=fakes.env(DISPLAY=":0"))
    assert report.failures == (
        "system clipboard: no clipboard tool found (install xclip, xsel or wl-clipboard)",
    )


def test_ssh_session_never_touches_native_clipboard(fakes: Fakes) -> None:
    fakes.tool("xclip", f'/bin/cat > "{fakes.root}/clipboard"')
    received: list[str] = []
    env = fakes.env(DISPLAY="localhost:10.0", SSH_CONNECTION="10.0.0.1 5000 10.0.0.2 22")
    report = copy_text(QUOTE, osc52=received.append, env=env)
    assert not (fakes.root / "clipboard").exists()
    assert report.routes == ("OSC 52",)
    assert report.failures == ()
    assert received == [QUOTE]
    assert report.describe(QUOTE).endswith("via OSC 52 \u2014 no system clipboard over SSH.")


def test_over_ssh_osc52_and_tmux_carry_the_copy_and_the_message_says_so(fakes: Fakes) -> None:
    fakes.tool("tmux", RECORD_TMUX.format(root=fakes.root))
    fakes.tool("xclip", f'/bin/cat > "{fakes.root}/clipboard"')
    received: list[str] = []
    env = fakes.env(TMUX=TMUX_VALUE, DISPLAY="localhost:10.0", SSH_TTY="/dev/pts/3")
    report = copy_text("hi", osc52=received.append, env=env)
    assert received == ["hi"]
    assert fakes.read("tmux-buffer") == "hi"
    assert not (fakes.root / "clipboard").exists()
    assert report.describe("hi") == (
        "Copied \u201chi\u201d (2 characters) via OSC 52 and tmux buffer "
        "\u2014 no system clipboard over SSH."
    )


def test_without_a_display_the_message_says_why_there_is_no_system_clipboard(
    fakes: Fakes,
) -> None:
    fakes.tool("xclip", f'/bin/cat > "{fakes.root}/clipboard"')
    report = copy_text("hi", osc52=lambda _text: None, env=fakes.env())
    assert not (fakes.root / "clipboard").exists()
    assert report.describe("hi") == (
        "Copied \u201chi\u201d (2 characters) via OSC 52 "
        "\u2014 no system clipboard without a display."
    )


# --- a real X clipboard ----------------------------------------------------------------------


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    """A throwaway X server on a free display; skipped when Xvfb or xclip is not installed."""
    if shutil.which("Xvfb") is None or shutil.which("xclip") is None:
        pytest.skip("needs Xvfb and xclip on PATH (Debian: apt-get install xvfb xclip)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], 15)
        number = os.read(read_fd, 32).decode().strip() if ready else ""
        if not number:
            pytest.fail("Xvfb did not report a display number within 15 s")
        yield f":{number}"
    finally:
        os.close(read_fd)
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_real_x_clipboard_round_trip(xvfb_display: str, tmp_path: Path) -> None:
    xclip = shutil.which("xclip")
    assert xclip is not None
    env = {"PATH": str(Path(xclip).parent), "DISPLAY": xvfb_display, "HOME": str(tmp_path)}
    report = copy_text(QUOTE, osc52=None, env=env)
    assert report.routes == ("system clipboard (xclip)",), report.failures
    pasted = subprocess.run(
        [xclip, "-o", "-selection", "clipboard"],
        env=env,
        capture_output=True,
        timeout=5,
        check=True,
    )
    assert pasted.stdout.decode("utf-8") == QUOTE


# --- the notification text -------------------------------------------------------------------


def test_describe_success_with_preview_and_routes() -> None:
    report = CopyReport(routes=("OSC 52", "tmux buffer"), failures=())
    text = "A" * 30 + " sentence that goes on well past forty characters."
    expected = f"Copied “{'A' * 30} sentence…” ({len(text)} characters) via OSC 52 and tmux buffer."
    assert report.describe(text) == expected


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\u201cno one will go\u201d", "Copied \u201cno one will go\u201d (16 characters)"),
        (
            "\u201c" + "word " * 20 + "\u201d \u2014 Jane Doe",
            "Copied \u201c" + ("word " * 8).rstrip() + "\u2026\u201d (113 characters)",
        ),
    ],
    ids=["whole quote", "long quote"],
)
def test_describe_does_not_double_a_quotes_own_marks(text: str, shown: str) -> None:
    report = CopyReport(routes=("OSC 52",), failures=())
    assert report.describe(text).startswith(shown)


def test_describe_short_text_single_character() -> None:
    report = CopyReport(routes=("OSC 52",), failures=())
    assert report.describe("x") == "Copied “x” (1 character) via OSC 52."


def test_describe_three_routes_and_partial_failure() -> None:
    report = CopyReport(
        routes=("OSC 52", "tmux buffer"),
        failures=("system clipboard: xclip could not open the X display",),
    )
    assert report.describe("hi") == (
        "Copied “hi” (2 characters) via OSC 52 and tmux buffer; "
        "system clipboard: xclip could not open the X display."
    )
    three = CopyReport(routes=("a", "b", "c"), failures=())
    assert three.describe("hi").endswith("via a, b and c.")


def test_describe_failure_lists_reasons() -> None:
    report = CopyReport(
        routes=(),
        failures=("tmux buffer: tmux did not answer within 2 s", "system clipboard: boom"),
    )
    assert not report.ok
    assert report.describe("hi") == (
        "Could not copy: tmux buffer: tmux did not answer within 2 s; system clipboard: boom."
    )


def test_describe_hints_at_tmux_setting_when_only_osc52_worked() -> None:
    report = CopyReport(routes=("OSC 52",), failures=("tmux buffer: tmux did not answer",))
    assert "set -g set-clipboard on" in report.describe("hi")
    healthy = CopyReport(routes=("OSC 52", "tmux buffer"), failures=())
    assert "set-clipboard" not in healthy.describe("hi")


@given(st.text(), st.booleans())
def test_describe_is_always_one_line(text: str, ok: bool) -> None:
    report = CopyReport(routes=("OSC 52",) if ok else (), failures=() if ok else ("x: y",))
    message = report.describe(text)
    assert "\n" not in message
    assert "\r" not in message


# --- stopping (on quit) ----------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux /proc")
def test_stop_kills_a_hanging_tool_at_once_and_skips_the_rest(fakes: Fakes) -> None:
    """With a 10-minute timeout, this test only ends (within pytest's limit) if `stop` works."""
    fakes.tool("tmux", f'echo $$ > "{fakes.root}/tmux.pid"\nexec /bin/sleep 600')
    fakes.tool("xclip", f'/bin/cat > "{fakes.root}/clipboard"')
    stop = threading.Event()
    pid_file = fakes.root / "tmux.pid"

    def stop_once_tmux_runs() -> None:
        while not pid_file.exists() or not pid_file.read_text().strip():
            if stop.wait(0.01):
                return
        stop.set()

    stopper = threading.Thread(target=stop_once_tmux_runs)
    stopper.start()
    try:
        env = fakes.env(TMUX=TMUX_VALUE, DISPLAY=":0")
        report = copy_text(QUOTE, osc52=None, env=env, timeout=600, stop=stop)
    finally:
        stop.set()
        stopper.join(timeout=10)
    assert not report.ok
    assert process_state(int(fakes.read("tmux.pid"))) is None
    assert not (fakes.root / "clipboard").exists()
