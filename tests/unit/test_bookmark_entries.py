"""The bookmarks list model: each bookmark under its article's heading (or with its title and
date when by date), with outside text sanitised and never treated as markup."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from test_purity import loaded_after_importing, top_level

from readtui.bookmark_entries import HEADLINE, BookmarkEntry, bookmark_entries
from readtui.store import Bookmark

NOON = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc).timestamp()


def bookmark(
    bid: int, fp: str, block: int, snippet: str, title: str = "", note: str = ""
) -> Bookmark:
    return Bookmark(bid, fp, block, 0, snippet, NOON + bid, title, f"/lib/{fp}.txt", note)


MARKS = [
    bookmark(1, "fp-b", 4, "b late", "Bravo"),
    bookmark(2, "fp-a", 2, "a spot", "Alpha", note="check this"),
    bookmark(3, "fp-b", 1, "b early", "Bravo"),
]


def plain(entry: BookmarkEntry) -> list[str]:
    return ["".join(text for text, _role in runs) for runs in entry.paragraphs]


def test_by_date_each_entry_has_its_title_and_date_and_no_heading() -> None:
    entries = bookmark_entries(MARKS, "added")
    assert [e.bookmark.id for e in entries] == [3, 2, 1]
    assert all(e.heading == "" for e in entries)
    assert plain(entries[1]) == ["Alpha \u00b7 1 May 2025", "a spot", "Note: check this"]
    roles = [[role for _text, role in runs] for runs in entries[1].paragraphs]
    assert roles == [["title", "date"], ["snippet"], ["note-label", "note"]]


@pytest.mark.parametrize(
    ("sort", "headings"),
    [("title", ["Alpha", "Bravo", ""]), ("position", ["Bravo", "", "Alpha"])],
)
def test_grouped_orders_put_a_heading_over_each_articles_first_bookmark(
    sort: str, headings: list[str]
) -> None:
    entries = bookmark_entries(MARKS, sort)
    assert [e.heading for e in entries] == headings
    assert all(e.title == "" for e in entries)
    assert plain(entries[headings.index("Bravo")]) == ["b early"]


def test_outside_text_is_sanitised_and_markup_stays_literal() -> None:
    hostile = bookmark(1, "fp", 0, "red \x1b[31m[bold]x[/]", "T\x07itle", note="a\nb [i]c[/i]")
    [entry] = bookmark_entries([hostile], "added")
    assert plain(entry) == [
        "T^Gitle \u00b7 1 May 2025",
        "red ^[[31m[bold]x[/]",
        "Note: a b [i]c[/i]",
    ]


def test_a_bookmark_without_snippet_or_title_shows_the_headline_and_file_name() -> None:
    [entry] = bookmark_entries([bookmark(1, "fp-x", 0, "")], "title")
    assert entry.heading == "/lib/fp-x.txt"
    assert plain(entry) == [HEADLINE]


def test_thousands_of_bookmarks_get_one_heading_per_article() -> None:
    many = [bookmark(n, f"fp-{n % 40}", n, f"spot {n}", f"Article {n % 40}") for n in range(5_000)]
    entries = bookmark_entries(many, "title")
    assert [e.heading for e in entries if e.heading] == sorted(
        {f"Article {n}" for n in range(40)}, key=str.casefold
    )
    assert [e.bookmark.snippet for e in entries[:2]] == ["spot 0", "spot 40"]


def test_the_list_model_imports_no_ui_toolkit() -> None:
    loaded = loaded_after_importing("readtui.bookmark_entries")
    assert top_level(loaded) & {"textual", "rich"} == set()
