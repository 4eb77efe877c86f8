"""Who said each quote: speaker, role and kind, on the seed and on one invented case per rule."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readtui.article.model import Paragraph, Quote
from readtui.article.plain import parse_plain
from readtui.article.quotes import collect_quotes
from readtui.article.speakers import attribute

SEED = Path(__file__).resolve().parents[2] / "articles" / "russian-recruiter-shot-cbc.txt"


def attributed(*paragraphs: str) -> tuple[Quote, ...]:
    blocks = [Paragraph(text) for text in paragraphs]
    return attribute(blocks, collect_quotes(blocks))


def speakers(*paragraphs: str) -> list[str]:
    return [quote.speaker for quote in attributed(*paragraphs)]


# The seed ------------------------------------------------------------------------------------

SEED_SPEAKERS = [
    ("no one will go to fight", "Ruslan Zinin", "resident"),
    ("we will all go home now", "Ruslan Zinin", "resident"),
    ("several hundred", "local media", ""),
    ("Every night and day", "Pavlo Kirilenko", "Donetsk regional governor"),
    ("If Russia crosses this line", "Jake Sullivan", "U.S. national security adviser"),
    ("sham referendums", "James Cleverly", "U.K. Foreign Secretary"),
    ("follow a clear pattern", "James Cleverly", "U.K. Foreign Secretary"),
    ("will never recognize", "Karine Jean-Pierre", "White House press secretary"),
    ("swift and severe", "Karine Jean-Pierre", "White House press secretary"),
    ("if they treat us with respect", "Vladimir Putin", "Russian President"),
    ("new conditions", "Mevlut Cavusoglu", "Turkish Foreign Minister"),
    ("an attempt to provide commanders", "Volodymyr Zelenskyy", "Ukrainian President"),
    ("Despite the obvious senselessness", "Volodymyr Zelenskyy", "Ukrainian President"),
    ("holding occupied territories", "the Ukrainian military", ""),
    ("the entire territory of Ukraine", "Volodymyr Zelenskyy", "Ukrainian President"),
    ("new types of weapons", "Volodymyr Zelenskyy", "Ukrainian President"),
]


@pytest.fixture(scope="module")
def seed() -> tuple[Quote, ...]:
    article = parse_plain(SEED.read_text(encoding="utf-8"))
    return attribute(article.blocks, collect_quotes(article.blocks))


def seed_quote(seed: tuple[Quote, ...], opening: str) -> Quote:
    (quote,) = [quote for quote in seed if quote.text.startswith(opening)]
    return quote


@pytest.mark.parametrize(("opening", "speaker", "role"), SEED_SPEAKERS)
def test_seed_speakers_and_roles(
    seed: tuple[Quote, ...], opening: str, speaker: str, role: str
) -> None:
    quote = seed_quote(seed, opening)
    assert (quote.speaker, quote.role) == (speaker, role)


def test_seed_quotes_not_listed_are_scare_quotes_inside_speech(seed: tuple[Quote, ...]) -> None:
    """Sixteen quotes have a speaker; any other the parser finds (Russian 'peace', inside the
    governor's words) is a scare quote that nobody says."""
    listed = [quote for quote in seed if any(quote.text.startswith(o) for o, *_ in SEED_SPEAKERS)]
    assert len(listed) == len(SEED_SPEAKERS)
    others = [quote for quote in seed if quote not in listed]
    assert all((quote.kind, quote.speaker) == ("scare", "") for quote in others)


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        ("Every night and day", "full"),
        ("If Russia crosses this line", "full"),
        ("Despite the obvious senselessness", "full"),
        ("several hundred", "partial"),
        ("sham referendums", "partial"),
        ("if they treat us with respect", "partial"),
    ],
)
def test_seed_kinds(seed: tuple[Quote, ...], opening: str, kind: str) -> None:
    assert seed_quote(seed, opening).kind == kind


def test_attribution_keeps_the_quote_and_its_place(seed: tuple[Quote, ...]) -> None:
    article = parse_plain(SEED.read_text(encoding="utf-8"))
    for before, after in zip(collect_quotes(article.blocks), seed, strict=True):
        assert replace(after, speaker="", role="", kind="") == before


def test_the_parser_attributes_its_quotes(seed: tuple[Quote, ...]) -> None:
    assert parse_plain(SEED.read_text(encoding="utf-8")).quotes == seed


# One rule at a time, on invented prose -------------------------------------------------------


def test_said_name_inverted_with_an_appositive_role() -> None:
    (quote,) = attributed(
        '"The pier will reopen in the spring," said Marta Okafor, the mayor of Riverton.'
    )
    assert (quote.speaker, quote.role, quote.kind) == ("Marta Okafor", "mayor of Riverton", "full")


