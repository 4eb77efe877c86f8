"""Opening articles: read and parsed in a worker, a long one first in its head; a few kept."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from textual import work

from readtui.anchor import relocate
from readtui.article.load import FileStamp, Loaded, open_file
from readtui.article.model import Article
from readtui.article.sanitize import sanitize_line, sanitize_name
from readtui.catalog import READ_AT_PERCENT
from readtui.errors import ReadtuiError
from readtui.library import (
    INDEXER_VERSION,
    FileChange,
    change_since,
    entry_from,
    file_notice,
    fit_position,
    search_text,
    stored_title,
)
from readtui.screens.reader.base import PIPED, OpenArticle
from readtui.screens.reader.saving import Saving
from readtui.store import Position
from readtui.widgets.article_list import ArticleList

OPENING_MESSAGE_AFTER = 0.15
"""Seconds before "Opening ..." replaces the previous article: a short article is shown sooner,
and a message that flashes for one frame is worse than none."""
HEAD_DRAWN_WITHIN = 0.5
"""Seconds the parse of a long text's whole waits at most for its head to be drawn: parsing
holds the GIL, which would hold back the head's first frame."""
HEAD_MARGIN = 3
"""The last blocks of a long file's head may read differently in the whole article."""
RECENT_ARTICLES = 4
RECENT_WORDS = 200_000
"""Articles longer than this (about a megabyte of text) are kept only while open or just left."""
PIPED_STAMP = FileStamp(0, 0, 0, 0)


