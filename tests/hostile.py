"""A hostile article and file name, shared by the Pilot, pty and tmux tests of issue 4.

Every place outside text can reach the screen gets something: the title, a paragraph, a photo's
alt line, caption and credit, and quotes carry terminal escape sequences (OSC 0 pane title,
OSC 52 clipboard, OSC 8 hyperlink, CSI clear screen), an 8-bit C1 CSI, DEL, bidi overrides, and
Textual/Rich markup that would run actions or crash if it were ever parsed.
"""

from __future__ import annotations

from pathlib import Path

OSC_TITLE = "\x1b]0;PWNED\x07"
OSC_CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"
OSC_LINK = "\x1b]8;;http://evil\x1b\\"
OSC_LINK_END = "\x1b]8;;\x1b\\"
CLEAR_SCREEN = "\x1b[2J"
C1_CSI = "\x9b"
DEL = "\x7f"
RLO, PDF = "\u202e", "\u202c"

CLICK_QUIT = "[@click=app.quit]"
CLICK_SCREENSHOT = "[@click=app.screenshot('pwned.svg','.')]"
"""Were it parsed and clicked, this would write pwned.svg into the working directory."""
LINK = "[link=file:///etc/passwd]"
CLOSE_ALL = "[/]"
VARIABLE = "$var"

ESCAPES = (OSC_TITLE, OSC_CLIPBOARD, OSC_LINK, OSC_LINK_END, CLEAR_SCREEN)
"""The escape sequences planted in the article; none may reach the terminal as bytes."""

MARKUP = (CLICK_QUIT, CLICK_SCREENSHOT, LINK, CLOSE_ALL, VARIABLE)
"""Markup that must show literally wherever it appears."""

HOSTILE_NAME = f"{CLICK_QUIT} {RLO}evil\x1b[31m.txt"
"""A file name with markup, a right-to-left override and an escape sequence in it."""

TITLE = f"Breaking {CLICK_SCREENSHOT} news {OSC_TITLE} {CLOSE_ALL} {VARIABLE} {RLO}desserts{PDF}"

TITLE_SHOWN = f"Breaking {CLICK_SCREENSHOT} news ^[]0;PWNED^G {CLOSE_ALL} {VARIABLE}"
"""The start of the title as the reader must show it (caret notation, markup literal)."""

ARTICLE = f"""{TITLE}

A young man shot {LINK}a link[/link] at an office {CLEAR_SCREEN} in Siberia Monday, an unusually \
bold attack {OSC_LINK}click here{OSC_LINK_END} reflecting resistance {C1_CSI}31m and a DEL{DEL} \
here, while {VARIABLE} and {CLOSE_ALL} stay as they are.

A group of men stand in a holding pen {OSC_CLIPBOARD} outside of a building as guards look on.
Russian recruits gather at an entrance {CLICK_QUIT} of a military recruitment centre in Moscow \
Monday. A recruitment officer {RLO}evil{PDF} was shot. (Moscow News {OSC_TITLE}Agency/The \
Associated Press)

In the attack, resident Ruslan Zinin walked into the office saying "no one {OSC_CLIPBOARD} will \
{CLOSE_ALL} go to fight" and "we will all go home now," according to local media.

"Every night {CLICK_QUIT} there is shelling {OSC_TITLE}{LINK}," governor Pavlo Kirilenko said \
Monday.

Some more context {OSC_LINK}follows{OSC_LINK_END} here, so that the article is longer than one \
screen and has to be scrolled {CLEAR_SCREEN} through to reach its end in a small terminal.

Protests also flared up in Dagestan {C1_CSI}2J, one of the poorer regions. Local media reported \
that "several hundred" demonstrators {OSC_TITLE} took to the streets on Tuesday.

Demonstrations also continued in another republic, where videos on social media showed a local \
official {DEL}{DEL} attempting to address a crowd of women {CLICK_QUIT}.

Concerns are growing that the conflict may escalate once the referendums {LINK} are over, \
officials {VARIABLE} said.

The voting began last week and ends Tuesday, under conditions that are anything but free.
"""

FIRST_QUOTE_SHOWN = "no one ^[]52;c;SGVsbG8=^G will [/] go to fight"
"""The first quote as shown and copied: caret notation, markup literal."""


def write_hostile(folder: Path) -> Path:
    """The hostile article under its hostile name in `folder` (created); returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / HOSTILE_NAME
    path.write_text(ARTICLE, encoding="utf-8")
    return path
