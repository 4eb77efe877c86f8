"""Saving the reading position: debounced while scrolling, at once when leaving or quitting."""

from __future__ import annotations

from typing import ClassVar

from readtui.anchor import anchor_text
from readtui.catalog import READ_AT_PERCENT
from readtui.library import stored_title
from readtui.screens.reader.base import ReaderBase
from readtui.widgets.article_view import ArticleView


class Saving(ReaderBase):
    """Keeps the store in step with where the view is."""

    SAVE_DELAY: ClassVar[float] = 0.6
    """Seconds after scrolling stops before the position is written."""

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
            self._save_timer = self.set_timer(self.SAVE_DELAY, self.flush_position)

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
        anchor = anchor_text(article, position)
        self._guarded(
            lambda: self.store.save_position(
                meta.fingerprint,
                position,
                path=meta.path,
                title=stored_title(article),
                anchor=anchor,
            )
        )
        kept_unread = self._kept_unread == (meta.fingerprint, position)
        if position.percent >= READ_AT_PERCENT and not kept_unread:
            self._guarded(lambda: self.store.mark_read(meta.fingerprint))
        self._row_changed(meta.path)
