"""Making outside text safe for the terminal: control characters are shown, never sent.

Everything from outside (article text, titles, file names, bookmark snippets, notification and
error texts) passes through here before it reaches a widget, stderr or the clipboard.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_C1_OR_SURROGATE = re.compile("[\x80-\x9f\ud800-\udfff]")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})
"""Format characters (bidi controls, zero-width spaces and joiners, BOM, tags) and the line and
paragraph separators: nothing, or a line break, where a name should show a character."""
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2065\u3164\ufe00-\ufe0f\uffa0"
    "\ufff0-\ufff8\U000e0000-\U000e0fff]"
)
"""Unicode's other default-ignorable code points (fillers, variation selectors): also drawn as
nothing, so two names that look the same could differ by them."""
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


def is_invisible(char: str) -> bool:
    """A character that shows as nothing (or moves text around) where a name is drawn."""
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES or bool(_IGNORABLE.match(char))


def sanitize_name(text: str) -> str:
    """File names (and messages that quote them) also get bidi overrides and zero-width
    characters made visible as `<U+202E>`, so `evil` RLO `txt.exe` cannot pass for a text file."""
    if not text.isascii():
        text = "".join(f"<U+{ord(ch):04X}>" if is_invisible(ch) else ch for ch in text)
    return sanitize_line(text)