def test_name_said_after_the_quote() -> None:
    assert speakers('"We counted every ballot twice," Hamid Rahimi said on Sunday.') == [
        "Hamid Rahimi"
    ]


def test_title_before_the_name_becomes_the_role() -> None:
    (quote,) = attributed(
        '"The outbreak is contained," provincial health officer Jonah Whitcombe told reporters.'
    )
    assert (quote.speaker, quote.role) == ("Jonah Whitcombe", "provincial health officer")


def test_appositive_title_between_commas_becomes_the_role() -> None:
    (quote,) = attributed(
        "Jonah Whitcombe, the province's chief medical officer, said the outbreak was "
        '"contained but not over."'
    )
    assert (quote.speaker, quote.role) == ("Jonah Whitcombe", "province's chief medical officer")


def test_who_clause_between_subject_and_verb() -> None:
    (quote,) = attributed(
        "Lena Petrova, who has run the shelter since 2019, said the new rules were "
        '"unworkable for families."'
    )
    assert (quote.speaker, quote.role) == ("Lena Petrova", "")


def test_pronoun_goes_to_the_last_person_across_paragraphs() -> None:
    (quote,) = attributed(
        "Fisheries Minister Tomas Lindqvist toured the flooded hatchery on Friday.",
        "The provincial agency said repairs would take months.",
        '"We cannot lose another season," he said.',
    )
    assert (quote.speaker, quote.role) == ("Tomas Lindqvist", "Fisheries Minister")


def test_it_goes_to_the_last_organisation() -> None:
    assert speakers(
        "Mayor Ines Carvalho praised the crews.",
        "The transit authority said service would resume on Monday.",
        '"Riders should expect delays," it said.',
    ) == ["the transit authority"]


def test_a_paragraph_opening_with_a_quote_continues_the_previous_speaker() -> None:
    assert speakers(
        '"The levee held," Okafor said at a briefing.',
        '"But the next storm will test it. We need federal money to raise it."',
    ) == ["Okafor", "Okafor"]


def test_a_quote_sentence_after_an_attributed_one_continues_it() -> None:
    assert speakers('"The vote is over," Rahimi said. "We move on tomorrow."') == [
        "Rahimi",
        "Rahimi",
    ]


def test_according_to() -> None:
    assert speakers(
        'Turnout was "the lowest in forty years," according to the regional elections office.'
    ) == ["the regional elections office"]


def test_according_to_is_the_source_when_a_verb_names_the_speaker() -> None:
    assert speakers(
        'Witness Tariq Osei ran down the street shouting "the bridge is gone," according to police.'
    ) == ["Tariq Osei"]


def test_subject_is_inherited_across_and() -> None:
    assert speakers(
        'Senator Grace Whitfield likewise praised the bill as "a turning point" on Monday, and '
        'warned opponents of "a long, hard summer."'
    ) == ["Grace Whitfield", "Grace Whitfield"]


def test_participle_shares_the_clause_subject() -> None:
    assert speakers('Farmer Ada Nwosu walked out of the meeting saying "enough is enough."') == [
        "Ada Nwosu"
    ]


def test_surname_maps_to_the_full_name_and_keeps_the_role() -> None:
    (quote,) = attributed(
        "Prime Minister Aiko Tanaka arrived in Oslo on Monday.",
        'Tanaka said the talks had been "productive but unfinished."',
    )
    assert (quote.speaker, quote.role) == ("Aiko Tanaka", "Prime Minister")


def test_honorific_and_surname_map_to_the_full_name() -> None:
    assert speakers(
        "Rafael Quintero, a lawyer for the families, filed the claim.",
        '"We expect a ruling soon," Mr. Quintero said.',
    ) == ["Rafael Quintero"]


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        ('"Nobody was hurt," police said in a statement.', "police"),
        ('The Kremlin said the talks were "premature."', "the Kremlin"),
        ('Local media reported that "dozens" of homes were flooded.', "local media"),
        (
            'The Ukrainian navy on Monday said the strait was "closed to traffic."',
            "the Ukrainian navy",
        ),
        ('"The figures are preliminary," the Health Ministry said.', "the Health Ministry"),
    ],
)
def test_organisations_speak(paragraph: str, speaker: str) -> None:
    assert speakers(paragraph) == [speaker]


