"""Where each key of a TOML file is: tomllib gives a line only for syntax errors, and a wrong
type or an unknown name deserves one as much. A light scan, not a parser: it runs only on text
tomllib has already accepted."""

from __future__ import annotations

import re
from collections.abc import Iterable

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY_PART = re.compile(r"\s*(\"(?:[^\"\\]|\\.)*\"|'[^']*'|[A-Za-z0-9_-]+)\s*")


def setting_lines(text: str) -> dict[str, int]:
    """The first line of each key, as a dotted path (`theme`, `keys.view.copy`): tomllib
    reports lines only for syntax errors, and a wrong type should be found as easily."""
    lines: dict[str, int] = {}
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header is not None and not line.lstrip().startswith("[["):
            table = _dotted(header.group(1)) or []
            lines.setdefault(".".join(table), number)
            continue
        key, equals, _value = line.partition("=")
        parts = _dotted(key) if equals else None
        if parts:
            lines.setdefault(".".join([*table, *parts]), number)
    return lines


def _dotted(key: str) -> list[str] | None:
    """The parts of a TOML key (`"view.copy"`, `view.copy`, `keys."view.copy"`), or None if
    `key` is not one (a line inside a multi-line value)."""
    parts: list[str] = []
    for piece in _split_dots(key):
        match = _KEY_PART.fullmatch(piece)
        if match is None:
            return None
        part = match.group(1)
        parts.append(part[1:-1] if part[:1] in "\"'" else part)
    return parts or None


def _split_dots(key: str) -> Iterable[str]:
    """Split at dots outside quotes."""
    piece, quote = "", ""
    for char in key:
        if char in "\"'" and (not quote or quote == char):
            quote = "" if quote else char
        if char == "." and not quote:
            yield piece
            piece = ""
        else:
            piece += char
    yield piece


def line_of(lines: dict[str, int], key: str) -> int | None:
    """The line of `key`, else of the nearest table holding it."""
    parts = key.split(".")
    while parts:
        line = lines.get(".".join(parts))
        if line is not None:
            return line
        parts.pop()
    return None
