"""Outlet layouts in scraped text: photo credits, media, datelines, bylines, headings and junk."""

from __future__ import annotations

import pytest

from readtui.article.credits import find_credit
from readtui.article.model import Article, Figure, Heading, Media, Paragraph
from readtui.article.plain import parse_plain

STORY = "The story itself goes on for a sentence or two, as stories do."
LEDE = "The first paragraph of the story sets out what happened, and where, and when."


def parse(*chunks: str, title: str = "A headline for the story", lede: str = LEDE) -> Article:
    """The title, a lede paragraph and `chunks`, each after a blank line."""
    return parse_plain("\n\n".join((title, *([lede] if lede else []), *chunks)) + "\n")


def only(article: Article, kind: type) -> list:  # type: ignore[type-arg]
    return [block for block in article.blocks if isinstance(block, kind)]


# Photo credits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        ("Crowds wait outside. (Jane Doe/CBC)", "Crowds wait outside.", "Jane Doe/CBC"),
        ("A mural. (Submitted by Ana Ruiz)", "A mural.", "Submitted by Ana Ruiz"),
        ("Rescuers dig. (AP Photo/Sam Reyes)", "Rescuers dig.", "AP Photo/Sam Reyes"),
        ("Crowds gather. REUTERS/Ann Lee", "Crowds gather.", "REUTERS/Ann Lee"),
        ("Crowds gather. Ann Lee/Reuters", "Crowds gather.", "Ann Lee/Reuters"),
        ("Police wait. Photograph: Ann Lee/AP", "Police wait.", "Ann Lee/AP"),
        (
            "A vigil.Credit...Ann Lee/The New York Times",
            "A vigil.",
            "Ann Lee/The New York Times",
        ),
        ("A sign. Sam Lin\u2014Getty Images", "A sign.", "Sam Lin\u2014Getty Images"),
        ("A sign. Sam Lin/AFP via Getty Images", "A sign.", "Sam Lin/AFP via Getty Images"),
        ("Sandbags. [Lee Park/Al Jazeera]", "Sandbags.", "Lee Park/Al Jazeera"),
    ],
)
def test_each_outlets_credit_is_found(line: str, caption: str, credit: str) -> None:
    found = find_credit(line)
    assert found is not None
    assert (found.caption, found.credit) == (caption, credit)


@pytest.mark.parametrize(
    "line",
    [
        "The Social Democrats (SO) won the vote.",
        "The team finished the season (41-31-8)",
        "The party's leader (pictured)",
        "The deal is worth millions (about $3 million)",
        "Fans of the band sang along to AC/DC",
        "Not a photo. (CBC)",
        "He compared it to a [troops] bracket",
    ],
)
def test_look_alike_brackets_are_not_credits(line: str) -> None:
    assert find_credit(line) is None


def test_figure_takes_the_alt_line_above_its_caption() -> None:
    article = parse(
        STORY,
        "Two people shake hands.\nThe ministers meet in Oslo on Monday. (AP Photo/Sam Reyes)",
    )
    assert only(article, Figure) == [
        Figure(
            caption="The ministers meet in Oslo on Monday.",
            alt="Two people shake hands.",
            credit="AP Photo/Sam Reyes",
        )
    ]


def test_nyt_credit_on_its_own_line_takes_the_caption_above() -> None:
    article = parse(
        STORY,
        "Image\nA crowd outside the court.\nCredit...Ann Lee for The New York Times",
    )
    assert only(article, Figure) == [
        Figure(caption="A crowd outside the court.", credit="Ann Lee for The New York Times")
    ]
    assert "Image" in article.removed


def test_bbc_image_source_and_caption_make_one_figure() -> None:
    article = parse(STORY, "Image source, Getty Images", "Image caption, Crowds in the square")
    assert only(article, Figure) == [Figure(caption="Crowds in the square", credit="Getty Images")]


# Media ----------------------------------------------------------------------------------------


