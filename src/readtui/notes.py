"""`readtui notes`: the reader's bookmarks (with notes) and copied quotes, grouped by article.

Pure: the CLI reads the store and prints what this module renders; the bookmarks screen sorts
with `sort_bookmarks`. Every text from outside (titles, snippets, quotes, notes) is sanitised,
so the export holds what readtui shows, never a control character.

The JSON (`to_json`) is a stable structure: new keys may be added, none renamed or removed.

    {"version": 1,
     "articles": [{"fingerprint", "title", "source", "url", "path",
                   "bookmarks": [{"block", "offset", "snippet", "note", "created_at"}],
                   "quotes": [{"text", "speaker", "role", "block", "offset", "copied_at"}]}]}

Times are ISO 8601 in UTC; `block`/`offset` locate the spot in the article's parsed text.
Articles come in title order, bookmarks and quotes in reading order.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote as percent_quote
from urllib.parse import urlsplit

from readtui.article.sanitize import sanitize, sanitize_line
from readtui.store.model import Bookmark, CopiedQuote

FORMATS = ("markdown", "json")
JSON_VERSION = 1
SORTS = ("added", "title", "position")
"""The bookmarks screen's orders: newest first; by article title (each article in reading
order); by position in article (reading order, the most recently bookmarked article first)."""
SORT_LABELS = {"added": "date added", "title": "article title", "position": "position in article"}
UNTITLED = "Untitled article"


@dataclass
class ArticleNotes:
    """Everything the reader kept from one article, with what is known to cite it."""

    fingerprint: str
    title: str = ""
    source: str = ""
    url: str = ""
    path: str = ""
    bookmarks: list[Bookmark] = field(default_factory=list)
    quotes: list[CopiedQuote] = field(default_factory=list)

    def learn(self, title: str, source: str, url: str, path: str) -> None:
        """Fill what is still unknown; callers go newest first, so the newest wins."""
        self.title = self.title or title
        self.source = self.source or source
        self.url = self.url or url
        self.path = self.path or path

    @property
    def heading(self) -> str:
        """The title, else the file's name: a heading is never empty."""
        return self.title or os.path.basename(self.path) or UNTITLED


def article_order(bookmark: Bookmark) -> tuple[int, int, float]:
    """Reading order within an article (two bookmarks at one spot: the older first)."""
    return (bookmark.block, bookmark.offset, bookmark.created_at)


def sort_bookmarks(bookmarks: Iterable[Bookmark], sort: str) -> list[Bookmark]:
    """The bookmarks in one of SORTS' orders (the store gives them newest first)."""
    newest = sorted(bookmarks, key=lambda b: (b.created_at, b.id), reverse=True)
    if sort == "added":
        return newest
    rank: dict[str, int] = {}
    for bookmark in newest:
        rank.setdefault(bookmark.fingerprint, len(rank))
    if sort == "title":
        return sorted(newest, key=lambda b: (_title_key(b), b.fingerprint, *article_order(b)))
    return sorted(newest, key=lambda b: (rank[b.fingerprint], *article_order(b)))


def _title_key(bookmark: Bookmark) -> str:
    return (bookmark.title or os.path.basename(bookmark.path) or UNTITLED).casefold()


def gather(bookmarks: Iterable[Bookmark], quotes: Iterable[CopiedQuote]) -> list[ArticleNotes]:
    """Group by article (fingerprint), in title order; within each, reading order."""
    articles: dict[str, ArticleNotes] = {}
    for b in sorted(bookmarks, key=lambda b: b.created_at, reverse=True):
        notes = articles.setdefault(b.fingerprint, ArticleNotes(b.fingerprint))
        notes.learn(b.title, b.source, b.url, b.path)
        notes.bookmarks.append(b)
    for q in sorted(quotes, key=lambda q: q.copied_at, reverse=True):
        notes = articles.setdefault(q.fingerprint, ArticleNotes(q.fingerprint))
        notes.learn(q.title, q.source, q.url, q.path)
        notes.quotes.append(q)
    for notes in articles.values():
        notes.bookmarks.sort(key=article_order)
        notes.quotes.sort(key=lambda q: (q.block, q.offset))
    return sorted(articles.values(), key=lambda n: (n.heading.casefold(), n.fingerprint))


# -- JSON ---------------------------------------------------------------------------------------


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


