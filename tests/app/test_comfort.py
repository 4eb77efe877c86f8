"""Reading comfort and config.toml through Pilot: the theme picker, the reading width, keys by
binding id, and a bad config that is named by line while the app runs on with defaults.
Assertions are on the app's state, the laid-out lines and the store on disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rich.cells import cell_len
from test_reader import SEED, ready, settle, until, view_text
from textual.command import CommandList
from textual.pilot import Pilot

from readtui.app import ReadtuiApp
from readtui.config import Config, Problem, parse_config
from readtui.paths import state_db_path
from readtui.settings import check_config, remember, start_value
from readtui.store import Store
from readtui.widgets.article_view import ArticleView

WIDE = (140, 34)
"""Wide enough that the article pane holds more than the default 80 columns."""
THEMES = {"nord", "dracula", "gruvbox", "textual-dark"}


def make_app(data: Path, config: str | None = None) -> ReadtuiApp:
    """The app on the seed article, with config.toml text parsed as the CLI does."""
    parsed, problems = (Config(), []) if config is None else parse_config(config, data)
    return ReadtuiApp([SEED], Store(state_db_path(data)), config=parsed, problems=problems)


def on_disk(data: Path, key: str) -> str | None:
    """A remembered setting as the next start will read it: straight from the file."""
    with sqlite3.connect(state_db_path(data)) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def notes(app: ReadtuiApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def widest_line(view: ArticleView) -> int:
    return max(cell_len("".join(run.text for run in line.runs)) for line in view.lines_on_screen())


async def choose_theme(pilot: Pilot[None], name: str) -> None:
    """t, type the name, wait for it to be the first hit, enter."""
    app = pilot.app
    await pilot.press("t")
    await until(pilot, lambda: bool(app.screen.query(CommandList)), "the theme picker")
    await pilot.press(*name)

    def first_hit() -> str:
        hits = app.screen.query_one(CommandList)
        return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""

    await until(pilot, lambda: first_hit() == name, f"{name} first in the picker")
    await pilot.press("enter")
    await until(pilot, lambda: app.theme == name, f"the theme to become {name}")


# -- themes ---------------------------------------------------------------------------------
async def test_t_picks_a_theme_that_is_saved_and_used_next_start(isolated_user: Path) -> None:
    app = make_app(isolated_user)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert app.theme == "textual-dark"
        await choose_theme(pilot, "dracula")
        assert app.screen.query_one(ArticleView).article is not None  # back on the reader
    app.store.close()
    assert on_disk(isolated_user, "theme") == "dracula"
    again = make_app(isolated_user)
    async with again.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert again.theme == "dracula"
    again.store.close()


async def test_an_unknown_remembered_theme_falls_back_quietly(isolated_user: Path) -> None:
    with Store(state_db_path(isolated_user)) as store:
        store.save_setting("theme", "no-such-theme")
    app = make_app(isolated_user)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert app.theme == "textual-dark"
        assert notes(app) == []
    app.store.close()


async def test_config_theme_is_the_default_and_a_newer_edit_of_it_wins(
    isolated_user: Path,
) -> None:
    """The file gives the start; a choice in the app wins over it until the file's theme line
    changes."""
    app = make_app(isolated_user, 'theme = "nord"\n')
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert app.theme == "nord"
        await choose_theme(pilot, "dracula")
    app.store.close()
    for config, expected in [('theme = "nord"\n', "dracula"), ('theme = "gruvbox"\n', "gruvbox")]:
        again = make_app(isolated_user, config)
        async with again.run_test(size=WIDE) as pilot:
            await ready(pilot)
            assert again.theme == expected
        again.store.close()


# -- reading width ----------------------------------------------------------------------------
async def test_plus_minus_equals_change_the_laid_out_width_and_it_is_remembered(
    isolated_user: Path,
) -> None:
    app = make_app(isolated_user)
    async with app.run_test(size=WIDE) as pilot:
        view = await ready(pilot)
        assert view.column_width() == 80
        await pilot.press("minus", "minus")
        await settle(pilot)
        assert view.column_width() == 72
        assert 60 < widest_line(view) <= 72
        assert "Reading width: 72 columns." in notes(app)
        await pilot.press("equals_sign")
        await settle(pilot)
        assert view.column_width() == 80
        await pilot.press("plus", "plus", "plus")
        await settle(pilot)
        assert view.column_width() == 92
        assert 80 < widest_line(view) <= 92
    app.store.close()
    assert on_disk(isolated_user, "width") == "92"
    again = make_app(isolated_user)
    async with again.run_test(size=WIDE) as pilot:
        view = await ready(pilot)
        assert view.column_width() == 92
    again.store.close()


async def test_changing_the_width_keeps_the_paragraph_on_top(isolated_user: Path) -> None:
    app = make_app(isolated_user)
    async with app.run_test(size=WIDE) as pilot:
        view = await ready(pilot)
        await pilot.press("space", "space", "j")
        await settle(pilot)
        before = view.position()
        assert before is not None and before.block > 0
        for key in ("minus", "minus", "minus", "plus", "equals_sign"):
            await pilot.press(key)
            await settle(pilot)
            after = view.position()
            assert after is not None and after.block == before.block, key
            assert view.article is not None
            block_text = " ".join(view.article.blocks[before.block].text.split())
            assert view_text(view).split("\n")[0].strip() in block_text


async def test_the_column_never_grows_past_the_pane_nor_below_30(isolated_user: Path) -> None:
    app = make_app(isolated_user)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await ready(pilot)
        pane = view.scrollable_content_region.width
        assert view.column_width() == pane < 80
        await pilot.press("plus")
        await settle(pilot)
        assert view.column_width() == pane
        assert f"The text is as wide as the pane: {pane} columns." in notes(app)
        assert on_disk(isolated_user, "width") is None
        await pilot.press(*["minus"] * 12)
        await settle(pilot)
        assert view.column_width() == 30
        assert "The text is at its narrowest: 30 columns." in notes(app)
        assert widest_line(view) <= 30


async def test_config_width_is_the_start_and_what_equals_goes_back_to(isolated_user: Path) -> None:
    app = make_app(isolated_user, "width = 60\n")
    async with app.run_test(size=WIDE) as pilot:
        view = await ready(pilot)
        assert view.column_width() == 60
        await pilot.press("plus")
        await settle(pilot)
        assert view.column_width() == 64
    app.store.close()
    again = make_app(isolated_user, "width = 60\n")
    async with again.run_test(size=WIDE) as pilot:
        view = await ready(pilot)
        assert view.column_width() == 64  # the reader's choice, the file unchanged since
        await pilot.press("equals_sign")
        await settle(pilot)
        assert view.column_width() == 60
    again.store.close()
    edited = make_app(isolated_user, "width = 70\n")
    async with edited.run_test(size=WIDE) as pilot:
        view = await ready(pilot)
        assert view.column_width() == 70  # the file changed after the choice: it wins
    edited.store.close()


# -- keys -------------------------------------------------------------------------------------
async def test_keys_from_config_replace_the_default_key(isolated_user: Path) -> None:
    app = make_app(isolated_user, '[keys]\n"view.copy" = ["c", "ctrl+y"]\n')
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket", "y")
        await settle(pilot)
        assert app.clipboard == ""  # y is no longer Copy quote
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == "\u201cno one will go to fight\u201d"
        await pilot.press("right_square_bracket", "ctrl+y")
        await settle(pilot)
        assert app.clipboard == "\u201cwe will all go home now\u201d"
        shown = {key for key, active in app.active_bindings.items() if active.binding.id}
        assert {"c", "ctrl+y"} <= shown and "y" not in shown


async def test_a_key_for_a_screen_binding_works_from_the_view(isolated_user: Path) -> None:
    app = ReadtuiApp(
        [SEED.parent],
        Store(state_db_path(isolated_user)),
        config=parse_config('[keys]\n"reader.next" = "ctrl+n"\n', isolated_user)[0],
    )
    async with app.run_test(size=WIDE) as pilot:
        view = await ready(pilot)
        first = view.article
        await pilot.press("n")
        await settle(pilot)
        assert view.article is first
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert view.article is not first
    app.store.close()


# -- a bad config ---------------------------------------------------------------------------
BAD = """\
# good, bad, good, bad...
width = 60
theme = 42
[keys]
"view.copy" = "c"
"view.cpoy" = "x"
"view.top" = "ctrll+t"
"""


async def test_a_bad_config_names_the_lines_and_the_app_runs_with_the_rest(
    isolated_user: Path,
) -> None:
    app = make_app(isolated_user, BAD)
    async with app.run_test(size=WIDE) as pilot:
        view = await ready(pilot)
        [message] = [note for note in notes(app) if "line" in note]
        assert "line 3: theme must be a theme's name in quotes, not a number" in message
        assert "line 6: unknown binding id 'view.cpoy' (did you mean 'view.copy'?)" in message
        assert "line 7: 'ctrll+t' is not a key name (for 'view.top')" in message
        assert "started with the defaults" in message
        assert app.theme == "textual-dark"
        assert view.column_width() == 60  # the good lines still apply
        await pilot.press("right_square_bracket", "c")
        await settle(pilot)
        assert app.clipboard == "\u201cno one will go to fight\u201d"
        await pilot.press("G", "g")  # view.top kept its default keys
        await settle(pilot)
        assert view.scroll_offset.y == 0


async def test_a_syntax_error_names_its_line_and_everything_is_default(
    isolated_user: Path,
) -> None:
    app = make_app(isolated_user, 'width = 60\ntheme = "nord\n')
    async with app.run_test(size=WIDE) as pilot:
        view = await ready(pilot)
        assert any("line 2: not valid TOML" in note for note in notes(app))
        assert (app.theme, view.column_width()) == ("textual-dark", 80)


# -- checks against the app's names (no app running) ------------------------------------------
def checked(text: str) -> tuple[Config, list[str]]:
    config, _ = parse_config(text, Path("/"))
    config, problems = check_config(config, THEMES)
    return config, [problem.describe("") for problem in problems]


def test_every_readtui_binding_id_can_be_given_keys() -> None:
    text = '[keys]\n"app.theme" = "T"\n"view.wider" = ["plus", "ctrl+right"]\n"list.open" = "o"\n'
    config, problems = checked(text)
    assert problems == []
    assert config.keymap() == {
        "app.theme": "T",
        "view.wider": "plus,ctrl+right",
        "list.open": "o",
    }


def test_a_key_taken_from_another_action_on_the_same_pane_is_said() -> None:
    _config, problems = checked('[keys]\n"view.copy" = "j"\n')
    assert problems == ["line 2: 'j' for 'view.copy' replaces it for 'view.down'"]


def test_a_key_moved_away_first_is_no_clash() -> None:
    _config, problems = checked('[keys]\n"view.down" = "down"\n"view.copy" = "j"\n')
    assert problems == []


def test_bad_key_names_are_dropped_and_good_ones_kept() -> None:
    config, problems = checked('[keys]\n"view.copy" = ["c", "ctrl+", "question_mark", "f13"]\n')
    assert config.keys == {"view.copy": ("c", "question_mark", "f13")}
    assert problems == ["line 2: 'ctrl+' is not a key name (for 'view.copy')"]


class Settings(dict[str, str]):
    """A store's settings in memory."""

    def setting(self, key: str) -> str | None:
        return self.get(key)

    def save_setting(self, key: str, value: str) -> None:
        self[key] = value


