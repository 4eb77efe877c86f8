"""Anchors: the words at a place find it again after paragraphs were added or removed above it,
re-wrapped, or the place was bookmarked with a snippet cut short."""

from __future__ import annotations

import pytest

from readtui.anchor import MIN_ANCHOR, anchor_text, relocate
from readtui.article.load import parse_text
from readtui.article.model import Article
from readtui.store import Position

PARAGRAPHS = [f"Paragraph {n} tells of the harbour, the ferry and the strike." for n in range(12)]


def article(*paragraphs: str) -> Article:
    """A story whose blocks are `paragraphs` (the first paragraph of a text is its standfirst)."""
    text = "A harbour story\n\nWhat the story is about.\n\n" + "\n\n".join(paragraphs)
    return parse_text(text + "\n", ".txt")


def block_of(story: Article, text: str) -> int:
    return next(i for i, block in enumerate(story.blocks) if block.text.startswith(text))


def test_the_anchor_is_the_words_at_the_position_whitespace_collapsed() -> None:
    story = article("First  line of the   first paragraph,\tlong enough to be cut somewhere.")
    block = block_of(story, "First")
    assert anchor_text(story, Position(block, 0)) == (
        "First line of the first paragraph, long enough to be cut som"
    )
    assert (
        anchor_text(story, Position(block, 12))
        == "of the first paragraph, long enough to be cut somewhere."
    )
    assert anchor_text(story, Position(-1, 0)) == ""  # the header: nothing to look for
    assert anchor_text(story, Position(99, 0)) == ""


def test_an_unchanged_place_is_kept_as_it_is() -> None:
    story = article(*PARAGRAPHS)
    place = Position(block_of(story, "Paragraph 7"), 10, 55.0)
    assert relocate(story, place, anchor_text(story, place)) == place


def test_paragraphs_added_above_move_the_place_with_its_words() -> None:
    before = article(*PARAGRAPHS)
    place = Position(block_of(before, "Paragraph 7"), 10, 55.0)
    anchor = anchor_text(before, place)
    after = article("A correction was added.", "And a second note.", *PARAGRAPHS)
    found = relocate(after, place, anchor)
    assert found is not None and found.block == place.block + 2
    assert after.blocks[found.block].text[found.offset :].startswith("7 tells of the harbour")
    assert found.percent == 55.0


def test_paragraphs_removed_above_move_it_back() -> None:
    before = article(*PARAGRAPHS)
    place = Position(block_of(before, "Paragraph 9"), 0)
    after = article(*PARAGRAPHS[3:])
    found = relocate(after, place, anchor_text(before, place))
    assert found is not None and found.block == place.block - 3


def test_a_rewrapped_paragraph_is_still_found() -> None:
    before = article(*PARAGRAPHS)
    place = Position(block_of(before, "Paragraph 5"), 0)
    rewrapped = [p.replace(" the ferry ", "\nthe  ferry ") for p in PARAGRAPHS]
    after = article("New lede.", *rewrapped)
    found = relocate(after, place, anchor_text(before, place))
    assert found is not None and after.blocks[found.block].text.startswith("Paragraph 5 ")


def test_of_two_copies_the_nearest_to_the_old_place_wins() -> None:
    repeated = "The same sentence appears twice in this story, word for word."
    story = article(repeated, *PARAGRAPHS[:6], repeated, *PARAGRAPHS[6:])
    first, second = [i for i, b in enumerate(story.blocks) if b.text == repeated]
    assert relocate(story, Position(second - 1, 0), repeated) == Position(second, 0)
    assert relocate(story, Position(first + 1, 0), repeated) == Position(first, 0)


def test_a_bookmark_snippet_cut_with_an_ellipsis_finds_its_place() -> None:
    before = article(*PARAGRAPHS)
    place = Position(block_of(before, "Paragraph 4"), 0)
    snippet = "Paragraph 4 tells of the harbour, the fer\u2026"  # cut mid-word
    after = article("Inserted above.", *PARAGRAPHS)
    assert relocate(after, place, snippet) == Position(place.block + 1, 0)


@pytest.mark.parametrize(
    "anchor",
    ["", "Yes.", "x" * (MIN_ANCHOR - 1), "Words that appear nowhere in this story at all."],
)
def test_no_place_without_a_telling_anchor_found_in_the_text(anchor: str) -> None:
    story = article(*PARAGRAPHS)
    assert relocate(story, Position(3, 0), anchor) is None
