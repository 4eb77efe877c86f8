"""ReadtuiApp: title, stylesheet, global keys, the reader screen, and the clipboard worker."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from rich.console import Console
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen

from readtui.article.model import Article
from readtui.article.sanitize import sanitize, sanitize_line
from readtui.clipboard import copy_text
from readtui.commands import binding_commands
from readtui.config import Config, Problem
from readtui.errors import StoreError
from readtui.heap import give_back, set_aside
from readtui.messages import CopyText
from readtui.screens.bookmarks import BookmarksScreen
from readtui.screens.help import HelpScreen
from readtui.screens.note_editor import NoteEditor
from readtui.screens.quotes import QuotesScreen
from readtui.screens.reader import ReaderScreen
from readtui.screens.search import LibrarySearchScreen
from readtui.settings import THEME, WIDTH, check_config, reading_width, remember, start_value
from readtui.signals import EXIT_SIGNALS, exit_deadline, resume_only_after_suspend
from readtui.store import Store
from readtui.widgets.article_list import ArticleList
from readtui.widgets.article_view import COLUMN_WIDTH, ArticleView
from readtui.widgets.bookmark_list import BookmarkList
from readtui.widgets.filter_bar import FilterBar
from readtui.widgets.quote_list import QuoteList
from readtui.widgets.search_bar import SearchBar

NO_COLOR_STYLES = {
    "block-cursor-text-style": "bold underline",
    "block-cursor-blurred-text-style": "underline",
    "input-cursor-text-style": "reverse",
}
"""Under NO_COLOR, where Textual's cursors were coloured blocks (lists are drawn from visual
styles, which have no reverse video: underline is what is left)."""
COPY_TIMEOUT = 2.0
"""Seconds a clipboard tool may take before it is killed and the copy reported as failed."""


class ReadtuiApp(App[None]):
    TITLE = "readtui"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("t", "change_theme", "Theme", show=False, id="app.theme"),
    ]

    def __init__(
        self,
        paths: list[Path],
        store: Store,
        *,
        config: Config | None = None,
        problems: Sequence[Problem] = (),
        piped: Article | None = None,
    ) -> None:
        # NO_COLOR: Textual alone would draw in greys; with native ANSI colours its filter drops
        # every colour, and text styles (bold, italic, underline, reverse) mark what colour did.
        super().__init__(ansi_color=True if os.environ.get("NO_COLOR") is not None else None)
        self.paths = paths
        self.store = store
        self.config = config or Config()
        self.config_problems = list(problems)
        """Found before the app started (the file, the library folders); shown on mount."""
        self.piped = piped
        """The article read from stdin (`readtui -`), shown first."""
        self.copy_timeout = COPY_TIMEOUT
        self.quitting = threading.Event()
        """Set on the way out: a clipboard tool still running is killed, not waited for."""
        self.error_console = Console(
            file=io.StringIO(), markup=False, highlight=False, color_system=None, width=120
        )

    def crash_report(self) -> str:
        """Textual's report of an unhandled error, kept off the screen for the CLI to sum up."""
        file = self.error_console.file
        return file.getvalue() if isinstance(file, io.StringIO) else ""

    def on_mount(self) -> None:
        width, default_width = self.apply_config()
        self.push_screen(
            ReaderScreen(
                self.paths,
                self.store,
                reading_width=width,
                default_width=default_width,
                piped=self.piped,
            )
        )
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.on_exit_signal, signum)
        if not self.is_headless:
            resume_only_after_suspend()
        self.app_resume_signal.subscribe(self, self.repaint_after_resume)

    def on_ready(self) -> None:
        """The first frame is up: what start-up built lives for the whole run (readtui.heap)."""
        set_aside()

    def apply_config(self) -> tuple[int, int]:
        """Keys and theme from config.toml (or the theme chosen last), its problems shown; the
        reading width to start with and the one `=` goes back to."""
        config, problems = check_config(self.config, set(self.available_themes))
        self.config = config
        self.set_keymap(config.keymap())
        theme = start_value(self.store, THEME, config.theme)
        if theme is not None and theme in self.available_themes:
            self.theme = theme
        self.watch(self, "theme", self.remember_theme, init=False)
        problems = [*self.config_problems, *problems]
        if problems:
            lines = [problem.describe("") for problem in problems]
            lines.append("readtui started with the defaults for these.")
            self.notify(
                "\n".join(lines), title=config.source, severity="error", timeout=30, markup=False
            )
        default = config.width or COLUMN_WIDTH
        configured = None if config.width is None else str(config.width)
        return reading_width(start_value(self.store, WIDTH, configured), default), default

    def remember_theme(self, theme: str) -> None:
        self.remember(THEME, theme, self.config.theme)

    def on_article_view_width_changed(self, event: ArticleView.WidthChanged) -> None:
        configured = None if self.config.width is None else str(self.config.width)
        self.remember(WIDTH, str(event.width), configured)

    def remember(self, name: str, value: str, configured: str | None) -> None:
        """Keep a choice made in the app for the next start (see readtui.settings)."""
        try:
            remember(self.store, name, value, configured)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)

    def get_css_variables(self) -> dict[str, str]:
        """Under NO_COLOR every colour is dropped: cursors are marked with text styles."""
        variables = super().get_css_variables()
        return {**variables, **NO_COLOR_STYLES} if self.no_color else variables

    def repaint_after_resume(self, _app: App[None]) -> None:
        """Back from a suspend the terminal shows an empty screen, and Textual redraws only what
        changed: so everything is drawn again."""
        self.screen.refresh(layout=True)
        for widget in self.screen.walk_children():
            widget.refresh()

    def on_unmount(self) -> None:
        """The terminal is restored by now: hand the signals back and stop any clipboard tool."""
        self.quitting.set()
        give_back()
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signum)

    @property
    def reader(self) -> ReaderScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    def on_exit_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP: as on quit, and if the terminal has gone and the exit hangs on
        it, the process still ends (the position is saved by then)."""
        self.save_and_exit()
        if not self.is_headless:
            exit_deadline(signum)

    def save_and_exit(self) -> None:
        """On quit, SIGTERM and SIGHUP the position is written before the terminal is restored."""
        if self.reader is not None:
            self.reader.save_view_position()
        self.quitting.set()
        self.exit()

    async def action_quit(self) -> None:
        self.save_and_exit()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands, then every key of the screen below the palette by name."""
        builtin = list(super().get_system_commands(screen))
        yield from builtin
        yield from binding_commands(self, screen, {command.title for command in builtin})

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen) or self.reader is None:
            return
        sections: list[tuple[str, list[type[DOMNode]]]] = [
            ("Anywhere", [type(self), ReaderScreen]),
            ("Sidebar", [ArticleList]),
            ("Title filter (f)", [FilterBar]),
            ("Article", [ArticleView]),
            ("Search in the article (/)", [SearchBar]),
            ("Quotes panel (Q)", [QuotesScreen, QuoteList]),
            ("Library search (s)", [LibrarySearchScreen]),
            ("Bookmarks (B)", [BookmarksScreen, BookmarkList]),
            ("Bookmark note", [NoteEditor]),
        ]
        self.push_screen(HelpScreen(sections, self.config.keymap()))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (widgets', screens' and Textual's own go through here) quotes
        outside text sooner or later: it is sanitised and never parsed as markup."""
        super().notify(
            sanitize(message).replace("\t", " "),
            title=sanitize_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def action_help_quit(self) -> None:
        """Textual's ctrl+c hint, without the markup that notifications no longer parse."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    f"Press {key} to quit the app", title="Do you want to quit?", markup=False
                )
                return

    def on_copy_text(self, message: CopyText) -> None:
        """What is copied is what is shown: an escape sequence in a quote would act again
        wherever the quote is pasted (even inside a terminal's bracketed paste). A quote is
        recorded for `readtui notes` as soon as it is asked for, whatever the clipboard says:
        OSC 52 never reports back, and the notes are a second way to get the quote anyway."""
        if message.quote is not None:
            try:
                self.store.record_quote(message.quote)
            except StoreError as exc:
                self.notify(str(exc), severity="error", markup=False)
        self.copy_worker(sanitize(message.text))

    @work(thread=True, group="clipboard")
    def copy_worker(self, text: str) -> None:
        """Clipboard tools can hang; they run here so the UI never waits, and are killed on
        quit so that exiting does not wait either."""
        report = copy_text(
            text,
            osc52=lambda t: self.call_from_thread(self.copy_to_clipboard, t),
            env=os.environ,
            timeout=self.copy_timeout,
            stop=self.quitting,
        )
        if self.quitting.is_set():
            return
        severity = "information" if report.ok else "error"
        self.call_from_thread(self.notify, report.describe(text), severity=severity, markup=False)
