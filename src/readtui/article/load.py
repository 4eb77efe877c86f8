"""Reading an article file: bytes -> decoded text -> the right parser -> Article.

Files come from anywhere, so reading never blocks (a FIFO, a device), never takes more than
MAX_BYTES, and every refusal is said in plain words for the sidebar.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from readtui.article.decode import Decoded, decode
from readtui.article.model import Article
from readtui.article.plain import parse_plain
from readtui.article.sanitize import sanitize_name
from readtui.errors import ArticleError

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
ARTICLE_SUFFIXES = frozenset({".txt", *MARKDOWN_SUFFIXES})
MAX_BYTES = 16 * 1024 * 1024
CHUNK = 1024 * 1024
OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
"""O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer; O_NOCTTY: a
terminal device never becomes ours."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_REASONS = {
    errno.ELOOP: "Symlink loop: {name} leads back to itself, so there is no file to read.",
    errno.EACCES: "Permission denied: you are not allowed to read {name}.",
    errno.EPERM: "Permission denied: you are not allowed to read {name}.",
    errno.ENAMETOOLONG: "The name {name} is too long to open.",
}


@dataclass(frozen=True)
class FileStamp:
    """Which version of a file was read: a change in any field means it was edited or replaced."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> FileStamp:
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


@dataclass(frozen=True)
class FileBytes:
    """The start of a file (all of it unless `truncated`) and the version it came from."""

    data: bytes
    size: int
    """The file's size when it was read, at least len(data)."""
    stamp: FileStamp
    truncated: bool = False


@dataclass(frozen=True)
class Loaded:
    article: Article
    stamp: FileStamp


def fingerprint(data: bytes) -> str:
    """Identity of an article by content, so renaming or moving the file keeps its state."""
    return hashlib.sha256(data).hexdigest()[:32]


def stamp_of(path: Path) -> FileStamp | None:
    """The file's stamp now (through symlinks), or None when it is gone or cannot be seen.
    One stat call, cheap enough to run on a timer in the UI thread."""
    try:
        return FileStamp.of(os.stat(path))
    except (OSError, ValueError):
        return None


def _name(path: Path) -> str:
    """The file name for a message, made safe and visible (bidi overrides, bad bytes)."""
    return sanitize_name(path.name or str(path))


def _refuse_special(info: os.stat_result, path: Path) -> None:
    if stat.S_ISREG(info.st_mode):
        return
    kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
    raise ArticleError(f"Not a regular file: {_name(path)} is {kind}, so it was not opened.")


def _reason(exc: OSError, path: Path) -> str:
    """What went wrong, in plain words rather than strerror alone."""
    name = _name(path)
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return f"Broken symlink: {name} points to a file that does not exist."
        return f"No such file: {name}"
    if exc.errno in _REASONS:
        return _REASONS[exc.errno].format(name=name)
    return f"Cannot read {name}: {exc.strerror or exc}."


def read_file(path: Path, limit: int | None = None) -> FileBytes:
    """At most `limit` (MAX_BYTES) bytes of a regular file, never blocking on a special file.

    The path is checked before opening, so a device is never opened at all; the open
    descriptor is checked again, since the path may have been swapped for a FIFO in between.
    """
    try:
        _refuse_special(os.stat(path), path)
        descriptor = os.open(path, OPEN_FLAGS)
    except OSError as exc:
        raise ArticleError(_reason(exc, path)) from exc
    try:
        info = os.fstat(descriptor)
        _refuse_special(info, path)
        data, more = _read_at_most(descriptor, MAX_BYTES if limit is None else limit)
    except OSError as exc:
        raise ArticleError(_reason(exc, path)) from exc
    finally:
        os.close(descriptor)
    size = max(info.st_size, len(data) + more)
    if more:
        data = without_cut_character(data)
    return FileBytes(data, size, FileStamp.of(info), truncated=more)


def _read_at_most(descriptor: int, limit: int) -> tuple[bytes, bool]:
    """Up to `limit` bytes, and whether the file holds more."""
    chunks: list[bytes] = []
    left = limit
    while left > 0 and (chunk := os.read(descriptor, min(left, CHUNK))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks), left <= 0 and bool(os.read(descriptor, 1))


