"""How plausible a decoded text looks, by its letters and symbols: the score that tells a right
code page from a wrong one when every 8-bit reading decodes without error."""

from __future__ import annotations

import re
import unicodedata
from itertools import groupby, islice

SCORED_TOKENS = 500
"""Words (or lone symbols) with non-ASCII characters scored per reading: plenty for the
statistics, and it keeps a megabyte-long file as quick to guess as a short one."""
_NON_ASCII_TOKEN = re.compile(r"(?<![^\W\d_])[^\W\d_]*(?=[^\x00-\x7f])[^\W\d_]+|[^\x00-\x7f]")
"""A whole word with a non-ASCII letter in it, or one non-ASCII character that is not."""
_LATIN_WORD = re.compile("[\x00-\u024f\u1e00-\u1eff]+")
_CYRILLIC_WORD = re.compile("[\u0400-\u052f]+")
_LATIN_OR_CYRILLIC = re.compile("[\x00-\u024f\u1e00-\u1eff\u0400-\u052f]")
_COMMON_RUSSIAN = frozenset("оеаинтсрвл")
"""The ten commonest letters, about two thirds of Russian text; the next ten count half."""
_USUAL_RUSSIAN = frozenset("кмдпуяыьгз")
_RARE_CYRILLIC = 0.1
_RUSSIAN_ODDITY = re.compile(
    "^[ьъы]|[аеёиоуыэюяьъй][ьъ]|[бвгджзклмнпрстфхцчшщ]й|[аеёиоуыэюя]{3}|[бвгджзклмнпрстфхцчшщьъ]{5}"
)
"""Sound patterns Russian lacks (ь after a vowel, й after a consonant, five consonants in a
row...), which a wrong Cyrillic code page produces all the time."""
_OTHER_SCRIPT = 0.5
"""A letter of a script we keep no statistics for: some evidence, not much."""
_WEDGED = -1.0
_TEXT_SYMBOLS = frozenset(
    "\u00a0\u00ad"  # no-break space, soft hyphen
    "\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb\u2039\u203a"  # quotation marks
    "\u2013\u2014\u2026\u2022\u00b7\u2020\u2021"  # dashes, ellipsis, bullets, daggers
    "\u20ac\u00a3\u00a5\u00a2\u00a9\u00ae\u2122\u00b0\u00a7\u00b6\u00a1\u00bf"
    "\u2030\u2116\u00d7\u00b1\u00bd\u00bc\u00be"  # currency, signs, fractions
)
"""Spaces, quotes, dashes, bullets, currency and marks that articles use all the time."""


def plausibility(text: str) -> float:
    """Mean score of the non-ASCII characters: near 1 for real text, below 0 for a wrong
    reading (mixed-up cases or scripts, control characters, box drawing)."""
    total, count = 0.0, 0
    for match in islice(_NON_ASCII_TOKEN.finditer(text), SCORED_TOKENS):
        token = match.group()
        if len(token) == 1 and not token.isalpha() and _wedged(text, match.start()):
            total += _WEDGED
        else:
            total += _token_score(token)
        count += len(token) - len(token.encode("ascii", errors="ignore"))
    return total / count if count else 0.0


def _wedged(text: str, index: int) -> bool:
    """A sign with non-ASCII characters right on both sides, no space between: what a wrong
    single-byte reading of a double-byte file looks like, and rare in real text."""
    if index == 0 or index + 1 >= len(text):
        return False
    before, after = text[index - 1], text[index + 1]
    return not (before.isascii() or after.isascii() or before.isspace() or after.isspace())


def _token_score(token: str) -> float:
    """A word, a symbol, or letters glued to a numeric sign ("m²"), scored piece by piece."""
    if token.isalpha():
        return _word_score(token)
    total = 0.0
    for is_word, run in groupby(token, str.isalpha):
        chars = "".join(run)
        if is_word:
            total += _word_score(chars)
        else:
            total += sum(_symbol_score(char) for char in chars if not char.isascii())
    return total


def _word_score(word: str) -> float:
    """Sum over the word's non-ASCII letters: nothing good unless the word is of one script with
    ordinary capitals; then Russian by its letters, Latin by having some ASCII letters too."""
    foreign = len(word) - len(word.encode("ascii", errors="ignore"))
    script = _script(word)
    if script is None or not _well_cased(word):
        return -float(foreign)
    if script == "cyrillic":
        return _cyrillic_score(word.lower())
    if script == "latin":
        accents_only = foreign == len(word) and len(word) > 2
        return -float(foreign) if accents_only else float(foreign)
    return _OTHER_SCRIPT * foreign


def _cyrillic_score(word: str) -> float:
    """Common letters count fully, rarer ones less, and every oddity costs a point. Capitals are
    left alone: a wrong code page swaps cases, which `_well_cased` already catches in "Привет",
    and an all-capitals headline must still win on its letters."""
    letters = sum(
        1.0 if char in _COMMON_RUSSIAN else 0.5 if char in _USUAL_RUSSIAN else _RARE_CYRILLIC
        for char in word
    )
    return letters - len(_RUSSIAN_ODDITY.findall(word))


def _script(word: str) -> str | None:
    """The one script a word is written in; None when it mixes Latin and Cyrillic with
    anything, as "cafй" (cp1251's reading of "café") does."""
    if _CYRILLIC_WORD.fullmatch(word):
        return "cyrillic"
    if _LATIN_WORD.fullmatch(word):
        return "latin"
    return None if _LATIN_OR_CYRILLIC.search(word) else "other"


def _well_cased(word: str) -> bool:
    """lower, Title or UPPER; "рТЙЧЕФ" is how KOI8-R's "Привет" looks when read as cp1251."""
    uncased = word.lower() == word.upper()
    return uncased or word.islower() or word.istitle() or word.isupper()


def _symbol_score(char: str) -> float:
    """Typography is normal in articles; C1 controls (latin-1's reading of cp1252 quotes) are
    not, and neither are box drawing and shapes (KOI8-R's reading of cp1251 punctuation)."""
    if char in _TEXT_SYMBOLS:
        return 1.0
    category = unicodedata.category(char)
    if category.startswith("C"):
        return -2.0
    if category == "So":
        return -1.0
    return 0.0 if category[0] in "SN" else 0.5
