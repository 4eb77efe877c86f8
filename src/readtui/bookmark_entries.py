"""The bookmarks screen's list: every bookmark as one entry, in one of `SORTS`' orders, under a
heading per article unless the order is by date.

Pure (no UI): the list widget measures and draws these entries and tests check them. Titles, file
names, snippets and notes all come from outside, so an entry holds them sanitised: the widget
draws nothing else, and draws it as plain text (never markup).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from readtui.article.sanitize import sanitize_line, sanitize_name
from readtui.notes import sort_bookmarks
from readtui.store import Bookmark

HEADLINE = "(the headline)"
"""The snippet of a bookmark on the title, which has no text of its own."""
NOTE_LABEL = "Note: "
SEPARATOR = " \u00b7 "

Run = tuple[str, str]
"""A piece of text and its role (`title`, `date`, `snippet`, `note-label`, `note`), which the
widget turns into a style from its theme."""


@dataclass(frozen=True, slots=True)
class BookmarkEntry:
    """One bookmark as the list shows it."""

    bookmark: Bookmark
    heading: str
    """The article's heading, above the first of its bookmarks when the list is grouped by
    article; "" for the others and whenever the list is by date."""
    title: str
    """The article's heading on the entry itself, when no group heading says it; else ""."""
    added: str
    snippet: str
    note: str

    @property
    def paragraphs(self) -> list[list[Run]]:
        """Title and date (unless a heading says whose it is), snippet, note: each wraps on its
        own lines."""
        parts = [[(self.snippet or HEADLINE, "snippet")]]
        if self.title:
            parts.insert(0, [(self.title, "title"), (SEPARATOR + self.added, "date")])
        if self.note:
            parts.append([(NOTE_LABEL, "note-label"), (self.note, "note")])
        return parts


def bookmark_heading(bookmark: Bookmark) -> str:
    """The article's title, else its file's name; from outside, so sanitised."""
    return sanitize_line(bookmark.title) if bookmark.title else sanitize_name(bookmark.path)


def added_on(bookmark: Bookmark, days: dict[date, str] | None = None) -> str:
    """The day the bookmark was made, `1 May 2025` in local time; `days` keeps the labels made
    so far, as thousands of bookmarks fall on a few days and formatting costs more than that."""
    day = datetime.fromtimestamp(bookmark.created_at).date()
    label = None if days is None else days.get(day)
    if label is None:
        label = f"{day.day} {day:%b %Y}"
        if days is not None:
            days[day] = label
    return label


def bookmark_entries(bookmarks: Iterable[Bookmark], sort: str) -> list[BookmarkEntry]:
    """The bookmarks in the `sort` order, grouped by article unless it is by date. Thousands of
    bookmarks share a few dozen titles, so each heading is sanitised once."""
    grouped = sort != "added"
    headings: dict[tuple[str, str], str] = {}
    days: dict[date, str] = {}
    entries: list[BookmarkEntry] = []
    last: str | None = None
    for b in sort_bookmarks(bookmarks, sort):
        heading = headings.get((b.title, b.path))
        if heading is None:
            heading = headings[(b.title, b.path)] = bookmark_heading(b)
        first = grouped and b.fingerprint != last
        last = b.fingerprint
        entries.append(
            BookmarkEntry(
                b,
                heading if first else "",
                "" if grouped else heading,
                "" if grouped else added_on(b, days),
                _line(b.snippet),
                _line(b.note),
            )
        )
    return entries


def _line(text: str) -> str:
    """`sanitize_line`, skipped when it would change nothing (most snippets and notes): one
    check in C instead of four passes, for each of thousands of bookmarks."""
    return text if text.isprintable() else sanitize_line(text)
