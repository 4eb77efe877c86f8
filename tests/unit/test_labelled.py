"""The hand-labelled articles in tests/data: the labels are sound, and the parser meets the
targets over the whole set (the figures come from benchmarks/labelled.py, as the benchmark's)."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from labelled import (
    BLOCK_KINDS,
    DATA,
    HEADER,
    LISTS,
    QUOTE_KINDS,
    Counts,
    Labelled,
    Report,
    load_labels,
    lost_words,
    score,
)

from readtui.article.load import load_article

ITEMS = load_labels()
HELD_OUT = load_labels(DATA / "heldout")
"""Articles written by someone who never saw the parser, and first run after it was built."""
ALL = ITEMS + HELD_OUT
LAYOUTS = ("cbc", "ap", "reuters", "guardian", "nyt", "bbc")
LEAD = re.compile(
    r"^(?:[^()\n]{0,60}\([A-Za-z]+\) (?:--|[-\u2014]) |WATCH: |Media caption,? |Image caption,? )"
)
"""What may stand before a block's text on its line: a dateline or a one-line media marker."""
OPEN, CLOSE = '"\u201c\u201e\u00ab', '"\u201d\u201c\u00bb'


def ids(item: Labelled) -> str:
    return item.name


# The labels themselves ------------------------------------------------------------------------


def test_the_set_has_two_articles_of_each_layout_and_the_seed() -> None:
    layouts = Counter(item.label["layout"] for item in ITEMS if item.name != "seed")
    assert sum(layouts.values()) >= 14
    assert all(layouts[layout] >= 2 for layout in LAYOUTS), layouts
    assert any(item.name == "seed" and item.path.exists() for item in ITEMS)


FEATURES = {
    "CBC credit": r"\. \([^()]+/[^()]+\)$",
    "Submitted by": r"\(Submitted by [^()]+\)$",
    "AP Photo": r"\(AP Photo/[^()]+\)$",
    "REUTERS/Name": r" REUTERS/\w",
    "Name/Reuters": r"\w/Reuters$",
    "Photograph:": r" Photograph: \w",
    "NYT Credit...": r"Credit\.\.\. ?\w",
    "Credit on its own line": r"^Credit\.\.\.",
    "Name—Getty Images": r"\w\u2014Getty Images$",
    "[credit]": r" \[[^\]]+/[^\]]+\]$",
    "(SO)": r"\(SO\)",
    "(41-31-8)": r"\(\d+-\d+-\d+\)",
    "(pictured)": r"\(pictured\)",
    "(about $3 million)": r"\(about \$3 million\)",
    "WATCH | / LISTEN |": r"^(?:WATCH|LISTEN) \| ",
    "Featured Video glued": r"^Featured (?:Video|Audio)\w",
    "WATCH: title \u2013 date": r"^WATCH: .+ \u2013 \w{3} \d",
    "Media caption": r"^Media caption,? ",
    "Reuters dateline": r"^[A-Z ]+ \(Reuters\) - ",
    "AP dateline": r"^[A-Z ]+, [A-Z][a-z]+\. \(AP\) \u2014 ",
    "CNN dateline": r"^\(CNN\) -- ",
    "By Jane Doe": r"^By [A-Z][a-z]+ [A-Z][\w-]+$",
    "By Jane Doe and John Roe": r"^By [^.,\n]+ and [^.,\n]+$",
    "By Jane Doe, BBC News": r"^By [^.,\n]+, BBC News$",
    "By the time...": r"^By the time ",
    "Reuters credit line": r"^\(Reporting by [^()]+; Editing by [^()]+\)$",
    "ALL-CAPS question heading": r"^[A-Z ]+\?$",
    "___ separator": r"^___$",
    "Related Stories": r"^Related Stories$",
    "Social Sharing": r"^Social Sharing$",
    "Advertisement": r"^Advertisement$",
    "Story continues below advertisement": r"^Story continues below advertisement$",
    "Want to discuss?": r"^Want to discuss\? Please read our first\.$",
    "View full size image": r"^View full size image$",
    "Enlarge": r"^Enlarge$",
    "Share": r"^Share$",
    "Skip Advertisement": r"^Skip Advertisement$",
    "curly quotes": r"\u201c[^\u201d\n]+\u201d",
    "low-9 quotes": r"\u201e[^\u201c\n]+\u201c",
    "guillemets": r"\u00ab[^\u00bb\n]+\u00bb",
    "the '90s": r"the ['\u2019]90s",
    "rock 'n' roll": r"rock ['\u2019]n['\u2019] roll",
    "students' union": r"(?i)students['\u2019] union",
    "occupiers'": r"occupiers' ",
    "so-called": r"so-called [\"\u201c]",
}
"""What the set must show at least twice, read off the texts (line by line, as scraped)."""


@pytest.mark.parametrize("pattern", FEATURES.values(), ids=list(FEATURES))
def test_the_set_shows_each_feature_at_least_twice(pattern: str) -> None:
    found = re.compile(pattern, re.M)
    assert sum(len(found.findall(item.text)) for item in ITEMS) >= 2


@pytest.mark.parametrize("item", ALL, ids=ids)
def test_label_has_every_key_with_its_type(item: Labelled) -> None:
    label = item.label
    assert all(isinstance(label[key], str) for key in ("layout", *HEADER))
    assert all(isinstance(label[key], list) for key in LISTS)
    assert all(set(q) == {"text", "speaker", "role", "kind"} for q in label["quotes"])
    assert all(set(f) == {"alt", "caption", "credit"} for f in label["figures"])
    assert all(set(m) == {"label", "title"} for m in label["media"])


