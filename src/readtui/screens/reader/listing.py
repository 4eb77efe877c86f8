"""The library list: the title filter, the order and view (remembered), read marks."""

from __future__ import annotations

from readtui.article.sanitize import sanitize_line
from readtui.catalog import Order, View
from readtui.library import stored_title
from readtui.screens.reader.opening import Opening
from readtui.widgets.filter_bar import FilterBar
from readtui.widgets.library_heading import LibraryHeading

SORT_SETTING = "library.sort"
VIEW_SETTING = "library.view"


class Listing(Opening):
    """What the sidebar lists, and in which order."""

    def action_filter(self) -> None:
        self.remove_class("-browsing")
        self.add_class("-filtering")
        self.filter_bar.open()
        self.load_titles()

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        self.catalog.set_filter(event.text)
        self._guarded(self.sidebar.reload)
        count, total = (
            self._guarded(self.catalog.count) or 0,
            self._guarded(self.catalog.total) or 0,
        )
        self.filter_bar.set_count(count, total)
        self._set_placeholder()

    def on_filter_bar_closed(self, event: FilterBar.Closed) -> None:
        narrow = self.has_class("-narrow")
        if not self.catalog.filter.strip():
            self.catalog.drop_titles()
        self.remove_class("-filtering")
        chosen = self.sidebar.highlighted_path if event.keep and self.sidebar.row_count else None
        if chosen is not None and narrow:
            self.open_path(chosen)  # the list steps aside again: enter opens the first match
            self.view.focus()
        elif chosen is not None:
            self.sidebar.focus()
        else:
            self.view.focus()

    def _restore_listing(self) -> None:
        """The order and view the reader chose last time (unknown values: the defaults)."""
        saved_order = self._guarded(lambda: self.store.setting(SORT_SETTING))
        saved_view = self._guarded(lambda: self.store.setting(VIEW_SETTING))
        order = next((o for o in Order if o.value == saved_order), Order.PATH)
        view = next((v for v in View if v.value == saved_view), View.ALL)
        self.catalog.set_order(order)
        self.catalog.set_view(view)
        self.query_one(LibraryHeading).show(order, view)

    def action_sort(self) -> None:
        """S: the next order (file, title, newest first, progress, recently read)."""
        orders = list(Order)
        following = orders[(orders.index(self.catalog.order) + 1) % len(orders)]
        self._set_listing(following, self.catalog.view)

    def action_view(self) -> None:
        """v: the next view (all, unread, in progress, bookmarked)."""
        views = list(View)
        following = views[(views.index(self.catalog.view) + 1) % len(views)]
        self._set_listing(self.catalog.order, following)

    def _set_listing(self, order: Order, view: View) -> None:
        """Show the library in this order and view, from the top, and remember both."""
        self.catalog.set_order(order)
        self.catalog.set_view(view)
        heading = self.query_one(LibraryHeading)
        heading.show(order, view)
        self._guarded(lambda: self.store.save_setting(SORT_SETTING, order.value))
        self._guarded(lambda: self.store.save_setting(VIEW_SETTING, view.value))
        self._guarded(lambda: self.sidebar.reload(from_top=True))
        self._set_placeholder()
        if self.filter_bar.is_open or self.catalog.filter.strip():
            self.load_titles()  # in the new order, when it depends on the files alone
        if self.has_class("-narrow"):  # the sidebar is hidden: say it
            self.notify(f"Library: {heading.text or 'By file'}", markup=False)

    def action_mark_read(self) -> None:
        """m: mark the highlighted article (the sidebar focused) or the open one read, or
        unread when it is read already."""
        article = self.view.article
        if self.sidebar.has_focus:
            path = self.sidebar.highlighted_path
            entry = self._guarded(lambda: self.catalog.entry_of(path or "")) if path else None
            if entry is None or not entry.fingerprint:
                return
            fingerprint, title = entry.fingerprint, entry.title
        elif article is not None:
            fingerprint, title, path = article.meta.fingerprint, stored_title(article), None
        else:
            return
        state = self._guarded(lambda: self.store.state(fingerprint))
        if state is not None and state.read:
            self._guarded(lambda: self.store.mark_unread(fingerprint))
            if article is not None and article.meta.fingerprint == fingerprint:
                self._kept_unread = (fingerprint, self.view.position())
            said = "Marked unread"
        else:
            where = path or (article.meta.path if article else "")
            self._guarded(lambda: self.store.mark_read(fingerprint, path=where, title=title))
            said = "Marked read"
        self.notify(f"{said}: {sanitize_line(title)}", markup=False)
        self._row_changed(path or (article.meta.path if article else ""))