def test_the_last_change_wins_between_the_app_and_the_file() -> None:
    store = Settings()
    assert start_value(store, "theme", None) is None
    assert start_value(store, "theme", "nord") == "nord"
    remember(store, "theme", "dracula", "nord")
    assert start_value(store, "theme", "nord") == "dracula"  # file unchanged: the choice
    assert start_value(store, "theme", "gruvbox") == "gruvbox"  # file edited: the file
    assert start_value(store, "theme", None) is None  # the line removed: the default
    remember(store, "theme", "dracula", None)
    assert start_value(store, "theme", None) == "dracula"


def test_problem_lines_read_without_a_source() -> None:
    assert Problem(4, "bad").describe("") == "line 4: bad"
    assert Problem(None, "bad").describe("") == "bad"


async def test_help_lists_every_screen_and_the_keys_config_gave(isolated_user: Path) -> None:
    from readtui.screens.help import HelpScreen

    app = make_app(isolated_user, '[keys]\n"view.copy" = ["c", "ctrl+y"]\n"quotes.jump" = "o"\n')
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        statics = [str(static.render()) for static in app.screen.query("Static")]
        tables = dict(zip(statics[0::2], statics[1::2], strict=False))
        for section in ("Quotes panel (Q)", "Library search (s)", "Bookmarks (B)",
                        "Search in the article (/)", "Title filter (f)"):  # fmt: skip
            assert section in tables
        article = tables["Article"].splitlines()
        copy = next(line for line in article if line.endswith("Copy quote"))
        assert copy.split()[:3] == ["c", "/", "^y"], copy
        quotes = tables["Quotes panel (Q)"].splitlines()
        assert next(line for line in quotes if line.endswith("Jump to quote")).split()[0] == "o"