@pytest.mark.parametrize("item", ALL, ids=ids)
def test_label_kinds_are_known(item: Labelled) -> None:
    assert {q["kind"] for q in item.label["quotes"]} <= QUOTE_KINDS
    assert {kind for kind, _ in item.label["blocks"]} <= BLOCK_KINDS


def lines(item: Labelled) -> Counter[str]:
    return Counter(line.strip() for line in item.text.splitlines())


@pytest.mark.parametrize("item", ALL, ids=ids)
def test_label_header_is_in_the_text(item: Labelled) -> None:
    label, text = item.label, item.text
    assert label["title"] == text.strip().split("\n")[0].strip()
    assert not label["standfirst"] or lines(item)[label["standfirst"]]
    assert all(label[key] in text for key in ("author", "dateline", "credits"))


@pytest.mark.parametrize("item", ALL, ids=ids)
def test_label_headings_and_removed_lines_are_lines_of_the_text(item: Labelled) -> None:
    found = lines(item)
    found[""] = found["___"]
    assert not Counter(item.label["headings"]) - found
    assert not Counter(item.label["removed"]) - found


@pytest.mark.parametrize("item", ALL, ids=ids)
def test_label_figures_and_media_are_in_the_text(item: Labelled) -> None:
    text, found = item.text, lines(item)
    for figure in item.label["figures"]:
        assert figure["caption"] in text and figure["credit"] in text, figure
        assert not figure["alt"] or found[figure["alt"]], figure
    for media in item.label["media"]:
        assert media["label"] in text and media["title"] in text, media


@pytest.mark.parametrize("item", ALL, ids=ids)
def test_label_blocks_agree_with_the_lists(item: Labelled) -> None:
    label = item.label
    starts = [LEAD.sub("", line.strip()) for line in item.text.splitlines()]
    assert all(any(s.startswith(prefix) for s in starts) for _, prefix in label["blocks"])
    of_kind = {kind: [p for k, p in label["blocks"] if k == kind] for kind in BLOCK_KINDS}
    assert of_kind["heading"] == label["headings"]
    figures = zip_strict(of_kind["figure"], "figures", label)
    assert all(figure["caption"].startswith(prefix) for prefix, figure in figures)
    media = zip_strict(of_kind["media"], "media", label)
    assert all(medium["title"].startswith(prefix) for prefix, medium in media)


def zip_strict(prefixes: list[str], key: str, label: dict[str, Any]) -> list[tuple[str, Any]]:
    assert len(prefixes) == len(label[key]), key
    return list(zip(prefixes, label[key], strict=True))


def marked(text: str, quote: str) -> re.Pattern[str]:
    """The quote between its marks: paragraphs after the first reopen with a mark, and the last
    closes with one or ends its paragraph unclosed."""
    parts = [re.escape(part) for part in quote.split("\n\n")]
    body = rf"\s*\n\s*\n[{OPEN}]\s?".join(parts)
    return re.compile(rf"[{OPEN}]\s?{body}(?:\s?[{CLOSE}]|\s*$)", re.M)


@pytest.mark.parametrize("item", ALL, ids=ids)
def test_label_quotes_sit_between_marks_in_reading_order(item: Labelled) -> None:
    text, position = item.text, 0
    for quote in item.label["quotes"]:
        found = marked(text, quote["text"]).search(text, position)
        assert found, f"not between marks after offset {position}: {quote['text']!r}"
        position = found.start() + 1


# The targets ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scored() -> tuple[Counts, list[Report]]:
    reports = [score(item, load_article(item.path)) for item in ALL]
    return sum((report.counts for report in reports), Counts()), reports


def why(reports: list[Report], *topics: str) -> str:
    return "\n".join(line for report in reports for line in report.lines(*topics))


def test_direct_quote_f1(scored: tuple[Counts, list[Report]]) -> None:
    total, reports = scored
    figures = f"{total.quotes_matched} of {total.quotes_gold} found, {total.quotes_found} given"
    assert total.quote_f1 >= 0.95, f"F1 {total.quote_f1:.3f} ({figures})\n" + why(reports, "quote")


def test_speaker_accuracy(scored: tuple[Counts, list[Report]]) -> None:
    total, reports = scored
    accuracy = total.speakers_right / max(1, total.quotes_matched)
    message = f"{accuracy:.3f} ({total.speakers_right}/{total.quotes_matched})\n"
    assert accuracy >= 0.90, message + why(reports, "speaker")


def test_figure_credit_recall(scored: tuple[Counts, list[Report]]) -> None:
    total, reports = scored
    recall = total.figures_found / max(1, total.figures_gold)
    message = f"{recall:.3f} ({total.figures_found}/{total.figures_gold})\n"
    assert recall >= 0.95, message + why(reports, "figure")


def test_heading_f1(scored: tuple[Counts, list[Report]]) -> None:
    total, reports = scored
    message = f"{total.heading_f1:.3f} ({total.headings_matched} of {total.headings_gold})\n"
    assert total.heading_f1 >= 0.90, message + why(reports, "heading")


def test_removed_recall(scored: tuple[Counts, list[Report]]) -> None:
    total, reports = scored
    message = f"{total.removed_matched} of {total.removed_gold} junk lines removed\n"
    assert total.removed_matched == total.removed_gold, message + why(reports, "removed")


@pytest.mark.parametrize("item", ALL, ids=ids)
def test_no_word_is_lost(item: Labelled) -> None:
    """Every word of the file is somewhere in the Article, bar media markers, the "By" of a
    byline and the "Credit..."/"Photograph:" prefixes of a credit."""
    lost = lost_words(item.text, load_article(item.path))
    assert not lost, f"lost {lost.total()} words: {dict(lost.most_common())}"
