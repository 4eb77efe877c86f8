"""config.toml: library folders, theme, reading width and keys by binding id.

Pure (no textual import): the file is read and type-checked here, and the names it uses (themes,
binding ids) are checked against the lists the app passes in. A problem never stops the app: it
is described with its line, and that setting keeps its default while the good ones apply.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from readtui.config_lines import line_of, setting_lines
from readtui.errors import ReadtuiError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

READING_WIDTH = 80
"""The reading column's width in cells when nothing else is set."""
NARROWEST = 30
WIDEST = 500
SETTINGS = ("library", "theme", "width", "keys")

_Report = Callable[[str, str], None]
"""Called with a setting's dotted key and what is wrong with it."""

_SYNTAX_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file: where (a line, when one is known) and what."""

    line: int | None
    message: str

    def describe(self, source: str = "config.toml") -> str:
        """`source, line 3: message`; without a source, `line 3: message`."""
        where = ", ".join(
            part for part in (source, f"line {self.line}" if self.line else "") if part
        )
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Config:
    """The settings the file gave; None (or empty) where it gave none or a bad one."""

    library: tuple[Path, ...] = ()
    theme: str | None = None
    width: int | None = None
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Binding id -> the keys that replace its defaults."""
    lines: dict[str, int] = field(default_factory=dict)
    """The line of each setting (`theme`, `keys.view.copy`), to name it in later problems."""
    source: str = "config.toml"
    """The file's name as messages give it."""

    def keymap(self) -> dict[str, str]:
        """The keys in Textual's keymap form: binding id -> comma-separated keys."""
        return {binding: ",".join(keys) for binding, keys in self.keys.items()}


def load_config(explicit: Path | None, default: Path) -> tuple[Config, list[Problem]]:
    """The file named by --config, which must exist (a typo should not pass unseen), else the
    one in the config folder, which need not."""
    if explicit is not None and not explicit.exists():
        raise ReadtuiError(f"no such config file: {explicit}")
    return read_config(explicit if explicit is not None else default)


def read_config(path: Path) -> tuple[Config, list[Problem]]:
    """Read and check the file at `path`; a missing file is no config and no problem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Config(), []
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Config(source=str(path)), [
            Problem(None, f"cannot be read ({reason}); defaults are used")
        ]
    config, problems = parse_config(text, base=path.parent)
    return replace(config, source=str(path)), problems


def parse_config(text: str, base: Path) -> tuple[Config, list[Problem]]:
    """Parse TOML text; relative library folders are taken from `base` (the file's folder).

    A syntax error leaves nothing to trust (all defaults); any other problem costs only its
    own setting.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Config(), [_syntax_problem(str(exc))]
    lines = setting_lines(text)
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(line_of(lines, key), message))

    for key in data:
        if key not in SETTINGS:
            problem(key, f"unknown setting {key!r}{_guess(key, SETTINGS)}; it is ignored")
    config = Config(
        library=_library(data.get("library"), base, problem),
        theme=_theme(data.get("theme"), problem),
        width=_width(data.get("width"), problem),
        keys=_keys(data.get("keys"), problem),
        lines=lines,
    )
    return config, sorted(problems, key=lambda found: found.line or 0)


def check_names(
    config: Config, themes: Collection[str], bindings: Collection[str]
) -> tuple[Config, list[Problem]]:
    """Drop a theme or binding id the app does not have, each with a problem naming its line."""
    problems: list[Problem] = []
    theme = config.theme
    if theme is not None and theme not in themes:
        guess = _guess(theme, themes)
        problems.append(
            Problem(config.lines.get("theme"), f"unknown theme {theme!r}{guess}; using the default")
        )
        theme = None
    keys: dict[str, tuple[str, ...]] = {}
    for binding, chosen in config.keys.items():
        if binding in bindings:
            keys[binding] = chosen
            continue
        line = line_of(config.lines, f"keys.{binding}")
        guess = _guess(binding, bindings)
        problems.append(Problem(line, f"unknown binding id {binding!r}{guess}; it is ignored"))
    return replace(config, theme=theme, keys=keys), problems


def library_folders(config: Config) -> tuple[list[Path], list[Problem]]:
    """The configured folders that exist, and a problem for each one that does not (used
    when no path is given on the command line; the bundled samples when none is left)."""
    found = [folder for folder in config.library if folder.exists()]
    line = config.lines.get("library")
    problems = [
        Problem(line, f"library folder not found: {folder}")
        for folder in config.library
        if folder not in found
    ]
    return found, problems


def _syntax_problem(message: str) -> Problem:
    found = _SYNTAX_AT.search(message)
    if found is None:
        return Problem(None, f"not valid TOML: {message}; defaults are used")
    text = message[: found.start()]
    line, column = int(found.group(1)), int(found.group(2))
    return Problem(line, f"not valid TOML: {text} (column {column}); defaults are used")


def _guess(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.7)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _kind(value: object) -> str:
    """What a TOML value is, in the words of the file's author."""
    names = {bool: "true/false", int: "a number", float: "a number", str: "text"}
    names |= {list: "a list", dict: "a table"}
    return names.get(type(value), "a date or time")


def _library(value: object, base: Path, problem: _Report) -> tuple[Path, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        problem("library", f"library must be a list of folders, not {_kind(value)}")
        return ()
    return tuple(base / Path(item).expanduser() for item in items)


def _theme(value: object, problem: _Report) -> str | None:
    if value is None or (isinstance(value, str) and value.strip()):
        return value.strip() if isinstance(value, str) else None
    problem("theme", f"theme must be a theme's name in quotes, not {_kind(value)}")
    return None


def _width(value: object, problem: _Report) -> int | None:
    if value is None:
        return None
    if type(value) is not int:
        problem("width", f"width must be a whole number of columns, not {_kind(value)}")
        return None
    if not NARROWEST <= value <= WIDEST:
        problem("width", f"width must be between {NARROWEST} and {WIDEST} columns, not {value}")
        return None
    return value


def _keys(value: object, problem: _Report) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problem("keys", f"keys must be a table ([keys]), not {_kind(value)}")
        return {}
    keys: dict[str, tuple[str, ...]] = {}
    for binding, chosen in _flatten(value):
        found = _key_list(chosen)
        if found is None:
            message = f"keys for {binding!r} must be a key or a list of keys, not {_kind(chosen)}"
            problem(f"keys.{binding}", message)
        elif not found:
            problem(f"keys.{binding}", f"no keys given for {binding!r}; its defaults are kept")
        else:
            keys[binding] = found
    return keys


def _flatten(table: dict[str, object], prefix: str = "") -> Iterable[tuple[str, object]]:
    """`view.copy = "c"` without quotes makes a nested table: it means the id `view.copy`."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _key_list(value: object) -> tuple[str, ...] | None:
    """`"c"`, `"c,ctrl+y"` or `["c", "ctrl+y"]` -> ("c", "ctrl+y"); None if not keys."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        return None
    keys: list[str] = []
    for item in items:
        pieces = ["comma"] if item.strip() == "," else item.split(",")
        keys += ["space" if piece == " " else piece.strip() for piece in pieces]
    return tuple(dict.fromkeys(key for key in keys if key))
