"""ArticleList: the sidebar, one OptionList row per article (a widget per row does not scale)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from readtui.article.sanitize import sanitize_line, sanitize_name
from readtui.library import Entry
from readtui.store import ArticleState

UNREAD = "●"
BOOKMARKED = "⚑"
SOURCE_WIDTH = 14
TITLE_CHARS = 200
"""A row shows at most this much of a title (a one-line 10 MB file is all title)."""


def entry_prompt(entry: Entry, state: ArticleState | None, bookmarked: bool) -> Content:
    """Two lines: the title, then source · minutes · % read with the unread and bookmark marks.

    Built from Content parts (never markup), styled with theme variables only.
    """
    if entry.article is None:
        return Content.assemble(
            (sanitize_name(entry.path.name), "bold"),
            ("\n⚠ " + sanitize_line(entry.error), "$text-error"),
        )
    title = sanitize_line(shorten(entry.title, TITLE_CHARS))
    parts: list[tuple[str, str]] = [(title, "bold"), ("\n", "")]
    if state is None or state.opened_at is None:
        parts.append((UNREAD + " ", "bold $text-accent"))
    if bookmarked:
        parts.append((BOOKMARKED + " ", "bold $text-warning"))
    details = [
        shorten(sanitize_name(entry.source)),
        f"{entry.article.meta.minutes} min" if entry.article.meta.word_count else "empty",
        progress(state),
    ]
    parts.append((" · ".join(details), "$text-muted"))
    return Content.assemble(*parts)


def shorten(text: str, limit: int = SOURCE_WIDTH) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def progress(state: ArticleState | None) -> str:
    if state is None or state.opened_at is None:
        return "unread"
    if state.read:
        return "read"
    percent = state.position.percent if state.position else 0.0
    return f"{percent:.0f}% read"


class ArticleList(OptionList):
    """The library sidebar; posts `Opened` when the reader picks an article."""

    DEFAULT_CSS = """
    ArticleList { width: 30%; max-width: 36; min-width: 18; height: 1fr; border: none;
        border-right: vkey $primary-muted; }
    ArticleList:focus { border: none; border-right: vkey $primary; }
    ArticleList > .option-list--option { padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("enter", "select", "Open", id="list.open"),
    ]

    class Opened(Message):
        """The reader chose to open the entry at `index`."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def set_entries(
        self, entries: Sequence[Entry], states: dict[str, ArticleState], marked: set[str]
    ) -> None:
        self.clear_options()
        self.add_options(
            Option(entry_prompt(e, states.get(e.fingerprint), e.fingerprint in marked), id=str(i))
            for i, e in enumerate(entries)
        )

    def update_entry(
        self, index: int, entry: Entry, state: ArticleState | None, bookmarked: bool
    ) -> None:
        self.replace_option_prompt_at_index(index, entry_prompt(entry, state, bookmarked))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Opened(event.option_index))
