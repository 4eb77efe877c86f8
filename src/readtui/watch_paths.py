"""Which folders the library watch watches, and which paths a batch of changes asks to
re-index: pure path logic (a few stats, no watching), kept apart from the watch's threads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from readtui.store import absolute
from readtui.walk import entry_kind, is_article_name

__all__ = [
    "MAX_SCOPED",
    "STAMP_SLACK",
    "Change",
    "Shape",
    "Target",
    "changed_since",
    "rescan_paths",
    "watch_targets",
]

MAX_SCOPED = 256
"""A batch touching more paths than this rescans the whole library (one stat walk) instead."""

Change = tuple[str, bool]
"""A path that changed, and whether it is (or was) a folder."""
STAMP_SLACK = 2.0
"""Seconds of doubt about a file's times: some file systems keep them to the second or two."""


@dataclass(frozen=True)
class Target:
    """A folder to watch: the library's folders recursively, the folder of a file named on the
    command line on its own (the rest of that folder is not the library's)."""

    path: str
    recursive: bool


@dataclass(frozen=True)
class Shape:
    """The library's roots as the watch sees them: folders and files, absolute."""

    folders: tuple[str, ...]
    files: frozenset[str]

    @classmethod
    def of(cls, roots: Iterable[str | os.PathLike[str]]) -> Shape:
        paths = {absolute(root) for root in roots}
        folders = sorted(path for path in paths if os.path.isdir(path))
        return cls(tuple(folders), frozenset(paths.difference(folders)))

    def folder_of(self, path: str) -> str | None:
        """The root folder a path lies below, if any."""
        return next((f for f in self.folders if path.startswith(f.rstrip(os.sep) + os.sep)), None)


def watch_targets(roots: Iterable[str | os.PathLike[str]]) -> list[Target]:
    """Folders to watch for these roots, none inside another; a root that does not exist is
    not watched (nor its parent: that may be anything)."""
    shape = Shape.of(roots)
    outer = Shape(tuple(f for f in shape.folders if shape.folder_of(f) is None), frozenset())
    parents = {os.path.dirname(f) for f in shape.files if os.path.lexists(f)}
    alone = sorted(p for p in parents if p not in outer.folders and outer.folder_of(p) is None)
    return [Target(f, True) for f in outer.folders] + [Target(p, False) for p in alone]


def _hidden_below(path: str, folder: str) -> bool:
    """Whether a name between the root folder and the path starts with a dot (the scan skips
    hidden files and folders)."""
    relative = path[len(folder.rstrip(os.sep)) + 1 :]
    return any(part.startswith(".") for part in relative.split(os.sep))


def _linked_folder(path: str) -> bool:
    """A symlink to a folder: the scan does not follow it, and neither does a rescan."""
    return os.path.islink(path) and os.path.isdir(path)


def rescan_paths(changes: Iterable[Change], shape: Shape) -> list[str] | None:
    """What to re-index for these changes: the changed article files and folders of the
    library, none inside another, each as a root of its own (a path that has gone is a root
    that does not exist, which drops its rows). None: so many that the whole library is
    rescanned."""
    wanted: set[str] = set()
    for path, folder in changes:
        if path in shape.files or path in shape.folders:
            wanted.add(path)
            continue
        root = shape.folder_of(path)
        if root is None or _hidden_below(path, root) or _linked_folder(path):
            continue
        if folder or is_article_name(path):
            wanted.add(path)
    paths = _outermost(wanted)
    if len(paths) > MAX_SCOPED:  # many files: their folders instead (a checkout, a copy)
        paths = _outermost({_folder(p, shape) for p in paths})
    return paths if len(paths) <= MAX_SCOPED else None


def _outermost(paths: Iterable[str]) -> list[str]:
    """The paths, sorted, without those inside another of them."""
    out: list[str] = []
    for path in sorted(paths, key=lambda p: p.split(os.sep)):
        if not out or not path.startswith(out[-1].rstrip(os.sep) + os.sep):
            out.append(path)
    return out


def _folder(path: str, shape: Shape) -> str:
    """The folder holding a changed path, when that is still inside the library."""
    return path if path in shape.files or path in shape.folders else os.path.dirname(path)


def changed_since(roots: Iterable[str | os.PathLike[str]], since: float) -> list[Change]:
    """What changed in the library after `since` (a time.time()), by one stat walk that keeps
    only its answers: files whose inode changed (ctime: a write, a rename into place, a copy
    that kept an old mtime), and folders whose listing changed (a file added or removed), each
    of which the batch rescans whole. A root that has gone is a change too (its rows drop).
    The watch starts with this rather than a rescan of every file, which holds the whole
    library's stamps in memory at once."""
    shape, after = Shape.of(roots), since - STAMP_SLACK
    changes: list[Change] = []
    for path in sorted(shape.files):
        if _changed_after(path, after):
            changes.append((path, False))
    pending = list(_outermost(shape.folders))
    while pending:
        folder = pending.pop()
        if _changed_after(folder, after):
            changes.append((folder, True))  # rescanned whole: nothing below needs a look
            continue
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # the rescan of its parent, or the next whole pass, says what is wrong
        for entry in entries:
            kind = entry_kind(entry)  # as the scan sees it, so the two walks never disagree
            if entry.name.startswith(".") or kind == "link":
                continue
            if kind == "folder":
                pending.append(entry.path)
            elif is_article_name(entry.name) and _changed_after(entry.path, after):
                changes.append((entry.path, False))
    return changes


def _changed_after(path: str, after: float) -> bool:
    """Whether the path's inode or contents changed after `after` (or it is gone)."""
    try:
        stat = os.stat(path)
    except OSError:
        return True
    return max(stat.st_ctime, stat.st_mtime) >= after