def test_the_person_told_is_the_listener_not_the_speaker() -> None:
    assert speakers(
        "Captain Dmitri Sokolov brought the ferry in at dawn.",
        '"We will not sail today," he told CBC News.',
        '"The swell is too high," Sokolov told Reuters.',
    ) == ["Dmitri Sokolov", "Dmitri Sokolov"]


def test_relayed_speech_belongs_to_the_reporting_subject() -> None:
    (quote,) = attributed(
        "Defence Minister Karl Brandt said Tuesday that General Ilse Moreau had told the cabinet "
        'the plan carried "unacceptable risks" for the troops.'
    )
    assert (quote.speaker, quote.role) == ("Karl Brandt", "Defence Minister")


def test_a_later_clause_with_its_own_subject_takes_over() -> None:
    assert speakers(
        'Rahimi said the count was "nearly done," but Whitfield said "not this week."'
    ) == ["Rahimi", "Whitfield"]


@pytest.mark.parametrize(
    "paragraph",
    [
        'One official, who spoke on condition of anonymity, said the deal was "on life support."',
        'A source familiar with the talks said the offer was "not serious."',
    ],
)
def test_anonymous_sources_are_speech_by_nobody(paragraph: str) -> None:
    (quote,) = attributed(paragraph)
    assert (quote.speaker, quote.kind) == ("", "partial")


@pytest.mark.parametrize(
    "paragraphs",
    [
        ['"It was a miracle," he told reporters.'],
        ["The strike began after talks broke down.", '"Enough is enough, and we mean it."'],
        ['"We are ready for the winter," the report released on Tuesday said.'],
    ],
)
def test_unsure_leaves_the_speaker_empty(paragraphs: list[str]) -> None:
    assert speakers(*paragraphs) == [""]


@pytest.mark.parametrize(
    "paragraph",
    [
        'The so-called "freedom caravan" reached the capital on Sunday.',
        'What the ministry calls a "temporary pause" has lasted two years.',
        'Residents packed the hall to hear the "experts" explain the plan.',
    ],
)
def test_scare_quotes_have_no_speaker(paragraph: str) -> None:
    (quote,) = attributed(paragraph)
    assert (quote.kind, quote.speaker) == ("scare", "")


def test_a_short_quote_inside_speech_is_a_scare_quote() -> None:
    text = "\u201cVoters were promised \u2018peace\u2019 and got a curfew,\u201d said Ana Ruiz."
    blocks = [Paragraph(text)]
    start = text.index("peace")
    inner = Quote("peace", 0, start, start + len("peace"))
    outer, nested = attribute(blocks, (*collect_quotes(blocks), inner))
    assert (outer.speaker, outer.kind) == ("Ana Ruiz", "full")
    assert (nested.speaker, nested.kind) == ("", "scare")


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ('"We will rebuild," Okafor said.', "full"),
        ('Okafor said: "We will rebuild every house."', "full"),
        ('Okafor said the town would "rebuild every house on the shore."', "partial"),
        ('Okafor called the storm "the worst in a century."', "partial"),
    ],
)
def test_full_and_partial_kinds(paragraph: str, kind: str) -> None:
    (quote,) = attributed(paragraph)
    assert (quote.kind, quote.speaker) == (kind, "Okafor")


def test_quote_over_paragraphs_takes_the_speaker_named_at_its_end() -> None:
    (quote,) = attributed(
        "\u201cThe water came in through the floor.",
        "\u201cBy morning the whole street was a river,\u201d said resident Noor Haddad.",
    )
    assert (quote.speaker, quote.kind, quote.end_block) == ("Noor Haddad", "full", 1)


def test_no_quotes_no_work() -> None:
    assert attribute([Paragraph("Nobody said anything.")], ()) == ()


SALAD = (
    '" \u201c \u201d \u2018 \u2019 , . : ; ( ) \u2014 ? '
    "said told says according to who which the a of for in and but he she it they saying "
    "called was been 45 so-called de Mayor Secretary State Jane Doe Acme Ministry police "
    "officials Monday Mr. U.S."
)
"""Words and marks that the rules react to, for word salad."""


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(SALAD.split()), max_size=40), min_size=1, max_size=4))
def test_any_word_salad_gets_an_answer(paragraphs: list[list[str]]) -> None:
    """Whatever the prose, every quote comes back once, with a kind, and no scare quote has a
    speaker."""
    blocks = [Paragraph(" ".join(words)) for words in paragraphs]
    quotes = collect_quotes(blocks)
    result = attribute(blocks, quotes)
    assert [replace(q, speaker="", role="", kind="") for q in result] == list(quotes)
    assert all(q.kind in ("full", "partial", "scare") for q in result)
    assert all(not q.speaker for q in result if q.kind == "scare")
