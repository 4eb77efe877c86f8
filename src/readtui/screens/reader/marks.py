"""Bookmarks and their notes: added at the top of the view, listed for the whole library."""

from __future__ import annotations

from readtui.article.model import Article
from readtui.library import stored_title
from readtui.screens.bookmarks import BookmarksScreen, note_not_kept
from readtui.screens.note_editor import NoteEditor
from readtui.screens.reader.base import PIPED
from readtui.screens.reader.opening import Opening
from readtui.store import Bookmark, Position


class Marks(Opening):
    """Bookmarks, notes and the jump back to them."""

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
        where = Position(bookmark.block, bookmark.offset)
        self.open_path(entry.path, where, anchor=bookmark.snippet)  # found if the file was edited
        self.view.focus()
