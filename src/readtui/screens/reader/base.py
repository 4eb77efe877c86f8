"""The reader screen's parts, its state and the calls every other part uses."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from readtui.article.load import FileStamp
from readtui.article.model import Article
from readtui.catalog import Catalog, View
from readtui.errors import StoreError
from readtui.library import FileChange
from readtui.store import Position, Store
from readtui.widgets.article_list import ArticleList
from readtui.widgets.article_view import COLUMN_WIDTH, ArticleView
from readtui.widgets.filter_bar import FilterBar
from readtui.widgets.library_heading import LibraryHeading
from readtui.widgets.search_bar import SearchBar
from readtui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from readtui.watch import FolderWatch


T = TypeVar("T")
NO_ARTICLES = "No articles found here: readtui reads .txt, .md and .markdown."
EMPTY_VIEWS = {
    View.ALL: "No articles here.",
    View.UNREAD: "Nothing unread here (v shows more).",
    View.IN_PROGRESS: "Nothing in progress (v shows more).",
    View.BOOKMARKED: "No bookmarked articles (v shows more).",
}
PIPED = "\0stdin"
"""Where the reader keeps the article piped in: a "path" no file can have (a NUL byte)."""


@dataclass(frozen=True)
class OpenArticle:
    """The article on screen and the version of its file it was read from."""

    path: Path
    article: Article
    stamp: FileStamp
    loaded_at: float
    complete: bool


class ReaderBase(Screen[None]):
    """The reader's state and layout, the store guarded, and the sidebar's placeholder."""

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
        self._index_began: float | None = None
        """When the first index began: the watch then looks only at what changed since."""
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
        self.first_frame = threading.Event()
        """Set once the screen's first frame is drawn: the index begins then."""
        self.first_shown = threading.Event()
        """Set once the first article (or why it cannot be shown) is on screen: the index's
        walk of the library waits for it (readtui.screens.reader.indexing), so that it does
        not compete with the first paint."""
        self._recent: OrderedDict[str, OpenArticle] = OrderedDict()
        self._save_timer: Timer | None = None
        self._unsaved: tuple[Article, Position] | None = None
        self._opened_unreported = False
        self._reported: set[str] = set()
        self._file_said = FileChange.SAME
        """What the status bar says now about the open article's file."""
        self._asked_anchor = ""
        """The words at the place the open in progress asked for (a bookmark's snippet)."""
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

    def _row_changed(self, path: str) -> None:
        """What the reader did with an article changed (or its index entry): its row is drawn
        again, or every row when the order or view follows reading (it may move or leave)."""
        self.catalog.invalidate()
        if self.catalog.follows_reading:
            self._guarded(self.sidebar.reload)
        else:
            self.sidebar.refresh_path(path)

    @work(thread=True, exclusive=True, group="titles")
    def load_titles(self) -> None:
        """The filter answers from the titles in memory once they are read (50 ms at 50,000
        titles); until then, and whenever indexing changes them, from the index."""
        with suppress(StoreError):
            self.catalog.load_titles()

    def _post(self, message: Message) -> None:
        """post_message is safe from another thread; once the app has closed, nothing to do."""
        with suppress(RuntimeError):
            self.post_message(message)

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
