"""Which rows of the library index belong to this library: the folders and files it was opened
with, as ranges of path bytes that SQLite reads straight off the primary key.

The table may hold other libraries too (readtui opened on other folders), so every index query
is limited by a Roots clause.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

Span = tuple[bytes, bytes]
"""A half-open range [low, high) of path bytes."""


def absolute(path: str | os.PathLike[str]) -> str:
    """The form every path takes in the index: absolute and normalised (no `..`, no trailing
    slash), so one file named two ways is one row."""
    return os.path.abspath(os.fsdecode(path))


def fold(text: str) -> str:
    """Text as the title filter compares it: case-folded and compatibility-normalised, so
    "STRASSE" finds "Stra\u00dfe" and a decomposed "e\u0301" finds a composed "\u00e9"."""
    return unicodedata.normalize("NFKC", text.casefold())


def _folder_span(key: bytes) -> Span:
    """Everything below a folder: paths starting `key/` ('0' is the byte after '/')."""
    base = key.rstrip(b"/")
    return base + b"/", base + b"0"


def _merged(spans: list[Span]) -> list[Span]:
    """Sorted, with overlapping ranges (a root inside another root) joined into one."""
    out: list[Span] = []
    for low, high in sorted(spans):
        if out and low <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


@dataclass(frozen=True)
class Roots:
    """The library's roots: `folders` as ranges (merged), `files` as single paths outside them.

    A root that does not exist (yet, or any more) counts as both, so whatever the index still
    holds for it is found and dropped by the next scan.
    """

    folders: tuple[Span, ...]
    files: tuple[bytes, ...]

    @classmethod
    def of(cls, paths: Iterable[str | os.PathLike[str]]) -> Roots:
        """Roots from the command line's paths (one stat each, to tell folders from files)."""
        folders: list[Span] = []
        files: list[bytes] = []
        for path in paths:
            key = os.fsencode(absolute(path))
            if os.path.isdir(key):
                folders.append(_folder_span(key))
            elif os.path.lexists(key):
                files.append(key)
            else:
                folders.append(_folder_span(key))
                files.append(key)
        merged = _merged(folders)
        outside = sorted({f for f in files if not any(lo <= f < hi for lo, hi in merged)})
        return cls(tuple(merged), tuple(outside))

    def __contains__(self, path: object) -> bool:
        """Whether a path (str) belongs to this library."""
        if not isinstance(path, str):
            return False
        key = os.fsencode(path)
        return key in self.files or any(lo <= key < hi for lo, hi in self.folders)

    def clause(
        self, after: bytes | None = None, before: bytes | None = None, *, column: str = "path"
    ) -> tuple[str, tuple[bytes, ...]]:
        """SQL (on an unqualified `path` column) and its parameters selecting these roots'
        rows, optionally only those after or before a path: the bound goes into the range
        itself, since SQLite takes only one lower and one upper bound from the key.

        One range of the primary key bounds the scan, so rows come in path order with no sort;
        with several roots the `+path` terms (no index) only sift rows inside that range, and a
        long list of files is one IN list (SQLite builds a lookup tree once per statement).
        `column` names the path column otherwise (`l.path`; `+l.path` so that another index
        gives the order, the roots only sifting its rows).
        """
        if not self.folders and not self.files:
            return "0", ()
        low = min([lo for lo, _ in self.folders] + list(self.files))
        high = max([hi for _, hi in self.folders] + [f + b"\0" for f in self.files])
        if after is not None:
            low = max(low, after + b"\0")
        if before is not None:
            high = min(high, before)
        sifted = "+" + column.lstrip("+")
        sql = f"{column} >= ? AND {column} < ?"
        params: list[bytes] = [low, high]
        if len(self.folders) + len(self.files) > 1:
            terms = [f"({sifted} >= ? AND {sifted} < ?)"] * len(self.folders)
            params += [bound for span in self.folders for bound in span]
            if self.files:
                terms.append(f"{sifted} IN (" + ", ".join("?" * len(self.files)) + ")")
                params += self.files
            sql += " AND (" + " OR ".join(terms) + ")"
        return sql, tuple(params)