def _path_text(path: str) -> str:
    """A path as valid text: bytes that are not UTF-8 become U+FFFD."""
    return sanitize(path.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def to_dict(articles: Iterable[ArticleNotes]) -> dict[str, Any]:
    """The documented JSON structure (see the module's docstring)."""
    return {
        "version": JSON_VERSION,
        "articles": [
            {
                "fingerprint": n.fingerprint,
                "title": sanitize_line(n.title),
                "source": sanitize_line(n.source),
                "url": sanitize_line(n.url),
                "path": _path_text(n.path),
                "bookmarks": [
                    {
                        "block": b.block,
                        "offset": b.offset,
                        "snippet": sanitize_line(b.snippet),
                        "note": sanitize(b.note),
                        "created_at": _when(b.created_at),
                    }
                    for b in n.bookmarks
                ],
                "quotes": [
                    {
                        "text": sanitize(q.text),
                        "speaker": sanitize_line(q.speaker),
                        "role": sanitize_line(q.role),
                        "block": q.block,
                        "offset": q.offset,
                        "copied_at": _when(q.copied_at),
                    }
                    for q in n.quotes
                ],
            }
            for n in articles
        ],
    }


def to_json(articles: Iterable[ArticleNotes]) -> str:
    return json.dumps(to_dict(articles), ensure_ascii=False, indent=2) + "\n"


# -- Markdown -----------------------------------------------------------------------------------

_INLINE = re.compile(r"([\\`*_\[\]<>#|~$])")
"""Emphasis, code, links, HTML, headings and Obsidian/Logseq #tags, tables, strikes, maths."""
_PAIRS = re.compile(r"(==|%%|\(\(|\)\)|\{\{|\}\})")
"""Obsidian highlights and comments, Logseq block references and macros."""
_ENTITY = re.compile(r"&(?=#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_BLOCK_START = "+-=>#"
"""What opens a list, a setext underline, a quote or a heading at the start of a line."""


def _line_start(text: str) -> str:
    """Escape what would open a block (a list, a quote) at the start of a line."""
    if text[:1] and text[:1] in _BLOCK_START and not text.startswith("\\"):
        text = "\\" + text
    return _ORDERED_START.sub(r"\1\\\2", text)


def md_text(text: str) -> str:
    """Outside text on one line that Obsidian, Logseq and CommonMark all show literally."""
    text = _INLINE.sub(r"\\\1", " ".join(sanitize_line(text).split()))
    text = _PAIRS.sub(lambda m: "".join("\\" + ch for ch in m.group()), text)
    return _line_start(_ENTITY.sub(r"\\&", text))


def md_note(note: str) -> str:
    """The reader's own words stay Markdown (their **bold**, [[links]] and #tags work), on one
    line and with no raw HTML."""
    text = " ".join(sanitize_line(note).split()).replace("<", "\\<")
    return _line_start(_ENTITY.sub(r"\\&", text))


def md_link(label: str, url: str) -> str:
    """`[label](url)` for a web address; anything else (`javascript:`...) as plain text."""
    url = sanitize_line(url).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return md_text(" \u00b7 ".join(part for part in (label, url) if part))
    target = percent_quote(url, safe="/:?#&=%@!$'*+,;~.-_[]")
    return f"[{md_text(label or parts.netloc)}]({target})"


def _md_article(notes: ArticleNotes) -> str:
    parts = [f"## {md_text(notes.heading)}"]
    if notes.url:
        parts.append("Source: " + md_link(notes.source, notes.url))
    elif notes.source:
        parts.append("Source: " + md_text(notes.source))
    if notes.bookmarks:
        items = []
        for b in notes.bookmarks:
            items.append(f"- {md_text(b.snippet) or '(the headline)'}")
            if b.note.strip():
                items.append(f"  - Note: {md_note(b.note)}")
        parts += ["### Bookmarks", "\n".join(items)]
    if notes.quotes:
        parts.append("### Quotes")
        parts += [_md_quote(q) for q in notes.quotes]
    return "\n\n".join(parts)


def _md_quote(quote: CopiedQuote) -> str:
    """A block quote, a paragraph per paragraph of the quote, then `— Speaker, role`."""
    paragraphs = [md_text(p) for p in quote.text.split("\n") if p.strip()]
    who = ", ".join(part for part in (quote.speaker, quote.role) if part.strip())
    if who:
        paragraphs.append("\u2014 " + md_text(who))
    return "\n>\n".join(f"> {p}" for p in paragraphs)


def to_markdown(articles: Iterable[ArticleNotes]) -> str:
    """A section (`##`) per article: its source, its bookmarks as a list (each note under
    its bookmark), its copied quotes as block quotes."""
    sections = [_md_article(notes) for notes in articles]
    return "\n\n".join(sections) + "\n" if sections else ""


def render(articles: list[ArticleNotes], fmt: str) -> str:
    return to_json(articles) if fmt == "json" else to_markdown(articles)
