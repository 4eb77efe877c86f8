"""Listing: the Store's queries for the sidebar's orders and views (readtui.catalog asks them),
built from store/orders.py. A window reads on from the last row of the window before (its
cursor: part, key, path), never counting from the top; path order with every article is the
default and reads through LibraryIndex's queries unchanged.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from readtui.store.index import STAMP_CHUNK, LibraryIndex, _catalog_row
from readtui.store.model import CatalogRow
from readtui.store.orders import (
    ORDERS,
    STATE_ORDERS,
    Bound,
    Cursor,
    Order,
    Part,
    View,
    count_part,
    order_by,
    parts_of,
    seek,
    source_of,
    where_of,
    window_sql,
)
from readtui.store.roots import Roots

__all__ = ["Cursor", "Listing", "Order", "View"]


class Listing(LibraryIndex):
    """The Store's queries for the sidebar's orders and views (see readtui.catalog)."""

    def listed_window(
        self,
        roots: Roots,
        order: Order,
        view: View,
        needle: str = "",
        *,
        after: Cursor | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> list[tuple[CatalogRow, Cursor]]:
        """Up to `limit` rows and their cursors, after a cursor (reading on) or skipping
        `offset` rows (a jump)."""
        if order is Order.PATH and view is View.ALL:
            path = None if after is None else os.fsdecode(after[2])
            rows = self.index_window(roots, needle, offset=offset, limit=limit, after=path)
            return [(row, (0, None, os.fsencode(row.entry.path))) for row in rows]
        parts = parts_of(order, view)

        def query(conn: sqlite3.Connection) -> list[tuple[CatalogRow, Cursor]]:
            found: list[tuple[CatalogRow, Cursor]] = []
            skip = offset
            for number in range(after[0] if after else 0, len(parts)):
                part = parts[number]
                bound = Bound(after[1], after[2]) if after and number == after[0] else Bound()
                if skip:
                    size = count_part(conn, part, roots, needle, bound)
                    if skip >= size:
                        skip -= size
                        continue
                    if not part.include:  # read on from the row before, found by its index
                        before = seek(conn, part, roots, needle, skip - 1)
                        if before is not None:
                            bound, skip = Bound(*before), 0
                where, params = where_of(part, roots, needle, bound)
                args = (*params, limit - len(found), skip)
                for row in conn.execute(window_sql(part, where), args):
                    found.append((_catalog_row(row), (number, row[18], bytes(row[0]))))
                skip = 0
                if len(found) >= limit:
                    break
            return found

        return self._index_read(query, [])

    def listed_count(self, roots: Roots, order: Order, view: View, needle: str = "") -> int:
        """How many rows the view holds (the order only splits them into parts)."""
        if view is View.ALL:
            return self.count_index(roots, needle)
        parts = parts_of(Order.PATH, view)
        return self._index_read(lambda conn: count_part(conn, parts[0], roots, needle), 0)

    def listed_rank(
        self, roots: Roots, order: Order, view: View, path: str, needle: str = ""
    ) -> int | None:
        """The position of path in the order and view, or None when it is not listed."""
        if order is Order.PATH and view is View.ALL:
            return self.index_rank(roots, path, needle)
        key = os.fsencode(path)
        parts = parts_of(order, view)

        def query(conn: sqlite3.Connection) -> int | None:
            before = 0
            for part in parts:
                where, params = where_of(part, roots, needle)
                column = part.key.column or "NULL"
                sql = f"SELECT {column} FROM {source_of(part)} WHERE l.path = ? AND {where}"
                here = conn.execute(sql, (key, *params)).fetchone()
                if here is not None:
                    bound = Bound(here[0], key, before=True)
                    return before + count_part(conn, part, roots, needle, bound)
                before += count_part(conn, part, roots, needle)
            return None

        return self._index_read(query, None)

    def listed_titles(
        self, roots: Roots, order: Order
    ) -> tuple[list[bytes], list[str], list[Any] | None]:
        """Every path under roots, its folded title and its sort key, in an order that depends
        on the files alone (path, title or date; the keys are None in path order)."""
        if order is Order.PATH:
            paths, titles = self.index_titles(roots)
            return paths, titles, None
        if order in STATE_ORDERS:
            raise ValueError(f"{order.value} order depends on reading state")
        return self._ordered_titles(roots, ORDERS[order][0])

    def _ordered_titles(self, roots: Roots, part: Part) -> tuple[list[bytes], list[str], list[Any]]:
        """Read a chunk at a time, so the UI thread never waits long for the lock."""
        paths: list[bytes] = []
        titles: list[str] = []
        keys: list[Any] = []
        resets = self.index_resets
        order = order_by(part.key)
        while True:
            bound = Bound(keys[-1], paths[-1]) if paths else Bound()
            where, params = where_of(part, roots, "", bound)
            sql = (
                f"SELECT l.path, l.title_key, {part.key.column} FROM library AS l"
                f" WHERE {where} ORDER BY {order} LIMIT {STAMP_CHUNK:d}"
            )
            rows = self._rows(sql, params)
            if self.index_resets != resets:
                return self._ordered_titles(roots, part)
            for path, title, key in rows:
                paths.append(path)
                titles.append(title)
                keys.append(key)
            if len(rows) < STAMP_CHUNK:
                return paths, titles, keys

    def _rows(self, sql: str, params: tuple[object, ...]) -> list[tuple[Any, ...]]:
        return self._index_read(lambda c: c.execute(sql, params).fetchall(), [])
