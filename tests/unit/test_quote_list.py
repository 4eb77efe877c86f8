"""The quotes panel's list model: every quote with its speaker, safe to show, cheap to make."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_purity import loaded_after_importing, top_level

from readtui.article.load import load_article
from readtui.article.model import Article, Paragraph, Quote
from readtui.article.quote_list import (
    SCARE_QUOTE,
    SHOWN_CHARS,
    UNATTRIBUTED,
    QuoteEntry,
    count_label,
    find_quote,
    quote_entries,
    shown_text,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "articles" / "russian-recruiter-shot-cbc.txt"
SEED_LABELS = json.loads((ROOT / "tests" / "data" / "seed.json").read_text(encoding="utf-8"))


def test_the_seed_lists_every_quote_with_its_speaker_in_order() -> None:
    article = load_article(SEED)
    entries = quote_entries(article)
    labelled = SEED_LABELS["quotes"]
    assert len(entries) == len(labelled) == 16
    for position, (entry, label) in enumerate(zip(entries, labelled, strict=True)):
        assert entry.index == position
        assert entry.text == shown_text(label["text"])
        assert entry.speaker.startswith(label["speaker"])
        assert entry.block == article.quotes[position].block
        assert entry.kind == label["kind"]


def test_speaker_and_role_make_the_credit() -> None:
    entries = quote_entries(load_article(SEED))
    assert entries[0].speaker == "Ruslan Zinin, resident"
    assert entries[0].credit == "Ruslan Zinin, resident"
    assert entries[2].credit == "local media"  # no role: no dangling comma


def article_with(*quotes: Quote, text: str = "x" * 50) -> Article:
    return Article("T", blocks=(Paragraph(text),), quotes=quotes)


@pytest.mark.parametrize(
    ("kind", "credit"), [("partial", UNATTRIBUTED), ("full", UNATTRIBUTED), ("scare", SCARE_QUOTE)]
)
def test_a_quote_without_speaker_says_why(kind: str, credit: str) -> None:
    (entry,) = quote_entries(article_with(Quote("so-called", 0, 1, 10, kind=kind)))
    assert entry.speaker == ""
    assert entry.credit == credit


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("we will all go home now,", "\u201cwe will all go home now\u201d"),
        ("two\n\nparagraphs,  spaced", "\u201ctwo paragraphs, spaced\u201d"),
        ("esc \x1b[31mred\x1b[0m", "\u201cesc ^[[31mred^[[0m\u201d"),
        ("[b]not markup[/b] \x9b", "\u201c[b]not markup[/b] \ufffd\u201d"),
        ("bidi \u202eevil", "\u201cbidi \u202eevil\u201d"),
    ],
)
def test_shown_text_is_one_safe_line_in_curly_marks(text: str, shown: str) -> None:
    assert shown_text(text) == shown


def test_speakers_are_sanitised_too() -> None:
    quote = Quote("hi", 0, 1, 3, speaker="Eve\x1b]52;c;x\x07", role="spy\nagent")
    (entry,) = quote_entries(article_with(quote))
    assert entry.speaker == "Eve^[]52;c;x^G, spy agent"


@pytest.mark.parametrize("length", [SHOWN_CHARS + 1, 10 * SHOWN_CHARS, 3_000_000])
def test_a_long_quote_is_cut_with_an_ellipsis(length: int) -> None:
    shown = shown_text(("word " * (length // 5 + 1))[:length])
    assert len(shown) <= SHOWN_CHARS + 2
    assert shown.endswith("\u2026\u201d")


def test_a_quote_of_exactly_the_limit_is_whole() -> None:
    text = "a" * SHOWN_CHARS
    assert shown_text(text) == "\u201c" + text + "\u201d"


@pytest.mark.parametrize(
    ("count", "label"),
    [(0, "No quotes"), (1, "1 quote"), (12, "12 quotes"), (5000, "5,000 quotes")],
)
def test_count_label(count: int, label: str) -> None:
    assert count_label(count) == label


def test_find_quote_by_place_not_identity() -> None:
    article = load_article(SEED)
    again = load_article(SEED)
    for index, quote in enumerate(article.quotes):
        assert find_quote(again, quote) == index
    assert find_quote(article_with(), article.quotes[0]) is None


def test_thousands_of_quotes_in_one_pass() -> None:
    quotes = tuple(Quote(f"quote {i}", 0, 0, 5, speaker=f"S{i % 7}") for i in range(5_000))
    entries = quote_entries(article_with(*quotes))
    assert [entry.index for entry in entries] == list(range(5_000))
    assert entries[4_999] == QuoteEntry(4_999, "\u201cquote 4999\u201d", "S1", 0, "")


def test_the_list_model_imports_no_ui_toolkit() -> None:
    loaded = loaded_after_importing("readtui.article.quote_list")
    assert top_level(loaded) & {"textual", "rich"} == set()
