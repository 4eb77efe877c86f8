"""Who said each quote: speaker, role and kind, by rules over each sentence (offline, ~1 ms).

Each block is read once as tokens (a quote masked as one token, short brackets dropped) and
split into sentences. A first look over all of them collects full names with their titles, so a
later `Putin said` is Vladimir Putin. Then, sentence by sentence, every reporting verb ("said",
"told", "called ... as", "according to") gets a subject, read leftwards past adverbs and times
(`X on Monday once again decried`), asides (`X, 67, who ..., said`, `the mayor of Y, Jane Doe,
said`) and inversion (`"...," said X`). A subject is a person (a title before the name or in an
aside becomes the role), an organisation, a description that points back to one named before
(`the district`, `the president`, a spokesperson for the last organisation), or a pronoun:
he/she for the last person, it for the last organisation, they for anyone. Each quote then takes
the verb that governs it: one right after it, else the main clause's verb before it (a verb
after "that" is relayed speech and does not take over; one after "and"/"but" shares or replaces
the subject), else "according to", else a later verb. A quote that opens a paragraph with no verb
continues the previous speaker. When nothing applies, the speaker stays empty; a few words that
no verb claims, or a `so-called` term, are a scare quote with no speaker.

Conventions: a person is named as first cited in full ("Volodymyr Zelenskyy", even where the
sentence says "Zelenskyy" or "he"); the role is the description as written, without its article
("Donetsk regional governor", "U.S. national security adviser"); an organisation keeps a
lowercase "the" when the text has one ("the Kremlin", "the Ukrainian military"), and a common
word that opens it is lowercased ("local media", "police"); an anonymous source is no one ("").
"""

from __future__ import annotations

from collections.abc import Sequence

from readtui.article.model import Block, Quote
from readtui.article.speakers.reader import _Reader

__all__ = ["attribute"]


def attribute(blocks: Sequence[Block], quotes: Sequence[Quote]) -> tuple[Quote, ...]:
    """The quotes with `speaker`, `role` and `kind` filled in (empty speaker when unsure)."""
    return _Reader(blocks, quotes).run()
