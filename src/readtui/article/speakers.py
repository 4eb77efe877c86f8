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

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from readtui.article.model import Block, Quote


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_VERBS = _words(
    """said says say saying told tells telling added adds adding asked asks asking wrote writes
    writing warned warns warning called calls calling decried decries decrying threatened threatens
    threatening insisted insists insisting argued argues arguing explained explains explaining
    noted notes noting claimed claims claiming declared declares declaring urged urges urging
    replied replies replying stated tweeted tweets tweeting posted announced announces announcing
    acknowledged acknowledges admitted admits reported reports described describes describing
    recalled recalls recalling continued continues cautioned predicted promised vowed vows pledged
    suggested suggests stressed stresses emphasised emphasized conceded countered responded quipped
    joked shouted shouting yelled yelling screamed whispered chanted chanting complained complains
    lamented condemned
    denounced accused praised confirmed confirms denied denies observed remarked commented
    retorted demanded wondered asserted contended maintained reiterated repeated testified alleged
    texted blasted slammed hailed dismissed characterized characterised branded dubbed labelled
    labeled termed criticised criticized"""
)
_TRAILING_ONLY = _words("continued continues")
"""Verbs that report speech only right after a quote ("protests continued" is no speech)."""
_NOT_INVERTED = _words("told tells telling")
"""`"...," told NBC` does not exist: what follows "told" is the listener."""
_NAMING = _words("call calls called dub dubs dubbed term terms termed")
_TITLES = _words(
    """president minister secretary spokesperson spokesman spokeswoman adviser advisor governor
    chief ceo cfo coo cto mayor senator sen rep representative congressman congresswoman lawmaker
    mp mla mpp professor prof chancellor premier ambassador envoy commissioner director chair
    chairman chairwoman chairperson leader general gen lt col colonel lieutenant captain capt
    sergeant sgt commander admiral marshal officer official judge justice attorney lawyer
    prosecutor counsel councillor councilor sheriff superintendent supt inspector detective
    constable economist analyst researcher scientist executive founder coach manager editor
    correspondent strategist aide diplomat negotiator head speaker whip commandant king queen
    prince princess pope bishop archbishop rabbi imam cardinal principal treasurer owner pastor
    priest doctor nurse activist organizer organiser candidate nominee gov dj det insp ch cllr
    lord baroness"""
)
_TITLE_CAPS = _words("MP MPs MS MSP MLA MPP MHA MNA TD PC DS DI DCI DCS")
"""Titles written in capitals, which in lowercase are other words (`Ms`, `pc`)."""
_SPOKESPEOPLE = _words("spokesperson spokesman spokeswoman representative")
_ORGS = _words(
    """military police government ministry department office agency company firm group committee
    council court army navy forces media outlet outlets newspaper broadcaster network channel
    station site website service union party administration embassy kremlin pentagon parliament
    congress senate cabinet regime authority bank board bureau command guard coalition alliance
    association federation foundation institute university hospital school church commission
    tribunal organization organisation corporation inc. corp. ltd co. house press news times post
    reuters club league centre center campaign province city county municipality town district
    team airline retailer regulator watchdog utility airport operator insurer"""
)
_GROUPS = _words(
    """officials authorities witnesses residents protesters demonstrators officers sources analysts
    experts critics lawmakers doctors neighbours neighbors activists students teachers parents
    victims survivors soldiers troops investigators prosecutors relatives friends workers employees
    leaders organizers organisers supporters voters farmers villagers refugees volunteers members
    participants scientists researchers economists family families observers monitors rescuers
    firefighters paramedics medics diplomats troopers"""
)
_PERSONS = _words(
    """witness resident protester demonstrator officer source analyst expert critic doctor
    neighbour neighbor student teacher parent victim survivor soldier investigator relative mother
    father son daughter wife husband brother sister friend worker employee man woman boy girl
    volunteer member participant passenger driver farmer villager refugee medic paramedic
    commentator observer customer patient bystander"""
)
_PROPER_ORGS = _words("kremlin pentagon reuters congress parliament senate house press times post")
_COMMON_ORGS = _ORGS - _PROPER_ORGS
_COMMON = _words(
    """local state federal provincial regional city municipal national foreign senior other some
    many several two three four five independent opposition rights health security emergency fire
    election top former both one private public"""
)
_DETS = _words("the a an")
_BE = _words("was were is are been be being")
_AUX = _BE | _words("has have had will would could can may might should shall must did does do")
_PRONOUNS = {"he": "person", "she": "person", "him": "person", "it": "org", "they": "any"}
_PRONOUNS |= {"them": "any", "i": "", "we": "", "you": ""}
_CLAUSE_WORDS = _words(
    """and or but nor so yet that which who whom whose what when where while whereas if whether
    because since after before as although though once until unless than of in on at to by for
    from with without into onto over under about against between through during among per via
    despite amid not no this these those its his her their our my your us me there here also
    however meanwhile elsewhere instead still"""
)
_STOP = _AUX | _CLAUSE_WORDS | frozenset(_PRONOUNS)
_COORDINATORS = _words("and but while whereas yet ; \u2014")
_TIME = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept oct
    nov dec today yesterday tomorrow tonight morning afternoon evening night week weekend month
    year"""
)
_TIME_PREPS = _words("on in at this last next late early over during")
_ADVERBS = _words(
    """also likewise later earlier again once then still already now too previously recently
    repeatedly publicly privately separately subsequently further first meanwhile however instead
    similarly additionally reportedly often always never ever just even not"""
)
_LY_NOUNS = _words("family assembly monopoly anomaly supply homily italy")
_PARTICLES = _words("de del della der den di da du des la le van von bin ibn bint al el dos das of")
_HONORIFICS = _words("mr mrs ms miss mx dr sir dame")
_SCARE_MARKS = _words("so-called self-styled self-proclaimed self-described quote-unquote")
_SIGNS = _words("read reads reading")
"""`a banner reading "Fire the coach."`: words on a sign, a sentence of their own."""
_LOCATIVES = _words("in at from")
_ANONYMOUS = re.compile(
    r"\b(?:anonymity|anonymously|unnamed|(?:not|declined) to be (?:named|identified)"
    r"|familiar with the|briefed on the)\b"
)
_SOURCES = _words("source sources")
_ABBREVIATIONS = _words(
    """Mr Mrs Ms Dr Prof Gen Lt Col Capt Sgt Sen Rep Gov St Jr Sr Rev Hon Maj Adm Cmdr Supt Insp
    Det Const Jan Feb Aug Sept Sep Oct Nov Dec No Inc Corp Co Ltd"""
)
_TOKEN = re.compile(r"\w+(?:['\u2019.\-]\w+)*|[.!?;:,/()\u2013\u2014\u2026]|(?<= )-(?= )")
_ENDS = frozenset(".!?\u2026")
_DASHES = frozenset(",\u2014\u2013-")
_BREAKS = frozenset(",;:\u2014\u2013-")
SCARE_MAX_WORDS = 4


class _Mark(str):
    """A quote's place in a sentence; its words are masked, so nothing inside it is read."""

    quote: int