class Opening(Saving):
    """Shows the article asked for, at the place asked for or where the reader left it."""

    def _start_path(self) -> str | None:
        """The article piped in; else the article open last time (found by its path when the
        file has changed since, even before the index has reached it), else the first readable
        one in the list."""
        if self.piped is not None:
            return PIPED
        start = self._guarded(self.store.last_opened) or ""
        if start:
            entry = self._guarded(lambda: self.catalog.by_fingerprint(start))
            if entry is not None:
                return entry.path
            state = self._guarded(lambda: self.store.state(start))
            if state is not None and state.path in self.catalog.roots and Path(state.path).exists():
                return state.path
        for rank in range(min(50, self._guarded(self.catalog.count) or 0)):
            row = self._guarded(lambda rank=rank: self.catalog.row(rank))  # type: ignore[misc]
            if row is not None and not row.entry.error:
                return row.entry.path
        first = self._guarded(lambda: self.catalog.row(0))
        return first.entry.path if first is not None else None

    def open_start_article(self) -> bool:
        path = self._start_path()
        if path is None:
            return False
        self.open_path(path)
        return True

    def open_path(self, path: str, position: Position | None = None, anchor: str = "") -> None:
        """Show the article in a file, read afresh (so an edited file shows its new text); at
        `position` if given, found by the words there (`anchor`) if the file was edited."""
        self.save_view_position()
        self.current = path
        self._asked_anchor = anchor
        self.sidebar.highlight_path(path)
        self._say_about_file(FileChange.SAME)
        self._opening += 1
        if self._opening_timer is not None:
            self._opening_timer.stop()
        if path == PIPED and self.piped is not None:
            self._show_piped(self.piped, position)
            return
        kept = self._recent.get(path)
        if kept is not None and change_since(kept.path, kept.stamp) is not FileChange.CHANGED:
            self._recent.move_to_end(path)
            self._show(kept, position)
            return
        name = sanitize_name(Path(path).name)
        token = self._opening
        self._opening_timer = self.set_timer(
            OPENING_MESSAGE_AFTER, lambda: self._still_opening(token, name)
        )
        self.load_article(path, position, self._opening)

    def _still_opening(self, token: int, name: str) -> None:
        """Say what is being opened, unless it has been shown meanwhile (a timer's event may
        already be queued when the timer is stopped)."""
        if token == self._opening and self._shown_token != token:
            self.view.show_message(f"Opening {name}\u2026")

    @work(thread=True, exclusive=True, group="open")
    def load_article(self, path: str, position: Position | None, token: int) -> None:
        """Read, decode and parse off the UI thread; a long text shows its head first."""
        call = self.app.call_from_thread
        try:
            opening = open_file(Path(path))
            head = opening.head()
            if head is not None:
                drawn = threading.Event()
                call(self.article_loaded, path, head, opening.stamp, position, token, False, drawn)
                drawn.wait(HEAD_DRAWN_WITHIN)  # the whole parse would slow the head's first frame
                if token != self._opening:
                    return
            article = opening.whole()
        except ReadtuiError as exc:
            call(self.open_failed, path, str(exc), token)
            return
        except Exception as exc:  # a parser bug must cost this article, not the app
            call(
                self.open_failed,
                path,
                f"readtui failed to read this file (a bug: {type(exc).__name__}).",
                token,
            )
            return
        call(self.article_loaded, path, article, opening.stamp, position, token, True)

    def article_loaded(
        self,
        path: str,
        article: Article,
        stamp: FileStamp,
        position: Position | None,
        token: int,
        complete: bool,
        drawn: threading.Event | None = None,
    ) -> None:
        """An article read (or a long one's head: `complete` False), shown unless another has
        been asked for since; `drawn` is set once the head is on screen (or is not shown)."""
        if token != self._opening:
            if drawn is not None:
                drawn.set()
            return
        opened = OpenArticle(Path(path), article, stamp, time.time(), complete)
        shown = self.opened
        if not complete:
            saved = self._position_in(article, position, complete=False)
            if saved is None or saved.block < len(article.blocks) - HEAD_MARGIN:
                self._mark_shown(token)
                self.opened = opened
                self.view.show(article, saved, complete=False)
                if drawn is not None:
                    self.view.call_after_refresh(drawn.set)
            elif drawn is not None:
                drawn.set()
            return  # else the place to open at is further on: the whole text is awaited
        self._mark_shown(token)
        if self._opening_timer is not None:
            self._opening_timer.stop()
        self._remember(opened)
        if shown is not None and not shown.complete and shown.path == opened.path:
            self.opened = opened
            if self.view.update_article(article):
                self._finish_opening(opened)
                return
        self._show(opened, position)

    def _mark_shown(self, token: int) -> None:
        """The article asked for last is on screen, or what went wrong is: once that is drawn,
        the first time, the index may walk the library."""
        self._shown_token = token
        if not self.first_shown.is_set():
            self.view.call_after_refresh(self.first_shown.set)

    def _show(self, opened: OpenArticle, position: Position | None) -> None:
        """Show a whole article, at the place asked for or where the reader left it."""
        self.opened = opened
        self._opened_unreported = True
        self.view.show(opened.article, self._position_in(opened.article, position))
        self._finish_opening(opened)

    def _remember(self, opened: OpenArticle) -> None:
        """Keep the last few articles, so n and p back and forth are instant and a file deleted
        meanwhile still shows the copy that was read; a long one only while it is the open
        or the previous article."""
        self._recent[str(opened.path)] = opened
        self._recent.move_to_end(str(opened.path))
        for path, kept in list(self._recent.items())[:-2]:
            if len(self._recent) > RECENT_ARTICLES or kept.article.meta.word_count > RECENT_WORDS:
                del self._recent[path]

    def _finish_opening(self, opened: OpenArticle) -> None:
        article, path = opened.article, str(opened.path)
        meta = article.meta
        self._guarded(
            lambda: self.store.set_last_opened(
                meta.fingerprint, path=meta.path, title=stored_title(article)
            )
        )
        change = change_since(opened.path, opened.stamp)
        if change is FileChange.SAME:
            self._refresh_index_entry(path, article, opened.stamp)
        self._say_about_file(change, file_notice(opened.path, opened.loaded_at, change))

    def open_failed(self, path: str, error: str, token: int) -> None:
        if token != self._opening:
            return
        self._mark_shown(token)
        if self._opening_timer is not None:
            self._opening_timer.stop()
        self.opened = None
        name, error = sanitize_name(Path(path).name), sanitize_line(error)
        self.view.show_message(f"{name}: {error}")
        self.notify(f"Cannot open {name}: {error}", severity="error", markup=False)

    def _refresh_index_entry(self, path: str, article: Article, stamp: FileStamp) -> None:
        """The index learns what opening found when the file changed since it was indexed."""
        known = self._guarded(lambda: self.catalog.entry_of(path))
        fresh = entry_from(path, Loaded(article, stamp))
        if known != fresh:
            text = search_text(article)
            self._guarded(
                lambda: self.store.save_index_entries(
                    [fresh], indexer=INDEXER_VERSION, texts=[text]
                )
            )
        self._row_changed(path)

    def _position_in(
        self, article: Article, asked: Position | None, complete: bool = True
    ) -> Position | None:
        """Where to open: the position asked for (a bookmark), else where the reader left this
        article, else where they left an earlier version of the file (same path), found by
        its words when the file was edited. `complete` is False for a long file's head."""
        if asked is not None:
            return self._fit(asked, article, self._asked_anchor, complete) or asked
        meta = article.meta
        state = self._guarded(lambda: self.store.state(meta.fingerprint))
        saved = None if state is None else state.position
        if state and saved and not state.read and saved.percent >= READ_AT_PERCENT:
            return None  # read to its end, then marked unread: read it again from the top
        if saved is not None or not meta.path:  # piped in: no earlier version to look for
            return saved
        states = (self._guarded(self.store.states) or {}).values()
        earlier = [s for s in states if s.path == meta.path and s.position is not None]
        if not earlier:
            return None
        latest = max(earlier, key=lambda state: state.opened_at or 0.0)
        assert latest.position is not None
        return self._fit(latest.position, article, latest.anchor, complete)

    @staticmethod
    def _fit(position: Position, article: Article, anchor: str, complete: bool) -> Position | None:
        """Where `anchor`'s words are, near `position`; without them, the same paragraph number.
        A long file's head without them gives a place past its end: they may be further on, so
        the whole text is awaited."""
        found = relocate(article, position, anchor) if anchor else None
        if found is not None:
            return found
        if anchor and not complete:
            return Position(len(article.blocks), 0, position.percent)
        return fit_position(position, article)

    def _show_piped(self, article: Article, position: Position | None) -> None:
        """Show the article read from stdin. It has no file to check, and is not made the
        article to start with next time (a later `readtui` opens the library's)."""
        self._mark_shown(self._opening)
        self.opened = OpenArticle(Path(PIPED), article, PIPED_STAMP, time.time(), True)
        self._opened_unreported = True
        self.view.show(article, self._position_in(article, position))
        self.refresh_bindings()

    def check_open_file(self) -> None:
        """Say, once and then in the status bar for as long as it lasts, that the open
        article's file was changed or deleted; the view keeps showing the copy it loaded."""
        opened = self.opened
        shown = self.view.article
        if opened is None or shown is not opened.article or shown is self.piped:
            return
        change = change_since(opened.path, opened.stamp)
        self._say_about_file(change, file_notice(opened.path, opened.loaded_at, change))

    def _say_about_file(self, change: FileChange, text: str = "") -> None:
        if change is self._file_said:
            return
        self._file_said = change
        self.status.set_part("file", text)
        if text:
            self.notify(text, severity="warning", markup=False, timeout=10)

    def _app_focus_changed(self, focused: bool) -> None:
        if focused:
            self.check_open_file()

    def on_article_list_opened(self, event: ArticleList.Opened) -> None:
        self.open_path(event.path)
        self.view.focus()

    def action_step_article(self, step: int) -> None:
        """The next or previous article in the sidebar's order (and its filter)."""
        count = self._guarded(self.catalog.count) or 0
        if not count:
            return
        current = self.current
        rank = self._guarded(lambda: self.catalog.rank_of(current)) if current else None
        target = (step - 1 if step > 0 else step) if rank is None else rank + step
        row = self._guarded(lambda: self.catalog.row(target % count))
        if row is not None:
            self.open_path(row.entry.path)
