"""ReaderScreen: the sidebar and the article view, wired to the library and the state store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from readtui.article.model import Article
from readtui.article.sanitize import sanitize_line, sanitize_name
from readtui.errors import StoreError
from readtui.library import Library, load_library
from readtui.screens.bookmarks import BookmarksScreen
from readtui.store import Bookmark, Position, Store
from readtui.widgets.article_list import ArticleList
from readtui.widgets.article_view import ArticleView
from readtui.widgets.status_bar import StatusBar

T = TypeVar("T")
SAVE_DELAY = 0.6
READ_AT_PERCENT = 99.0


class ReaderScreen(Screen[None]):
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

    @work(thread=True, exclusive=True, group="library")
    def load_library(self) -> None:
        library = load_library(self.paths)
        self.app.call_from_thread(self.library_loaded, library)

    def library_loaded(self, library: Library) -> None:
        self.library = library
        self.sidebar.loading = False
        for problem in library.problems:
            self.notify(problem, severity="warning", markup=False)
        self.refresh_sidebar()
        if not library.entries:
            self.view.show_message("No articles found here: readtui reads .txt, .md and .markdown.")
            return
        start = self._guarded(self.store.last_opened)
        index = library.index_of(start or "")
        if index is None:
            index = next((i for i, e in enumerate(library.entries) if e.article), 0)
        self.open_article(index)

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
        self.save_view_position()
        entry = self.library.entries[index]
        self.current = index
        self.sidebar.highlighted = index
        if entry.article is None:
            self.notify(
                f"Cannot open {sanitize_name(entry.path.name)}: {sanitize_line(entry.error)}",
                severity="error",
                markup=False,
            )
            return
        article = entry.article
        saved = position or self._guarded(lambda: self.store.position(article.meta.fingerprint))
        self._opened_unreported = True
        self.view.show(article, saved)
        self._guarded(
            lambda: self.store.set_last_opened(
                article.meta.fingerprint, path=article.meta.path, title=article.title
            )
        )
        self.update_sidebar_entry(index)

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
                meta.fingerprint, position, path=meta.path, title=article.title
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
            self._guarded(
                lambda: self.store.add_bookmark(
                    meta.fingerprint,
                    position.block,
                    position.offset,
                    snippet,
                    title=article.title,
                    path=meta.path,
                )
            )
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
            self.notify(f"Not saving: {exc}", severity="error", markup=False)
            return None
        finally:
            self._report_store_state()

    def _report_store_state(self) -> None:
        """Say once what the store had to do: a damaged file set aside, saving off, read-only."""
        store = self.store
        problems = [*store.notices, store.saving_error or "", store.read_only_reason or ""]
        for problem in problems:
            if problem and problem not in self._reported:
                self._reported.add(problem)
                self.notify(problem, severity="warning", markup=False, timeout=15)
