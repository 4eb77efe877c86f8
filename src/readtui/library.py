"""The library: which files are articles, loaded once, each with its problem if it has one."""

from __future__ import annotations

import enum
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from readtui.article.load import ARTICLE_SUFFIXES, FileStamp, load_file, stamp_of
from readtui.article.model import Article
from readtui.article.sanitize import sanitize_name
from readtui.errors import ReadtuiError
from readtui.store import Position


class FileChange(enum.Enum):
    """How a file on disk compares with the copy the library loaded."""

    SAME = "same"
    CHANGED = "changed"
    GONE = "gone"


@dataclass(frozen=True)
class Entry:
    """One file of the library: its article, or the reason it cannot be shown."""

    path: Path
    article: Article | None = None
    error: str = ""
    stamp: FileStamp | None = None
    """The version of the file that was read (None when it could not even be seen)."""
    loaded_at: float = 0.0

    @property
    def fingerprint(self) -> str:
        return self.article.meta.fingerprint if self.article else ""

    @property
    def title(self) -> str:
        return self.article.title if self.article else self.path.name

    @property
    def source(self) -> str:
        """Where the article comes from; the file name when the text does not say."""
        if self.article and self.article.meta.source:
            return self.article.meta.source
        return self.path.name

    def change(self) -> FileChange:
        """Whether the file was edited, replaced or deleted since it was loaded (one stat)."""
        now = stamp_of(self.path)
        if now == self.stamp:
            return FileChange.SAME
        return FileChange.GONE if now is None else FileChange.CHANGED


@dataclass
class Library:
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def index_of(self, fingerprint: str) -> int | None:
        for index, entry in enumerate(self.entries):
            if fingerprint and entry.fingerprint == fingerprint:
                return index
        return None

    def index_of_path(self, path: str) -> int | None:
        """The entry read from this path, for state saved before the file changed."""
        for index, entry in enumerate(self.entries):
            if path and str(entry.path) == path:
                return index
        return None

    def by_fingerprint(self, fingerprint: str) -> Entry | None:
        index = self.index_of(fingerprint)
        return None if index is None else self.entries[index]


def _walk(folder: Path, problems: list[str]) -> Iterable[Path]:
    """Article files below a folder, in a stable order; symlinked folders are not followed and
    a folder that cannot be listed is reported rather than silently skipped."""

    def unlisted(exc: OSError) -> None:
        problems.append(f"Cannot list the folder {exc.filename}: {exc.strerror or exc}")

    for root, dirs, files in os.walk(folder, onerror=unlisted):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix.lower() in ARTICLE_SUFFIXES and not name.startswith("."):
                yield path


def find_article_files(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """Files named directly are taken whatever their suffix (a device or a FIFO too: it is
    listed with the reason it is not read); folders are searched recursively."""
    found: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found.extend(_walk(path, problems))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            problems.append(f"No such file or folder: {path}")
    unique = list(dict.fromkeys(p.absolute() for p in found))
    return unique, problems


def load_entry(path: Path) -> Entry:
    """The entry for one file; nothing a file holds can stop the rest of the library loading."""
    now = time.time()
    try:
        loaded = load_file(path)
    except ReadtuiError as exc:
        return Entry(path, error=str(exc), stamp=stamp_of(path), loaded_at=now)
    except Exception as exc:  # a parser bug must cost one file, not the whole library
        error = f"readtui failed to read this file (a bug: {type(exc).__name__})."
        return Entry(path, error=error, stamp=stamp_of(path), loaded_at=now)
    return Entry(path, loaded.article, stamp=loaded.stamp, loaded_at=now)


def load_library(paths: Sequence[Path]) -> Library:
    files, problems = find_article_files(paths)
    return Library([load_entry(path) for path in files], problems)


TITLE_CHARS = 300
"""Titles are stored this long at most: a one-line 10 MB file is all title."""


def stored_title(article: Article) -> str:
    title = article.title
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "\u2026"


def fit_position(position: Position, article: Article) -> Position | None:
    """A position saved in an earlier version of the file, if its paragraph still exists."""
    if position.block >= len(article.blocks):
        return None
    if position.block < 0:
        return position
    length = len(article.blocks[position.block].text)
    return Position(position.block, min(position.offset, length), position.percent)


def file_notice(entry: Entry, change: FileChange) -> str:
    """What to say, while an article is open, about its file on disk."""
    name = sanitize_name(entry.path.name)
    if change is FileChange.GONE:
        loaded = time.strftime("%H:%M", time.localtime(entry.loaded_at))
        return f"{name} was deleted or moved; showing the copy loaded at {loaded}"
    if change is FileChange.CHANGED:
        return f"{name} changed on disk; it will be reloaded when you open it again"
    return ""
