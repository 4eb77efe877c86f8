"""Sources in a real terminal (tmux): an article piped into `readtui -` while the keys still come
from the terminal, and `e` handing the terminal to an editor and taking it back.

What only a real terminal shows: Textual reads keys from file descriptor 0, which `readtui -`
has to take back from the pipe; and a suspend leaves the alternate screen for the editor and
returns to it (tmux's `#{alternate_on}` flag says which screen the pane shows).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from tmux_kit import EXIT_MARK, READTUI, TMUX, Pane, Screen, Tmux, wait_for

pytestmark = [
    pytest.mark.skipif(READTUI is None, reason="the `readtui` command is not installed on PATH"),
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)"),
]

SIZE = (100, 30)
PIPED = (
    "A story from the pipe\n\n"
    "The first paragraph came in on stdin, with \x1b[31mescape\x1b[0m bytes in it.\n\n"
    + "\n\n".join(f"Paragraph {n} of the piped story goes on." for n in range(2, 40))
    + "\n"
)
EDITOR_SCRIPT = """\
printf 'EDITING %s\\n' "$(basename "$1")"
read answer
printf '\\n\\nThe editor added this paragraph (%s).\\n' "$answer" >> "$1"
"""


def session_name(request: pytest.FixtureRequest) -> str:
    return "".join(c if c.isalnum() else "-" for c in request.node.name)[:60]


def alternate_screen(pane: Pane) -> str:
    """1 while the app draws (alternate screen), 0 when the terminal's main screen shows."""
    shown = pane.tmux.run("display-message", "-p", "-t", pane.target, "#{alternate_on}")
    return shown.stdout.strip()


def showing(text: str) -> Callable[[Screen], Screen | None]:
    return lambda screen: screen if text in screen.text() else None


def test_a_piped_article_is_shown_and_keys_come_from_the_terminal(
    tmux: Tmux, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    article = tmp_path / "piped.txt"
    article.write_text(PIPED, encoding="utf-8")
    name = session_name(request)
    pane = tmux.launch_command(name, tmp_path / "data", article, 'cat "$1" | readtui -', SIZE)
    first = pane.wait("the piped headline", showing("A story from the pipe"))
    assert "^[[31mescape^[[0m" in first.text()  # shown, not obeyed
    assert "Paragraph 2 of" in first.text()
    pane.keys("j", "j", "j", "j", "j", "j")
    pane.wait(
        "j to scroll the article",
        lambda screen: screen if "A story from the pipe" not in screen.text() else None,
    )
    pane.keys("q")
    done = pane.wait_exit()
    assert f"{EXIT_MARK} 0" in done.text(), done.text()


@pytest.mark.parametrize(
    ("stdin", "message"),
    [(b"", "Nothing came in on stdin"), (b" \n\n", "Only blank space came in on stdin")],
    ids=["empty", "blank"],
)
def test_an_empty_pipe_exits_1_with_a_message(stdin: bytes, message: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(READTUI), "-"],
        input=stdin,
        capture_output=True,
        timeout=60,
        env={**os.environ, "READTUI_DATA_DIR": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 1
    assert message in result.stderr.decode()
    assert "cat article.txt | readtui -" in result.stderr.decode()


def test_a_pipe_without_a_terminal_exits_1_with_a_message(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(READTUI), "-"],
        input=PIPED.encode(),
        capture_output=True,
        timeout=60,
        env={**os.environ, "READTUI_DATA_DIR": str(tmp_path)},
        start_new_session=True,  # no controlling terminal: /dev/tty cannot be opened
        check=False,
    )
    assert result.returncode == 1
    assert "No terminal to read keys from" in result.stderr.decode()


def test_e_suspends_for_the_editor_and_reloads_the_edited_article(
    tmux: Tmux, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    article = library / "story.txt"
    article.write_text(PIPED.replace("from the pipe", "on disk"), encoding="utf-8")
    editor = tmp_path / "editor.sh"
    editor.write_text(EDITOR_SCRIPT, encoding="utf-8")
    command = f'EDITOR={shlex.quote(f"sh {editor}")} readtui "$1"'
    pane = tmux.launch_command(session_name(request), tmp_path / "data", article, command, SIZE)
    pane.wait("the headline", showing("A story on disk"))
    assert alternate_screen(pane) == "1"
    pane.keys("e")
    pane.wait("the editor to have the terminal", showing("EDITING story.txt"))
    assert alternate_screen(pane) == "0"  # the app left the screen to the editor
    pane.keys("yes", "Enter")  # the editor reads this line from the terminal
    pane.wait("the app back", showing("A story on disk"))
    wait_for(lambda: alternate_screen(pane) == "1", what="the app's screen back")
    pane.keys("G")
    back: Screen = pane.wait("the paragraph the editor added", showing("added this paragraph"))
    assert "(yes)" in back.text()
    pane.keys("q")
    done = pane.wait_exit()
    assert f"{EXIT_MARK} 0" in done.text(), done.text()
    assert article.read_text(encoding="utf-8").endswith("(yes).\n")
