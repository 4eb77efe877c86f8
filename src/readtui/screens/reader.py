"""ReaderScreen: the sidebar and the article view, wired to the library and the state store."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from readtui.article.model import Article
from readtui.article.sanitize import sanitize_line, sanitize_name
from readtui.errors import StoreError
from readtui.library import (
    Entry,
    FileChange,
    Library,
    file_notice,
    fit_position,
    load_entry,
    load_library,
    stored_title,
)
from readtui.screens.bookmarks import BookmarksScreen
from readtui.store import Bookmark, Position, Store
from readtui.widgets.article_list import ArticleList
from readtui.widgets.article_view import ArticleView
from readtui.widgets.status_bar import StatusBar

T = TypeVar("T")
SAVE_DELAY = 0.6
READ_AT_PERCENT = 99.0
NARROW_BELOW = 50


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
        Binding("b", "toggle_bookmark", "Bookmark", id="reader.bookmark"),
        Binding("B", "bookmarks", "Bookmarks", id="reader.bookmarks"),
    ]
    FILE_CHECK_SECONDS: ClassVar[float] = 2.0
    """How often the open article's file is checked (one stat) for changes and deletion."""

    def __init__(self, paths: list[Path], store: Store) -> None:
        super().__init__()
        self.paths = paths
        self.store = store
        self.library = Library()
        self.current: int | None = None
        self._save_timer: Timer | None = None
        self._unsaved: tuple[Article, Position] | None = None
        self._opened_unreported = False
        self._reported: set[str] = set()
        self._file_said = FileChange.SAME
        """What the status bar says now about the open article's file."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield ArticleList(id="sidebar")
            yield ArticleView(id="article")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def sidebar(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        self.sidebar.loading = True
        self.view.focus()
        self.load_library()
        self.set_interval(self.FILE_CHECK_SECONDS, self.check_open_file)
        self.watch(self.app, "app_focus", self._app_focus_changed, init=False)

    @work(thread=True, exclusive=True, group="library")
    def load_library(self) -> None:
        library = load_library(self.paths)
        self.app.call_from_thread(self.library_loaded, library)

    def library_loaded(self, library: Library) -> None:
        self.library = library
        self.sidebar.loading = False
        for problem in library.problems:
            self.notify(sanitize_line(problem), severity="warning", markup=False)
        self.refresh_sidebar()
        if not library.entries:
            self.view.show_message("No articles found here: readtui reads .txt, .md and .markdown.")
            return
        index = self._last_opened_index()
        if index is None:
            index = next((i for i, e in enumerate(library.entries) if e.article), 0)
        self.open_article(index)

    def _last_opened_index(self) -> int | None:
        """The article open last time, found by its path when the file has changed since."""
        start = self._guarded(self.store.last_opened) or ""
        index = self.library.index_of(start)
        if index is None and start:
            state = self._guarded(lambda: self.store.state(start))
            index = self.library.index_of_path(state.path) if state else None
        return index

    def refresh_sidebar(self) -> None:
        states = self._guarded(self.store.states) or {}
        marked = {b.fingerprint for b in self._guarded(self.store.bookmarks) or []}
        self.sidebar.set_entries(self.library.entries, states, marked)
        if self.current is not None:
            self.sidebar.highlighted = self.current

    def update_sidebar_entry(self, index: int) -> None:
        entry = self.library.entries[index]
        state = self._guarded(lambda: self.store.state(entry.fingerprint))
        marked = bool(self._guarded(lambda: self.store.bookmarks(entry.fingerprint)))
        self.sidebar.update_entry(index, entry, state, marked)

    # -- opening articles ------------------------------------------------------------------
    def open_article(self, index: int, position: Position | None = None) -> None:
        """Show an entry; a file changed on disk since it was read is read again first."""
        self.save_view_position()
        entry = self.library.entries[index]
        self.current = index
        self.sidebar.highlighted = index
        self._say_about_file(FileChange.SAME)
        if entry.change() is FileChange.CHANGED:
            self.view.show_message(f"Reading {sanitize_name(entry.path.name)} again\u2026")
            self.reload_entry(index, entry.path, position)
        else:
            self.show_entry(index, position)

    @work(thread=True, exclusive=True, group="reload")
    def reload_entry(self, index: int, path: Path, position: Position | None) -> None:
        entry = load_entry(path)
        self.app.call_from_thread(self.entry_reloaded, index, entry, position)

    def entry_reloaded(self, index: int, entry: Entry, position: Position | None) -> None:
        self.library.entries[index] = entry
        self.update_sidebar_entry(index)
        if self.current == index:
            self.show_entry(index, position)

    def show_entry(self, index: int, position: Position | None = None) -> None:
        entry = self.library.entries[index]
        if entry.article is None:
            name, error = sanitize_name(entry.path.name), sanitize_line(entry.error)
            self.view.show_message(f"{name}: {error}")
            self.notify(f"Cannot open {name}: {error}", severity="error", markup=False)
            return
        article = entry.article
        saved = position or self._saved_position(article)
        self._opened_unreported = True
        self.view.show(article, saved)
        self._guarded(
            lambda: self.store.set_last_opened(
                article.meta.fingerprint, path=article.meta.path, title=stored_title(article)
            )
        )
        self.update_sidebar_entry(index)
        self.check_open_file()

    def _saved_position(self, article: Article) -> Position | None:
        """Where the reader left this article; for a file changed since, where they left the
        earlier version (a new text has a new fingerprint, but the same path)."""
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
        if self.current is None or not self.library.entries:
            return
        entry = self.library.entries[self.current]
        if entry.article is None or self.view.article is not entry.article:
            return
        self._say_about_file(entry.change(), entry)

    def _say_about_file(self, change: FileChange, entry: Entry | None = None) -> None:
        if change is self._file_said:
            return
        self._file_said = change
        text = "" if entry is None else file_notice(entry, change)
        self.status.set_part("file", text)
        if text:
            self.notify(text, severity="warning", markup=False, timeout=10)

    def _app_focus_changed(self, focused: bool) -> None:
        if focused:
            self.check_open_file()

    def on_article_list_opened(self, event: ArticleList.Opened) -> None:
        self.open_article(event.index)
        self.view.focus()

    def action_step_article(self, step: int) -> None:
        if not self.library.entries:
            return
        current = self.current if self.current is not None else -1
        self.open_article((current + step) % len(self.library.entries))

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
        index = self.library.index_of(meta.fingerprint)
        if index is not None:
            self.update_sidebar_entry(index)

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
        if self.current is not None:
            self.update_sidebar_entry(self.current)

    def action_bookmarks(self) -> None:
        bookmarks = self._guarded(self.store.bookmarks) or []
        self.app.push_screen(BookmarksScreen(bookmarks, self.store), self.jump_to_bookmark)

    def jump_to_bookmark(self, bookmark: Bookmark | None) -> None:
        if self.library.entries:
            self.refresh_sidebar()
        if bookmark is None:
            return
        index = self.library.index_of(bookmark.fingerprint)
        if index is None:
            self.notify("That bookmark's article is not in this library.", severity="warning")
            return
        self.open_article(index, Position(bookmark.block, bookmark.offset))
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
