"""ReaderScreen: the library sidebar and the article view, wired to the index and the store.

The sidebar reads the library index in the store a window at a time, so 50,000 articles cost
what 10 do; a worker keeps the index in step with the disk. An article is read and parsed in a
worker when it is opened (a long one first in its head), and only that one is held in memory.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import get_current_worker

from readtui.article.load import FileStamp, Loaded, open_file
from readtui.article.model import Article, Quote
from readtui.article.quote_list import find_quote
from readtui.article.sanitize import sanitize_line, sanitize_name
from readtui.catalog import READ_AT_PERCENT, Catalog, Order, View
from readtui.errors import ReadtuiError, StoreError
from readtui.library import (
    INDEXER_VERSION,
    FileChange,
    change_since,
    entry_from,
    file_notice,
    fit_position,
    search_text,
    stored_title,
    update_index,
)
from readtui.messages import CopyText
from readtui.screens.bookmarks import BookmarksScreen, note_not_kept
from readtui.screens.note_editor import NoteEditor
from readtui.screens.quotes import QuotesScreen
from readtui.screens.search import LibrarySearchScreen, SearchOutcome
from readtui.store import Bookmark, Position, Store
from readtui.widgets.article_list import ArticleList
from readtui.widgets.article_view import COLUMN_WIDTH, ArticleView
from readtui.widgets.filter_bar import FilterBar
from readtui.widgets.library_heading import LibraryHeading
from readtui.widgets.search_bar import SearchBar
from readtui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from readtui.watch import FolderWatch

T = TypeVar("T")
SAVE_DELAY = 0.6
SORT_SETTING = "library.sort"
VIEW_SETTING = "library.view"
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
EMPTY_VIEWS = {
    View.ALL: "No articles here.",
    View.UNREAD: "Nothing unread here (v shows more).",
    View.IN_PROGRESS: "Nothing in progress (v shows more).",
    View.BOOKMARKED: "No bookmarked articles (v shows more).",
}
PIPED = "\0stdin"
"""Where the reader keeps the article piped in: a "path" no file can have (a NUL byte)."""
PIPED_STAMP = FileStamp(0, 0, 0, 0)
WATCH_AFTER = 1.0
"""Seconds after the first index before the folders are watched: setting up the watch walks
every folder, which must not compete with the first screens (the watch's first pass catches
what changed meanwhile)."""


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
        Binding("N", "note_bookmark", "Bookmark note", show=False, id="reader.note"),
        Binding("Q", "quotes", "Quotes", id="reader.quotes"),
        Binding("slash", "search", "Search", id="reader.search"),
        Binding("s", "search_library", "Search library", show=False, id="reader.search_library"),
        Binding("o", "open_url", "Open url", id="reader.open_url"),
        Binding("e", "edit", "Edit", id="reader.edit"),
        Binding("S", "sort", "Sort library", show=False, id="reader.sort"),
        Binding("v", "view", "Library view", show=False, id="reader.view"),
        Binding("m", "mark_read", "Read/unread", show=False, id="reader.mark_read"),
    ]
    FILE_CHECK_SECONDS: ClassVar[float] = 2.0
    """How often the open article's file is checked (one stat) for changes and deletion."""

    def __init__(
        self,
        paths: list[Path],
        store: Store,
        *,
        reading_width: int = COLUMN_WIDTH,
        default_width: int = COLUMN_WIDTH,
        piped: Article | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.store = store
        self.reading_width = reading_width
        self.default_width = default_width
        self.piped = piped
        """The article read from stdin (`readtui -`): shown first, never in the index."""
        self._watch: FolderWatch | None = None
        self._watch_said: set[str] = set()
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
        self._library_query = ""
        """The words last searched for in the library (`s`), offered again."""
        self._kept_unread: tuple[str, Position | None] | None = None
        """The open article the reader marked unread, and where the view was: leaving it there
        does not mark it read again (reading on to its end does)."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="library"):
                yield FilterBar(id="filter")
                yield LibraryHeading(id="list-heading")
                yield ArticleList(id="sidebar")
            yield ArticleView(
                id="article", reading_width=self.reading_width, default_width=self.default_width
            )
        yield SearchBar(id="article-search")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def sidebar(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        self.set_class(not self.paths, "-no-library")
        self._restore_listing()
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
        self.set_timer(WATCH_AFTER, self.start_watching)

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
            text = search_text(article)
            self._guarded(
                lambda: self.store.save_index_entries(
                    [fresh], indexer=INDEXER_VERSION, texts=[text]
                )
            )
        self._row_changed(path)

    def _position_in(self, article: Article, asked: Position | None) -> Position | None:
        """Where to open: the position asked for (a bookmark), else where the reader left this
        article, else where they left an earlier version of the file (same path)."""
        if asked is not None:
            return fit_position(asked, article) or asked
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
        return fit_position(latest.position, article)

    # -- the open file on disk -------------------------------------------------------------
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

    # -- search in the article -------------------------------------------------------------
    def action_search(self) -> None:
        """`/`: the search bar under the article; typing searches from where the reader is."""
        self.view.begin_search()
        self.search_bar.open()

    def on_search_bar_changed(self, event: SearchBar.Changed) -> None:
        self.view.search(event.text)

    def on_search_bar_stepped(self, event: SearchBar.Stepped) -> None:
        self.view.action_match(event.step)

    def on_search_bar_closed(self, event: SearchBar.Closed) -> None:
        """Enter goes on reading with the matches marked; escape ends the search and gives
        the focus back to where it was."""
        if not event.keep:
            self.view.clear_search()
        back = event.return_to
        if event.keep or back is None or not back.is_attached or not back.display:
            back = self.view
        back.focus()

    def on_article_view_search_updated(self, event: ArticleView.SearchUpdated) -> None:
        bar = self.search_bar
        if not event.query and not bar.input.has_focus:
            bar.close()  # escape in the article, or no article to search
        else:
            bar.set_result(event.count, event.current, event.wrapped, event.searching)

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
        elif self.catalog.view is not View.ALL:
            self.sidebar.set_placeholder(EMPTY_VIEWS[self.catalog.view])
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

    # -- the library list: order, view, read marks ---------------------------------------
    def _restore_listing(self) -> None:
        """The order and view the reader chose last time (unknown values: the defaults)."""
        saved_order = self._guarded(lambda: self.store.setting(SORT_SETTING))
        saved_view = self._guarded(lambda: self.store.setting(VIEW_SETTING))
        order = next((o for o in Order if o.value == saved_order), Order.PATH)
        view = next((v for v in View if v.value == saved_view), View.ALL)
        self.catalog.set_order(order)
        self.catalog.set_view(view)
        self.query_one(LibraryHeading).show(order, view)

    def action_sort(self) -> None:
        """S: the next order (file, title, newest first, progress, recently read)."""
        orders = list(Order)
        following = orders[(orders.index(self.catalog.order) + 1) % len(orders)]
        self._set_listing(following, self.catalog.view)

    def action_view(self) -> None:
        """v: the next view (all, unread, in progress, bookmarked)."""
        views = list(View)
        following = views[(views.index(self.catalog.view) + 1) % len(views)]
        self._set_listing(self.catalog.order, following)

    def _set_listing(self, order: Order, view: View) -> None:
        """Show the library in this order and view, from the top, and remember both."""
        self.catalog.set_order(order)
        self.catalog.set_view(view)
        heading = self.query_one(LibraryHeading)
        heading.show(order, view)
        self._guarded(lambda: self.store.save_setting(SORT_SETTING, order.value))
        self._guarded(lambda: self.store.save_setting(VIEW_SETTING, view.value))
        self._guarded(lambda: self.sidebar.reload(from_top=True))
        self._set_placeholder()
        if self.filter_bar.is_open or self.catalog.filter.strip():
            self.load_titles()  # in the new order, when it depends on the files alone
        if self.has_class("-narrow"):  # the sidebar is hidden: say it
            self.notify(f"Library: {heading.text or 'By file'}", markup=False)

    def action_mark_read(self) -> None:
        """m: mark the highlighted article (the sidebar focused) or the open one read, or
        unread when it is read already."""
        article = self.view.article
        if self.sidebar.has_focus:
            path = self.sidebar.highlighted_path
            entry = self._guarded(lambda: self.catalog.entry_of(path or "")) if path else None
            if entry is None or not entry.fingerprint:
                return
            fingerprint, title = entry.fingerprint, entry.title
        elif article is not None:
            fingerprint, title, path = article.meta.fingerprint, stored_title(article), None
        else:
            return
        state = self._guarded(lambda: self.store.state(fingerprint))
        if state is not None and state.read:
            self._guarded(lambda: self.store.mark_unread(fingerprint))
            if article is not None and article.meta.fingerprint == fingerprint:
                self._kept_unread = (fingerprint, self.view.position())
            said = "Marked unread"
        else:
            where = path or (article.meta.path if article else "")
            self._guarded(lambda: self.store.mark_read(fingerprint, path=where, title=title))
            said = "Marked read"
        self.notify(f"{said}: {sanitize_line(title)}", markup=False)
        self._row_changed(path or (article.meta.path if article else ""))

    def _row_changed(self, path: str) -> None:
        """What the reader did with an article changed (or its index entry): its row is drawn
        again, or every row when the order or view follows reading (it may move or leave)."""
        self.catalog.invalidate()
        if self.catalog.follows_reading:
            self._guarded(self.sidebar.reload)
        else:
            self.sidebar.refresh_path(path)

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
        kept_unread = self._kept_unread == (meta.fingerprint, position)
        if position.percent >= READ_AT_PERCENT and not kept_unread:
            self._guarded(lambda: self.store.mark_read(meta.fingerprint))
        self._row_changed(meta.path)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            opened = self.opened
            return (opened is not None and opened.article is not self.piped) or None
        if action == "open_url":
            return self.view.article is not None or None
        library = ("filter", "step_article", "sort", "view", "search_library")
        if action in library and not self.paths:
            return False  # only a piped article: no library to filter or step through
        if action == "mark_read":
            return self.view.article is not None or self.sidebar.has_focus or None
        if action == "search":
            return self.view.article is not None or None
        if action in ("toggle_bookmark", "note_bookmark", "quotes"):
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
            self._add_bookmark(article, position, hint=" (N adds a note)")
        self._row_changed(meta.path)

    def _add_bookmark(self, article: Article, position: Position, hint: str) -> Bookmark | None:
        """Bookmark the top of the view, with the article's source and url for the notes
        export; None when it was not kept."""
        meta, snippet = article.meta, self.view.snippet(position)
        added = self._guarded(
            lambda: self.store.add_bookmark(
                meta.fingerprint,
                position.block,
                position.offset,
                snippet,
                title=stored_title(article),
                path=meta.path,
                source=meta.source,
                url=meta.url,
            )
        )
        if added is not None and added.id < 0:
            self.notify("Bookmark not kept: the reading-state file is read-only.")
            return None
        if added is not None:
            self.notify(f"Bookmark added: {snippet}{hint}", markup=False)
        return added

    def action_note_bookmark(self) -> None:
        """Write the note of the bookmark at the top of the view, bookmarking it first if
        it is not yet."""
        article, position = self.view.article, self.view.position()
        if article is None or position is None:
            return
        fingerprint = article.meta.fingerprint
        bookmark = self._guarded(lambda: self.store.bookmark_near(fingerprint, position.block))
        if bookmark is None:
            bookmark = self._add_bookmark(article, position, hint="")
            self._row_changed(article.meta.path)
        if bookmark is not None:
            editor = NoteEditor(bookmark.note, bookmark.snippet)
            self.app.push_screen(editor, lambda note: self.save_note(bookmark, note))

    def save_note(self, bookmark: Bookmark, note: str | None) -> None:
        """Keep the note the editor returned (None: cancelled; empty: remove the note)."""
        if note is None or note == bookmark.note:
            return
        saved = self._guarded(lambda: self.store.set_bookmark_note(bookmark.id, note))
        if saved is False:
            self.notify(note_not_kept(self.store), severity="warning")
        elif saved:
            self.notify("Note saved." if note else "Note removed.")

    def action_bookmarks(self) -> None:
        bookmarks = self._guarded(self.store.bookmarks) or []
        self.app.push_screen(BookmarksScreen(bookmarks, self.store), self.jump_to_bookmark)

    def jump_to_bookmark(self, bookmark: Bookmark | None) -> None:
        self.catalog.invalidate()
        self._guarded(self.sidebar.reload)
        if bookmark is None:
            return
        if self.piped is not None and bookmark.fingerprint == self.piped.meta.fingerprint:
            self.open_path(PIPED, Position(bookmark.block, bookmark.offset))
            self.view.focus()
            return
        entry = self._guarded(lambda: self.catalog.by_fingerprint(bookmark.fingerprint))
        if entry is None and bookmark.path:
            entry = self._guarded(lambda: self.catalog.entry_of(bookmark.path))
        if entry is None:
            self.notify("That bookmark's article is not in this library.", severity="warning")
            return
        self.open_path(entry.path, Position(bookmark.block, bookmark.offset))
        self.view.focus()

    # -- search the library ------------------------------------------------------------------
    def action_search_library(self) -> None:
        """`s`: search the text of every article; the words typed last time are offered again."""
        screen = LibrarySearchScreen(
            self.store,
            self.catalog.roots,
            self._library_query,
            current=self.current,
            indexing=self.indexing,
        )
        self.app.push_screen(screen, self.open_search_result)

    def open_search_result(self, outcome: SearchOutcome | None) -> None:
        """Open the article chosen in the search with its match at the top of the view."""
        if outcome is None:
            return
        self._library_query = outcome.query
        if outcome.path is not None:
            self.open_path(outcome.path, outcome.position)
            self.view.focus()

    # -- quotes panel ----------------------------------------------------------------------
    def action_quotes(self) -> None:
        """The quotes panel over the article, on the quote the reader is at; an article
        without quotes says so rather than opening an empty panel."""
        article = self.view.article
        if article is None:
            return
        if not article.quotes:
            self.notify("No quotes in this article.")
            return
        current = self.view.current_quote()
        start = next((i for i, quote in enumerate(article.quotes) if quote is current), 0)
        opened = self.opened
        complete = opened is None or opened.article is not article or opened.complete
        self.app.push_screen(QuotesScreen(article, start, complete=complete), self.jump_to_quote)

    def jump_to_quote(self, quote: Quote | None) -> None:
        """Focus the quote chosen in the panel, with its first line at the top of the view."""
        view = self.view
        index = None if quote is None or view.article is None else find_quote(view.article, quote)
        if index is None:
            return
        view.focus()
        if not view.check_action("quote", ()):
            return
        view.focus_quote(index)
        rows = view.lines_on_screen()
        top = next((y for y, row in enumerate(rows) if any(r.quote == index for r in row.runs)), 0)
        if top:
            view.scroll_to(y=view.scroll_offset.y + top, animate=False, immediate=True)

    # -- sources: the piped article, the folders watched, the url, the editor ------------------
    def _show_piped(self, article: Article, position: Position | None) -> None:
        """Show the article read from stdin. It has no file to check, and is not made the
        article to start with next time (a later `readtui` opens the library's)."""
        self._shown_token = self._opening
        self.opened = OpenArticle(Path(PIPED), article, PIPED_STAMP, time.time(), True)
        self._opened_unreported = True
        self.view.show(article, self._position_in(article, position))
        self.refresh_bindings()

    def start_watching(self) -> None:
        """Watch the library's folders (the watch begins with a pass of its own that catches
        what changed since the first index)."""
        from readtui.watch import FolderWatch  # not on the start path: imported once indexed

        if self._watch is None and self.paths:
            quitting: threading.Event = self.app.quitting  # type: ignore[attr-defined]
            self._watch = FolderWatch(
                self.paths,
                lambda paths, stopped: self._reindex(paths, lambda: stopped() or quitting.is_set()),
                self._watch_says,
            )
            self._watch.start()

    def on_unmount(self) -> None:
        if self._watch is not None:
            self._watch.stop()

    class Watched(Message):
        """The watch brought the index in step with the disk (posted from its thread)."""

        def __init__(self, problems: list[str], changed: bool = True) -> None:
            super().__init__()
            self.problems = problems
            self.changed = changed

    def _reindex(self, paths: list[str] | None, cancelled: Callable[[], bool]) -> None:
        """In the watch's thread: re-index these paths (None: the whole library); the sidebar
        is redrawn after each batch written, as during the first index."""

        def written(done: int, total: int) -> None:
            if done < total and not cancelled():
                self._post(self.Watched([]))

        try:
            roots = paths or self.paths
            problems = update_index(self.store, roots, progress=written, cancelled=cancelled)
        except StoreError as exc:
            problems = [str(exc)]
        if not cancelled():
            gone = "No such file or folder"  # a deleted file the batch named: not a problem
            self._post(self.Watched([p for p in problems if not p.startswith(gone)]))

    def _watch_says(self, problem: str) -> None:
        self._post(self.Watched([problem], changed=False))

    def _post(self, message: Message) -> None:
        """post_message is safe from another thread; once the app has closed, nothing to do."""
        with suppress(RuntimeError):
            self.post_message(message)

    def on_reader_screen_watched(self, event: Watched) -> None:
        for problem in event.problems:
            if problem not in self._watch_said:
                self._watch_said.add(problem)
                self.notify(sanitize_line(problem), severity="warning", markup=False)
        if not event.changed:
            return
        self.catalog.invalidate()
        self._guarded(self.sidebar.reload)
        self._set_placeholder()
        if self.filter_bar.is_open or self.catalog.filter.strip():
            self.load_titles()
        if self.current is None:
            self.open_start_article()

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
        show it again at the same paragraph: carried over by position, since the text (and so
        the fingerprint that keys saved positions) may have changed."""
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
        self.open_path(path, position)

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
