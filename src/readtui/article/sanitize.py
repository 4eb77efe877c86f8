"""Making outside text safe for the terminal: control characters are shown, never sent."""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_C1_OR_SURROGATE = re.compile("[\x80-\x9f\ud800-\udfff]")
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
REPLACEMENT = "\ufffd"


def _caret(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "^?" if code == 0x7F else "^" + chr(code + 0x40)


def sanitize(text: str) -> str:
    """C0 controls (but tab and newline), ESC and DEL in caret notation, as `less` shows them;
    C1 controls and lone surrogates as U+FFFD."""
    return _C1_OR_SURROGATE.sub(REPLACEMENT, _CONTROL.sub(_caret, text))


def sanitize_line(text: str) -> str:
    """Like sanitize, for one-line labels: newlines and tabs become spaces too."""
    return sanitize(text.replace("\n", " ").replace("\t", " "))


def sanitize_name(text: str) -> str:
    """File names also get bidi overrides and zero-width characters made visible."""
    visible = _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return sanitize_line(visible)
