"""ReadtuiApp: title, stylesheet, global keys, the reader screen, and the clipboard worker."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import signal
from pathlib import Path
from typing import ClassVar

from rich.console import Console
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from readtui.clipboard import copy_text
from readtui.messages import CopyText
from readtui.screens.help import HelpScreen
from readtui.screens.reader import ReaderScreen
from readtui.store import Store
from readtui.widgets.article_list import ArticleList
from readtui.widgets.article_view import ArticleView


class ReadtuiApp(App[None]):
    TITLE = "readtui"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(self, paths: list[Path], store: Store) -> None:
        super().__init__()
        self.paths = paths
        self.store = store
        self.error_console = Console(
            file=io.StringIO(), markup=False, highlight=False, color_system=None, width=120
        )

    def crash_report(self) -> str:
        """Textual's report of an unhandled error, kept off the screen for the CLI to sum up."""
        file = self.error_console.file
        return file.getvalue() if isinstance(file, io.StringIO) else ""

    def on_mount(self) -> None:
        self.push_screen(ReaderScreen(self.paths, self.store))
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.save_and_exit)

    @property
    def reader(self) -> ReaderScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    def save_and_exit(self) -> None:
        """On quit, SIGTERM and SIGHUP the position is written before the terminal is restored."""
        if self.reader is not None:
            self.reader.save_view_position()
        self.exit()

    async def action_quit(self) -> None:
        self.save_and_exit()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen) or self.reader is None:
            return
        reader = self.reader
        self.push_screen(
            HelpScreen(
                [
                    ("Anywhere", [self, reader]),
                    ("Sidebar", [reader.query_one(ArticleList)]),
                    ("Article", [reader.query_one(ArticleView)]),
                ]
            )
        )

    def on_copy_text(self, message: CopyText) -> None:
        self.copy_worker(message.text)

    @work(thread=True, group="clipboard")
    def copy_worker(self, text: str) -> None:
        """Clipboard tools can hang; they run here so the UI never waits."""
        report = copy_text(
            text, osc52=lambda t: self.call_from_thread(self.copy_to_clipboard, t), env=os.environ
        )
        severity = "information" if report.ok else "error"
        self.call_from_thread(self.notify, report.describe(text), severity=severity, markup=False)
