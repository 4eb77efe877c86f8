"""Reading an article file: bytes -> decoded text -> the right parser -> Article."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import replace
from pathlib import Path

from readtui.article.decode import decode
from readtui.article.markdown import parse_markdown
from readtui.article.model import Article
from readtui.article.plain import parse_plain
from readtui.errors import ArticleError

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
ARTICLE_SUFFIXES = frozenset({".txt", *MARKDOWN_SUFFIXES})
MAX_BYTES = 16 * 1024 * 1024


def fingerprint(data: bytes) -> str:
    """Identity of an article by content, so renaming or moving the file keeps its state."""
    return hashlib.sha256(data).hexdigest()[:32]


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """Read a regular file, at most `limit` bytes; anything else is refused in plain words."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError(f"Not a regular file: {path.name}")
        with path.open("rb") as handle:
            return handle.read(limit)
    except PermissionError as exc:
        raise ArticleError(f"Permission denied: {path.name}") from exc
    except OSError as exc:
        raise ArticleError(f"Cannot read {path.name}: {exc.strerror or exc}") from exc


def parse_text(text: str, suffix: str) -> Article:
    return parse_markdown(text) if suffix.lower() in MARKDOWN_SUFFIXES else parse_plain(text)


def load_article(path: Path) -> Article:
    data = read_bytes(path)
    decoded = decode(data)
    article = parse_text(decoded.text, path.suffix)
    meta = replace(
        article.meta,
        path=str(path),
        fingerprint=fingerprint(data),
        encoding=decoded.encoding,
        encoding_guessed=decoded.guessed,
        notices=(*decoded.notices, *article.meta.notices),
    )
    return replace(article, title=article.title or path.stem, meta=meta)
