"""The hand-labelled articles in tests/data, and how closely a parsed Article matches its label.

`name.json` labels `name.txt` (or the text its "file" key points at); tests/data/README.md
describes the fields. `score` compares one Article with its label and returns `Counts` that add
up, so every figure is micro-averaged over the set, plus the mismatches behind them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readtui.article.model import held_texts
from readtui.article.plain import STRUCTURE_MARKERS

if TYPE_CHECKING:
    from readtui.article.model import Article, Block, Quote

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

QUOTE_KINDS = frozenset({"full", "partial", "scare"})
BLOCK_KINDS = frozenset({"paragraph", "heading", "figure", "media"})
HEADER = ("title", "standfirst", "author", "dateline", "credits")
LISTS = ("headings", "figures", "media", "removed", "blocks", "quotes")
OUTER = "\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb.,;:!?()[]-\u2013\u2014\u2026 \u00a0\n"
"""Stripped from both ends of a quote or caption before comparing: marks, punctuation, dashes."""
DATELINE = re.compile(r"^[^()\n]{0,60}\([A-Za-z]+\)\s*(?:--|[-\u2013\u2014])\s*")


@dataclass(frozen=True)
class Labelled:
    name: str
    path: Path
    label: dict[str, Any]

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def load_labels(data: Path = DATA) -> list[Labelled]:
    """Every label file in `data`, with the path of the text it labels."""
    items = []
    for label_path in sorted(data.glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        text = label_path.with_suffix(".txt")
        if "file" in label:
            text = label_path.parent / label["file"]
        items.append(Labelled(label_path.stem, text.resolve(), label))
    return items


# Normalising -----------------------------------------------------------------------------------


def squash(text: str) -> str:
    """Whitespace (no-break spaces too) collapsed to single spaces."""
    return " ".join(text.split())


def norm(text: str) -> str:
    """Quote or caption text as compared: whitespace collapsed, outer marks stripped, case kept."""
    return squash(text).strip(OUTER)


def norm_name(name: str) -> str:
    """Speakers and roles compare case-insensitively, ignoring a leading "the"."""
    name = squash(name).casefold().replace("\u2019", "'")
    return name.removeprefix("the ").strip(OUTER)


def norm_credit(credit: str) -> str:
    """`Jane Roe—Getty Images` and `Jane Roe / Getty Images` are the same credit."""
    credit = re.sub(r"\s*[\u2013\u2014/]\s*", "/", squash(credit).casefold())
    return credit.strip(OUTER)


def show(text: str, width: int = 70) -> str:
    text = squash(text)
    return repr(text if len(text) <= width else text[: width - 1] + "…")


# Scoring ---------------------------------------------------------------------------------------


@dataclass
class Counts:
    quotes_gold: int = 0
    quotes_found: int = 0
    quotes_matched: int = 0
    speakers_right: int = 0
    kinds_right: int = 0
    roles_right: int = 0
    figures_gold: int = 0
    figures_found: int = 0
    headings_gold: int = 0
    headings_found: int = 0
    headings_matched: int = 0
    media_gold: int = 0
    media_found: int = 0
    removed_gold: int = 0
    removed_found: int = 0
    removed_matched: int = 0
    header_fields: int = 0
    header_right: int = 0
    blocks_gold: int = 0
    blocks_in_order: int = 0
    words_source: int = 0
    words_lost: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(Counts)}
        )

    @property
    def quote_f1(self) -> float:
        return f1(self.quotes_matched, self.quotes_found, self.quotes_gold)

    @property
    def heading_f1(self) -> float:
        return f1(self.headings_matched, self.headings_found, self.headings_gold)


def ratio(part: int, whole: int) -> float:
    """A share that is perfect when there was nothing to get."""
    return part / whole if whole else 1.0


def f1(matched: int, found: int, gold: int) -> float:
    precision, recall = ratio(matched, found), ratio(matched, gold)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Report:
    """One article's counts and what went wrong, as (topic, description) pairs."""

    name: str
    counts: Counts
    mismatches: list[tuple[str, str]] = field(default_factory=list)

    def lines(self, *topics: str) -> list[str]:
        return [f"{self.name}: [{t}] {m}" for t, m in self.mismatches if not topics or t in topics]


Scored = tuple[Counts, list[tuple[str, str]]]


def score(item: Labelled, article: Article) -> Report:
    label = item.label
    parts = (
        score_quotes(label["quotes"], article.quotes),
        score_figures(label["figures"], article.blocks),
        score_headings(label["headings"], article.blocks),
        score_media(label["media"], article.blocks),
        score_removed(label["removed"], article.removed),
        score_header(label, article),
        score_blocks(label["blocks"], article.blocks),
        score_words(item.text, article),
    )
    counts = sum((counts for counts, _ in parts), Counts())
    return Report(item.name, counts, [m for _, found in parts for m in found])


def score_quotes(gold: list[dict[str, str]], quotes: tuple[Quote, ...]) -> Scored:
    counts = Counts(quotes_gold=len(gold), quotes_found=len(quotes))
    unused, out = list(quotes), []
    for want in gold:
        got = next((q for q in unused if norm(q.text) == norm(want["text"])), None)
        if got is None:
            out.append(("quote", f"missed {show(want['text'])} ({want['speaker'] or 'nobody'})"))
            continue
        unused.remove(got)
        counts.quotes_matched += 1
        counts.speakers_right += agrees("speaker", want, got.speaker, out)
        counts.roles_right += agrees("role", want, got.role, out)
        counts.kinds_right += agrees("kind", want, got.kind, out)
    out += [("quote", f"extra {show(q.text)} (speaker {q.speaker!r})") for q in unused]
    return counts, out