def without_cut_character(data: bytes) -> bytes:
    """A read cut at the limit may end inside a character: drop that part-character, so the
    cut is not reported as damaged text. UTF-16/32 (with a BOM) lose a part code unit and a
    lone high surrogate; otherwise a UTF-8 lead byte whose sequence is incomplete goes."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data[: len(data) - len(data) % 4]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data[: len(data) - len(data) % 2]
        high = data[-1] if data.startswith(codecs.BOM_UTF16_LE) else data[-2]
        return data[:-2] if 0xD8 <= high <= 0xDB and len(data) > 2 else data
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return data
        if byte >= 0xC0:
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return data[:-back] if needed > back else data
    return data


def describe_size(count: int) -> str:
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"


def truncation_notice(read: int, size: int) -> str:
    """`Truncated: only the first 16 MiB of 20 MiB were read`, in exact bytes when rounding
    would make the two sizes look the same."""
    shown, total = describe_size(read), describe_size(size)
    if shown == total:
        shown, total = f"{read:,} bytes", f"{size:,}"
    return f"Truncated: only the first {shown} of {total} were read."


def parse_text(text: str, suffix: str, *, quotes: bool = True) -> Article:
    """`quotes=False`: no quotes or speakers, for callers that need only title and counts."""
    if suffix.lower() in MARKDOWN_SUFFIXES:
        from readtui.article.markdown import parse_markdown  # markdown-it: not on the start path

        return parse_markdown(text, quotes=quotes)
    return parse_plain(text, quotes=quotes)


def name_text(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as lone surrogates) become
    U+FFFD, so a title made from the name can be shown and stored."""
    return os.fsencode(name).decode("utf-8", errors="replace")


HEAD_CHARS = 65_536
"""A text longer than SPLIT_CHARS is parsed first up to the first paragraph break after this
many characters, so its first screen can be shown while the whole of it is parsed."""
SPLIT_CHARS = 262_144
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Opening:
    """A file read and decoded, to be parsed whole or, when it is long, first in its head.

    The head's blocks are the whole article's first blocks (the parsers read paragraph by
    paragraph), so a position in the head is a position in the whole.
    """

    path: Path
    read: FileBytes
    decoded: Decoded
    fingerprint: str

    @property
    def stamp(self) -> FileStamp:
        return self.read.stamp

    def head(self) -> Article | None:
        """The start of a long text as an article of its own; None when the text is short
        enough to parse whole at once (or has no paragraph break to cut at)."""
        text = self.decoded.text
        if len(text) <= SPLIT_CHARS:
            return None
        cut = _PARAGRAPH_BREAK.search(text, HEAD_CHARS)
        if cut is None or cut.start() > SPLIT_CHARS:
            return None
        article = self._finish(parse_text(text[: cut.start()], self.path.suffix))
        words = article.meta.word_count * len(text) // max(1, cut.start())
        return replace(article, meta=replace(article.meta, word_count=words))

    def whole(self, *, quotes: bool = True) -> Article:
        """The whole article; without quotes (and speakers) for the library index."""
        return self._finish(parse_text(self.decoded.text, self.path.suffix, quotes=quotes))

    def _finish(self, article: Article) -> Article:
        """The article with what the file itself tells: path, fingerprint, encoding, notices."""
        read, decoded = self.read, self.decoded
        meta = replace(
            article.meta,
            path=str(self.path),
            fingerprint=self.fingerprint,
            encoding=decoded.encoding,
            encoding_guessed=decoded.guessed,
            notices=(*_file_notices(read, decoded.text), *decoded.notices, *article.meta.notices),
        )
        title = article.title or name_text(self.path.stem)
        return replace(article, title=title, meta=meta)


def open_file(path: Path, limit: int | None = None) -> Opening:
    """Read and decode a file; ArticleError says in plain words why it cannot be."""
    read = read_file(path, limit)
    return Opening(path, read, decode(read.data), fingerprint(read.data))


def load_file(path: Path, limit: int | None = None, *, quotes: bool = True) -> Loaded:
    """The article in a file and the version of the file it was read from."""
    opening = open_file(path, limit)
    return Loaded(opening.whole(quotes=quotes), opening.stamp)


def _file_notices(read: FileBytes, text: str) -> tuple[str, ...]:
    """What the header must say about the file itself: cut short, or nothing to read."""
    if read.truncated:
        return (truncation_notice(len(read.data), read.size),)
    if not read.data:
        return ("This file is empty (0 bytes).",)
    if not text.strip():
        return ("This file holds no text, only blank space.",)
    return ()


def load_article(path: Path) -> Article:
    return load_file(path).article
