"""The command palette reaches every key by name: each binding with a description on the screen
below the palette is a command, with its keys as the help line."""

from __future__ import annotations

from pathlib import Path

from test_reader import SIZE, make_app, ready, settle, titles, until
from textual.command import CommandPalette


async def test_every_described_key_of_the_reader_is_a_command(isolated_user: Path) -> None:
    app = make_app(isolated_user)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        for title, keys in [
            ("Next article", "Keys: n"),
            ("Filter", "Keys: f"),
            ("Copy quote", "Keys: y"),
            ("Help", "Keys: ?"),
        ]:
            assert commands.get(title) == keys, (title, commands.get(title))
        assert "Quit" in commands  # Textual's own, listed once
        assert [c.title for c in app.get_system_commands(app.screen)].count("Quit") == 1


async def test_a_command_chosen_by_name_runs_its_action(isolated_user: Path) -> None:
    app = make_app(isolated_user)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        first = view.article.title if view.article else None
        assert first == titles(app)[0]
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"next article")
        await until(
            pilot,
            lambda: (
                "Next article"
                in str(app.screen.query_one("CommandList").get_option_at_index(0).prompt)
            ),
            "the command found",
        )
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette closed")
        await settle(pilot)
        await until(
            pilot,
            lambda: view.article is not None and view.article.title == titles(app)[1],
            "the next article",
        )
