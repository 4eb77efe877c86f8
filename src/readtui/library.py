"""The library: which files are articles, loaded once, each with its problem if it has one."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from readtui.article.load import ARTICLE_SUFFIXES, load_article
from readtui.article.model import Article
from readtui.errors import ReadtuiError


@dataclass(frozen=True)
class Entry:
    """One file of the library: its article, or the reason it cannot be shown."""

    path: Path
    article: Article | None = None
    error: str = ""

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


@dataclass
class Library:
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def index_of(self, fingerprint: str) -> int | None:
        for index, entry in enumerate(self.entries):
            if fingerprint and entry.fingerprint == fingerprint:
                return index
        return None

    def by_fingerprint(self, fingerprint: str) -> Entry | None:
        index = self.index_of(fingerprint)
        return None if index is None else self.entries[index]


def _walk(folder: Path) -> Iterable[Path]:
    """Article files below a folder, in a stable order; symlinked folders are not followed."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix.lower() in ARTICLE_SUFFIXES and not name.startswith("."):
                yield path


def find_article_files(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """Files named directly are taken whatever their suffix; folders are searched recursively."""
    found: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found.extend(_walk(path))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            problems.append(f"No such file or folder: {path}")
    unique = list(dict.fromkeys(p.absolute() for p in found))
    return unique, problems


def load_entry(path: Path) -> Entry:
    try:
        return Entry(path, load_article(path))
    except ReadtuiError as exc:
        return Entry(path, error=str(exc))


def load_library(paths: Sequence[Path]) -> Library:
    files, problems = find_article_files(paths)
    return Library([load_entry(path) for path in files], problems)
