"""Handing the article to programs outside: its url to a browser, its file to an editor."""

from __future__ import annotations

import os
from collections.abc import Callable

from textual import work
from textual.app import SuspendNotSupported

from readtui.anchor import anchor_text
from readtui.errors import ReadtuiError
from readtui.messages import CopyText
from readtui.screens.reader.opening import Opening


class Outside(Opening):
    """`o` opens the url (or shows and copies it); `e` edits the file and reloads it."""

    def action_open_url(self) -> None:
        """Open the article's url in the browser; where there is none (over SSH), show the url
        and copy it, to open it elsewhere."""
        from readtui.launch import has_browser, web_url

        article = self.view.article
        if article is None:
            return
        url = web_url(article.meta.url)
        if url is None and article.meta.url.strip():
            self.notify("This article's url is not a web address.", severity="warning")
        elif url is None:
            self.notify("This article has no url.", severity="warning")
        elif has_browser(os.environ):
            self.open_in_browser(url)
        else:
            self.url_elsewhere(url, "No browser here (no display)")

    @work(thread=True, group="browser")
    def open_in_browser(self, url: str) -> None:
        """Choosing a browser may run a program (xdg-settings), and so may opening one."""
        from readtui.launch import browser_opener

        opener = browser_opener(os.environ)
        if opener is None:
            self.app.call_from_thread(self.url_elsewhere, url, "No browser found")
        elif opener.in_terminal:
            self.app.call_from_thread(self._run_in_terminal, lambda: opener.open(url), url)
        else:
            opened = opener.open(url)
            self.app.call_from_thread(self._browser_done, url, opened)

    def _run_in_terminal(self, run: Callable[[], bool], url: str) -> None:
        """A text browser (or a $BROWSER command) gets the terminal, the app suspended."""
        try:
            with self.app.suspend():
                opened = run()
        except SuspendNotSupported:
            opened = run() if self.app.is_headless else False
        self._browser_done(url, opened)

    def _browser_done(self, url: str, opened: bool) -> None:
        if opened:
            self.notify(f"Opened in the browser: {url}", markup=False)
        else:
            self.url_elsewhere(url, "The browser could not be started")

    def url_elsewhere(self, url: str, why: str) -> None:
        """Say the url so it can be copied by hand, and copy it (OSC 52 reaches the clipboard
        of the machine the terminal runs on, even over SSH); the copy says where it went."""
        self.notify(f"{why}. The url, to open elsewhere: {url}", timeout=20, markup=False)
        self.post_message(CopyText(url))

    def action_edit(self) -> None:
        """Edit the open article's file in $VISUAL or $EDITOR, the app suspended meanwhile, then
        show it again at the same paragraph: found by its words, since the text (and so the
        fingerprint that keys saved positions) may have changed above it."""
        from readtui.launch import editor_command, run_editor

        opened = self.opened
        if opened is None or opened.article is self.piped:
            return
        path = str(opened.path)
        try:
            command = editor_command(os.environ, path)
        except ReadtuiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        position = self.view.position()
        anchor = "" if position is None else anchor_text(opened.article, position)
        self.save_view_position()
        try:
            with self.app.suspend():
                result = run_editor(command)
        except SuspendNotSupported:
            if not self.app.is_headless:
                self.notify("The terminal cannot be handed to an editor here.", severity="error")
                return
            result = run_editor(command)  # tests: no terminal to hand over
        if result.problem:
            self.notify(result.problem, severity="warning", markup=False)
        self.open_path(path, position, anchor)
