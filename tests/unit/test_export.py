"""`readtui export`: JSON with the full structure, Markdown that reads back, plain text, and the
command line around them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from readtui.article.export import export, to_dict, to_json, to_markdown, to_text
from readtui.article.load import load_article
from readtui.article.markdown import parse_markdown
from readtui.article.model import (
    Article,
    BlockQuote,
    Figure,
    Heading,
    ListBlock,
    Media,
    Paragraph,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "articles" / "russian-recruiter-shot-cbc.txt"


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(SEED)


@pytest.fixture(scope="module")
def seed_json(seed: Article) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(to_json(seed))
    return data


def _blocks_of(article: Article, kind: type) -> list[Any]:
    return [block for block in article.blocks if isinstance(block, kind)]


# JSON -----------------------------------------------------------------------------------------


def test_json_round_trips(seed: Article) -> None:
    assert json.loads(to_json(seed)) == to_dict(seed)


@pytest.mark.parametrize("key", ["title", "standfirst", "subhead"])
def test_json_header_fields(seed: Article, seed_json: dict[str, Any], key: str) -> None:
    assert seed_json[key] == getattr(seed, key)


def test_json_has_one_entry_per_block_with_its_kind(
    seed: Article, seed_json: dict[str, Any]
) -> None:
    assert [entry["kind"] for entry in seed_json["blocks"]] == [b.kind for b in seed.blocks]


def test_json_blocks_carry_every_field(seed: Article, seed_json: dict[str, Any]) -> None:
    for block, entry in zip(seed.blocks, seed_json["blocks"], strict=True):
        names = {item.name for item in fields(block)}
        assert set(entry) == {"kind"} | names
        assert all(entry[name] == getattr(block, name) for name in names)


@pytest.mark.parametrize(
    ("kind", "keys"),
    [
        ("figure", {"alt", "caption", "credit"}),
        ("media", {"label", "intro", "title", "age", "duration", "description"}),
        ("heading", {"text", "level"}),
        ("paragraph", {"text"}),
    ],
)
def test_json_block_kinds_have_their_fields(
    seed_json: dict[str, Any], kind: str, keys: set[str]
) -> None:
    entries = [entry for entry in seed_json["blocks"] if entry["kind"] == kind]
    assert entries
    assert all(keys <= set(entry) for entry in entries)


def test_json_media_values(seed: Article, seed_json: dict[str, Any]) -> None:
    (media,) = _blocks_of(seed, Media)
    (entry,) = [e for e in seed_json["blocks"] if e["kind"] == "media"]
    assert (entry["label"], entry["duration"], entry["age"]) == (
        media.label,
        media.duration,
        media.age,
    )


def test_json_quotes(seed: Article, seed_json: dict[str, Any]) -> None:
    assert len(seed_json["quotes"]) == len(seed.quotes)
    for quote, entry in zip(seed.quotes, seed_json["quotes"], strict=True):
        assert {"text", "block", "start", "end", "speaker"} <= set(entry)
        assert (entry["text"], entry["block"], entry["start"], entry["end"]) == (
            quote.text,
            quote.block,
            quote.start,
            quote.end,
        )
        assert entry["speaker"] == quote.speaker


def test_json_quote_offsets_index_the_exported_blocks(seed_json: dict[str, Any]) -> None:
    for entry in seed_json["quotes"]:
        block = seed_json["blocks"][entry["block"]]
        assert block["text"][entry["start"] : entry["end"]] == entry["text"]


# Markdown -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reread(seed: Article) -> Article:
    return parse_markdown(to_markdown(seed))


def _markdown_text(article: Article) -> str:
    return "\n".join([article.title, *(block.text for block in article.blocks)])


def test_markdown_keeps_the_title(seed: Article, reread: Article) -> None:
    assert reread.title == seed.title


def test_markdown_keeps_the_headings(seed: Article, reread: Article) -> None:
    assert [h.text for h in _blocks_of(reread, Heading)] == [
        h.text for h in _blocks_of(seed, Heading)
    ]


def test_markdown_keeps_every_paragraph(seed: Article, reread: Article) -> None:
    texts = {block.text for block in reread.blocks}
    missing = [p.text for p in _blocks_of(seed, Paragraph) if p.text not in texts]
    assert missing == []


@pytest.mark.parametrize("part", ["caption", "alt", "credit"])
def test_markdown_keeps_figure_text(seed: Article, reread: Article, part: str) -> None:
    text = _markdown_text(reread)
    assert all(getattr(figure, part) in text for figure in _blocks_of(seed, Figure))


@pytest.mark.parametrize("part", ["intro", "title", "description", "duration", "age"])
def test_markdown_keeps_media_text(seed: Article, reread: Article, part: str) -> None:
    (media,) = _blocks_of(seed, Media)
    assert getattr(media, part) in _markdown_text(reread)


def test_markdown_keeps_standfirst_and_subhead(seed: Article, reread: Article) -> None:
    texts = [block.text for block in reread.blocks]
    assert seed.standfirst in texts
    assert seed.subhead in texts


LITERAL = [
    "*not emphasis* here",
    "a_b_c and _under_",
    "[not a link](https://example.com)",
    "# not a heading",
    "### nor this",
    "* not a bullet",
    "- nor this",
    "+ nor this",
    "> not a quote",
    "1. not a list",
    "2) not a list either",
    "7.",
    "~~~ not a fence",
    "``` nor this",
    "--- not a rule",
    "***",
    "fish &amp; chips and &#42;",
    "a <b>tag</b> and <https://example.com>",
    "back\\slash \\* and `code`",
    "![not an image](x.png)",
    "ends with a hash #",
]


@pytest.mark.parametrize("text", LITERAL)
def test_markdown_paragraph_text_is_literal(text: str) -> None:
    article = Article(title="T", blocks=(Paragraph(text),))
    assert parse_markdown(to_markdown(article)).blocks == (Paragraph(text),)


@pytest.mark.parametrize("text", LITERAL)
def test_markdown_heading_text_is_literal(text: str) -> None:
    article = Article(title="T", blocks=(Heading(text),))
    assert parse_markdown(to_markdown(article)).blocks == (Heading(text),)


@pytest.mark.parametrize("text", LITERAL)
def test_markdown_title_is_literal(text: str) -> None:
    article = Article(title=text, blocks=(Paragraph("Body."),))
    assert parse_markdown(to_markdown(article)).title == text


def test_markdown_line_breaks_inside_a_paragraph_stay_literal() -> None:
    text = "first line\n# second line\n- third line"
    article = Article(title="T", blocks=(Paragraph(text),))
    assert parse_markdown(to_markdown(article)).blocks == (Paragraph(text),)


def test_markdown_list_items_with_markup_stay_literal() -> None:
    items = ("*one*", "# two", "three\n- still three")
    article = Article(title="T", blocks=(ListBlock(items),))
    assert parse_markdown(to_markdown(article)).blocks == (ListBlock(items),)


def test_markdown_block_quote_paragraphs_stay_literal() -> None:
    text = "# first *para*\n\n> second para"
    article = Article(title="T", blocks=(BlockQuote(text),))
    assert parse_markdown(to_markdown(article)).blocks == (BlockQuote(text),)


# Plain text -----------------------------------------------------------------------------------


def test_text_export_contains_every_paragraph(seed: Article) -> None:
    lines = set(to_text(seed).split("\n"))
    assert [p.text for p in _blocks_of(seed, Paragraph) if p.text not in lines] == []


def test_text_export_starts_with_the_header(seed: Article) -> None:
    head = to_text(seed).split("\n\n")[:3]
    assert head == [seed.title, seed.standfirst, seed.subhead]


@pytest.mark.parametrize("part", ["alt", "caption", "credit"])
def test_text_export_contains_figure_text(seed: Article, part: str) -> None:
    text = to_text(seed)
    assert all(getattr(figure, part) in text for figure in _blocks_of(seed, Figure))


def test_unknown_format_is_refused(seed: Article) -> None:
    with pytest.raises(ValueError, match="pdf"):
        export(seed, "pdf")


def test_json_quotes_carry_speaker_role_and_kind(seed_json: dict[str, Any]) -> None:
    by_text = {entry["text"]: entry for entry in seed_json["quotes"]}
    sullivan = next(entry for text, entry in by_text.items() if text.startswith("If Russia"))
    assert (sullivan["speaker"], sullivan["role"], sullivan["kind"]) == (
        "Jake Sullivan",
        "U.S. national security adviser",
        "full",
    )
    assert by_text["new conditions"]["speaker"] == "Mevlut Cavusoglu"
    assert by_text["new conditions"]["kind"] == "partial"


def test_json_keeps_the_removed_furniture_and_news_metadata(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "Port strike enters second week\n\nBy Ann Lee\n\nAdvertisement\n\n"
        "ROTTERDAM (Reuters) - Dockers stayed out on Monday.\n\n"
        "(Reporting by Ann Lee; Editing by Tom Brown)\n",
        encoding="utf-8",
    )
    result = run_cli("export", story, "--format", "json")
    data = json.loads(result.stdout)
    assert data["removed"] == ["Advertisement"]
    assert data["meta"]["author"] == "Ann Lee"
    assert data["meta"]["dateline"] == "ROTTERDAM (Reuters)"
    assert data["meta"]["credits"] == "Reporting by Ann Lee; Editing by Tom Brown"
    assert data["blocks"] == [{"kind": "paragraph", "text": "Dockers stayed out on Monday."}]


# The command line -----------------------------------------------------------------------------


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "readtui", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )


def test_cli_json(seed: Article) -> None:
    result = run_cli("export", SEED, "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert data["title"] == seed.title
    assert len(data["quotes"]) == len(seed.quotes)


def test_cli_json_is_the_default(seed: Article) -> None:
    result = run_cli("export", SEED)
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"] == seed.title


def test_cli_markdown(seed: Article) -> None:
    result = run_cli("export", SEED, "--format", "markdown")
    assert (result.returncode, result.stderr) == (0, "")
    reread = parse_markdown(result.stdout)
    assert reread.title == seed.title
    assert [h.text for h in _blocks_of(reread, Heading)] == [
        h.text for h in _blocks_of(seed, Heading)
    ]


def test_cli_text(seed: Article) -> None:
    result = run_cli("export", SEED, "--format", "text")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == to_text(seed)


def _assert_one_line_error(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("readtui: ")
    assert needle in lines[0]


def test_cli_missing_file(tmp_path: Path) -> None:
    result = run_cli("export", tmp_path / "no-such-article.txt", "--format", "json")
    _assert_one_line_error(result, "no-such-article.txt")


def test_cli_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    _assert_one_line_error(run_cli("export", path), "binary")


def test_cli_json_of_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    path = os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt")
    Path(path).write_text("Cafe reopens\n\nThe cafe opened again on Monday.\n", encoding="utf-8")
    result = run_cli("export", path)
    assert (result.returncode, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert data["meta"]["path"].endswith("/caf\ufffd.txt")
    assert data["title"] == "Cafe reopens"


def test_cli_directory(tmp_path: Path) -> None:
    _assert_one_line_error(run_cli("export", tmp_path), "Not a regular file")


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_cli_version_and_help(flag: str) -> None:
    result = run_cli(flag)
    assert result.returncode == 0
    assert "readtui" in result.stdout and result.stderr == ""
