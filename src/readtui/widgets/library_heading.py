"""LibraryHeading: one muted line above the sidebar saying how it is sorted and what it lists,
shown only when that is not the default (every article, in path order), so the default
sidebar keeps every line for articles.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from readtui.catalog import Order, View

ORDER_NAMES = {
    Order.PATH: "By file",
    Order.TITLE: "By title",
    Order.DATE: "Newest first",
    Order.PROGRESS: "By progress",
    Order.RECENT: "Recently read",
}
VIEW_NAMES = {
    View.ALL: "All",
    View.UNREAD: "Unread",
    View.IN_PROGRESS: "In progress",
    View.BOOKMARKED: "Bookmarked",
}


def heading(order: Order, view: View) -> str:
    """The line for an order and view, as "By title \u00b7 Unread"; empty for the default."""
    parts = [ORDER_NAMES[order]] if order is not Order.PATH else []
    parts += [VIEW_NAMES[view]] if view is not View.ALL else []
    return " \u00b7 ".join(parts)


class LibraryHeading(Static):
    """The sidebar's order and view; the screen calls show() when either changes."""

    DEFAULT_CSS = """
    LibraryHeading { height: 1; display: none; background: $surface; color: $text-muted;
        padding: 0 1; border-right: vkey $primary-muted; text-wrap: nowrap;
        text-overflow: ellipsis; }
    LibraryHeading.-shown { display: block; }
    """

    text = ""
    """What the line says now (empty: hidden)."""

    def show(self, order: Order, view: View) -> None:
        self.text = heading(order, view)
        self.update(Content(self.text))
        self.set_class(bool(self.text), "-shown")
