"""A long file is parsed first in its head, so its first screen can be shown at once: the head
must be the start of the whole article, or a position taken in the head would be wrong later."""

from __future__ import annotations

from pathlib import Path

import pytest

from readtui.article.load import HEAD_CHARS, SPLIT_CHARS, load_file, open_file

DATA = Path(__file__).resolve().parent.parent / "data"
ARTICLES = Path(__file__).resolve().parent.parent.parent / "articles"
CUT_MARGIN = 3
"""The last blocks of a head may be read differently (a video block cut in two at the end)."""


def long_text(source: Path, size: int) -> str:
    """The article, then its body again and again until the text is `size` characters long."""
    text = source.read_text(encoding="utf-8")
    body = "\n".join(text.split("\n")[3:])
    parts = [text]
    while sum(map(len, parts)) < size:
        parts.append(body)
    return "\n\n".join(parts)


@pytest.mark.parametrize(
    "source",
    [
        *sorted(DATA.glob("*.txt")),
        ARTICLES / "the-quiet-return-of-the-night-train.md",
    ],
    ids=lambda path: path.name,
)
def test_the_head_of_a_long_file_is_the_start_of_the_whole(source: Path, tmp_path: Path) -> None:
    path = tmp_path / f"long{source.suffix}"
    path.write_text(long_text(source, SPLIT_CHARS + HEAD_CHARS), encoding="utf-8")
    opening = open_file(path)
    head, whole = opening.head(), opening.whole()
    assert head is not None
    assert 0 < len(head.blocks) < len(whole.blocks)
    kept = len(head.blocks) - CUT_MARGIN
    assert head.blocks[:kept] == whole.blocks[:kept]
    assert (head.title, head.standfirst, head.subhead) == (
        whole.title,
        whole.standfirst,
        whole.subhead,
    )
    assert (
        head.meta.fingerprint == whole.meta.fingerprint == load_file(path).article.meta.fingerprint
    )
    assert [q.text for q in head.quotes if q.end_block < kept] == [
        q.text for q in whole.quotes if q.end_block < kept
    ]
    # The reading time is estimated from the head's share of the text: within a tenth.
    assert abs(head.meta.word_count - whole.meta.word_count) < whole.meta.word_count / 10


def test_a_short_file_is_parsed_whole_at_once(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text(long_text(DATA / "ap-dam-break.txt", SPLIT_CHARS // 2), encoding="utf-8")
    opening = open_file(path)
    assert opening.head() is None
    assert opening.whole() == load_file(path).article


def test_one_long_line_has_no_break_to_cut_at(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("word " * (SPLIT_CHARS // 4), encoding="utf-8")
    assert open_file(path).head() is None
