"""Bookmarks with notes and copied quotes, driven by keys; asserted on the screen and the store
file on disk."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from test_reader import ARTICLES, SEED, SIZE, make_app, ready, settle, until
from textual.pilot import Pilot
from textual.widgets import Input

from readtui.app import ReadtuiApp
from readtui.article.load import load_article
from readtui.paths import state_db_path
from readtui.screens.bookmarks import SORT_SETTING, BookmarksScreen
from readtui.screens.note_editor import NoteEditor, NoteInput
from readtui.store import Bookmark, Store
from readtui.widgets.article_view import quote_clip

NOON = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc).timestamp()
TRAIN = ARTICLES / "the-quiet-return-of-the-night-train.md"


def on_disk(data: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(state_db_path(data))) as db:
        return list(db.execute(sql))


def bookmarks_screen(app: ReadtuiApp) -> BookmarksScreen:
    screen = app.screen
    assert isinstance(screen, BookmarksScreen)
    return screen


def rows(app: ReadtuiApp) -> list[str]:
    """Each bookmark of the list as plain text, one paragraph a line, each article's heading
    (when the list is grouped) a row of its own above its first bookmark."""
    found: list[str] = []
    for entry in bookmarks_screen(app).listed.entries:
        found += [entry.heading] if entry.heading else []
        found.append("\n".join("".join(text for text, _ in runs) for runs in entry.paragraphs))
    return found


def drawn(app: ReadtuiApp) -> list[str]:
    """The bookmarks list as drawn, line by line."""
    listed = bookmarks_screen(app).listed
    lines = (listed.render_line(y) for y in range(listed.size.height))
    return ["".join(segment.text for segment in line).rstrip() for line in lines]


async def write_note(pilot: Pilot[None], text: str) -> None:
    """Clear the note editor's field, type text and press enter."""
    assert isinstance(pilot.app.screen, NoteEditor)
    await pilot.press("end", "ctrl+u", *text, "enter")
    await pilot.pause()


def seed_library_bookmarks(data: Path) -> dict[str, Bookmark]:
    """Three bookmarks in two articles, at known times: seed early (oldest), train, seed late."""
    seed, train = load_article(SEED), load_article(TRAIN)
    made = {
        "seed-late": Bookmark(
            -1, seed.meta.fingerprint, 6, 0, "seed late", NOON + 30, seed.title, str(SEED)
        ),
        "train": Bookmark(
            -1, train.meta.fingerprint, 2, 0, "train spot", NOON + 20, train.title, str(TRAIN)
        ),
        "seed-early": Bookmark(
            -1, seed.meta.fingerprint, 1, 0, "seed early", NOON + 10, seed.title, str(SEED)
        ),
    }
    with Store(state_db_path(data)) as store:
        return {name: store.restore_bookmark(b) for name, b in made.items()}


# --- notes ------------------------------------------------------------------------------------