def test_watch_line_with_a_date_is_a_media_block() -> None:
    article = parse(STORY, "WATCH: Floodwater reaches the bridge \u2013 Mar 1, 2023", STORY)
    assert only(article, Media) == [
        Media(label="WATCH", title="Floodwater reaches the bridge", age="Mar 1, 2023")
    ]


def test_bbc_media_caption_is_a_media_block() -> None:
    article = parse(STORY, "Media caption, The moment the dam gave way", STORY)
    assert only(article, Media) == [
        Media(label="Media caption", title="The moment the dam gave way")
    ]


# Datelines, bylines and credit lines ------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        ("LONDON (Reuters) - Shares fell on Monday.", "LONDON (Reuters)", "Shares fell on Monday."),
        (
            "KYIV, Ukraine (AP) \u2014 Sirens sounded at dawn.",
            "KYIV, Ukraine (AP)",
            "Sirens sounded at dawn.",
        ),
        (
            "WASHINGTON, March 3 (Reuters) - The vote was close.",
            "WASHINGTON, March 3 (Reuters)",
            "The vote was close.",
        ),
        ("(CNN) -- It began quietly.", "(CNN)", "It began quietly."),
    ],
)
def test_dateline_becomes_metadata(paragraph: str, dateline: str, rest: str) -> None:
    article = parse(paragraph, STORY, lede="")
    assert article.meta.dateline == dateline
    assert article.blocks[0] == Paragraph(rest)


def test_bracket_in_a_sentence_is_no_dateline() -> None:
    article = parse("The Social Democrats (SO) - the largest party - lost.", STORY, lede="")
    assert article.meta.dateline == ""
    assert article.blocks[0] == Paragraph("The Social Democrats (SO) - the largest party - lost.")


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By JANE DOE and JOHN ROE", "JANE DOE and JOHN ROE"),
        ("By Jane Doe, BBC News", "Jane Doe"),
        ("By Maria de la Cruz", "Maria de la Cruz"),
    ],
)
def test_byline_becomes_the_author(line: str, author: str) -> None:
    article = parse(line, LEDE, STORY, lede="")
    assert article.meta.author == author
    assert article.blocks == (Paragraph(LEDE), Paragraph(STORY))


@pytest.mark.parametrize(
    "sentence",
    ["By the time the river rose, nobody was left.", "By Monday, the water had gone."],
)
def test_sentence_starting_with_by_stays_in_the_story(sentence: str) -> None:
    article = parse(STORY, sentence)
    assert article.meta.author == ""
    assert article.blocks[-1] == Paragraph(sentence)


def test_reuters_credit_line_becomes_metadata() -> None:
    article = parse(STORY, "(Reporting by Ann Smith in Oslo; Editing by Tom Brown)")
    assert article.meta.credits == "Reporting by Ann Smith in Oslo; Editing by Tom Brown"
    assert article.blocks == (Paragraph(LEDE), Paragraph(STORY))


def test_cbc_byline_gives_author_source_and_date() -> None:
    article = parse("Jane Doe \u00b7 CBC News \u00b7 Posted: Mar 1, 2023 4:00 AM ET", STORY)
    meta = article.meta
    assert (meta.author, meta.source, meta.date) == (
        "Jane Doe",
        "CBC News",
        "Mar 1, 2023 4:00 AM ET",
    )


# Headings and junk ------------------------------------------------------------------------------


def test_all_caps_question_and_separator_are_headings() -> None:
    article = parse(STORY, "___", "WHAT HAPPENS NEXT?", STORY)
    assert article.blocks[2:4] == (Heading(""), Heading("WHAT HAPPENS NEXT?"))


def test_related_links_are_junk_not_headings() -> None:
    article = parse(
        STORY,
        "Related Stories\nFlood warnings issued for river towns\nGovernor declares emergency",
        "A real heading",
        STORY,
    )
    assert only(article, Heading) == [Heading("A real heading")]
    assert article.removed == (
        "Related Stories",
        "Flood warnings issued for river towns",
        "Governor declares emergency",
    )


