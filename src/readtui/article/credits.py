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

_FORMS = (
    # CBC, AP and most others: `Caption. (Name/Agency)`, `(AP Photo/Name)`, `(Submitted by Name)`.
    re.compile(r"^(?P<caption>.*?)\s*\((?P<credit>[^()]{2,120})\)$"),
    # A credit in square brackets: `Caption. [Name/Agency]`.
    re.compile(r"^(?P<caption>.*?)\s*\[(?P<credit>[^\[\]]{2,120})\]$"),
    # Guardian `Photograph: Name/Agency`, and its cousins.
    re.compile(
        rf"^(?P<caption>(?:.*{_SENTENCE_END})?)\s*(?:Photograph|Photo|Illustration|Composite)s?"
        r"\s*:\s*(?P<credit>[^:]{2,120})$"
    ),
    # NYT `Credit...Name/The New York Times`, on the caption's line or its own.
    re.compile(
        rf"^(?P<caption>(?:.*{_SENTENCE_END})?)\s*Credit(?:\.{{2,3}}|…|:)\s*(?P<credit>.{{2,120}})$"
    ),
    # Reuters `Caption. REUTERS/Name`.
    re.compile(
        rf"^(?P<caption>(?:.*{_SENTENCE_END})?)\s*(?P<credit>REUTERS\s*/\s*[^/]{{2,80}}.*)$"
    ),
    # `Caption. Name—Getty Images`, `Name/AFP via Getty Images`.
    re.compile(
        rf"^(?P<caption>(?:.*{_SENTENCE_END})?)\s*(?P<credit>{_NAME}\s*[\u2014\u2013/-]\s*"
        rf"(?:[\w ]+\s+via\s+)?Getty\s+Images)$"
    ),
    # Reuters and others, unbracketed: `Caption. Name/Reuters`.
    re.compile(rf"^(?P<caption>(?:.*{_SENTENCE_END})?)\s*(?P<credit>{_NAME}\s*/\s*{_AGENCY})$"),
)
"""Each form captures the caption (maybe empty: a credit on its own line) and the credit."""

_CHECKED = (0, 1)
"""Forms whose brackets alone prove nothing: the credit inside needs a slash or credit words."""


@dataclass(frozen=True)
class Credit:
    caption: str
    credit: str


def find_credit(line: str) -> Credit | None:
    """The caption and credit of a line that ends in a photo credit, else None."""
    if len(line) > 1000:
        return None
    for index, form in enumerate(_FORMS):
        match = form.match(line)
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
