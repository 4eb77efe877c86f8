"""The benchmark's synthetic articles are what benchmarks/synthetic.py says they are: sizes,
counts, folders, valid UTF-8, the same bytes for the same seed, and readtui's plain-text shape."""

from __future__ import annotations

import os
import re
import sys
from itertools import pairwise
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from synthetic import (
    MAX_PARAGRAPH,
    MB,
    PER_FOLDER,
    SMALL_SIZES,
    Library,
    NewsWriter,
    matching,
    narrowing_query,
    write_article,
    write_library,
)

from readtui.article.load import load_article
from readtui.article.model import Figure, Heading, Media

CREDIT = re.compile(r"\([^()/\n]+/[^()/\n]+\)$")
COUNT = 250


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return write_library(tmp_path_factory.mktemp("synthetic") / "library", COUNT, seed=7)


def test_library_has_the_count_in_folders_of_a_hundred(library: Library) -> None:
    files = sorted(p for p in library.root.rglob("*") if p.is_file())
    assert len(files) == library.count == len(library.titles) == COUNT
    folders = {p.parent for p in files}
    assert len(folders) == -(-COUNT // PER_FOLDER)
    assert all(len(list(folder.iterdir())) <= PER_FOLDER for folder in folders)
    assert all(p.parent.parent.parent == library.root for p in files)


def test_library_is_listed_in_path_order(library: Library) -> None:
    """The sidebar lists by path, so the generated order is the order on screen."""
    assert library.paths == sorted(library.paths, key=lambda path: os.fsencode(path))


def test_library_articles_are_small_utf8_files_headed_by_their_title(library: Library) -> None:
    low, high = SMALL_SIZES
    for path, title in zip(library.paths, library.titles, strict=True):
        data = path.read_bytes()
        assert low <= len(data) < high
        text = data.decode("utf-8")
        assert text.split("\n", 1)[0] == title


def test_library_articles_differ(library: Library) -> None:
    assert len({p.read_bytes() for p in library.paths}) == COUNT


def test_library_holds_non_ascii_text(library: Library) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in library.paths[:20])
    assert any(ord(char) > 127 for char in text)


@pytest.mark.parametrize("size", [4_000, MB // 4])
def test_long_article_has_its_size(tmp_path: Path, size: int) -> None:
    data = write_article(tmp_path / "long.txt", size, seed=3).read_bytes()
    assert size <= len(data) < size + MAX_PARAGRAPH
    data.decode("utf-8")


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first = write_library(tmp_path / "a", 30, seed=1)
    again = write_library(tmp_path / "b", 30, seed=1)
    other = write_library(tmp_path / "c", 30, seed=2)
    assert contents(first) == contents(again)
    assert first.titles == again.titles
    assert contents(first) != contents(other)
    assert NewsWriter(5).article(20_000) == NewsWriter(5).article(20_000)


def contents(library: Library) -> list[bytes]:
    return [path.read_bytes() for path in library.paths]


def test_article_has_readtuis_plain_text_shape(tmp_path: Path) -> None:
    """Headline, standfirst, headings, photos with credits, quotes with speakers, one video."""
    path = write_article(tmp_path / "story.txt", 30_000, seed=11)
    text = path.read_text(encoding="utf-8")
    assert text.count("\nWATCH | ") == 1
    captions = [line for line in text.splitlines() if CREDIT.search(line)]
    assert captions
    article = load_article(path)
    assert article.title == text.split("\n", 1)[0]
    assert article.standfirst
    kinds = [type(block) for block in article.blocks]
    assert Heading in kinds and Figure in kinds
    assert kinds.count(Media) == 1
    figure = next(block for block in article.blocks if isinstance(block, Figure))
    assert figure.credit and figure.alt
    assert article.quotes
    assert any(quote.speaker for quote in article.quotes)


def test_narrowing_query_narrows_at_every_keystroke(library: Library) -> None:
    query = narrowing_query(library.titles)
    assert len(query) >= 3
    counts = [matching(library.titles, query[:end]) for end in range(len(query) + 1)]
    assert counts[0] == COUNT
    assert all(later < earlier for earlier, later in pairwise(counts))
    assert counts[-1] > 0
