"""How well the plain-text parser reads the hand-labelled articles in tests/data, and how fast.

Run: `python benchmarks/quotes.py [-v]` (-v lists every mismatch). Figures only: nothing here
asserts, and the parse time sits next to a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from labelled import DATA, Counts, Labelled, Report, f1, load_labels, ratio, score  # noqa: E402

from readtui.article.load import load_article, parse_text  # noqa: E402

RUNS = 7
QUOTE_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')

Row = tuple[str, Callable[[Counts], tuple[float, str]]]
ROWS: list[Row] = [
    ("quote precision", lambda c: (ratio(c.quotes_matched, c.quotes_found), "of given")),
    ("quote recall", lambda c: (ratio(c.quotes_matched, c.quotes_gold), "of labelled")),
    ("quote F1", lambda c: (c.quote_f1, "")),
    ("speaker accuracy", lambda c: (ratio(c.speakers_right, c.quotes_matched), "of matched")),
    ("kind accuracy (info)", lambda c: (ratio(c.kinds_right, c.quotes_matched), "of matched")),
    ("role accuracy (info)", lambda c: (ratio(c.roles_right, c.quotes_matched), "of matched")),
    ("figure/credit recall", lambda c: (ratio(c.figures_found, c.figures_gold), "")),
    ("heading precision", lambda c: (ratio(c.headings_matched, c.headings_found), "")),
    ("heading recall", lambda c: (ratio(c.headings_matched, c.headings_gold), "")),
    ("heading F1", lambda c: (f1(c.headings_matched, c.headings_found, c.headings_gold), "")),
    ("media recall", lambda c: (ratio(c.media_found, c.media_gold), "")),
    ("removed recall", lambda c: (ratio(c.removed_matched, c.removed_gold), "")),
    ("removed precision (info)", lambda c: (ratio(c.removed_matched, c.removed_found), "")),
    ("title/standfirst/meta", lambda c: (ratio(c.header_right, c.header_fields), "fields")),
    ("blocks in order", lambda c: (ratio(c.blocks_in_order, c.blocks_gold), "")),
    ("words kept", lambda c: (1 - ratio(c.words_lost, c.words_source), "")),
]
COUNTS = {
    "quote precision": lambda c: f"{c.quotes_matched}/{c.quotes_found}",
    "quote recall": lambda c: f"{c.quotes_matched}/{c.quotes_gold}",
    "speaker accuracy": lambda c: f"{c.speakers_right}/{c.quotes_matched}",
    "kind accuracy (info)": lambda c: f"{c.kinds_right}/{c.quotes_matched}",
    "role accuracy (info)": lambda c: f"{c.roles_right}/{c.quotes_matched}",
    "figure/credit recall": lambda c: f"{c.figures_found}/{c.figures_gold}",
    "heading precision": lambda c: f"{c.headings_matched}/{c.headings_found}",
    "heading recall": lambda c: f"{c.headings_matched}/{c.headings_gold}",
    "media recall": lambda c: f"{c.media_found}/{c.media_gold}",
    "removed recall": lambda c: f"{c.removed_matched}/{c.removed_gold}",
    "removed precision (info)": lambda c: f"{c.removed_matched}/{c.removed_found}",
    "title/standfirst/meta": lambda c: f"{c.header_right}/{c.header_fields}",
    "blocks in order": lambda c: f"{c.blocks_in_order}/{c.blocks_gold}",
    "words kept": lambda c: f"lost {c.words_lost}/{c.words_source}",
}


def cell(name: str, value: float, counts: Counts) -> str:
    detail = COUNTS[name](counts) if name in COUNTS else ""
    return f"{value:6.3f} {detail:>14}"


def table(columns: list[tuple[str, Counts]]) -> list[str]:
    head = f"{'':26}" + "".join(f"{title:>22}" for title, _ in columns)
    out = [head, "-" * len(head)]
    for name, figure in ROWS:
        cells = "".join(f"{cell(name, figure(c)[0], c):>22}" for _, c in columns)
        out.append(f"{name:26}{cells}")
    return out


def median_ms_per_article(work: Callable[[str], object], texts: list[str]) -> float:
    runs = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for text in texts:
            work(text)
        runs.append((time.perf_counter() - start) / len(texts))
    return 1000 * statistics.median(runs)


def baseline(text: str) -> object:
    """What any reader does at least: split into words and find the quote marks."""
    return text.split(), QUOTE_MARKS.findall(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    verbose = parser.parse_args().verbose
    items: list[Labelled] = load_labels()
    held_out: list[Labelled] = load_labels(DATA / "heldout")
    reports: list[Report] = [score(item, load_article(item.path)) for item in items]
    blind: list[Report] = [score(item, load_article(item.path)) for item in held_out]
    total = sum((r.counts for r in reports), Counts())
    seed = sum((r.counts for r in reports if r.name == "seed"), Counts())
    unseen = sum((r.counts for r in blind), Counts())
    columns = [(f"labelled set ({len(items)})", total), ("seed alone", seed)]
    columns.append((f"held out ({len(held_out)})", unseen))
    for line in table(columns):
        print(line)
    reports += blind
    texts = [item.text for item in items]
    parse_ms = median_ms_per_article(lambda text: parse_text(text, ".txt"), texts)
    base_ms = median_ms_per_article(baseline, texts)
    print(
        f"\nparse, ms per article        readtui {parse_ms:7.3f}"
        f"   str.split + quote-mark scan {base_ms:7.3f}   (median of {RUNS} runs)"
    )
    if verbose:
        for report in reports:
            if report.mismatches:
                print(f"\n{report.name}")
                print("\n".join(f"  [{topic}] {what}" for topic, what in report.mismatches))


if __name__ == "__main__":
    main()
