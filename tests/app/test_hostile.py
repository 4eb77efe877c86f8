"""A hostile article under a hostile file name, driven through Pilot: everything on screen is
literal (markup) or in caret notation (controls), nothing acts, and the app keeps running.

Each screen is checked twice: its text, as a person would read it, and the terminal sequences
Textual would write for it (the strips rendered by a Rich console), which must hold no OSC
(pane title, clipboard, hyperlink) and no escape sequence other than colours.
"""

from __future__ import annotations

import io
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile import (
    C1_CSI,
    CLICK_QUIT,
    CLICK_SCREENSHOT,
    CLOSE_ALL,
    DEL,
    ESCAPES,
    FIRST_QUOTE_SHOWN,
    HOSTILE_NAME,
    LINK,
    RLO,
    VARIABLE,
    write_hostile,
)
from rich.cells import cell_len
from rich.console import Console
from test_reader import make_app, notifications, ready, settle
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from readtui.screens.bookmarks import BookmarksScreen
from readtui.screens.help import HelpScreen
from readtui.screens.reader import ReaderScreen

SIZE = (160, 45)
NAME_LINK = "[link=javascript:alert(1)]"  # a file name cannot hold the `/` of file:///
BINARY_NAME = f"{NAME_LINK} {RLO}gpj\x1b]0;PWNED\x07.txt"
BINARY_NAME_SHOWN = f"{NAME_LINK} <U+202E>gpj^[]0;PWNED^G.txt"
NAME_PIECES = (NAME_LINK, "<U+202E>gpj^[]0;PWNED^G.txt")

IN_VIEW = (
    CLICK_SCREENSHOT,
    "^[]0;PWNED^G",
    CLOSE_ALL,
    VARIABLE,
    f"{LINK}a",
    "^[[2J",
    "^[]8;;http://evil^[\\click",
    "\ufffd31m",
    "DEL^?",
    "^[]52;c;SGVsbG8=^G",
    CLICK_QUIT,
)
"""Space-free pieces of the hostile article as the view must show them (wrapping keeps them)."""

SGR = re.compile("\x1b\\[[0-9;:]*m")
"""Colour and style sequences: the only escape sequences a screen of text needs."""


@dataclass(frozen=True)
class Shown:
    """One screen: its text, row by row, and the terminal sequences that would draw it."""

    rows: list[str]
    ansi: str

    @property
    def text(self) -> str:
        return "\n".join(self.rows)


def shown(app: App[None]) -> Shown:
    """The current screen as Textual composes it (the compositor is what the driver writes)."""
    strips = app.screen._compositor.render_strips()
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
    rows = ["".join(segment.text for segment in strip) for strip in strips]
    return Shown(rows, "".join(strip.render(console) for strip in strips))


def assert_harmless(screen: Shown) -> None:
    """No planted sequence, no OSC, no C1 or DEL, no escape but colours in what is written."""
    for raw in ESCAPES:
        assert raw not in screen.ansi
    leftover = SGR.sub("", screen.ansi)
    assert "\x1b" not in leftover, repr(leftover[leftover.index("\x1b") - 20 :][:60])
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", leftover)


def find(screen: Shown, text: str) -> list[tuple[int, int]]:
    """Screen cells (x, y) where `text` starts."""
    return [
        (cell_len(row[: match.start()]), y)
        for y, row in enumerate(screen.rows)
        for match in re.finditer(re.escape(text), row)
    ]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    write_hostile(folder)
    (folder / BINARY_NAME).write_bytes(b"\x00\x01 binary \x1b]0;PWNED\x07")
    return folder


async def click_everything_clickable(pilot: Pilot[None], screen: Shown) -> int:
    """Click each place showing `[@click=`: were it markup, the click would run its action."""
    spots = find(screen, "[@click=")
    for x, y in spots:
        await pilot.click(offset=(x + 2, y))
    await settle(pilot)
    return len(spots)


