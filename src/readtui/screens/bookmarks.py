"""BookmarksScreen: every bookmark in the library; enter jumps, d deletes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from readtui.article.sanitize import sanitize_line, sanitize_name
from readtui.errors import StoreError
from readtui.store import Bookmark, Store


def bookmark_prompt(bookmark: Bookmark) -> Content:
    """Title (or the file's path) and snippet, both from outside: sanitised, never markup."""
    heading = sanitize_line(bookmark.title) if bookmark.title else sanitize_name(bookmark.path)
    return Content.assemble(
        (heading, "bold"),
        "\n",
        (sanitize_line(bookmark.snippet), "$text-muted"),
    )


class BookmarksScreen(ModalScreen[Bookmark | None]):
    DEFAULT_CSS = """
    BookmarksScreen { align: center middle; }
    BookmarksScreen > Vertical { width: 90%; max-width: 100; height: 80%; border: round $primary;
        background: $surface; }
    BookmarksScreen #empty { padding: 1 2; color: $text-muted; }
    BookmarksScreen OptionList { height: 1fr; border: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="bookmarks.close"),
        Binding("d,delete", "delete", "Delete", id="bookmarks.delete"),
        Binding("enter", "jump", "Jump", id="bookmarks.jump", show=True),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]

    def __init__(self, bookmarks: list[Bookmark], store: Store) -> None:
        super().__init__()
        self.bookmarks = list(bookmarks)
        self.store = store

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Bookmarks"
            yield Static("No bookmarks yet. Press b in an article to add one.", id="empty")
            yield OptionList(*(Option(bookmark_prompt(b)) for b in self.bookmarks))
        yield Footer()

    def on_mount(self) -> None:
        self._show_empty()
        self.query_one(OptionList).focus()

    def _show_empty(self) -> None:
        self.query_one("#empty").display = not self.bookmarks

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def action_cursor(self, step: int) -> None:
        self.options.action_cursor_down() if step > 0 else self.options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_jump(self) -> None:
        index = self.options.highlighted
        if index is not None and index < len(self.bookmarks):
            self.dismiss(self.bookmarks[index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_jump()

    def action_delete(self) -> None:
        index = self.options.highlighted
        if index is None or index >= len(self.bookmarks):
            return
        try:
            self.store.delete_bookmark(self.bookmarks[index].id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        del self.bookmarks[index]
        self.options.remove_option_at_index(index)
        self._show_empty()
