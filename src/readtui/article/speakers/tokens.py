"""A block as tokens: words and punctuation, each outermost quote masked as one token, short
brackets dropped; then split into sentences, where a quote's own ending may end one."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import compress

from readtui.article.model import Block, Quote
from readtui.article.speakers.words import _ABBREVIATIONS, _VERBS

_TOKEN = re.compile(r"\w++(?:['\u2019.\-]\w++)*+|[.!?;:,/()\u2013\u2014\u2026]|-(?<= -)(?= )")
"""A word (`U.S`, `don't`, `Jean-Paul`), a punctuation mark, or a dash between spaces. The
possessive quantifiers and the dash's lookbehind change no match: they spare the engine
backtracking, and let it skip to a possible first character."""
_ENDS = frozenset(".!?\u2026")


class _Mark(str):
    """A quote's place in a sentence; its words are masked, so nothing inside it is read."""

    quote: int


_MASK = "\u201c\u201d"
_SENTENCE_BREAKS = _ENDS | {_MASK}
"""Tokens that may end a sentence: an end mark, or a quote."""


def _mark(quote: int) -> _Mark:
    mark = _Mark(_MASK)
    mark.quote = quote
    return mark


def _is_word(token: str) -> bool:
    return token[:1].isalnum()


def _spans(
    blocks: tuple[Block, ...], quotes: Sequence[Quote]
) -> tuple[dict[int, list[tuple[int, int, int]]], set[int]]:
    """Each block's outermost quote spans (start, end, quote index), and the nested quotes."""
    spans: dict[int, list[tuple[int, int, int]]] = {}
    for index, quote in enumerate(quotes):
        for block, start, end in quote.spans(blocks):
            spans.setdefault(block, []).append((start, end, index))
    nested: set[int] = set()
    for block, found in spans.items():
        kept: list[tuple[int, int, int]] = []
        for span in sorted(found, key=lambda span: (span[0], -span[1])):
            if kept and span[0] < kept[-1][1]:
                nested.add(span[2])
            else:
                kept.append(span)
        spans[block] = kept
    return spans, nested


def _plain_tokens(
    text: str, start: int, end: int, words: dict[str, str] | None = None
) -> list[str]:
    """Words and punctuation; the dot of an abbreviation (U.S., Mr., J.) stays on its word.

    Only the dots are visited (`list.index` finds each), left to right, so a dot meets the
    word before it as already merged (`U.S.` then `.`). With `words`, each token is the one
    string kept there for it: a long article's tokens, all held at once, then cost a pointer
    each rather than a string each (a 5 MB text: about 60 MB less at the parse's peak).
    """
    tokens = _TOKEN.findall(text, start, end)
    dot = -1
    for _ in range(tokens.count(".")):
        dot = tokens.index(".", dot + 1)
        if dot and _abbreviated(tokens[dot - 1]):
            tokens[dot - 1] += "."
            del tokens[dot]
            dot -= 1
    return tokens if words is None else list(map(words.setdefault, tokens, tokens))


def _indices(items: list[str], item: str) -> Iterator[int]:
    """Every index of `item` in `items`, found by C-level search."""
    index = -1
    try:
        while True:
            index = items.index(item, index + 1)
            yield index
    except ValueError:
        return


def _abbreviated(word: str) -> bool:
    initial = len(word) == 1 and word.isupper()
    return initial or word in _ABBREVIATIONS or ("." in word and word[:1].isalpha())


def _tokenize(
    text: str, spans: list[tuple[int, int, int]], words: dict[str, str] | None = None
) -> list[str]:
    tokens: list[str] = []
    position = 0
    for start, end, index in spans:
        tokens += _plain_tokens(text, position, start, words)
        tokens.append(_mark(index))
        position = end
    tokens += _plain_tokens(text, position, len(text), words)
    return _without_asides(tokens) if "(" in tokens else tokens


def _without_asides(tokens: list[str]) -> list[str]:
    """Short brackets with no quote in them dropped: `Dr Alun Pritchard (pictured), said`."""
    kept: list[str] = []
    done = 0
    for i in _indices(tokens, "("):
        close = _closing_bracket(tokens, i) if i >= done else -1
        if close >= 0:
            kept += tokens[done:i]
            done = close + 1
    kept += tokens[done:]
    return kept


def _closing_bracket(tokens: list[str], i: int) -> int:
    for j in range(i + 1, min(i + 12, len(tokens))):
        if tokens[j] == ")":
            return j
        if isinstance(tokens[j], _Mark) or tokens[j] == "(":
            break
    return -1


def _verb_follows(tokens: list[str], i: int) -> bool:
    """`"Why?" Smith asked.`: the capital after the question mark does not start a sentence."""
    for token in tokens[i : i + 5]:
        if not _is_word(token):
            return False
        if token in _VERBS:
            return True
    return False


def _ends_sentence(tokens: list[str], i: int, quotes: Sequence[Quote]) -> bool:
    token, following = tokens[i], tokens[i + 1]
    if not (isinstance(following, _Mark) or following[:1].isupper() or following[:1].isdigit()):
        return False
    if not isinstance(token, _Mark):
        return True
    said = quotes[token.quote].text.rstrip(" )]'\"\u2019\u201d")
    if said.endswith("."):
        return True
    return said.endswith(("?", "!")) and not _verb_follows(tokens, i + 1)


def _sentences(tokens: list[str], quotes: Sequence[Quote]) -> Iterator[list[str]]:
    start = 0
    for i in compress(range(len(tokens) - 1), map(_SENTENCE_BREAKS.__contains__, tokens)):
        if _ends_sentence(tokens, i, quotes):
            yield tokens[start : i + 1]
            start = i + 1
    if start < len(tokens):
        yield tokens[start:]
