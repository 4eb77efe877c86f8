"""BookmarksScreen: every bookmark in the library, with its snippet and note.

enter jumps, e/N writes the note, d deletes (u puts it back: no question asked, nothing lost),
s cycles the order. The order chosen is remembered in the store's settings.
"""

from __future__ import annotations

import dataclasses
from contextlib import suppress
from datetime import datetime
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
from readtui.notes import SORT_LABELS, SORTS, sort_bookmarks
from readtui.screens.note_editor import NoteEditor
from readtui.store import Bookmark, Store

SORT_SETTING = "bookmarks.sort"


def bookmark_heading(bookmark: Bookmark) -> str:
    """The article's title, else its file's name; from outside, so sanitised."""
    return sanitize_line(bookmark.title) if bookmark.title else sanitize_name(bookmark.path)


def added_on(bookmark: Bookmark) -> str:
    when = datetime.fromtimestamp(bookmark.created_at)
    return f"{when.day} {when:%b %Y}"


def bookmark_prompt(bookmark: Bookmark, *, with_title: bool = True) -> Content:
    """Title (unless a group heading says it), snippet and note: all from outside, so
    sanitised and never markup. A long note wraps."""
    parts: list[tuple[str, str] | str] = []
    if with_title:
        parts += [(bookmark_heading(bookmark), "bold"), (f" \u00b7 {added_on(bookmark)}", "dim")]
        parts.append("\n")
    parts.append((sanitize_line(bookmark.snippet) or "(the headline)", "$text-muted"))
    if bookmark.note:
        parts += ["\n", ("Note: ", "bold $text-accent"), sanitize_line(bookmark.note)]
    return Content.assemble(*parts)


class BookmarksScreen(ModalScreen[Bookmark | None]):
    DEFAULT_CSS = """
    BookmarksScreen { align: center middle; }
    BookmarksScreen > Vertical { width: 90%; max-width: 100; height: 80%; border: round $primary;
        background: $surface; }
    BookmarksScreen #empty { padding: 1 2; color: $text-muted; }
    BookmarksScreen OptionList, BookmarksScreen OptionList:focus { height: 1fr; border: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="bookmarks.close"),
        Binding("enter", "jump", "Jump", id="bookmarks.jump", show=True),
        Binding("e,N", "edit_note", "Note", id="bookmarks.note"),
        Binding("d,delete", "delete", "Delete", id="bookmarks.delete"),
        Binding("u", "undo", "Undo delete", id="bookmarks.undo"),
        Binding("s", "cycle_sort", "Sort", id="bookmarks.sort"),
        Binding("j", "cursor(1)", "Down", show=False, id="bookmarks.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="bookmarks.up"),
    ]

    def __init__(self, bookmarks: list[Bookmark], store: Store) -> None:
        super().__init__()
        self.bookmarks = list(bookmarks)
        self.store = store
        self.sort = self._saved_sort()
        self.deleted: list[Bookmark] = []
        """Deleted this visit, newest last, for u to put back."""

    def _saved_sort(self) -> str:
        try:
            sort = self.store.setting(SORT_SETTING)
        except StoreError:
            sort = None
        return sort if sort in SORTS else SORTS[0]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Bookmarks"
            yield Static("No bookmarks yet. Press b in an article to add one.", id="empty")
            yield OptionList()
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        self.options.focus()

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    @property
    def chosen(self) -> Bookmark | None:
        """The highlighted bookmark (group headings cannot be highlighted)."""
        option = self.options.highlighted_option
        found = (b for b in self.bookmarks if option is not None and option.id == str(b.id))
        return next(found, None)

    def _fill(self, keep: int | None = None) -> None:
        """List the bookmarks in the chosen order, under a heading per article unless sorted by
        date; the highlight stays on bookmark `keep` (or on the same row) when it can."""
        row = self.options.highlighted
        entries: list[Option | None] = []  # None: a rule under the option before it
        grouped, last = self.sort != "added", None
        for b in sort_bookmarks(self.bookmarks, self.sort):
            if grouped and b.fingerprint != last:
                heading = Content.styled(bookmark_heading(b), "bold $accent")
                entries.append(Option(heading, disabled=True))
            last = b.fingerprint
            entries += [Option(bookmark_prompt(b, with_title=not grouped), id=str(b.id)), None]
        self.options.set_options(entries)
        options = self.options.options
        ids = [option.id for option in options]
        if keep is not None and str(keep) in ids:
            self.options.highlighted = ids.index(str(keep))
        elif options:
            self.options.highlighted = min(row or 0, len(options) - 1)
            if options[self.options.highlighted].disabled:
                self.options.action_cursor_down()
        self.query_one("#empty").display = not self.bookmarks
        self.refresh_bindings()
        count = f"{len(self.bookmarks)} bookmark" + ("" if len(self.bookmarks) == 1 else "s")
        self.query_one(Vertical).border_subtitle = f"{count} \u00b7 by {SORT_LABELS[self.sort]}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo shows only after a delete; the keys for one bookmark only when there is one."""
        if action == "undo":
            return bool(self.deleted)
        if action in ("edit_note", "delete", "jump"):
            return bool(self.bookmarks)
        return True

    def action_cursor(self, step: int) -> None:
        self.options.action_cursor_down() if step > 0 else self.options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_jump(self) -> None:
        chosen = self.chosen
        if chosen is not None:
            self.dismiss(chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_jump()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        chosen = self.chosen
        self._fill(keep=None if chosen is None else chosen.id)
        self.notify(f"Bookmarks sorted by {SORT_LABELS[self.sort]}.", timeout=2)
        with suppress(StoreError):  # the order is a nicety: not worth an error message
            self.store.save_setting(SORT_SETTING, self.sort)

    def action_delete(self) -> None:
        """No question asked: u puts the bookmark back."""
        chosen = self.chosen
        if chosen is None:
            return
        if self.store.read_only:
            self.notify("Bookmark not deleted: the reading-state file is read-only.")
            return
        try:
            self.store.delete_bookmark(chosen.id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.deleted.append(chosen)
        self.bookmarks.remove(chosen)
        self._fill()
        self.notify("Bookmark deleted. Press u to undo.", timeout=4)

    def action_undo(self) -> None:
        if not self.deleted:
            return
        try:
            restored = self.store.restore_bookmark(self.deleted[-1])
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.deleted.pop()
        if restored.id < 0:  # not saved: showing it would promise what is not kept
            self.notify("Bookmark not restored: the reading-state file is read-only.")
            return
        self.bookmarks.append(restored)
        self._fill(keep=restored.id)

    def action_edit_note(self) -> None:
        chosen = self.chosen
        if chosen is not None:
            editor = NoteEditor(chosen.note, chosen.snippet)
            self.app.push_screen(editor, lambda note: self.save_note(chosen, note))

    def save_note(self, bookmark: Bookmark, note: str | None) -> None:
        """Keep the note the editor returned (None: cancelled; empty: remove the note)."""
        if note is None or note == bookmark.note:
            return
        try:
            saved = self.store.set_bookmark_note(bookmark.id, note)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if not saved:
            self.notify(note_not_kept(self.store), severity="warning")
            return
        self.bookmarks = [
            dataclasses.replace(b, note=note) if b.id == bookmark.id else b for b in self.bookmarks
        ]
        self._fill(keep=bookmark.id)


def note_not_kept(store: Store) -> str:
    """Why set_bookmark_note said no, in plain words."""
    if store.read_only:
        return "Note not kept: the reading-state file is read-only."
    return "Note not kept: that bookmark no longer exists."