async def test_a_note_is_added_and_edited_from_the_bookmarks_screen(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("space", "b", "B", "e")
        await write_note(pilot, "ask the council")
        assert on_disk(isolated_user, "SELECT note FROM bookmarks") == [("ask the council",)]
        assert rows(app)[0].endswith("\nNote: ask the council")

        await pilot.press("N")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one(NoteInput).value == "ask the council"
        await write_note(pilot, "asked [bold]twice[/]")
        assert on_disk(isolated_user, "SELECT note FROM bookmarks") == [("asked [bold]twice[/]",)]
        assert any("Note: asked [bold]twice[/]" in line for line in drawn(app))

        await pilot.press("e", "x", "escape")  # cancelled: nothing changes
        await pilot.pause()
        assert on_disk(isolated_user, "SELECT note FROM bookmarks") == [("asked [bold]twice[/]",)]
        await pilot.press("e")
        await write_note(pilot, "")
        assert on_disk(isolated_user, "SELECT note FROM bookmarks") == [("",)]
        assert "Note:" not in rows(app)[0]


async def test_N_in_the_reader_bookmarks_the_spot_and_writes_its_note(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("space", "space")
        position = view.position()
        assert position is not None
        await pilot.press("N")
        await write_note(pilot, "follow this up")
        assert on_disk(isolated_user, "SELECT block, note FROM bookmarks") == [
            (position.block, "follow this up")
        ]
        await pilot.press("N")  # the same spot: its note again, no second bookmark
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(NoteInput).value == "follow this up"
        await pilot.press("escape")
        assert len(on_disk(isolated_user, "SELECT id FROM bookmarks")) == 1


async def test_a_long_note_wraps_in_the_list(isolated_user: Path) -> None:
    long_note = " ".join(["word"] * 60)
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("b", "B", "e")
        editor = pilot.app.screen
        assert isinstance(editor, NoteEditor)
        editor.query_one(Input).value = long_note  # typing 300 keys adds nothing to this test
        await pilot.press("enter")
        await pilot.pause()
        lines = [line for line in drawn(app) if "word" in line]
        width = bookmarks_screen(app).listed.size.width
        assert len(lines) >= 3 and all(len(line) <= width for line in lines)
        assert " ".join(" ".join(lines).replace("Note:", "").split()) == long_note


# --- delete and undo --------------------------------------------------------------------------


async def test_delete_asks_nothing_and_u_puts_it_back(isolated_user: Path) -> None:
    made = seed_library_bookmarks(isolated_user)
    app = make_app(isolated_user, ARTICLES)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("B")
        assert bookmarks_screen(app).chosen == made["seed-late"]
        await pilot.press("d")
        assert sorted(on_disk(isolated_user, "SELECT snippet FROM bookmarks")) == [
            ("seed early",),
            ("train spot",),
        ]
        assert [r.split("\n")[1] for r in rows(app)] == ["train spot", "seed early"]
        await pilot.press("u")
        assert len(on_disk(isolated_user, "SELECT id FROM bookmarks")) == 3
        restored = on_disk(
            isolated_user, "SELECT created_at FROM bookmarks WHERE snippet = 'seed late'"
        )
        assert restored == [(NOON + 30,)]
        assert bookmarks_screen(app).chosen is not None
        assert bookmarks_screen(app).chosen.snippet == "seed late"  # type: ignore[union-attr]


# --- the whole library, sorted ----------------------------------------------------------------


async def test_the_list_covers_the_library_and_s_cycles_the_order(isolated_user: Path) -> None:
    seed_library_bookmarks(isolated_user)
    seed, train = load_article(SEED).title, load_article(TRAIN).title
    app = make_app(isolated_user, SEED)  # the train article is not even in this library
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("B")
        box = bookmarks_screen(app).query_one("Vertical")
        assert box.border_subtitle == "3 bookmarks \u00b7 by date added"
        assert [r.split("\n")[1] for r in rows(app)] == ["seed late", "train spot", "seed early"]
        assert rows(app)[1].startswith(train)

        await pilot.press("s")
        assert box.border_subtitle == "3 bookmarks \u00b7 by article title"
        expected = sorted([(seed, ["seed early", "seed late"]), (train, ["train spot"])])
        assert rows(app) == [line for title, spots in expected for line in [title, *spots]]

        await pilot.press("s")
        assert box.border_subtitle == "3 bookmarks \u00b7 by position in article"
        assert rows(app) == [seed, "seed early", "seed late", train, "train spot"]
        await pilot.press("escape")
        assert on_disk(isolated_user, f"SELECT value FROM meta WHERE key = '{SORT_SETTING}'") == [
            ("position",)
        ]

        await pilot.press("B")  # the order chosen is remembered
        assert rows(app)[0] == seed
        await pilot.press("s")
        assert bookmarks_screen(app).query_one("Vertical").border_subtitle.endswith("date added")


# --- copied quotes ----------------------------------------------------------------------------


async def test_copying_a_quote_records_it_in_the_store(isolated_user: Path) -> None:
    app = make_app(isolated_user, SEED)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("right_square_bracket", "y")
        await settle(pilot)
        article, quote = view.article, view.current_quote()
        assert article is not None and quote is not None
        await until(pilot, lambda: app.clipboard == quote_clip(quote), "the quote was copied")
        rows = on_disk(
            isolated_user,
            "SELECT fingerprint, text, speaker, role, title, block, char_offset FROM quotes",
        )
        assert rows == [
            (
                article.meta.fingerprint,
                quote_clip(quote)[1:-1],
                quote.speaker,
                quote.role,
                article.title,
                quote.block,
                quote.start,
            )
        ]
        await pilot.press("Y")  # with the credit: the same quote, still one row
        await settle(pilot)
        assert len(on_disk(isolated_user, "SELECT id FROM quotes")) == 1
        await pilot.press("right_square_bracket", "y")
        await settle(pilot)
        assert len(on_disk(isolated_user, "SELECT id FROM quotes")) == 2


async def test_a_read_only_store_says_the_note_and_delete_were_not_kept(
    isolated_user: Path,
) -> None:
    made = seed_library_bookmarks(isolated_user)
    with closing(sqlite3.connect(state_db_path(isolated_user))) as db:
        db.execute("PRAGMA user_version = 99")
    before = state_db_path(isolated_user).read_bytes()
    app = make_app(isolated_user, SEED)
    said: list[str] = []
    app.notify = lambda message, **kw: said.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("B", "e")
        await write_note(pilot, "not kept")
        assert "Note not kept: the reading-state file is read-only." in said
        assert "Note:" not in rows(app)[0]
        assert bookmarks_screen(app).chosen == made["seed-late"]
        await pilot.press("d")
        assert "Bookmark not deleted: the reading-state file is read-only." in said
        assert len(rows(app)) == 3 and bookmarks_screen(app).chosen == made["seed-late"]
        await pilot.press("escape", "right_square_bracket", "y")
        await settle(pilot)
    assert state_db_path(isolated_user).read_bytes() == before
