"""The word lists the rules read with: reporting verbs, titles, organisations, groups, particles,
times and the small words that end a noun phrase. Lowercase unless the case is the point."""

from __future__ import annotations

import re


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


_DASHES = frozenset(",\u2014\u2013-")
_BREAKS = frozenset(",;:\u2014\u2013-")