async def wait_for_file(pilot: Pilot[None], path: Path, timeout: float = 30.0) -> bool:
    """Wait, with the app's loop running, until Textual's file-saving thread has written `path`
    and reported back (a thread still reporting when the app closes would fail later tests)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        saving = any("save_file" in thread.name for thread in threading.enumerate())
        if path.exists() and not saving:
            return True
        await pilot.pause()
    return False


async def test_markup_in_the_hostile_article_would_act_if_it_were_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control experiment: the same string as markup writes a file when clicked."""
    monkeypatch.chdir(tmp_path)

    class Parsed(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(CLICK_SCREENSHOT + "click me[/]")

    app = Parsed()
    async with app.run_test(size=(40, 3)) as pilot:
        await pilot.click(Static, offset=(2, 0))
        await settle(pilot)
        assert await wait_for_file(pilot, tmp_path / "pwned.svg")


async def test_hostile_text_is_literal_and_inert_everywhere(
    isolated_user: Path, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where `app.screenshot('pwned.svg','.')` would write
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        view = await ready(pilot)
        assert view.article is not None and view.article.meta.path.endswith(HOSTILE_NAME)
        screen = shown(app)
        assert_harmless(screen)
        # The sidebar cuts the long name to its width; the whole name is checked in the
        # notification further on.
        for piece in (*IN_VIEW[:5], "^[]52;c;SGVsbG8=^G", NAME_PIECES[0], "[@click=app.q"):
            assert piece in screen.text, piece
        clicked = await click_everything_clickable(pilot, screen)

        await pilot.press("G")
        screen = shown(app)
        assert_harmless(screen)
        for piece in IN_VIEW[5:]:
            assert piece in screen.text, piece
        clicked += await click_everything_clickable(pilot, screen)
        assert clicked >= 4  # title, sidebar row, caption and a quote were all clicked

        # the unreadable file: its name in a notification
        await pilot.press("n")
        await settle(pilot)
        screen = shown(app)
        assert_harmless(screen)
        assert notifications(app)[-1].startswith(
            f"Cannot open {BINARY_NAME_SHOWN}: This is a binary"
        )
        assert all(piece in screen.text for piece in NAME_PIECES)

        # a bookmark on the title: the notification, then the list (B)
        await pilot.press("n", "g", "b")
        await settle(pilot)
        screen = shown(app)
        assert_harmless(screen)
        assert notifications(app)[-1].startswith(
            f"Bookmark added: Breaking {CLICK_SCREENSHOT} news ^["
        )
        assert "Bookmark added: Breaking" in screen.text
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        screen = shown(app)
        assert_harmless(screen)
        assert len(find(screen, CLICK_SCREENSHOT)) >= 2  # the title and the snippet
        assert "^[]0;PWNED^G" in screen.text
        await click_everything_clickable(pilot, screen)
        await pilot.press("escape")

        # copy the first quote: the clipboard and the notification hold what the view shows
        await pilot.press("right_square_bracket", "y")
        await settle(pilot)
        assert app.clipboard == f"\u201c{FIRST_QUOTE_SHOWN}\u201d"
        screen = shown(app)
        assert_harmless(screen)
        copied = notifications(app)[-1]
        assert copied.startswith("Copied") and "no one ^[]52;c;SGVsbG8=^G will [/]" in copied
        assert "Copied \u201cno one ^[]52;c;SGVsbG8=^G" in screen.text

        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert_harmless(shown(app))
        await pilot.press("escape")
        await settle(pilot)

        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, ReaderScreen)
        app.deliver_screenshot("sentinel.svg", str(tmp_path))  # after every hostile click
        assert await wait_for_file(pilot, tmp_path / "sentinel.svg")
    assert not (tmp_path / "pwned.svg").exists()
    assert sorted(p.name for p in tmp_path.glob("*.svg")) == ["sentinel.svg"]


async def test_notifications_are_sanitised_and_never_markup(isolated_user: Path) -> None:
    """Whoever calls notify (a widget, a screen, Textual itself) and however: literal text."""
    app = make_app(isolated_user)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        app.clear_notifications()
        hostile = f"{CLICK_QUIT} {CLOSE_ALL} {VARIABLE} \x1b]52;c;SGVsbG8=\x07 {C1_CSI} {DEL}"
        app.screen.notify(hostile, title=f"{LINK}\x1b[2J")  # markup=True by default
        await settle(pilot)
        (notification,) = app._notifications
        assert notification.markup is False
        assert (
            notification.message
            == f"{CLICK_QUIT} {CLOSE_ALL} {VARIABLE} ^[]52;c;SGVsbG8=^G \ufffd ^?"
        )
        assert notification.title == f"{LINK}^[[2J"
        screen = shown(app)
        assert_harmless(screen)
        assert f"{CLICK_QUIT} {CLOSE_ALL} {VARIABLE} ^[]52;c;SGVsbG8=^G" in screen.text
        await click_everything_clickable(pilot, screen)
        assert app.is_running and app.return_code is None


async def test_ctrl_c_hint_is_plain_text(isolated_user: Path) -> None:
    """Textual's own ctrl+c hint is markup; with markup off it is said in plain words."""
    app = make_app(isolated_user)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        app.clear_notifications()
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert notifications(app) in (["Press q to quit the app"], ["Press ctrl+q to quit the app"])
