"""Walking the library's folders: which files are articles, found in the order the sidebar
lists them, each with the size and modification time the index is keyed by.

No parser is imported with this module (the article suffixes are read from
`readtui.article.load` when a walk first needs them), and no store is opened: `readtui.library`
compares what a walk found with the index.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice

from readtui.store import absolute

Stamp = tuple[int, int]
"""(size, mtime_ns) of a file as the scan saw it."""


def file_stamp(path: str, entry: os.DirEntry[str] | None = None) -> Stamp:
    """Size and mtime through symlinks; a broken link has only its own, a vanished file none."""
    for follow in (True, False):
        try:
            info = (
                entry.stat(follow_symlinks=follow)
                if entry
                else os.stat(path, follow_symlinks=follow)
            )
        except OSError:
            continue
        return info.st_size, info.st_mtime_ns
    return -1, -1


def entry_kind(entry: os.DirEntry[str]) -> str:
    """`folder` to walk into, `link` for a symlinked folder (not followed: it may loop), or
    `file` for anything else (a broken link or a FIFO too: indexing says what it is)."""
    try:
        if entry.is_dir():
            return "link" if entry.is_symlink() else "folder"
    except OSError:
        pass
    return "file"


def is_article_name(name: str) -> bool:
    """Whether a folder's walk takes this file (.txt, .md, .markdown, any case)."""
    return os.path.splitext(name)[1].lower() in _article_suffixes()


@cache
def _article_suffixes() -> frozenset[str]:
    from readtui.article.load import ARTICLE_SUFFIXES

    return ARTICLE_SUFFIXES


@dataclass
class Scan:
    found: dict[str, Stamp] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)
    """Folders that could not be listed: what the index holds below them is kept."""

    def keeps(self, path: str) -> bool:
        """Whether an indexed path the scan did not find may still exist (unlisted folder)."""
        return path in self.found or any(path.startswith(f + os.sep) for f in self.unlisted)


def _articles_below(
    folder: str, scan: Scan, cancelled: Callable[[], bool]
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Article files below a folder, a folder's names in order and each subfolder where its
    name falls, hidden names skipped; a folder that cannot be listed is noted in `scan`
    rather than silently skipped."""
    pending = [folder]
    while pending and not cancelled():
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            scan.problems.append(f"Cannot list the folder {current}: {exc.strerror or exc}")
            scan.unlisted.append(current)
            continue
        folders = []
        for entry in entries:
            kind = entry_kind(entry)
            if entry.name.startswith(".") or kind == "link":
                continue
            if kind == "folder":
                folders.append(entry.path)
            elif is_article_name(entry.name):
                yield entry.path, entry
        pending.extend(reversed(folders))


def _articles(
    roots: Iterable[str | os.PathLike[str]], scan: Scan, cancelled: Callable[[], bool]
) -> Iterator[tuple[str, os.DirEntry[str] | None]]:
    """Every article of the library, root by root: folders walked, files taken as named."""
    for root in roots:
        path = absolute(root)
        if os.path.isdir(path):
            yield from _articles_below(path, scan, cancelled)
        elif os.path.lexists(path):
            yield path, None
        else:
            scan.problems.append(f"No such file or folder: {os.fsdecode(root)}")


def scan_library(roots: Iterable[str | os.PathLike[str]], cancelled: Callable[[], bool]) -> Scan:
    """The whole walk: every article file with its stamp, and what went wrong."""
    result = Scan()
    for path, entry in _articles(roots, result, cancelled):
        result.found[path] = file_stamp(path, entry)
    return result


def first_articles(
    roots: Iterable[str | os.PathLike[str]], count: int, cancelled: Callable[[], bool]
) -> list[str]:
    """The first `count` article files the walk finds, without walking the rest: what a
    library indexed for the first time shows before the whole walk is done."""
    return [path for path, _entry in islice(_articles(roots, Scan(), cancelled), count)]


def scan(
    roots: Iterable[str | os.PathLike[str]], cancelled: Callable[[], bool] | None = None
) -> tuple[dict[str, Stamp], list[str]]:
    """The library's files now: absolute path -> (size, mtime_ns), and problems in plain words.

    Folders are searched (only .txt, .md, .markdown); files named directly are taken whatever
    their suffix, a device or a FIFO too (indexing lists it with the reason it is not read).
    """
    result = scan_library(roots, cancelled or (lambda: False))
    return result.found, result.problems
