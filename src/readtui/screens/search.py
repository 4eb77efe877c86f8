"""LibrarySearchScreen: search the text of every article in the library, as you type.

Each keystroke asks the store's full-text index at once: in the UI thread when the answer
takes less than a frame (then it is drawn with the keystroke), else in a worker that the next
keystroke stops halfway. The answers come best first with a snippet each; `enter` opens the
highlighted one at its match. The typed text is only ever words to find: it never becomes
FTS5 syntax (see readtui.search_words) nor markup.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from readtui.errors import ReadtuiError
from readtui.search_words import Snippet, Words, locate, snippet
from readtui.store import FullTextHit, Position, Roots, Store
from readtui.widgets.filter_bar import FilterInput
from readtui.widgets.search_results import SearchResults

PLACEHOLDER = "Search the text of every article"
HINT = "Type words to find; every article holding all of them is listed, best first."
PREFETCH = 8
"""Snippets made with the answers: a screenful, so the first frame of answers has them; the
rest are made as they scroll into view."""
SAME_FRAME_SECONDS = 1 / 60
"""A search that takes longer than a frame in the UI thread goes on in a worker."""
RANK_AT_ONCE = 1000
"""At first only the newest this many articles holding the words are ranked (a few ms);
when more hold them, a worker ranks them all and the list is replaced a moment later."""


@dataclass(frozen=True)
class Answer:
    """Answers to some words: the best articles (`complete`: of all those holding the words)
    and the snippets made so far, by docid."""

    words: Words
    hits: list[FullTextHit]
    complete: bool
    snippets: dict[int, Snippet]


@dataclass(frozen=True)
class SearchOutcome:
    """What the search screen was closed with: the words typed (to show again next time) and,
    when an answer was chosen, its file and the place of the match in it."""

    query: str
    path: str | None = None
    position: Position | None = None
    words: Words | None = None
    """The words the answer was found by, for the reader to mark in the article."""


def count_text(found: int, limit: int, complete: bool = True) -> str:
    if not complete:
        return "ranking\u2026"
    if not found:
        return "no matches"
    if found >= limit:
        return f"best {found:,}"
    return f"{found:,} article" + ("" if found == 1 else "s")


class LibrarySearchScreen(ModalScreen[SearchOutcome]):
    """Dismissed with a SearchOutcome; its path is None when closed without choosing."""

    DEFAULT_CSS = """
    LibrarySearchScreen { align: center middle; }
    LibrarySearchScreen > Vertical { width: 90%; max-width: 110; height: 90%;
        border: round $primary; background: $surface; }
    LibrarySearchScreen #library-search-bar { height: 1; padding: 0 1; margin-bottom: 1; }
    LibrarySearchScreen #library-search-prompt { width: 2; color: $accent; text-style: bold; }
    LibrarySearchScreen Input.-textual-compact { width: 1fr; min-width: 6; padding: 0 1; }
    LibrarySearchScreen #library-search-count { width: 22; height: 1; color: $text-muted;
        text-align: right; text-wrap: nowrap; text-overflow: ellipsis; }
    """
    # Priority: the keys move through the answers while the cursor is in the input (whose
    # own up/down/enter would otherwise take them).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open at match", priority=True, id="library_search.open"),
        Binding("down", "move(1)", "Next", priority=True, id="library_search.next"),
        Binding("up", "move(-1)", "Previous", priority=True, id="library_search.prev"),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            show=False,
            priority=True,
            id="library_search.page_down",
        ),
        Binding(
            "pageup",
            "page(-1)",
            "Page up",
            show=False,
            priority=True,
            id="library_search.page_up",
        ),
        Binding("escape", "close", "Close", id="library_search.close"),
    ]

    def __init__(
        self,
        store: Store,
        roots: Roots,
        query: str = "",
        *,
        current: str | None = None,
        indexing: bool = False,
        limit: int = 200,
    ) -> None:
        """`current`: the article open now, highlighted when it is among the answers;
        `indexing`: the library is still being indexed, so answers may be missing."""
        super().__init__()
        self.store = store
        self.roots = roots
        self.query_text = query
        self.current = current
        self.indexing = indexing
        self.limit = limit
        self.words = Words(())
        self.generation = 0
        """Counts searches started: an answer from an older one is dropped."""
        self.shown = 0
        """The search whose answers are on screen (equal to the last started once they are)."""
        self.complete = True
        """The answers on screen are the best of every article holding the words."""
        self._opening = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content("Search the library")
            with Horizontal(id="library-search-bar"):
                yield Static("\u203a", id="library-search-prompt", markup=False)
                yield FilterInput(
                    value=self.query_text,
                    placeholder=PLACEHOLDER,
                    compact=True,
                    id="library-search-input",
                )
                yield Static("", id="library-search-count", markup=False)
            yield SearchResults(id="library-search-results")
        yield Footer()

    @property
    def input(self) -> Input:
        return self.query_one("#library-search-input", Input)

    @property
    def results(self) -> SearchResults:
        return self.query_one(SearchResults)

    def on_mount(self) -> None:
        self.input.focus()
        self.watch(self.input, "value", self._typed, init=False)
        self._typed(self.input.value)

    # -- searching ---------------------------------------------------------------------------
    def _typed(self, value: str) -> None:
        """Every change of the text searches at once (stopping the search before): in the UI
        thread when the store answers within SAME_FRAME_SECONDS, so the answers are drawn
        with the keystroke, else in a worker."""
        self.query_text = value
        self.generation += 1
        self.workers.cancel_group(self, "library-search")
        words = Words.of(value)
        if not words:
            self.words = words
            self.results.show((), words, self._snippet_of)
            self.results.set_placeholder(HINT)
            self._say("")
            self.shown = self.generation
            return
        answer = self._answer_at_once(words)
        if answer is None:
            self.search(words, self.generation, RANK_AT_ONCE)
            return
        self._found(answer, self.generation)
        if not answer.complete:
            self.search(words, self.generation, None)

    def _answer_at_once(self, words: Words) -> Answer | None:
        deadline = time.perf_counter() + SAME_FRAME_SECONDS
        try:
            return self._answer(
                words, RANK_AT_ONCE, lambda: time.perf_counter() > deadline, wait=False
            )
        except ReadtuiError:
            return None  # the worker that tries again says what is wrong

    @work(thread=True, exclusive=True, group="library-search")
    def search(self, words: Words, generation: int, first: int | None) -> None:
        """Answer off the UI thread: the best of the `first` newest articles holding the words
        (when given) at once, then, if more hold them, the best of them all."""
        worker = get_current_worker()
        try:
            for ranked in (first, None) if first is not None else (None,):
                answer = self._answer(words, ranked, lambda: worker.is_cancelled)
                if answer is None or worker.is_cancelled:
                    return
                self.app.call_from_thread(self._found, answer, generation)
                if answer.complete:
                    return
        except ReadtuiError as exc:
            self.app.call_from_thread(self._failed, str(exc), generation)

    def _answer(
        self,
        words: Words,
        ranked: int | None,
        cancelled: Callable[[], bool],
        *,
        wait: bool = True,
    ) -> Answer | None:
        """The best answers with the first screenful of their snippets; None when cancelled
        (or, without `wait`, when another thread is writing the store)."""
        found = self.store.search_library(
            self.roots,
            words.words,
            prefix=words.prefix,
            limit=self.limit,
            ranked=ranked,
            cancelled=cancelled,
            wait=wait,
        )
        if found is None:
            return None
        first = found.hits[:PREFETCH]
        texts = self.store.indexed_texts([hit.docid for hit in first])
        snippets = {hit.docid: snippet(texts.get(hit.docid, ""), words) for hit in first}
        return Answer(words, found.hits, found.complete, snippets)

    def _found(self, answer: Answer, generation: int) -> None:
        """Show answers to the text as it is now; a second answer to the same text (every
        article ranked) keeps the highlight on the article it was on."""
        if generation != self.generation:
            return
        highlighted = self.results.highlighted_hit
        keep = highlighted.path if highlighted and self.shown == generation else self.current
        self.words = answer.words
        snippets = answer.snippets

        def snippet_of(hit: FullTextHit) -> Snippet:
            found = snippets.get(hit.docid)
            return found if found is not None else self._snippet_of(hit)

        paths = [hit.path for hit in answer.hits]
        start = paths.index(keep) if keep in paths else 0
        self.results.show(answer.hits, answer.words, snippet_of, highlighted=start)
        self.results.set_placeholder("No article holds all of these words.")
        self._say(count_text(len(answer.hits), self.limit, answer.complete))
        self.shown = generation
        self.complete = answer.complete

    def _snippet_of(self, hit: FullTextHit) -> Snippet:
        """A snippet made as its row scrolls into view (a store that fails gives none)."""
        try:
            text = self.store.indexed_texts([hit.docid]).get(hit.docid, "")
        except ReadtuiError:
            return Snippet("", ())
        return snippet(text, self.words)

    def _failed(self, error: str, generation: int) -> None:
        if generation == self.generation:
            self.complete = True
            self.results.show((), self.words, self._snippet_of)
            self.results.set_placeholder(error)
            self._say("")
            self.shown = generation

    def _say(self, text: str) -> None:
        if text and self.indexing and not text.endswith("\u2026"):
            text += " so far"
        self.query_one("#library-search-count", Static).update(Content(text), layout=False)

    # -- keys ------------------------------------------------------------------------------
    def action_move(self, rows: int) -> None:
        self.results.move(rows)

    def action_page(self, direction: int) -> None:
        self.results.page(direction)

    def on_search_results_chosen(self, event: SearchResults.Chosen) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted answer at its match, once the match is found in the article
        (read and parsed in a worker, as the reader will show it)."""
        hit = self.results.highlighted_hit
        if hit is not None and not self._opening:
            self._opening = True
            self.locate(hit.path, self.words)

    @work(thread=True, exclusive=True, group="library-search-open")
    def locate(self, path: str, words: Words) -> None:
        from readtui.article.load import open_file

        position: Position | None
        try:
            position = locate(open_file(Path(path)).whole(), words)
        except Exception:  # the reader says what is wrong with the file when it opens it
            position = None
        outcome = SearchOutcome(self.query_text, path, position, words)
        self.app.call_from_thread(self.dismiss, outcome)

    def action_close(self) -> None:
        self.workers.cancel_group(self, "library-search")
        self.dismiss(SearchOutcome(self.query_text))
