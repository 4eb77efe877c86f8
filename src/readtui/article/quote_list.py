"""The quotes panel's list: each quote of an article as one entry, with who said it.

Pure (no UI): the panel draws these entries and tests check them. The entries hold only what is
shown (a long quote is cut), never the copied text, which is always made from the `Quote` itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from readtui.article.model import Article, Quote
from readtui.article.sanitize import sanitize_line

SHOWN_CHARS = 1_000
"""A list entry shows at most this much of a quote: enough for the few lines the panel draws,
and a quote that runs over pages costs no more than a sentence."""
UNATTRIBUTED = "unattributed"
SCARE_QUOTE = "scare quote"
"""What the speaker line says of a word held at arm's length: nobody's speech, so not
"unattributed" either."""
ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class QuoteEntry:
    """One quote as the panel lists it: `index` in `article.quotes`, `block` where it opens."""

    index: int
    text: str
    """The quote on one line, in curly marks, sanitised and cut to SHOWN_CHARS."""
    speaker: str
    """`Name, role` (sanitised), or "" when the parser found nobody."""
    block: int
    kind: str = ""

    @property
    def credit(self) -> str:
        """The speaker line: the speaker, else why there is none."""
        if self.speaker:
            return self.speaker
        return SCARE_QUOTE if self.kind == "scare" else UNATTRIBUTED


def shown_text(text: str, limit: int = SHOWN_CHARS) -> str:
    """The quote's words on one line in curly marks; a trailing comma (the attribution follows
    it in the source) is dropped, as when it is copied."""
    head = text[: limit * 2] if len(text) > limit * 2 else text
    words = " ".join(head.split()).rstrip(",").rstrip()
    if len(words) > limit or len(head) < len(text):
        words = words[: limit - 1].rstrip() + ELLIPSIS
    return "\u201c" + _safe(words) + "\u201d"


def _safe(text: str) -> str:
    """`sanitize_line`, skipped for text with nothing it would change (most quotes): a check
    in C instead of three passes in Python, when thousands of quotes are listed at once."""
    return text if text.isprintable() else sanitize_line(text)


def speaker_of(quote: Quote) -> str:
    """`Name, role`; either part left out when the parser did not find it."""
    return _safe(", ".join(part for part in (quote.speaker, quote.role) if part))


def quote_entries(article: Article) -> list[QuoteEntry]:
    """Every quote of the article, in the article's order (one pass: 5,000 quotes take about
    10 ms). A speaker quoted again is made once."""
    speakers: dict[tuple[str, str], str] = {}
    entries = []
    for index, quote in enumerate(article.quotes):
        who = (quote.speaker, quote.role)
        speaker = speakers.get(who)
        if speaker is None:
            speaker = speakers[who] = speaker_of(quote)
        entries.append(QuoteEntry(index, shown_text(quote.text), speaker, quote.block, quote.kind))
    return entries


def count_label(count: int) -> str:
    """The panel's title: "1 quote", "1,204 quotes", "No quotes"."""
    if count == 0:
        return "No quotes"
    return f"{count:,} quote" + ("" if count == 1 else "s")


def find_quote(article: Article, quote: Quote) -> int | None:
    """The index of `quote` in `article` found by where it is, not by identity: the article
    shown may have been replaced meanwhile by a whole text whose first quotes are the same."""
    place = (quote.block, quote.start, quote.end_block, quote.end)
    for index, other in enumerate(article.quotes):
        if (other.block, other.start, other.end_block, other.end) == place:
            return index
    return None
