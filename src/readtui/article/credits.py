"""Photo credits: how each outlet signs a picture at the end of its caption.

A credit is recognised by where it is (the end of the line, after the caption's last sentence)
and by its shape (a slash between a name and an agency, an agency's own prefix), never by brackets
alone: body text has `(SO)`, `(41-31-8)` and `(Reuters)` in datelines too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SENTENCE_END = '.!?"\u201d\u2019)]'
"""What the caption's last sentence ends with, before an unbracketed credit."""
_SENTENCE_END = f"[{re.escape(SENTENCE_END)}]"
_NAME = r"[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|de|van|von|der|da|al|bin|la|le))*"
_AGENCY = r"[A-Z][\w&'\u2019.-]*(?:\s+(?:[A-Z][\w&'\u2019.-]*|via|for|of|the))*"

_SLASHED = re.compile(r"[^\W\d_][\w.'\u2019 -]*\s*/\s*[^\W\d_]")
_CREDIT_WORDS = re.compile(
    r"^(?:Submitted\s+by|Submitted|Photo\s+by|Photos?\s+courtesy|Courtesy(?:\s+of)?|Handout|"
    r"File\s+photo|Supplied|Provided\s+by|Photo|Photograph)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Form:
    """A credit layout, with a clue the line must show before its pattern is worth running.

    The patterns scan the whole line (a caption may run to any length), so a prose paragraph
    would pay for all of them; a clue is a plain `str` test that every match of the pattern
    passes, so skipping the pattern when it fails changes no result.
    """

    pattern: re.Pattern[str]
    endings: tuple[str, ...] = ()
    """The line ends with one of these (a `$` also matches before a final newline)."""
    words: tuple[str, ...] = ()
    """The line holds one of these."""

    def may_match(self, line: str) -> bool:
        if self.endings and not line.endswith(self.endings):
            return False
        return not self.words or any(word in line for word in self.words)


def _ending(*texts: str) -> tuple[str, ...]:
    """Each ending, alone or before a final newline: where a pattern's `$` matches."""
    return (*texts, *(text + "\n" for text in texts))


_FORMS = (
    # CBC, AP and most others: `Caption. (Name/Agency)`, `(AP Photo/Name)`, `(Submitted by Name)`.
    _Form(
        re.compile(r"^(?P<caption>.*?)\s*\((?P<credit>[^()]{2,120})\)$"),
        endings=_ending(")"),
    ),
    # A credit in square brackets: `Caption. [Name/Agency]`.
    _Form(
        re.compile(r"^(?P<caption>.*?)\s*\[(?P<credit>[^\[\]]{2,120})\]$"),
        endings=_ending("]"),
    ),
    # Guardian `Photograph: Name/Agency`, and its cousins.
    _Form(
        re.compile(
            rf"^(?P<caption>(?:.*{_SENTENCE_END})?)\s*(?:Photograph|Photo|Illustration|Composite)s?"
            r"\s*:\s*(?P<credit>[^:]{2,120})$"
        ),
        words=("Photo", "Illustration", "Composite"),
    ),
    # NYT `Credit...Name/The New York Times`, on the caption's line or its own.
    _Form(
        re.compile(
            rf"^(?P<caption>(?:.*{_SENTENCE_END})?)\s*Credit(?:\.{{2,3}}|…|:)\s*"
            r"(?P<credit>.{2,120})$"
        ),
        words=("Credit",),
    ),
    # Reuters `Caption. REUTERS/Name`.
    _Form(
        re.compile(
            rf"^(?P<caption>(?:.*{_SENTENCE_END})?)\s*(?P<credit>REUTERS\s*/\s*[^/]{{2,80}}.*)$"
        ),
        words=("REUTERS",),
    ),
    # `Caption. Name—Getty Images`, `Name/AFP via Getty Images`.
    _Form(
        re.compile(
            rf"^(?P<caption>(?:.*{_SENTENCE_END})?)\s*(?P<credit>{_NAME}\s*[\u2014\u2013/-]\s*"
            rf"(?:[\w ]+\s+via\s+)?Getty\s+Images)$"
        ),
        endings=_ending("Images"),
    ),
    # Reuters and others, unbracketed: `Caption. Name/Reuters`.
    _Form(
        re.compile(rf"^(?P<caption>(?:.*{_SENTENCE_END})?)\s*(?P<credit>{_NAME}\s*/\s*{_AGENCY})$"),
        words=("/",),
    ),
)
"""Each form captures the caption (maybe empty: a credit on its own line) and the credit."""

_CLUE_ENDINGS = tuple(ending for form in _FORMS for ending in form.endings)
_CLUE_WORDS = tuple(word for form in _FORMS for word in form.words)

_CHECKED = (0, 1)
"""Forms whose brackets alone prove nothing: the credit inside needs a slash or credit words."""


@dataclass(frozen=True)
class Credit:
    caption: str
    credit: str


def find_credit(line: str) -> Credit | None:
    """The caption and credit of a line that ends in a photo credit, else None."""
    if len(line) > 1000 or not may_hold_credit(line):
        return None
    for index, form in enumerate(_FORMS):
        match = form.pattern.match(line) if form.may_match(line) else None
        if match is None:
            continue
        credit = match["credit"].strip()
        if index in _CHECKED and not (_SLASHED.search(credit) or _CREDIT_WORDS.match(credit)):
            continue
        if index == len(_FORMS) - 1 and not _plausible_unbracketed(match["caption"], credit):
            continue
        if index in _CHECKED:
            return Credit(match["caption"].strip(), credit)
        return _with_abbreviations(match["caption"].strip(), credit)
    return None


def may_hold_credit(line: str) -> bool:
    """Whether any form's clue is in the line: most lines are prose and show none, and
    `find_credit` is None for them without running a pattern."""
    if line.endswith(_CLUE_ENDINGS):
        return True
    for word in _CLUE_WORDS:  # noqa: SIM110 - twice as fast as any() over a generator
        if word in line:
            return True
    return False


_ABBREVIATION = re.compile(
    r"(?:^|\s)(?P<word>(?:Sgt|Cpl|Pte|Pvt|Lt|Capt|Col|Gen|Maj|Cmdr|Dr|Prof|Rev|Mr|Mrs|Ms|St|"
    r"[A-Z]|[A-Z]\.[A-Z])\.)$"
)
"""`Sgt.`, `Dr.`, `J.` or `J.D.`: a title or initial that ends the caption only because the
caption was read up to the last full stop."""


def _with_abbreviations(caption: str, credit: str) -> Credit:
    """Move a title or initial that belongs to the credit's name back from the caption."""
    while (match := _ABBREVIATION.search(caption)) is not None and credit[:1].isupper():
        caption, credit = caption[: match.start("word")].rstrip(), f"{match['word']} {credit}"
    return Credit(caption, credit)


def _plausible_unbracketed(caption: str, credit: str) -> bool:
    """`Name/Agency` with no brackets: the name is a few words and the caption (if any) ended a
    sentence, so "...played AC/DC" inside a sentence is not a credit."""
    name = credit.split("/")[0].split()
    return 1 <= len(name) <= 4 and (not caption or caption.rstrip()[-1] in SENTENCE_END)