def agrees(key: str, want: dict[str, str], value: str, out: list[tuple[str, str]]) -> int:
    """1 when a matched quote's `key` is right; otherwise 0, and the mismatch is noted."""
    same = want[key] == value if key == "kind" else norm_name(want[key]) == norm_name(value)
    if not same:
        out.append((key, f"{show(want['text'], 40)} want {want[key]!r}, got {value!r}"))
    return int(same)


def score_figures(gold: list[dict[str, str]], blocks: tuple[Block, ...]) -> Scored:
    """A figure is found when a parsed one has the same credit and caption."""
    predicted = [b for b in blocks if b.kind == "figure"]
    counts, out = Counts(figures_gold=len(gold)), []
    for want in gold:
        key = (norm(want["caption"]), norm_credit(want["credit"]))
        got = next((f for f in predicted if (norm(f.caption), norm_credit(f.credit)) == key), None)
        if got is None:
            out.append(("figure", f"missed {show(want['caption'], 50)} credit {want['credit']!r}"))
        else:
            predicted.remove(got)
            counts.figures_found += 1
    out += [("figure", f"extra {show(f.caption, 50)} credit {f.credit!r}") for f in predicted]
    return counts, out


def score_headings(gold: list[str], blocks: tuple[Block, ...]) -> Scored:
    want = Counter(squash(h) for h in gold)
    got = Counter(squash(b.text) for b in blocks if b.kind == "heading")
    counts = Counts(headings_gold=len(gold), headings_found=got.total())
    counts.headings_matched = (want & got).total()
    out = [("heading", f"missed {h!r}") for h in (want - got).elements()]
    out += [("heading", f"extra {h!r}") for h in (got - want).elements()]
    return counts, out


def score_media(gold: list[dict[str, str]], blocks: tuple[Block, ...]) -> Scored:
    got = Counter((norm_name(b.label), norm(b.title)) for b in blocks if b.kind == "media")
    want = Counter((norm_name(m["label"]), norm(m["title"])) for m in gold)
    counts = Counts(media_gold=len(gold), media_found=(want & got).total())
    out = [("media", f"missed {label} {show(title)}") for label, title in (want - got).elements()]
    out += [("media", f"extra {label} {show(title)}") for label, title in (got - want).elements()]
    return counts, out


def score_removed(gold: list[str], removed: tuple[str, ...]) -> Scored:
    want, got = Counter(map(squash, gold)), Counter(map(squash, removed))
    counts = Counts(removed_gold=len(gold), removed_found=len(removed))
    counts.removed_matched = (want & got).total()
    out = [("removed", f"kept junk {show(line)}") for line in (want - got).elements()]
    out += [("removed", f"hid non-junk {show(line)}") for line in (got - want).elements()]
    return counts, out


def score_header(label: dict[str, Any], article: Article) -> Scored:
    meta = article.meta
    got = (article.title, article.standfirst, meta.author, meta.dateline, meta.credits)
    counts, out = Counts(header_fields=len(HEADER)), []
    for name, value in zip(HEADER, got, strict=True):
        if squash(label[name]) == squash(value):
            counts.header_right += 1
        else:
            out.append(("header", f"{name} want {show(label[name], 50)}, got {show(value, 50)}"))
    return counts, out


def block_text(block: Block) -> str:
    return squash(block.title if block.kind == "media" else block.text)


def block_matches(want: list[str], block: Block) -> bool:
    """Same kind, and the text starts with the labelled prefix (after any dateline)."""
    kind, prefix = want[0], squash(want[1])
    text = block_text(block)
    return kind == block.kind and prefix in (
        text[: len(prefix)],
        DATELINE.sub("", text)[: len(prefix)],
    )


def score_blocks(gold: list[list[str]], blocks: tuple[Block, ...]) -> Scored:
    """Gold blocks found in order: the longest common subsequence by kind and prefix."""
    rows, cols = len(gold), len(blocks)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            if block_matches(gold[i], blocks[j]):
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    out, i, j = [], 0, 0
    while i < rows:
        if j < cols and block_matches(gold[i], blocks[j]):
            i, j = i + 1, j + 1
        elif j < cols and table[i][j + 1] >= table[i + 1][j]:
            j += 1
        else:
            out.append(("block", f"missed {gold[i][0]} {show(gold[i][1], 50)}"))
            i += 1
    return Counts(blocks_gold=rows, blocks_in_order=table[0][0]), out


# Words -----------------------------------------------------------------------------------------


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


def source_words(text: str) -> Counter[str]:
    return words(STRUCTURE_MARKERS.sub(" ", text))


def parsed_words(article: Article) -> Counter[str]:
    """Every word the Article holds: header, every field of every block, metadata, removed."""
    return words(STRUCTURE_MARKERS.sub(" ", "\n".join(held_texts(article))))


def lost_words(text: str, article: Article) -> Counter[str]:
    """Words of the source the Article does not hold anywhere (as many times as they occur)."""
    return source_words(text) - parsed_words(article)


def score_words(text: str, article: Article) -> Scored:
    lost = lost_words(text, article)
    counts = Counts(words_source=source_words(text).total(), words_lost=lost.total())
    if not lost:
        return counts, []
    listed = ", ".join(f"{word} x{n}" if n > 1 else word for word, n in lost.most_common(20))
    return counts, [("words", f"lost {lost.total()}: {listed}")]