_MASK = "\u201c\u201d"


def _mark(quote: int) -> _Mark:
    mark = _Mark(_MASK)
    mark.quote = quote
    return mark


def _is_word(token: str) -> bool:
    return token[:1].isalnum()


@dataclass(frozen=True)
class _Speaker:
    name: str
    role: str = ""
    sort: str = "person"
    """person, group, org or thing: which pronoun may later point back to it."""
    named: bool = True
    """False for a description with no name (`a spokesperson`, `local media`)."""


_NOBODY = _Speaker("", sort="group", named=False)
"""An anonymous source: the quote is speech, but nobody to name."""


@dataclass(frozen=True)
class _Event:
    """A reporting verb (or "according to") and who it says is speaking."""

    at: int
    start: int
    speaker: _Speaker | None
    verb: bool = True
    coordinated: bool = False
    trails: int = -1
    """The quote right before the subject (`"...," X said`), or -1."""


@dataclass
class _Found:
    speaker: _Speaker | None = None
    governed: bool = False
    continued: bool = False
    full: bool = False
    scare: bool = False


def _bare(word: str) -> str:
    """The word without a possessive ending: Putin's -> Putin."""
    for ending in ("'s", "\u2019s"):
        if word.endswith(ending):
            return word[:-2]
    return word


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
            return replace(known, role=role or known.role)
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
            return self.organisation(replace(speaker, role=role, sort="org"))
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


def _plain_tokens(text: str, start: int, end: int) -> list[str]:
    """Words and punctuation; the dot of an abbreviation (U.S., Mr., J.) stays on its word."""
    tokens: list[str] = []
    for token in _TOKEN.findall(text, start, end):
        if token == "." and tokens and _abbreviated(tokens[-1]):
            tokens[-1] += "."
        else:
            tokens.append(token)
    return tokens


def _abbreviated(word: str) -> bool:
    initial = len(word) == 1 and word.isupper()
    return initial or word in _ABBREVIATIONS or ("." in word and word[:1].isalpha())


def _tokenize(text: str, spans: list[tuple[int, int, int]]) -> list[str]:
    tokens: list[str] = []
    position = 0
    for start, end, index in spans:
        tokens += _plain_tokens(text, position, start)
        tokens.append(_mark(index))
        position = end
    tokens += _plain_tokens(text, position, len(text))
    return _without_asides(tokens) if "(" in tokens else tokens


def _without_asides(tokens: list[str]) -> list[str]:
    """Short brackets with no quote in them dropped: `Dr Alun Pritchard (pictured), said`."""
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        close = _closing_bracket(tokens, i) if tokens[i] == "(" else -1
        if close < 0:
            kept.append(tokens[i])
        i = max(i, close) + 1
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
    for i in range(len(tokens) - 1):
        token = tokens[i]
        if (token in _ENDS or token == _MASK) and _ends_sentence(tokens, i, quotes):
            yield tokens[start : i + 1]
            start = i + 1
    if start < len(tokens):
        yield tokens[start:]


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


