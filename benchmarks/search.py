"""How fast search in the article is on a 5 MB synthetic article: finding every match (what
runs in a thread for a long article) and marking the matches on a screen of lines (what each
frame pays).

Run: `python benchmarks/search.py [--mb 5]`. Figures only: nothing here asserts, and each sits
next to a baseline measured in the same run (one `re.finditer` over the whole text, casefolded;
drawing the same screen's runs without marks).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import MB, write_article  # noqa: E402

from readtui.article.load import load_article  # noqa: E402
from readtui.article.model import Article  # noqa: E402
from readtui.article.search import fields, find_matches  # noqa: E402
from readtui.layout import LazyLayout, measure  # noqa: E402
from readtui.search_marks import mark_line  # noqa: E402

RUNS = 5
QUERIES = ("e", "the", "said the", "port calder", "Port Calder", "zzzz")
SCREEN = 40
WIDTH = 80


def median_ms(call: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def bare_search(text: str, query: str) -> int:
    """The baseline: one regular expression over the whole text at once, no offsets kept."""
    pattern = re.compile(r"\s+".join(re.escape(word.casefold()) for word in query.split()))
    return sum(1 for _ in pattern.finditer(text.casefold()))


def screen_ms(article: Article, query: str, marked: bool) -> float:
    """Drawing SCREEN lines in the middle of the article, with or without the marks (the
    lines are laid out first: both sides get them from the cache)."""
    lazy = LazyLayout(article, WIDTH)
    counts = measure(article, WIDTH)
    assert counts is not None
    lazy.adopt(counts)
    found = find_matches(article, query)
    assert found is not None
    top = lazy.total // 2
    lines = [lazy.line(y) for y in range(top, top + SCREEN)]

    def draw() -> None:
        for line in lines:
            if marked and found.has_block(line.block):
                mark_line(line, article, found, 0)
            else:
                [run.text for run in line.runs]

    return median_ms(lambda: [draw() for _ in range(100)]) / 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=5.0, help="article size in MB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = write_article(Path(folder) / "long.txt", int(args.mb * MB), seed=5)
        article = load_article(path)
    text = "\n".join(field.text for field in fields(article))
    print(f"article: {len(text) / MB:.1f} MB of text in {len(article.blocks):,} blocks")
    print(f"{'query':14} {'matches':>9} {'readtui ms':>11} {'bare re ms':>11} {'ratio':>6}")
    for query in QUERIES:
        found = find_matches(article, query)
        ours = median_ms(lambda query=query: find_matches(article, query))  # type: ignore[misc]
        bare = median_ms(lambda query=query: bare_search(text, query))  # type: ignore[misc]
        count = len(found) if found is not None else 0
        print(f"{query!r:14} {count:>9,} {ours:>11.1f} {bare:>11.1f} {ours / bare:>6.1f}")
    plain, marked = screen_ms(article, "the", False), screen_ms(article, "the", True)
    print(f"marking a screen of {SCREEN} lines ('the'): {marked:.3f} ms, unmarked {plain:.3f} ms")


if __name__ == "__main__":
    main()
