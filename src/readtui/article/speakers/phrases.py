"""Where a speaker's noun phrase lies around a reporting verb: words stepped over on the way
(adverbs, times, places), the phrase before or after, and the asides set off by commas."""

from __future__ import annotations

from readtui.article.speakers.names import _bare, _is_title
from readtui.article.speakers.tokens import _is_word
from readtui.article.speakers.words import (
    _ADVERBS,
    _AUX,
    _BE,
    _COMMON,
    _COMMON_ORGS,
    _DETS,
    _GROUPS,
    _LOCATIVES,
    _LY_NOUNS,
    _ORGS,
    _PERSONS,
    _PRONOUNS,
    _STOP,
    _TIME,
    _TIME_PREPS,
    _VERBS,
)


def _skip_back(sentence: list[str], i: int) -> tuple[int, bool, bool]:
    """Step left from a verb over adverbs, times and auxiliaries ("on Monday once again has").

    Returns the index reached, whether an auxiliary was passed, and whether it was passive.
    """
    k, aux, passive = i - 1, False, False
    while k >= 0 and _is_word(sentence[k]):
        low = sentence[k].lower()
        if low in _AUX:
            aux, passive = True, passive or low in _BE
        elif (place := _place_before(sentence, k)) > 0:
            k = place
        elif not _skippable(sentence, k, low):
            break
        k -= 1
    return k, aux, passive


def _place_before(sentence: list[str], k: int) -> int:
    """`The weather service in Anchorage said`: where `in Anchorage` starts, else -1."""
    j = k
    while j > k - 3 and j > 0 and sentence[j][:1].isupper():
        j -= 1
    if j < k and sentence[j] in _LOCATIVES and j > 0 and _is_head(sentence[j - 1]):
        return j
    return -1


def _is_head(word: str) -> bool:
    """A word that can end a speaker's noun phrase: a name, `officials`, `the ministry`."""
    low = _bare(word).lower()
    known = low in _ORGS or low in _GROUPS or low in _PERSONS
    return known or word[:1].isupper() or _is_title(word)


def _skippable(sentence: list[str], k: int, low: str) -> bool:
    if low in _ADVERBS or low.rstrip(".") in _TIME:
        return True
    if len(low) > 5 and low.endswith("ly") and sentence[k].islower() and low not in _LY_NOUNS:
        return True
    following = sentence[k + 1].lower().rstrip(".") if k + 1 < len(sentence) else ""
    if low in _TIME_PREPS and following in _TIME:
        return True
    return low.isdigit() and k > 0 and sentence[k - 1].lower().rstrip(".") in _TIME


def _words_before(sentence: list[str], end: int) -> tuple[int, list[str]]:
    """The words of the noun phrase that ends just before `end`, and where it starts."""
    words: list[str] = []
    k = end - 1
    while k >= 0 and _is_word(sentence[k]) and len(words) < 8:
        word = sentence[k]
        low = word.lower()
        if low in _DETS:
            words.append(word)
            k -= 1
            break
        if (low in _STOP and not _links(sentence, k)) or word in _VERBS:
            break
        words.append(word)
        k -= 1
    words.reverse()
    return k + 1, words


def _links(sentence: list[str], k: int) -> bool:
    """`Secretary of State`, `Bank of Canada`: an `of` inside a title or a name."""
    if sentence[k] not in ("of", "for") or k == 0 or k + 1 == len(sentence):
        return False
    before = sentence[k - 1]
    return _is_title(before) or (before[:1].isupper() and sentence[k + 1][:1].isupper())


def _words_after(sentence: list[str], start: int) -> tuple[int, list[str]]:
    """The words of the noun phrase that starts at `start`, and where it ends."""
    words: list[str] = []
    k = start
    while k < len(sentence) and _is_word(sentence[k]) and len(words) < 8:
        word = sentence[k]
        low = word.lower()
        linking = low in ("of", "for") and bool(words) and _is_title(words[-1])
        after_link = bool(words) and words[-1] in ("of", "for")
        if (low in _DETS and words and not after_link) or (low in _STOP and not linking):
            break
        if word in _VERBS:
            break
        if low.rstrip(".") in _TIME:
            break
        words.append(word)
        k += 1
    return k, words


def _appositive(sentence: list[str], comma: int) -> tuple[int, list[str]] | None:
    """`X, the title, said`: the comma that opens the aside ending at `comma`, and its words.

    A long aside that starts with a capital and neither describes (`a ...`, a title) nor
    names is no aside: it is more likely a clause of its own.
    """
    opening = comma - 1
    while opening >= 0 and sentence[opening] != ",":
        opening -= 1
    if opening < 1 or comma - opening > 25:
        return None
    aside = [token for token in sentence[opening + 1 : comma] if _is_word(token)]
    if comma - opening <= 5 or _describes(aside) or (aside and aside[0].islower()):
        return opening, aside
    return None


def _describes(aside: list[str]) -> bool:
    """An aside that says who someone is: `who ...`, `a virologist ...`, `the mayor`."""
    first = aside[0].lower() if aside else ""
    return first in ("who", "which", "whose") or first in _DETS or any(map(_is_title, aside))


def _next_comma(sentence: list[str], k: int) -> int:
    """`ambassador to the UN, Bob Rae`: past the title's complement to the comma, if near."""
    for j in range(k, min(k + 6, len(sentence))):
        if sentence[j] == ",":
            return j
        if not _is_word(sentence[j]):
            break
    return k


def _common_lowered(words: list[str]) -> list[str]:
    """`Local media` at a sentence's start is `local media`; `Ukrainian military` stays."""
    first = words[0].lower()
    if words[0][:1].isupper() and (first in _COMMON or first in _COMMON_ORGS or first in _GROUPS):
        return [first, *words[1:]]
    return words


def _may_follow_subject(token: str) -> bool:
    """A subject ends in a name, a pronoun, a noun like "police", an adverb or a comma."""
    low = token.lower()
    return (
        token[:1].isupper()
        or token == ","
        or low in _PRONOUNS
        or low in _ORGS
        or low in _GROUPS
        or low in _PERSONS
        or low in _ADVERBS
        or low in _AUX
        or low in _TIME
        or _is_title(low)
    )
