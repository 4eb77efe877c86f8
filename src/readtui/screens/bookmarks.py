"""BookmarksScreen: every bookmark in the library, with its snippet and note.

enter jumps, e/N writes the note, d deletes (u puts it back: no question asked, nothing lost),
s cycles the order. The order chosen is remembered in the store's settings. The list is a
`BookmarkList`, which draws only the bookmarks in view: 5,000 open about as fast as 100.
"""

from __future__ import annotations

import dataclasses
from contextlib import suppress
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from readtui.bookmark_entries import bookmark_entries
from readtui.errors import StoreError
from readtui.notes import SORT_LABELS, SORTS
from readtui.screens.note_editor import NoteEditor
from readtui.store import Bookmark, Store
from readtui.widgets.bookmark_list import BookmarkList

SORT_SETTING = "bookmarks.sort"


class BookmarksScreen(ModalScreen[Bookmark | None]):
    DEFAULT_CSS = """
    BookmarksScreen { align: center middle; }
    BookmarksScreen > Vertical { width: 90%; max-width: 100; height: 80%; border: round $primary;
        background: $surface; }
    BookmarksScreen #empty { padding: 1 2; color: $text-muted; }
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
            yield BookmarkList()
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        self.listed.focus()

    @property
    def listed(self) -> BookmarkList:
        return self.query_one(BookmarkList)

    @property
    def chosen(self) -> Bookmark | None:
        """The highlighted bookmark."""
        entry = self.listed.highlighted_entry
        return None if entry is None else entry.bookmark

    def _fill(self, keep: int | None = None) -> None:
        """List the bookmarks in the chosen order, under a heading per article unless sorted by
        date; the highlight stays on bookmark `keep` (or on the same row) when it can."""
        entries = bookmark_entries(self.bookmarks, self.sort)
        kept = (row for row, entry in enumerate(entries) if entry.bookmark.id == keep)
        self.listed.show(entries, next(kept, self.listed.highlighted))
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
        self.listed.action_cursor(step)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_jump(self) -> None:
        chosen = self.chosen
        if chosen is not None:
            self.dismiss(chosen)

    def on_bookmark_list_chosen(self, event: BookmarkList.Chosen) -> None:
        event.stop()
        self.dismiss(event.bookmark)

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        chosen = self.chosen
        self._fill(keep=None if chosen is None else chosen.id)
        self.notify(f"Bookmarks sorted by {SORT_LABELS[self.sort]}.", timeout=2, markup=False)
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