JUNK = (
    "Social Sharing",
    "Advertisement",
    "Story continues below advertisement",
    "Related Stories",
    "Want to discuss? Please read our first.",
    "View full size image",
    "Enlarge",
)


def test_page_junk_is_hidden_but_kept_in_removed() -> None:
    article = parse(*(f"{STORY}\n\n{junk}" for junk in JUNK))
    assert article.blocks == (Paragraph(LEDE),) + (Paragraph(STORY),) * len(JUNK)
    assert article.removed == JUNK


def test_repeated_lede_is_shown_once_and_kept_in_removed() -> None:
    lede = "A lede that the page prints twice, once as a standfirst and once in the body."
    article = parse("A short subhead", STORY, lede, STORY, lede=lede)
    assert article.standfirst == lede
    assert article.blocks == (Paragraph(STORY), Paragraph(STORY))
    assert article.removed == (lede,)


def test_bbc_style_file_is_title_then_paragraphs() -> None:
    paragraphs = [f"Paragraph number {n} of the story, with a full stop." for n in range(4)]
    article = parse(*paragraphs, title="Town votes to keep its library open", lede="")
    assert article.title == "Town votes to keep its library open"
    assert article.standfirst == ""
    assert article.blocks == tuple(Paragraph(p) for p in paragraphs)


def test_unpunctuated_line_under_the_title_is_the_standfirst() -> None:
    standfirst = "Owners of the shop say they cannot survive a lease at three times the rent"
    article = parse(standfirst, STORY, lede="")
    assert (article.standfirst, article.blocks) == (standfirst, (Paragraph(STORY),))


def test_line_cut_off_from_the_story_by_page_furniture_is_the_standfirst() -> None:
    article = parse("Share full article", "By Ann Lee", STORY)
    assert (article.standfirst, article.meta.author) == (LEDE, "Ann Lee")
    assert article.blocks == (Paragraph(STORY),)


def test_first_paragraph_after_a_byline_is_the_story() -> None:
    article = parse("By Ann Lee", LEDE, STORY, lede="")
    assert article.standfirst == ""
    assert article.blocks == (Paragraph(LEDE), Paragraph(STORY))


def test_a_rank_before_the_name_belongs_to_the_credit() -> None:
    found = find_credit("Rescuers land. Sgt. Lena Ortiz/Air National Guard")
    assert found is not None
    assert (found.caption, found.credit) == ("Rescuers land.", "Sgt. Lena Ortiz/Air National Guard")
    bracketed = find_credit("A coach in Portland, Ore. (AP Photo/Jenna Park)")
    assert bracketed is not None and bracketed.caption == "A coach in Portland, Ore."


def test_bare_name_above_the_date_line_is_the_byline() -> None:
    article = parse("Jane Doe in Kyiv\nSun 5 Mar 2023 10.00 GMT", LEDE, STORY, lede="")
    meta = article.meta
    assert (meta.author, meta.dateline, meta.date) == (
        "Jane Doe",
        "Kyiv",
        "Sun 5 Mar 2023 10.00 GMT",
    )
    assert article.blocks == (Paragraph(LEDE), Paragraph(STORY))


def test_cbc_byline_without_a_name_gives_the_source() -> None:
    article = parse("CBC News \u00b7 Posted: Mar 3, 2023 4:00 AM ET", LEDE, STORY, lede="")
    assert (article.meta.source, article.meta.author) == ("CBC News", "")


@pytest.mark.parametrize("line", ["'Once in a lifetime'", "\u2018We will rebuild\u2019"])
def test_a_short_quote_on_its_own_line_is_a_heading(line: str) -> None:
    article = parse(STORY, line, "Another paragraph of the story follows the heading.")
    assert article.blocks[2] == Heading(line)
    assert article.quotes == ()