def _relative(aside: list[str]) -> bool:
    return bool(aside) and aside[0].lower() in ("who", "which", "whose")


def _names(aside: list[str]) -> bool:
    """An aside that is a name, maybe with a title: `Dr Alun Pritchard`, `the Kremlin`."""
    words = aside[1:] if aside and aside[0].lower() == "the" else aside
    return bool(words) and all(_is_name(word) or _is_title(word) for word in words)


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


def _common_lowered(words: list[str]) -> list[str]:
    """`Local media` at a sentence's start is `local media`; `Ukrainian military` stays."""
    first = words[0].lower()
    if words[0][:1].isupper() and (first in _COMMON or first in _COMMON_ORGS or first in _GROUPS):
        return [first, *words[1:]]
    return words


class _Reader:
    """One pass over the article's sentences, after a first look for full names."""

    def __init__(self, blocks: Sequence[Block], quotes: Sequence[Quote]) -> None:
        self.blocks = tuple(blocks)
        self.quotes = quotes
        self.spans, self.nested = _spans(self.blocks, quotes)
        self.memory = _Memory()
        self.found = [_Found() for _ in quotes]
        self.ordinal = 0
        self.narrative = True

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
                named = replace(named, sort="person") if named.sort == "thing" else named
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
        for t in range(1, end):
            token = sentence[t]
            if not (token.islower() and _may_follow_subject(sentence[t - 1])):
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
            speaker = _NOBODY if _ANONYMOUS.search(" ".join(sentence)) else speaker
        joined = sentence[start - 1].lower() if start > 0 else ""
        return _Event(i, start, speaker, coordinated=joined in _COORDINATORS, trails=trails)

    def events(self, sentence: list[str]) -> list[_Event]:
        events: list[_Event] = []
        main: _Event | None = None
        found = [i for i, token in enumerate(sentence) if token in _VERBS or token == "according"]
        for i in found:
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
        if _MASK in sentence:
            for p, token in enumerate(sentence):
                if isinstance(token, _Mark):
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
        names = [k for k, token in enumerate(sentence) if token[:1].isupper() and _is_name(token)]
        run = 0
        for n, k in enumerate(names):
            run += 1
            if n + 1 == len(names) or names[n + 1] != k + 1:
                if run >= 2:
                    self.phrase(_words_before(sentence, k + 1)[1])
                run = 0

    def read(self) -> list[tuple[int, list[list[str]]]]:
        """Each readable block's sentences, as tokens with the quotes masked."""
        return [
            (index, list(_sentences(_tokenize(block.text, self.spans.get(index, [])), self.quotes)))
            for index, block in enumerate(self.blocks)
            if block.kind in _READ_KINDS
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


_READ_KINDS = ("paragraph", "list", "figure", "media", "blockquote")


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


def _finished(quote: Quote, found: _Found, nested: bool) -> Quote:
    short = len(quote.text.split()) <= SCARE_MAX_WORDS
    unclaimed = not (found.governed or found.continued or found.full)
    if found.scare or (short and (nested or unclaimed)):
        return replace(quote, speaker="", role="", kind="scare")
    kind = "full" if found.full else "partial"
    speaker = found.speaker if found.speaker is not None and not nested else _Speaker("")
    return replace(quote, speaker=speaker.name, role=speaker.role, kind=kind)


def _governing(events: list[_Event], p: int, short: bool) -> _Event | None:
    """The event that gives the quote at p its speaker.

    A verb right after the quote (`"...," X said`) first; else the main clause's verb before it
    (the first, or a later one joined by "and"/"but": `X said that Y had told ... "..."` is X's);
    else "according to" before it; else the first later event that closes no other quote,
    though a later verb does not claim a few words (`a "temporary" rink, which X said ...`).
    A verb before it whose subject is unknown still makes it speech, by nobody named.
    """
    for event in events:
        if event.verb and event.trails == p:
            return event
    chosen: _Event | None = None
    for event in events:
        switches = chosen is None or event.coordinated or event.trails >= 0
        if event.at < p and event.verb and event.speaker and switches:
            chosen = event
    if chosen is not None:
        return chosen
    for event in events:
        if event.at < p and not event.verb and event.speaker:
            return event
    for event in events:
        if event.at > p and event.trails < 0 and event.speaker and not (short and event.verb):
            return event
    return next((event for event in events if event.verb and event.at < p), None)


def _named_as(sentence: list[str], event: _Event) -> bool:
    """`what Moscow calls a "special military operation"`: a label, not speech."""
    named = sentence[event.at] in _NAMING
    return named and event.start > 0 and sentence[event.start - 1].lower() == "what"


def attribute(blocks: Sequence[Block], quotes: Sequence[Quote]) -> tuple[Quote, ...]:
    """The quotes with `speaker`, `role` and `kind` filled in (empty speaker when unsure)."""
    return _Reader(blocks, quotes).run()
