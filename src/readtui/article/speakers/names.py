"""Speakers and what the article has told about them: names (with particles and possessives),
titles and roles, and the memory that maps a surname, a title or a pronoun back to a full name."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from readtui.article.speakers.words import (
    _ADVERBS,
    _DETS,
    _ORGS,
    _PARTICLES,
    _PERSONS,
    _PRONOUNS,
    _STOP,
    _TIME,
    _TITLE_CAPS,
    _TITLES,
)


class _Speaker(NamedTuple):
    """Who speaks. A named tuple, as `_Event`: many are made and changed (`_replace`) per
    article, and a tuple does both several times faster than a frozen dataclass."""

    name: str
    role: str = ""
    sort: str = "person"
    """person, group, org or thing: which pronoun may later point back to it."""
    named: bool = True
    """False for a description with no name (`a spokesperson`, `local media`)."""


_NOBODY = _Speaker("", sort="group", named=False)
"""An anonymous source: the quote is speech, but nobody to name."""


_POSSESSIVE = ("'s", "\u2019s")


def _bare(word: str) -> str:
    """The word without a possessive ending: Putin's -> Putin."""
    return word[:-2] if word.endswith(_POSSESSIVE) else word


@lru_cache(maxsize=4096)
def _is_title(word: str) -> bool:
    if word in _TITLE_CAPS:
        return True
    low = _bare(word).lower().rstrip(".")
    return low in _TITLES or any(part in _TITLES for part in low.split("-"))


@lru_cache(maxsize=4096)
def _is_name(word: str) -> bool:
    bare = _bare(word)
    if bare[:1].isupper():
        low = bare.lower()
        plain = low in _STOP or low in _DETS or low in _PERSONS or low in _ADVERBS
        plain = plain or low.rstrip(".") in _TIME
        return not (plain or _is_title(bare))
    particle, _, rest = bare.partition("-")
    return particle in _PARTICLES and rest[:1].isupper()


@lru_cache(maxsize=4096)
def _is_capitalised_name(word: str) -> bool:
    """A name that starts with a capital, asked of every token: the cache answers in C."""
    return word[:1].isupper() and _is_name(word)


def _name_start(words: list[str]) -> int:
    """Where the trailing run of name words begins (particles allowed inside: von der Leyen)."""
    j = len(words)
    while j > 0:
        if _is_name(words[j - 1]):
            j -= 1
            continue
        k = j
        while k > 0 and words[k - 1].lower() in _PARTICLES:
            k -= 1
        if not (k < j < len(words) and k > 0 and _is_name(words[k - 1])):
            break
        j = k
    return j


def _role(words: list[str]) -> str:
    return " ".join(words[1:] if words and words[0].lower() in _DETS else words)


@dataclass
class _Memory:
    """What the article has told so far: full names with their roles, and who spoke last."""

    people: dict[str, _Speaker] = field(default_factory=dict)
    titled: dict[str, _Speaker] = field(default_factory=dict)
    """The last person named with each title word ("minister" -> the Foreign Minister)."""
    orgs: dict[str, _Speaker] = field(default_factory=dict)
    """Organisations by their last word, so that `the district` is the one named before."""
    last: dict[str, _Speaker] = field(default_factory=dict)
    recent: tuple[_Speaker, int] | None = None

    def organisation(self, speaker: _Speaker) -> _Speaker:
        self.orgs[speaker.name.split()[-1].lower()] = speaker
        return speaker

    def same_org(self, words: list[str]) -> _Speaker | None:
        """`the health authority`: the Oregon Health Authority met before, if named so."""
        known = self.orgs.get(_bare(words[-1]).lower())
        if known is None:
            return None
        name = known.name.lower().split()
        return known if all(_bare(word).lower() in name for word in words[:-1]) else None

    def same_title(self, words: list[str], title: str) -> _Speaker | None:
        """`the president`: the last person named with that title (and these words in it)."""
        known = self.titled.get(title)
        if known is None:
            return None
        role = known.role.lower().split()
        words = [_bare(word).lower() for word in words if not _is_title(word)]
        return known if all(word in role for word in words) else None

    def person(self, words: list[str], role: str) -> _Speaker:
        """A named person, completed from another mention (surname -> full name and role)."""
        names = [_bare(word) for word in words]
        key = names[-1].lower()
        known = self.people.get(key)
        if len(names) == 1 and known is not None:
            return known._replace(role=role or known.role)
        if len(names) == 1 and not role:
            return _Speaker(names[0], sort="thing")
        full = " ".join(names)
        kept = known.role if known is not None and known.name == full else ""
        speaker = _Speaker(full, role or kept)
        self.people[key] = speaker
        titles = [word for word in speaker.role.split() if _is_title(word)]
        if titles:
            self.titled[_bare(titles[-1]).lower().rstrip(".")] = speaker
        return speaker

    def with_role(self, speaker: _Speaker, role: str) -> _Speaker:
        """`Jane Doe, the mayor,` is a person; `Acme, the water company,` an organisation."""
        if speaker.sort == "thing" and _org_role(role):
            return self.organisation(speaker._replace(role=role, sort="org"))
        if speaker.sort in ("person", "thing"):
            return self.person(speaker.name.split(), role)
        return speaker

    def pronoun(self, word: str) -> _Speaker | None:
        sort = _PRONOUNS.get(word, "")
        return self.last.get(sort) if sort else None

    def note(self, speaker: _Speaker, ordinal: int) -> None:
        self.last["any"] = speaker
        if speaker.sort == "person":
            self.last["person"] = speaker
        elif speaker.sort in ("org", "thing"):
            self.last["org"] = speaker
        self.recent = (speaker, ordinal)

    def continued(self, ordinal: int) -> _Speaker | None:
        """The speaker of this or the previous paragraph, for a quote that opens unattributed."""
        if self.recent is not None and self.recent[1] >= ordinal - 1:
            return self.recent[0]
        return None


def _org_role(role: str) -> bool:
    """Whether a description is of an organisation: its first telling noun decides."""
    for word in role.lower().split():
        if word in _ORGS:
            return True
        if word in _TITLES or word in _PERSONS:
            return False
    return False
