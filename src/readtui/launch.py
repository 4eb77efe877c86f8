"""What readtui starts outside itself or borrows from the process: the editor, the browser,
and, for `readtui -`, the terminal in place of the pipe that brought the article.

No textual import: the reader suspends itself around `run_editor` and says what these return.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import webbrowser
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from readtui.errors import ReadtuiError

if TYPE_CHECKING:
    from readtui.article.model import Article

__all__ = [
    "EditorResult",
    "Opener",
    "article_from_stdin",
    "browser_opener",
    "editor_command",
    "has_browser",
    "run_editor",
    "use_terminal_for_keys",
    "web_url",
]

FALLBACK_EDITORS = ("nano", "vi")
"""Without $VISUAL or $EDITOR: nano shows its keys on screen, vi is on every Unix."""
TERMINAL_BROWSERS = frozenset({"www-browser", "links", "elinks", "lynx", "w3m", "browsh"})
MAX_URL = 2048


def article_from_stdin() -> Article:
    """`readtui -`: the article on stdin, read whole before the app starts and decoded like a
    file's; then the terminal becomes stdin again, for the keys."""
    from readtui.article.piped import HOW, piped_article, read_piped

    stdin = sys.stdin
    if stdin is None or stdin.isatty():
        raise ReadtuiError(f"readtui - reads an article from a pipe, not the terminal. {HOW}")
    data, more = read_piped(stdin.buffer.read)
    article = piped_article(data, truncated=more)
    use_terminal_for_keys()
    return article


def use_terminal_for_keys(tty: str = "/dev/tty") -> None:
    """After the article was read from a pipe on stdin, make the terminal stdin again: Textual
    reads keys from file descriptor 0. ReadtuiError when there is no terminal to read."""
    try:
        descriptor = os.open(tty, os.O_RDWR | os.O_NOCTTY)
    except OSError as exc:
        raise ReadtuiError(
            f"No terminal to read keys from ({tty}: {exc.strerror or exc}). "
            "readtui - reads the article from a pipe and the keys from the terminal."
        ) from exc
    try:
        if not os.isatty(descriptor):
            raise ReadtuiError(f"{tty} is not a terminal, so there are no keys to read.")
        os.dup2(descriptor, 0)
    finally:
        os.close(descriptor)


# -- the editor -------------------------------------------------------------------------------


def editor_command(
    env: Mapping[str, str], path: str, which: Callable[[str], str | None] = shutil.which
) -> list[str]:
    """The command that edits `path`: $VISUAL, else $EDITOR (either may carry arguments, as
    in `code -w`), else nano or vi; ReadtuiError when there is none."""
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if not value:
            continue
        try:
            words = shlex.split(value)
        except ValueError as exc:
            raise ReadtuiError(f"${name} cannot be read as a command ({exc}): {value}") from exc
        if words:
            return [*words, path]
    for editor in FALLBACK_EDITORS:
        if which(editor):
            return [editor, path]
    raise ReadtuiError("No editor found: set $EDITOR (for example, EDITOR=nano).")


@dataclass(frozen=True)
class EditorResult:
    """How the editor ended: `problem` is what to tell the reader, empty when all went well."""

    problem: str = ""


def run_editor(command: Sequence[str]) -> EditorResult:
    """Run the editor in the foreground and wait for it (the app is suspended meanwhile)."""
    name = os.path.basename(command[0])
    try:
        status = subprocess.run(list(command), check=False).returncode
    except FileNotFoundError:
        return EditorResult(f"The editor {name} was not found (check $VISUAL and $EDITOR).")
    except OSError as exc:
        return EditorResult(f"The editor {name} could not be started: {exc.strerror or exc}")
    if status < 0:
        return EditorResult(f"The editor {name} was stopped by signal {-status}.")
    if status:
        return EditorResult(f"The editor {name} exited with status {status}.")
    return EditorResult()


# -- the browser ------------------------------------------------------------------------------


def web_url(text: str) -> str | None:
    """The article's url if it is a web address to hand a browser: http or https, a host, no
    blanks or control characters (an article may say anything in its front matter)."""
    url = text.strip()
    if not url or len(url) > MAX_URL or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    if any(0x7F <= ord(ch) <= 0x9F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def has_browser(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether a browser may be opened here: one named in $BROWSER, or a desktop (macOS,
    Windows, a display). Over SSH without X forwarding there is none: the url is shown and
    copied instead (a text browser is used only when $BROWSER names it)."""
    if env.get("BROWSER", "").strip():
        return True
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


@dataclass(frozen=True)
class Opener:
    """The browser webbrowser chose, and whether it runs in this terminal (a text browser, or
    a $BROWSER command that is waited for): that one needs the app suspended."""

    controller: webbrowser.BaseBrowser
    in_terminal: bool

    def open(self, url: str) -> bool:
        try:
            return bool(self.controller.open(url))
        except (OSError, webbrowser.Error):
            return False


def browser_opener(env: Mapping[str, str]) -> Opener | None:
    """The browser to use, or None: the first runnable one $BROWSER names (read afresh each
    time, unlike webbrowser's own list), else webbrowser's choice. webbrowser may run
    `xdg-settings` to choose: call this off the UI thread."""
    choices = [choice.strip() for choice in env.get("BROWSER", "").split(os.pathsep)]
    named = [choice for choice in choices if choice]
    for choice in named:
        with suppress(webbrowser.Error):
            return _opener(webbrowser.get(choice))
        if shutil.which(choice):
            return _opener(webbrowser.GenericBrowser(choice))
    if named:
        return None
    try:
        return _opener(webbrowser.get())
    except webbrowser.Error:
        return None


def _opener(controller: webbrowser.BaseBrowser) -> Opener:
    """A browser that is waited for (a plain command, a text browser) runs in this terminal."""
    name = os.path.basename(getattr(controller, "name", "") or "")
    waited = isinstance(controller, webbrowser.GenericBrowser) and not isinstance(
        controller, webbrowser.BackgroundBrowser
    )
    foreground = isinstance(controller, webbrowser.UnixBrowser) and not getattr(
        controller, "background", True
    )
    return Opener(controller, waited or foreground or name in TERMINAL_BROWSERS)
