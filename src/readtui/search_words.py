"""The library search's words: what the reader typed, as the index sees it.

Typed text is cut into words (runs of letters and digits, as the index's tokenizer cuts text),
so quotes, stars, brackets and `AND` are only text: the store builds its FTS5 query from these
words and never from what was typed. Matching folds case and accents as the index does
(`unicode61 remove_diacritics 2`), so the snippet marks, and the article opens at, the words
the index found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import islice

from readtui.article.model import Article
from readtui.article.search import Matches, fields
from readtui.store import Position

MAX_WORDS = 12
MAX_WORD = 60
PREFIX_FROM = 3
"""A last word shorter than this is matched whole while typing: a one- or two-letter prefix
matches most of the index (and the index keeps prefix lists from three letters)."""
SNIPPET_CHARS = 160
LEAD_CHARS = 24
"""A snippet starts about this far before its first match, so the match has some context."""
_WORD = re.compile(r"[^\W_]+")
_WORD_START = r"(?<![^\W_])"
_WORD_END = r"(?![^\W_])"
_MARKS = "[\u0300-\u036f]*"
"""Combining accents a decomposed text (e\u0301) carries after a letter."""
_WORD_REST = "(?:[^\\W_]|[\u0300-\u036f])*"
"""The rest of a word begun by a prefix: the whole word is marked, not the letters typed."""


def fold(text: str) -> str:
    """Case and accents dropped as the index drops them: `Zo\u00eb` is `zoe`, `\u0141ucja`
    stays `\u0142ucja` (\u0142 is a letter of its own, not an l with a mark)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@cache
def _variants() -> dict[str, str]:
    """Each base letter and the accented letters that fold to it (\u00e9 and \u00c9 for e):
    made once, from the Latin, Greek and Cyrillic blocks where the index folds accents."""
    found: dict[str, list[str]] = {}
    for code in range(0x80, 0x2000):
        char = chr(code)
        base = fold(char)
        if len(base) == 1 and base != char.lower():
            found.setdefault(base, []).append(char)
    return {base: "".join(chars) for base, chars in found.items()}


def _char_pattern(char: str) -> str:
    variants = _variants().get(char, "")
    if not variants:
        return re.escape(char)
    return "[" + "".join(re.escape(c) for c in char + char.upper() + variants) + "]"


@dataclass(frozen=True)
class Words:
    """The words of a query; the last is a `prefix` while it is being typed."""

    words: tuple[str, ...]
    prefix: bool = False

    @classmethod
    def of(cls, text: str) -> Words:
        """The words of typed text (at most MAX_WORDS, each cut to MAX_WORD letters, each
        once). The last, while it is being typed (no space or mark after it), is a prefix;
        shorter than PREFIX_FROM it is left out until it grows, unless it is the only word
        (then it is matched whole: "EU" finds EU)."""
        found = [m.group()[:MAX_WORD] for m in islice(_WORD.finditer(text), MAX_WORDS)]
        typing = bool(found) and _WORD.fullmatch(text[-1]) is not None
        if typing and len(found) > 1 and len(fold(found[-1])) < PREFIX_FROM:
            found.pop()
            typing = False
        words: list[str] = []
        for word in found:
            if fold(word) not in map(fold, words):
                words.append(word)
        last = fold(found[-1]) if found else ""
        prefix = typing and len(last) >= PREFIX_FROM and fold(words[-1]) == last
        return cls(tuple(words), prefix)

    def __bool__(self) -> bool:
        return bool(self.words)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Finds any of the words (group k is word k) starting a word of the text, folded
        as the index folds; whole words, but for the prefix."""
        parts = []
        for number, word in enumerate(self.words):
            body = _MARKS.join(_char_pattern(c) for c in fold(word)) + _MARKS
            typing = self.prefix and number == len(self.words) - 1
            parts.append("(" + body + (_WORD_REST if typing else _WORD_END) + ")")
        return re.compile(_WORD_START + "(?:" + "|".join(parts) + ")", re.IGNORECASE)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the words are in `text`, left to right."""
        return [found.span() for found in self.pattern.finditer(text)] if self.words else []

    def best_line(self, text: str) -> tuple[int, int] | None:
        """(start of the line, start of its first match) for the line of `text` holding most
        of the words (the earliest such line); None when no line holds any. One pass of the
        pattern over the whole text: only lines with a match cost anything."""
        best: tuple[int, int, int] | None = None  # (words, line start, first match)
        line, first, kinds = -1, -1, set[int]()
        for found in self.pattern.finditer(text):
            start = text.rfind("\n", 0, found.start()) + 1
            if start != line:
                if kinds and (best is None or len(kinds) > best[0]):
                    best = (len(kinds), line, first)
                if best is not None and best[0] == len(self.words):
                    break
                line, first, kinds = start, found.start(), set()
            kinds.add(found.lastindex or 0)
        if kinds and (best is None or len(kinds) > best[0]):
            best = (len(kinds), line, first)
        return None if best is None else (best[1], best[2])


@dataclass(frozen=True)
class Snippet:
    """One line of an article's text around its best match, and where the words are in it."""

    text: str
    spans: tuple[tuple[int, int], ...]


def snippet(body: str, words: Words, length: int = SNIPPET_CHARS) -> Snippet:
    """The snippet for a result: from the line (paragraph) holding most of the words, a
    little before its first match; the article's first line when no line holds any (the
    words were in the title)."""
    best = words.best_line(body)
    if best is None:
        first = next((line for line in body.split("\n", 3) if line.strip()), "")
        return Snippet(first[:length], ())
    line, found = best
    end = body.find("\n", found)
    text = body[line : len(body) if end < 0 else end]
    offset = found - line
    start = _word_start(text, max(0, offset - LEAD_CHARS), offset)
    cut = text[start : start + length]
    spans = tuple(span for span in words.spans(cut))
    if start:
        return Snippet("\u2026" + cut, tuple((a + 1, b + 1) for a, b in spans))
    return Snippet(cut, spans)


def _word_start(text: str, start: int, limit: int) -> int:
    """The start of the first whole word at or after `start` (not past `limit`)."""
    if start == 0:
        return 0
    space = text.find(" ", start - 1, limit)
    return limit if space < 0 else space + 1


def locate(article: Article, words: Words) -> Position | None:
    """Where to open an article found by `words`: the first match in its text (title aside)
    that holds most of the words, as the snippet chose it; None when only the title matched."""
    found = list(islice(fields(article), 1, None))
    text = "\n".join(field.text.replace("\n", " ") for field in found)
    best = words.best_line(text)
    if best is None:
        return None
    line, first = best
    field = found[text.count("\n", 0, line)]
    return Position(field.block, field.base + first - line)


def find_words(
    article: Article, words: Words, cancelled: Callable[[], bool] = lambda: False
) -> Matches | None:
    """Every place the words are in the article, as the library search found them (whole words
    folded as the index folds, the last a prefix while typed): the view marks them when an
    article is opened from the search. None once `cancelled()` (asked between blocks)."""
    found = Matches()
    if not words:
        return found
    for number, field in enumerate(fields(article)):
        if number % 256 == 0 and cancelled():
            return None
        spans = words.spans(field.text)
        if spans:
            found.add(field, spans)
    return found
