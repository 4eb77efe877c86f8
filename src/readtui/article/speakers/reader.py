"""The pass over an article: names first, then sentence by sentence, each reporting verb's
event and each quote's speaker, continued across paragraphs, and finally each quote's kind."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, count

from readtui.article.model import Block, Quote
from readtui.article.speakers.events import _Event, _governing
from readtui.article.speakers.kinds import (
    SCARE_MAX_WORDS,
    _finished,
    _Found,
    _is_full,
    _marked_scare,
    _named_as,
)
from readtui.article.speakers.names import _NOBODY, _is_capitalised_name, _Speaker
from readtui.article.speakers.phrases import _skip_back, _words_before
from readtui.article.speakers.subjects import _Subjects
from readtui.article.speakers.tokens import _MASK, _Mark, _sentences, _spans, _tokenize
from readtui.article.speakers.words import (
    _ANONYMOUS,
    _COORDINATORS,
    _DASHES,
    _NOT_INVERTED,
    _TRAILING_ONLY,
    _VERBS,
)


class _Reader(_Subjects):
    """One pass over the article's sentences, after a first look for full names."""

    def __init__(self, blocks: Sequence[Block], quotes: Sequence[Quote]) -> None:
        self.blocks = tuple(blocks)
        self.quotes = quotes
        self.spans, self.nested = _spans(self.blocks, quotes)
        super().__init__()
        self.found = [_Found() for _ in quotes]
        self.ordinal = 0
        self.narrative = True
        self._anonymous: tuple[list[str], bool] | None = None

    # Events and quotes

    def verb(self, sentence: list[str], i: int, main: _Event | None) -> _Event | None:
        verb = sentence[i]
        before = i - 1 if i > 0 and sentence[i - 1] in _DASHES else i
        before -= 1
        if before >= 0 and isinstance(sentence[before], _Mark) and verb not in _NOT_INVERTED:
            speaker = self.subject_right(sentence, i + 1)
            if speaker is not None:
                return _Event(i, i, speaker, trails=before)
        start, speaker, how = self.subject_left(sentence, i)
        trails = start - 2 if start > 0 and sentence[start - 1] in _DASHES else start - 1
        trails = trails if trails >= 0 and isinstance(sentence[trails], _Mark) else -1
        if verb in _TRAILING_ONLY and trails < 0:
            return None
        if how == "open" or (verb.endswith("ing") and not _skip_back(sentence, i)[1]):
            speaker = main.speaker if main is not None else self.clause_subject(sentence, i)
        if speaker is not None and not speaker.named and speaker.sort != "org":
            speaker = _NOBODY if self.anonymous(sentence) else speaker
        joined = sentence[start - 1].lower() if start > 0 else ""
        return _Event(i, start, speaker, coordinated=joined in _COORDINATORS, trails=trails)

    def anonymous(self, sentence: list[str]) -> bool:
        """Whether the sentence keeps its source anonymous. Read once per sentence: joined and
        searched for each of its verbs, a long sentence of verbs would take quadratic time."""
        if self._anonymous is None or self._anonymous[0] is not sentence:
            self._anonymous = (sentence, _ANONYMOUS.search(" ".join(sentence)) is not None)
        return self._anonymous[1]

    def events(self, sentence: list[str]) -> list[_Event]:
        events: list[_Event] = []
        main: _Event | None = None
        for i in compress(count(), map(_EVENT_WORDS.__contains__, sentence)):
            token = sentence[i]
            if token == "according" and i + 1 < len(sentence) and sentence[i + 1] == "to":
                events.append(_Event(i, i, self.subject_right(sentence, i + 2), verb=False))
                continue
            event = self.verb(sentence, i, main) if token != "according" else None
            if event is None:
                continue
            events.append(event)
            if event.speaker and (main is None or event.coordinated or event.trails >= 0):
                main = event
                self.note(event.speaker)
        return events

    def note(self, speaker: _Speaker) -> None:
        if self.narrative and speaker.name:
            self.memory.note(speaker, self.ordinal)

    def sentence(self, sentence: list[str], block: int) -> None:
        events = self.events(sentence)
        for p in compress(count(), map(_MASK.__eq__, sentence)):
            self.quote(sentence, events, p, block)
        if not events and self.narrative:
            subject = self.clause_subject(sentence, len(sentence), tries=2)
            if subject is not None and subject.sort == "person":
                self.note(subject)

    def quote(self, sentence: list[str], events: list[_Event], p: int, block: int) -> None:
        """Attribute the quote at p, at its opening or, failing that, at its close."""
        mark = sentence[p]
        if not isinstance(mark, _Mark):
            return
        quote, found = self.quotes[mark.quote], self.found[mark.quote]
        opening = quote.block == block
        if opening:
            found.full = _is_full(quote, sentence, p)
            found.scare = _marked_scare(sentence, p)
        if found.speaker is not None and not found.continued:
            return
        event = _governing(events, p, len(quote.text.split()) <= SCARE_MAX_WORDS)
        if event is not None:
            found.governed, found.continued = True, False
            found.speaker = event.speaker
            found.scare = found.scare or _named_as(sentence, event)
        elif opening and p == 0 and found.speaker is None:
            found.speaker = self.memory.continued(self.ordinal)
            found.continued = found.speaker is not None
        if found.speaker is not None:
            self.note(found.speaker)

    def register_names(self, sentence: list[str]) -> None:
        """Full names met anywhere (`Russian President Vladimir Putin's efforts`), so that
        `Putin said` is Vladimir Putin, with his role."""
        names = list(compress(count(), map(_is_capitalised_name, sentence)))
        run = 0
        for n, k in enumerate(names):
            run += 1
            if n + 1 == len(names) or names[n + 1] != k + 1:
                if run >= 2:
                    self.phrase(_words_before(sentence, k + 1)[1])
                run = 0

    def read(self) -> list[tuple[int, list[list[str]]]]:
        """Each readable block's sentences, as tokens with the quotes masked (the same word
        always the same string: they are all held until the reading is done)."""
        words: dict[str, str] = {}
        return [
            (index, list(_sentences(_tokenize(block.text, spans, words), self.quotes)))
            for index, block in enumerate(self.blocks)
            if block.kind in _READ_KINDS
            for spans in (self.spans.get(index, []),)
        ]

    def run(self) -> tuple[Quote, ...]:
        blocks = self.read()
        for _, sentences in blocks:
            for sentence in sentences:
                self.register_names(sentence)
        read = dict(blocks)
        for index, block in enumerate(self.blocks):
            self.narrative = block.kind not in ("figure", "media")
            self.ordinal += self.narrative
            for sentence in read.get(index, []):
                self.sentence(sentence, index)
        return tuple(
            _finished(quote, found, index in self.nested)
            for index, (quote, found) in enumerate(zip(self.quotes, self.found, strict=True))
        )


_EVENT_WORDS = _VERBS | {"according"}
"""The words that may start an event: a reporting verb, or "according" (to)."""
_READ_KINDS = ("paragraph", "list", "figure", "media", "blockquote")
