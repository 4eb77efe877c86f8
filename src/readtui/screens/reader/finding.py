"""Finding things: search in the article, search the library, and the quotes panel."""

from __future__ import annotations

from readtui.article.model import Quote
from readtui.article.quote_list import find_quote
from readtui.screens.quotes import QuotesScreen
from readtui.screens.reader.opening import Opening
from readtui.screens.search import LibrarySearchScreen, SearchOutcome
from readtui.widgets.article_view import ArticleView
from readtui.widgets.search_bar import SearchBar


class Finding(Opening):
    """The searches and the quotes panel, and the jumps they end in."""

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
        if outcome.path is not None and outcome.words:
            self.search_bar.show_text(outcome.query)
            self.view.search_words(outcome.words, outcome.query)

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
