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
_ORDERED_START = re.compile(r"^(\d+)\.(?=\s)")


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
            "path": meta.path,
            "fingerprint": meta.fingerprint,
            "source": meta.source,
            "author": meta.author,
            "date": meta.date,
            "url": meta.url,
            "encoding": meta.encoding,
            "encoding_guessed": meta.encoding_guessed,
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
            }
            for q in article.quotes
        ],
    }


def to_json(article: Article) -> str:
    return json.dumps(to_dict(article), ensure_ascii=False, indent=2)


def _escape_md(text: str) -> str:
    """Escape what would start Markdown structure at the beginning of a line."""
    out = text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
    out = out.replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;").replace("`", "\\`")
    if out[:1] and out[:1] in "#>+-=|":
        out = "\\" + out
    return _ORDERED_START.sub(r"\1\\.", out)


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * max(2, min(block.level, 6))} {_escape_md(block.text)}"
    if isinstance(block, Figure):
        credit = f" *({_escape_md(block.credit)})*" if block.credit else ""
        lines = [f"*Photo: {_escape_md(block.alt)}*"] if block.alt else []
        lines.append(_escape_md(block.caption) + credit)
        return "\n>\n".join(f"> {line}" for line in lines)
    if isinstance(block, Media):
        head = f"**▶ {block.label}** · {_escape_md(block.title or block.intro)}"
        info = " · ".join(part for part in (block.duration, block.age) if part)
        lines = [head, f"*{info}*" if info else "", _escape_md(block.description)]
        return "> " + "\n>\n> ".join(line for line in lines if line)
    if isinstance(block, BlockQuote):
        return "\n>\n".join("> " + _escape_md(p) for p in block.text.split("\n\n"))
    if isinstance(block, ListBlock):
        return "\n".join(
            (f"{block.start + n}. " if block.ordered else "- ") + _escape_md(item)
            for n, item in enumerate(block.items)
        )
    if isinstance(block, CodeBlock):
        fence = "````" if "```" in block.text else "```"
        return f"{fence}{block.language}\n{block.text}\n{fence}"
    assert isinstance(block, Paragraph)
    return _escape_md(block.text)


def to_markdown(article: Article) -> str:
    meta = article.meta
    parts = [f"# {_escape_md(article.title)}"]
    byline = " · ".join(p for p in (meta.author, meta.source, meta.date) if p)
    if byline:
        parts.append(f"*{_escape_md(byline)}*")
    if article.standfirst:
        parts.append(f"**{_escape_md(article.standfirst)}**")
    if article.subhead:
        parts.append(f"*{_escape_md(article.subhead)}*")
    parts += [_md_block(block) for block in article.blocks]
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
