"""Reading comfort in a real terminal: NO_COLOR keeps every colour escape out of the pane while
quotes keep a text style, and config.toml (library, width, a bad line) read by the installed
`readtui`. tmux's `capture-pane -e` shows the escape sequences the app left in the pane."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from tmux_kit import READTUI, TMUX, Pane, Tmux, wait_for

SEED = Path(__file__).resolve().parents[2] / "articles" / "russian-recruiter-shot-cbc.txt"
FOCUSED = "no one will go to"
OTHER_QUOTE = "we will all go home"
NARRATIVE = "according to local media"
HEADLINE = "Russian military recruiter"
SGR = re.compile(r"\x1b\[([0-9;:]*)m")
ON = {1: "bold", 3: "italic", 4: "underline", 7: "reverse"}
OFF = {22: {"bold"}, 23: {"italic"}, 24: {"underline"}, 27: {"reverse"}}

pytestmark = [
    pytest.mark.skipif(READTUI is None, reason="the `readtui` command is not installed on PATH"),
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)"),
]


def capture_escapes(pane: Pane) -> str:
    result = pane.tmux.run("capture-pane", "-e", "-p", "-t", pane.target, check=False)
    return result.stdout


def colour_codes(text: str) -> list[str]:
    """Every SGR sequence that sets a colour (16, 256 or true colour; foreground or back)."""
    found = []
    for match in SGR.finditer(text):
        params = [int(p) for p in re.split("[;:]", match.group(1)) if p.isdigit()]
        first = params[0] if params else 0
        if first in (38, 48) or any(
            30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 97 or 100 <= p <= 107
            for p in (params if first not in (38, 48) else [])
        ):
            found.append(match.group(0))
    return found


def styled_text(text: str) -> tuple[str, list[frozenset[str]]]:
    """The pane's characters, and the text styles in force at each (tmux writes only changes,
    so the state runs on across lines)."""
    chars: list[str] = []
    styles: list[frozenset[str]] = []
    state: set[str] = set()
    position = 0
    for match in SGR.finditer(text):
        plain = text[position : match.start()]
        chars += plain
        styles += [frozenset(state)] * len(plain)
        for param in [int(p) for p in match.group(1).split(";") if p.isdigit()] or [0]:
            if param == 0:
                state.clear()
            elif param in ON:
                state.add(ON[param])
            elif param in OFF:
                state -= OFF[param]
        position = match.end()
    chars += text[position:]
    styles += [frozenset(state)] * len(text[position:])
    return "".join(chars), styles


def style_of(text: str, phrase: str) -> frozenset[str]:
    """The styles shared by every letter of `phrase` where the pane shows it (its words may
    be wrapped onto the next row: the pane is narrow enough to hide the sidebar)."""
    plain, styles = styled_text(text)
    found = re.search(r"\s+".join(map(re.escape, phrase.split())), plain)
    assert found is not None, f"{phrase!r} not in the pane:\n{plain}"
    letters = [styles[i] for i in range(found.start(), found.end()) if not plain[i].isspace()]
    return frozenset.intersection(*letters)


def launch(
    tmux: Tmux, name: str, tmp_path: Path, env: str, *args: str, size: tuple[int, int] = (100, 30)
) -> Pane:
    """readtui with `env` (shell assignments) and `args`, its config dir under tmp_path."""
    config = tmp_path / "config"
    command = f'{env} READTUI_CONFIG_DIR="{config}" "$0" {" ".join(args)}'
    return tmux.launch_command(name, tmp_path / "data", SEED, command, size, str(READTUI))


def test_no_color_leaves_no_colour_in_the_pane_and_quotes_keep_a_style(
    tmux: Tmux, tmp_path: Path
) -> None:
    pane = launch(tmux, "no-color", tmp_path, "NO_COLOR=1", '"$1"', size=(46, 30))
    pane.wait("the headline", lambda screen: HEADLINE in screen.text())
    pane.keys("]")
    pane.wait("the first quote in view", lambda screen: FOCUSED in " ".join(screen.text().split()))

    def focused_in_reverse() -> str:
        text = capture_escapes(pane)
        return text if "reverse" in style_of(text, FOCUSED) else ""

    text = wait_for(
        focused_in_reverse,
        what="the focused quote drawn in reverse video",
        details=lambda: capture_escapes(pane),
    )
    assert colour_codes(text) == []
    assert style_of(text, OTHER_QUOTE) >= {"underline"}
    assert not style_of(text, NARRATIVE) & {"underline", "reverse"}


def test_without_no_color_the_same_capture_shows_colour(tmux: Tmux, tmp_path: Path) -> None:
    """The check above can see colour: the same pane in colour is full of it."""
    pane = launch(tmux, "in-colour", tmp_path, "", '"$1"')
    pane.wait("the headline", lambda screen: HEADLINE in screen.text())
    assert colour_codes(capture_escapes(pane))


def test_config_library_and_width_apply_and_a_bad_line_is_named(tmux: Tmux, tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    shutil.copyfile(SEED, library / SEED.name)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(
        f'library = ["{library}"]\nwidth = 50\ntheme = 3\n', encoding="utf-8"
    )
    pane = launch(tmux, "configured", tmp_path, "")
    screen = pane.wait(
        "the configured library's article", lambda s: s if HEADLINE in s.text() else None
    )
    pane.wait("the bad line named", lambda s: "line 3: theme must be" in s.prose())
    # the text of each row above any toast, without the scrollbar's thumb far to its right
    rows = [re.split(r"\s{3,}", row.strip())[0] for row in screen.body()[:12] if row.strip()]
    assert rows and max(len(row) for row in rows) <= 50, "\n".join(rows)
    assert max(len(row) for row in rows) > 40


def test_command_line_paths_win_over_the_config_library(tmux: Tmux, tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(
        f'library = ["{tmp_path / "missing"}"]\n', encoding="utf-8"
    )
    pane = launch(tmux, "cli-wins", tmp_path, "", '"$1"')
    screen = pane.wait(
        "the article named on the command line", lambda s: s if HEADLINE in s.text() else None
    )
    assert "library folder not found" not in screen.text()
