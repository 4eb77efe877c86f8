"""Sources through Pilot: the library folder watched (files appear, change and go without a
restart), `o` handing the url to a browser, `e` handing the file to an editor, and an article
piped in. Assertions are on the sidebar, the view, files the fake programs wrote, and the store.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from test_reader import SIZE, notifications, ready, settle, sidebar_rows, until, view_text

from readtui.app import ReadtuiApp
from readtui.article.piped import piped_article
from readtui.paths import state_db_path
from readtui.screens.reader import PIPED, ReaderScreen
from readtui.store import Roots, Store
from readtui.widgets.article_view import ArticleView

FIRST = "A first story\n\nIts only paragraph is short.\n"
URL = "https://example.com/news/a-story?id=7"
MARKDOWN = f"---\ntitle: A story with a url\nurl: {URL}\n---\n\nThe body of the story.\n"
LONG = "A long story\n\n" + "\n\n".join(
    f"Paragraph {n} says something about the harbour, the ferry and the strike." for n in range(60)
)


def reader(app: ReadtuiApp) -> ReaderScreen:
    screen = app.reader
    assert screen is not None
    return screen


def make_app(data: Path, *paths: Path, piped: bytes | None = None) -> ReadtuiApp:
    article = None if piped is None else piped_article(piped)
    return ReadtuiApp(list(paths), Store(state_db_path(data)), piped=article)


def listed(app: ReadtuiApp) -> str:
    return "\n".join(sidebar_rows(app))


def program(folder: Path, name: str, script: str) -> Path:
    """An executable shell script standing in for a browser or an editor."""
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "a-first.txt").write_text(FIRST, encoding="utf-8")
    return folder


# -- the folder watched -----------------------------------------------------------------------


async def test_a_new_file_appears_in_the_sidebar_without_a_restart(
    isolated_user: Path, library: Path
) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "A first story" in listed(app)
        (library / "sub").mkdir()
        (library / "sub" / "b-second.txt").write_text("A dropped-in story\n\nBody.\n")
        await until(pilot, lambda: "A dropped-in story" in listed(app), "the new file listed")
        assert "A first story" in listed(app)


async def test_a_deleted_file_drops_out_and_a_changed_title_updates(
    isolated_user: Path, library: Path
) -> None:
    (library / "b-second.txt").write_text("Second story\n\nBody.\n")
    (library / "c-third.txt").write_text("Third story\n\nBody.\n")
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "Second story" in listed(app) and "Third story" in listed(app)
        (library / "b-second.txt").unlink()
        await until(pilot, lambda: "Second story" not in listed(app), "the deleted file gone")
        (library / "c-third.txt").write_text("Third story, retitled\n\nBody, edited.\n")
        await until(pilot, lambda: "Third story, retitled" in listed(app), "the new title")
        assert "A first story" in listed(app)


async def test_an_empty_folder_opens_the_first_file_dropped_in(
    isolated_user: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    app = make_app(isolated_user, folder)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is None
        (folder / "first.txt").write_text(FIRST)
        await until(pilot, lambda: view.article is not None, "the dropped-in article shown")
        assert view.article is not None and view.article.title == "A first story"


async def test_quitting_stops_the_watch(isolated_user: Path, library: Path) -> None:
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: reader(app)._watch is not None, "the watch started")
        watch = reader(app)._watch
    assert watch is not None and watch.join(10)


# -- o: the url -------------------------------------------------------------------------------


async def test_o_hands_the_url_to_the_browser(
    isolated_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "story.md").write_text(MARKDOWN)
    opened = tmp_path / "browser-got"
    browser = program(tmp_path, "fake-browser", f'printf "%s" "$1" > "{opened}"\n')
    monkeypatch.setenv("BROWSER", str(browser))
    app = make_app(isolated_user, tmp_path / "story.md")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await settle(pilot)
        await until(pilot, opened.exists, "the browser to run")
        assert opened.read_text() == URL
        assert notifications(app)[-1] == f"Opened in the browser: {URL}"


async def test_o_without_a_browser_shows_and_copies_the_url(
    isolated_user: Path, tmp_path: Path
) -> None:
    (tmp_path / "story.md").write_text(MARKDOWN)
    app = make_app(isolated_user, tmp_path / "story.md")  # no DISPLAY, no BROWSER: as over SSH
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await settle(pilot)
        await until(pilot, lambda: app.clipboard == URL, "the url copied")
        said = notifications(app)
        assert f"No browser here (no display). The url, to open elsewhere: {URL}" in said
        assert any(n.startswith("Copied") and "OSC 52" in n for n in said)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (FIRST, "This article has no url."),
        ("---\ntitle: T\nurl: javascript:alert(1)\n---\n\nBody.\n", "not a web address"),
    ],
)
async def test_o_says_when_there_is_no_url_to_open(
    isolated_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    (tmp_path / "story.md").write_text(text)
    ran = tmp_path / "browser-ran"
    monkeypatch.setenv("BROWSER", str(program(tmp_path, "b", f'touch "{ran}"\n')))
    app = make_app(isolated_user, tmp_path / "story.md")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert message in notifications(app)[-1]
        assert not ran.exists()


# -- e: the editor ----------------------------------------------------------------------------

APPEND = 'printf "\\n\\nA paragraph the editor added.\\n" >> "$1"\n'


async def scrolled_to_block(pilot: object, view: ArticleView, block: int) -> None:
    """Scroll down until the top of the view is in `block`."""
    for _ in range(200):
        position = view.position()
        if position is not None and position.block >= block:
            return
        await pilot.press("j")  # type: ignore[attr-defined]
    raise AssertionError("never reached the block")


async def test_e_edits_the_file_and_reloads_it_at_the_same_paragraph(
    isolated_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(LONG)
    monkeypatch.setenv("EDITOR", f"sh {program(tmp_path, 'editor', APPEND)}")
    app = make_app(isolated_user, story)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await scrolled_to_block(pilot, view, 20)
        before = view.position()
        old = view.article
        assert before is not None and old is not None
        await pilot.press("e")
        await settle(pilot)
        await until(pilot, lambda: view.article is not old, "the edited article shown")
        assert view.article is not None
        assert view.article.blocks[-1].text == "A paragraph the editor added."
        after = view.position()
        assert after is not None and after.block == before.block
        assert story.read_text().endswith("A paragraph the editor added.\n")


async def test_e_reports_an_editor_that_fails_and_keeps_the_article(
    isolated_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(FIRST)
    monkeypatch.setenv("VISUAL", f"{program(tmp_path, 'bad-editor', 'exit 3')} --flag")
    app = make_app(isolated_user, story)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert "The editor bad-editor exited with status 3." in notifications(app)
        assert view.article is not None and view.article.title == "A first story"
        assert "Its only paragraph" in view_text(view)


async def test_e_reports_a_missing_editor(
    isolated_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(FIRST)
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    app = make_app(isolated_user, story)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert any("no-such-editor was not found" in n for n in notifications(app))
        assert view.article is not None and view.article.title == "A first story"


# -- an article piped in ----------------------------------------------------------------------

PIPED_TEXT = LONG.replace("A long story", "A piped story").encode()


async def test_a_piped_article_is_shown_alone_and_never_indexed(isolated_user: Path) -> None:
    app = make_app(isolated_user, piped=PIPED_TEXT)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None and view.article.title == "A piped story"
        assert "A piped story" in view_text(view)
        assert not reader(app).query_one("#library").display
        assert reader(app).current == PIPED
        assert reader(app).check_action("edit", ()) is None  # e is disabled: no file
        await pilot.press("e", "n", "j")
        await settle(pilot)
        assert view.article.title == "A piped story"
    with Store(state_db_path(isolated_user)) as store:
        assert store.last_opened() is None  # a later `readtui` opens the library's article
        assert store.index_stamps(Roots.of([os.getcwd(), "/"])) == {}


async def test_a_piped_article_reopens_where_it_was_left(isolated_user: Path) -> None:
    app = make_app(isolated_user, piped=PIPED_TEXT)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await scrolled_to_block(pilot, view, 25)
        left = view.position()
        await app.action_quit()
    again = make_app(isolated_user, piped=PIPED_TEXT)
    async with again.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        reopened = view.position()
        assert left is not None and reopened is not None
        assert (reopened.block, reopened.offset) == (left.block, left.offset)


async def test_another_piped_article_does_not_take_the_first_ones_place(
    isolated_user: Path,
) -> None:
    app = make_app(isolated_user, piped=PIPED_TEXT)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        await scrolled_to_block(pilot, view, 25)
        await app.action_quit()
    other = make_app(isolated_user, piped=PIPED_TEXT.replace(b"harbour", b"airport"))
    async with other.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None and "airport" in view.article.blocks[0].text
        assert view.scroll_offset.y == 0  # at the top, not where the other one was left


async def test_piped_and_a_folder_mix(isolated_user: Path, library: Path) -> None:
    app = make_app(isolated_user, library, piped=PIPED_TEXT)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert view.article is not None and view.article.title == "A piped story"
        assert "A first story" in listed(app)
        assert reader(app).query_one("#library").display
        await scrolled_to_block(pilot, view, 10)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert view.article is not None and view.article.title == "A first story"
        (bookmark,) = reader(app).store.bookmarks()
        reader(app).jump_to_bookmark(bookmark)  # what enter on it in the bookmarks screen does
        await settle(pilot)
        assert view.article is not None and view.article.title == "A piped story"
        position = view.position()
        assert position is not None and position.block == bookmark.block
