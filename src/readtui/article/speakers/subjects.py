"""From tokens to speakers: who a noun phrase names, and the subject of a reporting verb read
leftwards (past asides and adverbs) or rightwards (inversion, "according to")."""

from __future__ import annotations

from itertools import compress, islice

from readtui.article.speakers.names import (
    _NOBODY,
    _bare,
    _is_name,
    _is_title,
    _Memory,
    _name_start,
    _role,
    _Speaker,
)
from readtui.article.speakers.phrases import (
    _appositive,
    _common_lowered,
    _describes,
    _may_follow_subject,
    _next_comma,
    _skip_back,
    _words_after,
    _words_before,
)
from readtui.article.speakers.tokens import _is_word
from readtui.article.speakers.words import (
    _ADVERBS,
    _AUX,
    _BREAKS,
    _COMMON_ORGS,
    _DETS,
    _GROUPS,
    _HONORIFICS,
    _ORGS,
    _PERSONS,
    _PRONOUNS,
    _SOURCES,
    _SPOKESPEOPLE,
    _STOP,
)


class _Subjects:
    """Who a noun phrase or a reporting verb's subject names, told against what the article
    has said so far (`self.memory`)."""

    def __init__(self) -> None:
        self.memory = _Memory()

    # Noun phrases -> speakers

    def phrase(self, words: list[str]) -> _Speaker | None:
        """Who a noun phrase names: a titled or plain person, an organisation, or nobody."""
        the = bool(words) and words[0].lower() == "the"
        if words and words[0].lower() in _DETS:
            words = words[1:]
        if not words:
            return None
        cut = _name_start(words)
        name = [word for word in words[cut:] if word.lower().rstrip(".") not in _HONORIFICS]
        if not name:
            return self.generic(words, the)
        return self.named([word for word in words[:cut] if word[:1].isalpha()], name, the)

    def named(self, rest: list[str], name: list[str], the: bool) -> _Speaker | None:
        titled = any(_is_title(word) for word in rest)
        if titled and rest[-1].lower() in ("of", "for"):
            if len(name) == 1:
                return self.generic([*rest, *name], the)
            shift = max(1, len(name) - 2)
            rest, name = rest + name[:shift], name[shift:]
        head = _bare(rest[-1]).lower() if rest else ""
        if titled or head in _PERSONS:
            return self.memory.person(name, " ".join(rest))
        low = [_bare(word).lower() for word in name]
        if len(name) == 1 and (low[0] in _GROUPS or low[0] in _COMMON_ORGS):
            return self.generic(name, the)
        organised = any(word in _ORGS for word in low) or (len(name[0]) > 1 and name[0].isupper())
        if (the and not rest) or organised or head in _ORGS:
            text = ("the " if the else "") + " ".join(name)
            role = " ".join(rest) if head in _ORGS else ""
            sort = "org" if organised or role else "thing"
            return self.memory.organisation(_Speaker(text, role, sort))
        return self.memory.person(name, "")

    def generic(self, words: list[str], the: bool) -> _Speaker | None:
        """A phrase with no name: `the Ukrainian military`, `local media`, `the minister`, or
        one that points back to a name (`the district`, `the president`, `a spokesperson`)."""
        titles = [word for word in words if _is_title(word)]
        head = _bare((titles or words)[-1]).lower().rstrip(".")
        shown = _common_lowered(words[-4:] if the else words[-3:])
        text = ("the " if the else "") + " ".join(shown)
        if titles:
            if len(words) == 1 and head in _SPOKESPEOPLE and "org" in self.memory.last:
                return self.memory.last["org"]
            return self.memory.same_title(words, head) or _Speaker(text, named=False)
        if head in _SOURCES:
            return _NOBODY
        known = self.memory.same_org(words)
        if known is not None:
            return known
        if head in _ORGS:
            return self.memory.organisation(_Speaker(text, sort="org", named=False))
        if head in _GROUPS:
            return _Speaker(text, sort="group", named=False)
        return _Speaker(text, named=False) if head in _PERSONS else None

    # Subjects of reporting verbs

    def subject_left(self, sentence: list[str], i: int) -> tuple[int, _Speaker | None, str]:
        """The subject before the verb at i: (its first token, speaker, how).

        `how` is `np` (a subject was read, maybe unresolved), `passive` or `open` (nothing
        there, as after "and": the verb shares the clause's subject).
        """
        k, _, passive = _skip_back(sentence, i)
        if passive and not sentence[i].endswith("ing"):
            return k + 1, None, "passive"
        if k < 0:
            return 0, None, "open"
        low = sentence[k].lower()
        if low in _PRONOUNS:
            return k, self.pronoun(sentence, k, low), "np"
        if low in ("who", "which") and k > 0 and sentence[k - 1] == ",":
            start, words = _words_before(sentence, k - 1)
            return start, self.phrase(words), "np"
        if low == ",":
            return self.subject_with_asides(sentence, k)
        start, words = _words_before(sentence, k + 1)
        return (start, self.phrase(words), "np") if words else (k + 1, None, "open")

    def pronoun(self, sentence: list[str], k: int, word: str) -> _Speaker | None:
        """`he`: the person this sentence named as its subject, else the last one who spoke."""
        if _PRONOUNS.get(word) == "person" and k > 1 and sentence[k - 1] not in _BREAKS:
            subject = self.clause_subject(sentence, k, tries=2)
            if subject is not None and subject.sort == "person":
                return subject
        return self.memory.pronoun(word)

    def subject_with_asides(
        self, sentence: list[str], comma: int
    ) -> tuple[int, _Speaker | None, str]:
        """`X, 67, who ..., said`: the asides between commas, then the phrase before them."""
        asides: list[list[str]] = []
        start = comma + 1
        for _ in range(3):
            found = _appositive(sentence, comma)
            if found is None:
                break
            comma, aside = found
            asides.append(aside)
            start, words = _words_before(sentence, comma)
            speaker = self.with_asides(words, asides)
            if speaker is not None:
                return start, speaker, "np"
        return start, None, "np" if asides else "open"

    def with_asides(self, words: list[str], asides: list[list[str]]) -> _Speaker | None:
        """A phrase and the asides after it: one may name the speaker and another say who they
        are (`Jane Doe, 45, the mayor,` or `the city's fire chief, Daniel Reyes,`)."""
        speaker = self.phrase(words)
        nearest = asides[-1]
        if (speaker is None or not speaker.named) and len(nearest) <= 6 and _names(nearest):
            named = self.phrase(nearest)
            if named is not None and named.named:
                named = named._replace(sort="person") if named.sort == "thing" else named
                role = _role(words) if speaker is not None and named.sort == "person" else ""
                return self.memory.with_role(named, role) if role else named
        if speaker is None:
            return None
        for aside in reversed(asides):
            titled = any(map(_is_title, aside))
            if _describes(aside) and not _relative(aside) and (titled or not speaker.role):
                return self.memory.with_role(speaker, _role(aside))
        return speaker

    def subject_right(self, sentence: list[str], start: int) -> _Speaker | None:
        """`said Jane Doe, the title` or `according to local media`."""
        if start >= len(sentence):
            return None
        low = sentence[start].lower()
        if low in _PRONOUNS:
            following = sentence[start + 1] if start + 1 < len(sentence) else ""
            return None if _is_word(following) else self.memory.pronoun(low)
        end, words = _words_after(sentence, start)
        if words and _is_title(words[-1]):
            end = _next_comma(sentence, end)
        if end + 1 >= len(sentence) or sentence[end] != ",":
            return self.phrase(words)
        close = end + 1
        while close < len(sentence) and _is_word(sentence[close]):
            close += 1
        return self.with_asides(words, [sentence[end + 1 : close]])

    def clause_subject(self, sentence: list[str], end: int, tries: int = 99) -> _Speaker | None:
        """The first clear subject in the sentence: `X walked in saying "..."` -> X.

        Each lowercase word after something that can end a subject is tried as its verb, up to
        `tries` times (a sentence with no speech needs only its opening subject).
        """
        for t in compress(range(1, end), map(str.islower, islice(sentence, 1, end))):
            token = sentence[t]
            if not _may_follow_subject(sentence[t - 1]):
                continue
            if token in _DETS or token in _ADVERBS or (token in _STOP and token not in _AUX):
                continue
            _, speaker, how = self.subject_left(sentence, t)
            if speaker is not None and how == "np" and speaker.sort != "thing":
                return speaker
            tries -= 1
            if not tries:
                break
        return None


def _relative(aside: list[str]) -> bool:
    return bool(aside) and aside[0].lower() in ("who", "which", "whose")


def _names(aside: list[str]) -> bool:
    """An aside that is a name, maybe with a title: `Dr Alun Pritchard`, `the Kremlin`."""
    words = aside[1:] if aside and aside[0].lower() == "the" else aside
    return bool(words) and all(_is_name(word) or _is_title(word) for word in words)
