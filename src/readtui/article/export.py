"""`readtui export`: the parsed article as JSON, clean Markdown or plain text."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from typing import Any

from readtui.article.model import (
    Article,
    Block,
    BlockQuote,
    CodeBlock,
    Figure,
    Heading,
    ListBlock,
    Media,
    Paragraph,
)

FORMATS = ("json", "markdown", "text")
SEPARATOR = "* * *"
"""How a section separator (a heading with no text) is written in Markdown and text exports."""
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_ENTITY = re.compile(r"&(?=#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_BACKTICKS = re.compile(r"`+")
_CLOSING_HASHES = re.compile(r"(^|[ \t])(#+)$")
_LINE_START = "#>+-=|~"
"""Characters that can open Markdown structure (heading, quote, list, setext, table, fence)."""


def text_of_path(path: str) -> str:
    """A path as valid text: bytes that are not UTF-8 (kept by Python as surrogate escapes,
    which no encoder accepts) become U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def block_to_dict(block: Block) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": block.kind}
    for item in fields(block):
        value = getattr(block, item.name)
        data[item.name] = list(value) if isinstance(value, tuple) else value
    return data


def to_dict(article: Article) -> dict[str, Any]:
    meta = article.meta
    return {
        "title": article.title,
        "standfirst": article.standfirst,
        "subhead": article.subhead,
        "meta": {
            "path": text_of_path(meta.path),
            "fingerprint": meta.fingerprint,
            "source": meta.source,
            "author": meta.author,
            "date": meta.date,
            "url": meta.url,
            "encoding": meta.encoding,
            "encoding_guessed": meta.encoding_guessed,
            "dateline": meta.dateline,
            "credits": meta.credits,
            "notices": list(meta.notices),
            "word_count": meta.word_count,
            "minutes": meta.minutes,
        },
        "blocks": [block_to_dict(block) for block in article.blocks],
        "quotes": [
            {
                "text": q.text,
                "block": q.block,
                "start": q.start,
                "end": q.end,
                "end_block": q.end_block,
                "speaker": q.speaker,
                "role": q.role,
                "kind": q.kind,
            }
            for q in article.quotes
        ],
        "removed": list(article.removed),
    }


def to_json(article: Article) -> str:
    return json.dumps(to_dict(article), ensure_ascii=False, indent=2)


def _escape_line(line: str) -> str:
    """One line of text that Markdown shows literally: inline markup, entities and whatever
    would open a block at the start of the line are escaped; outer blanks (which Markdown
    ignores, or reads as an indented code block) are dropped."""
    out = line.strip(" \t").replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
    out = out.replace("[", "\\[").replace("]", "\\]").replace("<", "\\<").replace("`", "\\`")
    out = _ENTITY.sub(r"\\&", out)
    if out[:1] and out[:1] in _LINE_START:
        out = "\\" + out
    return _ORDERED_START.sub(r"\1\\\2", out)


def _escape_md(text: str) -> str:
    """Text as Markdown that reads back literally; its line breaks become hard breaks."""
    return "\\\n".join(_escape_line(line) for line in text.split("\n"))


def _escape_heading(text: str) -> str:
    """Heading text on one line, with a trailing run of `#` kept (not read as a closing one)."""
    return _CLOSING_HASHES.sub(r"\1\\\2", _escape_md(" ".join(text.split("\n"))))


def _quoted(text: str) -> str:
    """Every line of `text` inside a Markdown block quote."""
    return "\n".join(f"> {line}".rstrip() for line in text.split("\n"))


def _md_block(block: Block) -> str:
    if isinstance(block, Heading) and not block.text:
        return SEPARATOR
    if isinstance(block, Heading):
        return f"{'#' * max(2, min(block.level, 6))} {_escape_heading(block.text)}"
    if isinstance(block, Figure):
        credit = f" *({_escape_md(block.credit)})*" if block.credit else ""
        lines = [f"*Photo: {_escape_md(block.alt)}*"] if block.alt else []
        lines.append(_escape_md(block.caption) + credit)
        return _quoted("\n\n".join(lines))
    if isinstance(block, Media):
        head = f"**▶ {block.label}**"
        if block.intro:
            head += f" · {_escape_md(block.intro)}"
        info = " · ".join(part for part in (block.duration, block.age) if part)
        lines = [
            head,
            f"**{_escape_md(block.title)}**" if block.title else "",
            f"*{_escape_md(info)}*" if info else "",
            _escape_md(block.description),
        ]
        return _quoted("\n\n".join(line for line in lines if line))
    if isinstance(block, BlockQuote):
        return _quoted("\n\n".join(_escape_md(p) for p in block.text.split("\n\n")))
    if isinstance(block, ListBlock):
        items = []
        for n, item in enumerate(block.items):
            bullet = f"{block.start + n}. " if block.ordered else "- "
            body = _escape_md(item).replace("\n", "\n" + " " * len(bullet))
            items.append(bullet + body)
        return "\n".join(items)
    if isinstance(block, CodeBlock):
        longest = max((len(run) for run in _BACKTICKS.findall(block.text)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}{block.language}\n{block.text}\n{fence}"
    assert isinstance(block, Paragraph)
    return _escape_md(block.text)


def to_markdown(article: Article) -> str:
    meta = article.meta
    parts = [f"# {_escape_heading(article.title)}"]
    byline = " · ".join(p for p in (meta.author, meta.source, meta.date, meta.dateline) if p)
    if byline:
        parts.append(f"*{_escape_md(byline)}*")
    if article.standfirst:
        parts.append(f"**{_escape_md(article.standfirst)}**")
    if article.subhead:
        parts.append(f"*{_escape_md(article.subhead)}*")
    parts += [_md_block(block) for block in article.blocks]
    if meta.credits:
        parts.append(f"*({_escape_md(meta.credits)})*")
    return "\n\n".join(parts) + "\n"


def _text_block(block: Block) -> str:
    if isinstance(block, Figure):
        lines = [f"[Photo] {block.alt}" if block.alt else "[Photo]", block.caption]
        return "\n".join(lines + ([f"({block.credit})"] if block.credit else []))
    if isinstance(block, Media):
        info = " · ".join(p for p in (block.duration, block.age) if p)
        lines = [f"▶ {block.label} | {block.intro}", block.title, info, block.description]
        return "\n".join(line for line in lines if line)
    if isinstance(block, ListBlock):
        return "\n".join(f"- {item}" for item in block.items)
    if isinstance(block, Heading):
        if not block.text:
            return SEPARATOR
        return block.text.upper() if block.level <= 2 else block.text
    return block.text


def to_text(article: Article) -> str:
    head = [article.title, article.standfirst, article.subhead]
    parts = [part for part in head if part] + [_text_block(b) for b in article.blocks]
    return "\n\n".join(parts) + "\n"


def export(article: Article, fmt: str) -> str:
    if fmt == "json":
        return to_json(article) + "\n"
    if fmt == "markdown":
        return to_markdown(article)
    if fmt == "text":
        return to_text(article)
    raise ValueError(f"unknown export format: {fmt}")
