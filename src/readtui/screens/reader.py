"""ReaderScreen: the library sidebar and the article view, wired to the index and the store.

The sidebar reads the library index in the store a window at a time, so 50,000 articles cost
what 10 do; a worker keeps the index in step with the disk. An article is read and parsed in a
worker when it is opened (a long one first in its head), and only that one is held in memory.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import get_current_worker

from readtui.article.load import FileStamp, Loaded, open_file
from readtui.article.model import Article
from readtui.article.sanitize import sanitize_line, sanitize_name
from readtui.catalog import Catalog
from readtui.errors import ReadtuiError, StoreError
from readtui.library import (
    INDEXER_VERSION,
    FileChange,
    change_since,
    entry_from,
    file_notice,
    fit_position,
    stored_title,
    update_index,
)
from readtui.screens.bookmarks import BookmarksScreen
from readtui.store import Bookmark, Position, Store
from readtui.widgets.article_list import ArticleList
from readtui.widgets.article_view import ArticleView
from readtui.widgets.filter_bar import FilterBar
from readtui.widgets.status_bar import StatusBar

T = TypeVar("T")
SAVE_DELAY = 0.6
READ_AT_PERCENT = 99.0
NARROW_BELOW = 50
OPENING_MESSAGE_AFTER = 0.15
"""Seconds before "Opening ..." replaces the previous article: a short article is shown sooner,
and a message that flashes for one frame is worse than none."""
HEAD_MARGIN = 3
"""The last blocks of a long file's head may read differently in the whole article."""
RECENT_ARTICLES = 4
RECENT_WORDS = 200_000
"""Articles longer than this (about a megabyte of text) are kept only while open or just left."""
NO_ARTICLES = "No articles found here: readtui reads .txt, .md and .markdown."


@dataclass(frozen=True)
class OpenArticle:
    """The article on screen and the version of its file it was read from."""

    path: Path
    article: Article
    stamp: FileStamp
    loaded_at: float
    complete: bool


class ReaderScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual types it as an instance variable)
        (0, "-narrow"),
        (NARROW_BELOW, "-normal"),
    ]
    """Below NARROW_BELOW columns the sidebar is hidden so the article keeps a readable width;
    n and p still move between articles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Switch pane", id="reader.next_pane"),
        Binding(
            "shift+tab", "app.focus_previous", "Switch pane", show=False, id="reader.prev_pane"
        ),
        Binding("n", "step_article(1)", "Next article", id="reader.next"),
        Binding("p", "step_article(-1)", "Prev article", id="reader.prev"),
        Binding("f", "filter", "Filter", id="reader.filter"),
        Binding("b", "toggle_bookmark", "Bookmark", id="reader.bookmark"),
        Binding("B", "bookmarks", "Bookmarks", id="reader.bookmarks"),
    ]
    FILE_CHECK_SECONDS: ClassVar[float] = 2.0
    """How often the open article's file is checked (one stat) for changes and deletion."""

    def __init__(self, paths: list[Path], store: Store) -> None:
        super().__init__()
        self.paths = paths
        self.store = store
        self.catalog = Catalog(store, paths)
        self.current: str | None = None
        """The path of the article shown, or being opened."""
        self.opened: OpenArticle | None = None
        self.indexing = True
        """The background index of the library is running."""
        self.index_progress: tuple[int, int] | None = None
        self._opening = 0
        """Counts open requests, so a slow read that finishes late is not shown."""
        self._opening_timer: Timer | None = None
        self._shown_token = 0
        self._recent: OrderedDict[str, OpenArticle] = OrderedDict()
        self._save_timer: Timer | None = None
        self._unsaved: tuple[Article, Position] | None = None
        self._opened_unreported = False
        self._reported: set[str] = set()
        self._file_said = FileChange.SAME
        """What the status bar says now about the open article's file."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="library"):
                yield FilterBar(id="filter")
                yield ArticleList(id="sidebar")
            yield ArticleView(id="article")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def sidebar(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        self.sidebar.set_source(self.catalog)
        self._set_placeholder()
        self._guarded(self.sidebar.reload)
        self.view.focus()
        if not self.open_start_article():
            self.view.show_message("Looking for articles\u2026")
        self.index_library()
        self.set_interval(self.FILE_CHECK_SECONDS, self.check_open_file)
        self.watch(self.app, "app_focus", self._app_focus_changed, init=False)

    # -- the library index -----------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index")
    def index_library(self) -> None:
        """Bring the index in step with the disk: new and changed files are read, deleted ones
        drop out. The sidebar shows each batch as it is written."""
        worker = get_current_worker()
        call = self.app.call_from_thread

        def stopped() -> bool:
            return worker.is_cancelled or self.app.quitting.is_set()  # type: ignore[attr-defined]

        def advanced(done: int, total: int) -> None:
            if not stopped():
                call(self.index_advanced, done, total)

        try:
            problems = update_index(self.store, self.paths, progress=advanced, cancelled=stopped)
        except StoreError as exc:
            problems = [str(exc)]
        if not stopped():
            call(self.index_finished, problems)

    def index_advanced(self, done: int, total: int) -> None:
        self.index_progress = (done, total)
        self.catalog.invalidate()
        self._guarded(self.sidebar.reload)
        indexing = f"Indexing {done:,} / {total:,}" if done < total else ""
        self.status.set_part("index", indexing)
        if self.current is None:
            self.open_start_article()

    def index_finished(self, problems: list[str]) -> None:
        self.indexing = False
        self.index_progress = None
        self.status.set_part("index", "")
        for problem in problems:
            self.notify(sanitize_line(problem), severity="warning", markup=False)
        self.catalog.invalidate()
        self._guarded(self.sidebar.reload)
        self._set_placeholder()
        if self.filter_bar.is_open or self.catalog.filter.strip():
            self.load_titles()  # the copy read during indexing is out of date
        if self.current is None and not self.open_start_article():
            self.view.show_message(NO_ARTICLES)

    def _start_path(self) -> str | None:
        """The article open last time (found by its path when the file has changed since, even
        before the index has reached it), else the first readable one in the list."""
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

    # -- opening articles ------------------------------------------------------------------
    def open_path(self, path: str, position: Position | None = None) -> None:
        """Show the article in a file, read afresh (so an edited file shows its new text)."""
        self.save_view_position()
        self.current = path
        self.sidebar.highlight_path(path)
        self._say_about_file(FileChange.SAME)
        self._opening += 1
        if self._opening_timer is not None:
            self._opening_timer.stop()
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
                call(self.article_loaded, path, head, opening.stamp, position, token, False)
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
    ) -> None:
        if token != self._opening:
            return
        opened = OpenArticle(Path(path), article, stamp, time.time(), complete)
        shown = self.opened
        if not complete:
            saved = self._position_in(article, position)
            if saved is None or saved.block < len(article.blocks) - HEAD_MARGIN:
                self._shown_token = token
                self.opened = opened
                self.view.show(article, saved, complete=False)
            return  # else the place to open at is further on: the whole text is awaited
        self._shown_token = token
        if self._opening_timer is not None:
            self._opening_timer.stop()
        self._remember(opened)
        if shown is not None and not shown.complete and shown.path == opened.path:
            self.opened = opened
            if self.view.update_article(article):
                self._finish_opening(opened)
                return
        self._show(opened, position)

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
        self._shown_token = token
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
            self._guarded(lambda: self.store.save_index_entries([fresh], indexer=INDEXER_VERSION))
        self.catalog.invalidate()
        self.sidebar.refresh_path(path)

    def _position_in(self, article: Article, asked: Position | None) -> Position | None:
        """Where to open: the position asked for (a bookmark), else where the reader left this
        article, else where they left an earlier version of the file (same path)."""
        if asked is not None:
            return fit_position(asked, article) or asked
        meta = article.meta
        saved = self._guarded(lambda: self.store.position(meta.fingerprint))
        if saved is not None:
            return saved
        states = (self._guarded(self.store.states) or {}).values()
        earlier = [s for s in states if s.path == meta.path and s.position is not None]
        if not earlier:
            return None
        latest = max(earlier, key=lambda state: state.opened_at or 0.0)
        assert latest.position is not None
        return fit_position(latest.position, article)

    # -- the open file on disk -------------------------------------------------------------
    def check_open_file(self) -> None:
        """Say, once and then in the status bar for as long as it lasts, that the open
        article's file was changed or deleted; the view keeps showing the copy it loaded."""
        opened = self.opened
        if opened is None or self.view.article is not opened.article:
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

    def on_resize(self) -> None:
        self.call_after_refresh(self._keep_focus_on_screen)

    def _keep_focus_on_screen(self) -> None:
        """A terminal narrowed while the sidebar had focus hides it: the article takes focus."""
        focused = self.focused
        hidden = focused is None or not focused.display or focused is self.sidebar
        if hidden and self.has_class("-narrow") and not self.has_class("-filtering"):
            self.view.focus()

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

    # -- filter ----------------------------------------------------------------------------
    def action_filter(self) -> None:
        self.remove_class("-browsing")
        self.add_class("-filtering")
        self.filter_bar.open()
        self.load_titles()

    @work(thread=True, exclusive=True, group="titles")
    def load_titles(self) -> None:
        """The filter answers from the titles in memory once they are read (50 ms at 50,000
        titles); until then, and whenever indexing changes them, from the index."""
        with suppress(StoreError):
            self.catalog.load_titles()

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        self.catalog.set_filter(event.text)
        self._guarded(self.sidebar.reload)
        count, total = (
            self._guarded(self.catalog.count) or 0,
            self._guarded(self.catalog.total) or 0,
        )
        self.filter_bar.set_count(count, total)
        self._set_placeholder()

    def _set_placeholder(self) -> None:
        """What the empty sidebar says: still looking, nothing matches, or nothing there."""
        if self.catalog.filter.strip():
            self.sidebar.set_placeholder("No titles match the filter.")
        elif self.indexing:
            self.sidebar.set_placeholder("Looking for articles\u2026")
        else:
            self.sidebar.set_placeholder("No articles here.")

    def on_filter_bar_closed(self, event: FilterBar.Closed) -> None:
        narrow = self.has_class("-narrow")
        if not self.catalog.filter.strip():
            self.catalog.drop_titles()
        self.remove_class("-filtering")
        chosen = self.sidebar.highlighted_path if event.keep and self.sidebar.row_count else None
        if chosen is not None and narrow:
            self.open_path(chosen)  # the list steps aside again: enter opens the first match
            self.view.focus()
        elif chosen is not None:
            self.sidebar.focus()
        else:
            self.view.focus()

    # -- position and bookmarks ------------------------------------------------------------
    def on_article_view_position_changed(self, event: ArticleView.PositionChanged) -> None:
        """Save after scrolling stops; the first report after opening is saved at once."""
        first = self._unsaved is None and self._opened_unreported
        self._opened_unreported = False
        self._unsaved = (event.article, event.position)
        if self._save_timer is not None:
            self._save_timer.stop()
        if first:
            self.flush_position()
        else:
            self._save_timer = self.set_timer(SAVE_DELAY, self.flush_position)

    def save_view_position(self) -> None:
        """Save where the view is now, even if its last scroll report is still on its way
        (before switching articles and on quit)."""
        article, position = self.view.article, self.view.position()
        if article is not None and position is not None:
            self._unsaved = (article, position)
        self.flush_position()

    def flush_position(self) -> None:
        """Write the pending reading position now (called after scrolling stops and on exit)."""
        if self._unsaved is None:
            return
        article, position = self._unsaved
        self._unsaved = None
        meta = article.meta
        self._guarded(
            lambda: self.store.save_position(
                meta.fingerprint, position, path=meta.path, title=stored_title(article)
            )
        )
        if position.percent >= READ_AT_PERCENT:
            self._guarded(lambda: self.store.mark_read(meta.fingerprint))
        self.catalog.invalidate()
        self.sidebar.refresh_path(meta.path)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_bookmark":
            return self.view.article is not None or None
        return True

    def action_toggle_bookmark(self) -> None:
        """Add a bookmark at the top of the view, or remove the one already in that block."""
        article, position = self.view.article, self.view.position()
        if article is None or position is None:
            return
        meta = article.meta
        existing = self._guarded(lambda: self.store.bookmark_near(meta.fingerprint, position.block))
        if existing is not None:
            self._guarded(lambda: self.store.delete_bookmark(existing.id))
            self.notify("Bookmark removed.")
        else:
            snippet = self.view.snippet(position)
            added = self._guarded(
                lambda: self.store.add_bookmark(
                    meta.fingerprint,
                    position.block,
                    position.offset,
                    snippet,
                    title=stored_title(article),
                    path=meta.path,
                )
            )
            if added is not None and added.id < 0:
                self.notify("Bookmark not kept: the reading-state file is read-only.")
            elif added is not None:
                self.notify("Bookmark added: " + snippet, markup=False)
        self.catalog.invalidate()
        self.sidebar.refresh_path(meta.path)

    def action_bookmarks(self) -> None:
        bookmarks = self._guarded(self.store.bookmarks) or []
        self.app.push_screen(BookmarksScreen(bookmarks, self.store), self.jump_to_bookmark)

    def jump_to_bookmark(self, bookmark: Bookmark | None) -> None:
        self.catalog.invalidate()
        self._guarded(self.sidebar.reload)
        if bookmark is None:
            return
        entry = self._guarded(lambda: self.catalog.by_fingerprint(bookmark.fingerprint))
        if entry is None and bookmark.path:
            entry = self._guarded(lambda: self.catalog.entry_of(bookmark.path))
        if entry is None:
            self.notify("That bookmark's article is not in this library.", severity="warning")
            return
        self.open_path(entry.path, Position(bookmark.block, bookmark.offset))
        self.view.focus()

    def _guarded(self, call: Callable[[], T]) -> T | None:
        """Run a store call; a failure is said in plain words and reading goes on."""
        try:
            return call()
        except StoreError as exc:
            message = str(exc)
            if message not in self._reported:
                self.notify(message, severity="error", markup=False)
            if message == self.store.saving_error:
                self._reported.add(message)
            return None
        finally:
            self._report_store_state()

    def _report_store_state(self) -> None:
        """Say once what the store had to do (a damaged file set aside, saving off, read-only),
        and keep saying it in the status bar while it lasts: notifications fade."""
        store = self.store
        problems = [*store.notices, store.saving_error or "", store.read_only_reason or ""]
        for problem in problems:
            if problem and problem not in self._reported:
                self._reported.add(problem)
                self.notify(problem, severity="warning", markup=False, timeout=15)
        if store.not_saving:
            lasting = f"Not saving: {store.not_saving}. Changes are kept until you quit."
        elif store.read_only:
            lasting = f"Read-only: {store.read_only}. Nothing new is saved."
        else:
            lasting = ""
        with suppress(NoMatches):
            self.status.set_part("store", lasting)
