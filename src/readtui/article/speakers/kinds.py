"""What a quote is once read: full (a sentence or more), partial, or scare (a few words held at
arm's length, with no speaker), from what was found about it along the way."""

from __future__ import annotations

from dataclasses import dataclass, replace

from readtui.article.model import Quote
from readtui.article.speakers.events import _Event
from readtui.article.speakers.names import _Speaker
from readtui.article.speakers.tokens import _is_word
from readtui.article.speakers.words import _NAMING, _SCARE_MARKS, _SIGNS, _VERBS

SCARE_MAX_WORDS = 4


@dataclass
class _Found:
    speaker: _Speaker | None = None
    governed: bool = False
    continued: bool = False
    full: bool = False
    scare: bool = False


def _is_full(quote: Quote, sentence: list[str], p: int) -> bool:
    """A sentence or more: a capital where a sentence may start (its own start, after `:`, `,`,
    a bracket, a reporting verb or a sign's `read`), or speech that runs over paragraphs."""
    if quote.end_block > quote.block:
        return True
    first = next((char for char in quote.text if char.isalnum()), "")
    if not (first.isupper() or first.isdigit()):
        return False
    before = sentence[p - 1] if p else ":"
    return before in (":", ",", "(") or before in _VERBS or before in _SIGNS


def _marked_scare(sentence: list[str], p: int) -> bool:
    """`the so-called "..."`: a term held at arm's length."""
    words = [token.lower() for token in sentence[max(0, p - 2) : p] if _is_word(token)]
    return bool(words) and (words[-1] in _SCARE_MARKS or words[-2:] == ["so", "called"])


def _finished(quote: Quote, found: _Found, nested: bool) -> Quote:
    short = len(quote.text.split()) <= SCARE_MAX_WORDS
    unclaimed = not (found.governed or found.continued or found.full)
    if found.scare or (short and (nested or unclaimed)):
        return replace(quote, speaker="", role="", kind="scare")
    kind = "full" if found.full else "partial"
    speaker = found.speaker if found.speaker is not None and not nested else _Speaker("")
    return replace(quote, speaker=speaker.name, role=speaker.role, kind=kind)


def _named_as(sentence: list[str], event: _Event) -> bool:
    """`what Moscow calls a "special military operation"`: a label, not speech."""
    named = sentence[event.at] in _NAMING
    return named and event.start > 0 and sentence[event.start - 1].lower() == "what"
