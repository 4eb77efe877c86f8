"""The clipboard in a real terminal (tmux): a clipboard tool that cannot reach its X server and
prints junk (with escape sequences) never prints over the reader, before or after it exits."""

from __future__ import annotations

import shlex
import shutil
import stat
from pathlib import Path

import pytest
from tmux_kit import EXIT_MARK, READTUI, TMUX, Tmux, wait_for

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "articles" / "russian-recruiter-shot-cbc.txt"
HEADLINE = "Russian military recruiter shot"
DEAD_DISPLAY = ":987"  # no X server listens there
JUNK = ("XCLIP-STDOUT-JUNK", "XCLIP-STDERR-JUNK", "pwned")

pytestmark = [
    pytest.mark.skipif(READTUI is None, reason="the `readtui` command is not installed on PATH"),
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)"),
]

# What an xclip without its X server might print, plus escape sequences that would rename the
# pane (OSC 2) and fill a clipboard (OSC 52) if they reached the terminal.
NOISY_XCLIP = r"""#!/bin/sh
echo ran > "{root}/xclip-ran"
printf 'XCLIP-STDOUT-JUNK \033]2;pwned\007\n'
printf 'Error: Can'"'"'t open display: {display}\n' >&2
printf 'XCLIP-STDERR-JUNK \033]52;c;cHduZWQ=\007\n' >&2
exit 1
"""


def test_xclip_on_a_dead_display_never_prints_over_the_reader(tmux: Tmux, tmp_path: Path) -> None:
    fakes = tmp_path / "bin"
    fakes.mkdir()
    xclip = fakes / "xclip"
    xclip.write_text(NOISY_XCLIP.format(root=tmp_path, display=DEAD_DISPLAY), encoding="utf-8")
    xclip.chmod(xclip.stat().st_mode | stat.S_IXUSR)
    article = tmp_path / "library" / SEED.name
    article.parent.mkdir()
    shutil.copyfile(SEED, article)
    command = (
        f'DISPLAY={DEAD_DISPLAY} PATH={shlex.quote(str(fakes))}:"$PATH" '
        f'{shlex.quote(str(READTUI))} "$1"'
    )
    pane = tmux.launch_command("noisy-xclip", tmp_path / "data", article, command, (160, 30))
    title = tmux.run("display-message", "-p", "-t", pane.target, "#{pane_title}").stdout
    pane.wait("the headline", lambda s: any(HEADLINE in row for row in s.body()))
    pane.keys("]")
    pane.wait("the first quote", lambda s: "no one will go to fight" in s.prose())
    pane.keys("y")
    wait_for(lambda: (tmp_path / "xclip-ran").exists(), what="the fake xclip to run")
    shown = pane.wait("the copy's notification", lambda s: s if "Copied" in s.text() else None)
    for junk in JUNK:
        assert junk not in shown.text(), shown.text()
    pane.keys("q")
    after = pane.wait_exit()
    assert f"{EXIT_MARK} 0" in after.text(), after.text()
    for junk in JUNK:
        assert junk not in after.text(), after.text()
    assert tmux.run("display-message", "-p", "-t", pane.target, "#{pane_title}").stdout == title
