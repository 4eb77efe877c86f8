"""A place survives edits above it: the reader's position, a bookmark and the `e` reload are
found again by the words there, not by a paragraph number that moved."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_reader import SIZE, make_app, ready, settle, until
from test_sources import program

from readtui.anchor import anchor_text
from readtui.article.load import parse_text
from readtui.article.model import Article
from readtui.screens.bookmarks import BookmarksScreen
from readtui.screens.reader import ReaderScreen
from readtui.store import Position
from readtui.widgets.article_view import ArticleView

STORY = "A long story\n\n" + "\n\n".join(
    f"Paragraph {n} says something about the harbour, the ferry and the strike." for n in range(60)
)
ADDED = "Two paragraphs the editor added.\n\nAnd this one, above the place being read.\n\n"
SED_ADDED = ADDED.replace("\n", "\\n")
INSERT_ABOVE = f"sed -i 's/^Paragraph 10 says/{SED_ADDED}Paragraph 10 says/' \"$1\"\n"
"""The editor: GNU sed puts the two paragraphs in front of paragraph 10."""


def insert_above(path: Path) -> None:
    """What the editor script does, done to the file by the test."""
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Paragraph 10 says", ADDED + "Paragraph 10 says"), encoding="utf-8"
    )


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "library" / "story.txt"
    path.parent.mkdir()
    path.write_text(STORY + "\n", encoding="utf-8")
    return path


def paragraph(article: Article, block: int) -> str:
    return article.blocks[block].text if 0 <= block < len(article.blocks) else ""


def top_text(view: ArticleView) -> str:
    """The paragraph at the top of the view, from where the view's position is in it."""
    position, article = view.position(), view.article
    assert position is not None and article is not None and position.block >= 0
    return article.blocks[position.block].text[position.offset :]


async def scroll_to_paragraph(pilot: object, view: ArticleView, number: int) -> str:
    """Scroll down a line at a time until "Paragraph `number`" is at the top of the view."""
    wanted = f"Paragraph {number} "
    for _ in range(400):
        position, article = view.position(), view.article
        block = "" if position is None or article is None else paragraph(article, position.block)
        if block.startswith(wanted):
            return top_text(view)
        await pilot.press("j")  # type: ignore[attr-defined]
    raise AssertionError(f"never reached paragraph {number}")


async def test_e_reloads_at_the_same_words_when_the_editor_added_paragraphs_above(
    isolated_user: Path, story: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", f"sh {program(tmp_path, 'editor', INSERT_ABOVE)}")
    app = make_app(isolated_user, story)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        words = await scroll_to_paragraph(pilot, view, 30)
        block = view.position().block  # type: ignore[union-attr]
        old = view.article
        await pilot.press("e")
        await settle(pilot)
        await until(pilot, lambda: view.article is not old, "the edited article shown")
        assert "Two paragraphs the editor added." in story.read_text(encoding="utf-8")
        assert top_text(view) == words
        assert view.position().block == block + 2  # type: ignore[union-attr]


async def test_a_restart_after_an_edit_above_reopens_at_the_same_words(
    isolated_user: Path, story: Path
) -> None:
    app = make_app(isolated_user, story.parent)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        words = await scroll_to_paragraph(pilot, view, 25)
        await pilot.press("q")
    insert_above(story)
    again = make_app(isolated_user, story.parent)
    async with again.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None and len(view.article.blocks) == 62
        assert top_text(view) == words


async def test_a_bookmark_in_an_edited_file_opens_at_its_words(
    isolated_user: Path, story: Path
) -> None:
    app = make_app(isolated_user, story.parent)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        words = await scroll_to_paragraph(pilot, view, 40)
        await pilot.press("b")
        await pilot.press("g")  # the position saved is the top: only the bookmark knows
        await settle(pilot)
        await pilot.press("q")
    insert_above(story)
    again = make_app(isolated_user, story.parent)
    async with again.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None and len(view.article.blocks) == 62
        top = view.position()
        assert top is not None and top.block == -1  # where the reader left it: the top
        await pilot.press("B")
        await until(pilot, lambda: isinstance(again.screen, BookmarksScreen), "the bookmarks")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(again.screen, ReaderScreen), "the reader")
        await settle(pilot)
        assert top_text(view) == words


def test_a_long_files_head_without_the_words_waits_for_the_whole_text() -> None:
    """A long file is shown first in its head; when the place's words are not in it, the
    place asked for lies past the head's end, so the reader waits for the whole article."""
    whole = parse_text(STORY + "\n", ".txt")
    head = parse_text("\n\n".join(STORY.split("\n\n")[:20]) + "\n", ".txt")
    place = Position(45, 0)
    words = anchor_text(whole, place)
    waiting = ReaderScreen._fit(place, head, words, complete=False)
    assert waiting is not None and waiting.block >= len(head.blocks)
    assert ReaderScreen._fit(place, whole, words, complete=True) == place
    near = Position(12, 0)  # in the head: found there at once
    assert ReaderScreen._fit(near, head, anchor_text(whole, near), complete=False) == near
