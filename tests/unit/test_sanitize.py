"""Outside text is made safe for the terminal: controls are shown, never sent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readtui.article.sanitize import REPLACEMENT, sanitize, sanitize_line, sanitize_name

ANY_TEXT = st.text(st.characters(exclude_categories=()))
"""Every code point, lone surrogates and C0/C1 controls included."""


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "^[[31mred"),
        ("ding\x07", "ding^G"),
        ("\x7f", "^?"),
        ("\x00", "^@"),
        ("\r", "^M"),
        ("\x1f", "^_"),
        ("\x9b2J", REPLACEMENT + "2J"),
        ("\x80\x9f", REPLACEMENT * 2),
        ("lone \ud800 high", f"lone {REPLACEMENT} high"),
        ("lone \udfff low", f"lone {REPLACEMENT} low"),
    ],
)
def test_controls_are_made_visible(raw: str, shown: str) -> None:
    assert sanitize(raw) == shown


@pytest.mark.parametrize("text", ["a\tb", "a\nb", "café — “ok” 中文 🙂", "\u00a0\u00ff\u0100"])
def test_ordinary_text_tabs_and_newlines_are_kept(text: str) -> None:
    assert sanitize(text) == text


def test_sanitize_line_flattens_tabs_and_newlines() -> None:
    assert sanitize_line("one\ntwo\tthree\x1b") == "one two three^["


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("evil\u202etxt.exe", "evil<U+202E>txt.exe"),
        ("zero\u200bwidth", "zero<U+200B>width"),
        ("isolate\u2066x\u2069", "isolate<U+2066>x<U+2069>"),
        ("bom\ufeff", "bom<U+FEFF>"),
        ("arabic\u061cmark", "arabic<U+061C>mark"),
        ("new\nline\x1b", "new line^["),
    ],
)
def test_sanitize_name_shows_invisible_characters(name: str, shown: str) -> None:
    assert sanitize_name(name) == shown


def _unsafe(ch: str) -> bool:
    code = ord(ch)
    return (
        (code < 0x20 and ch not in "\t\n")
        or code == 0x7F
        or 0x80 <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
    )


@given(ANY_TEXT)
def test_sanitize_output_has_no_unsafe_character(text: str) -> None:
    assert not any(_unsafe(ch) for ch in sanitize(text))


@given(ANY_TEXT)
def test_sanitize_is_idempotent(text: str) -> None:
    once = sanitize(text)
    assert sanitize(once) == once


@given(ANY_TEXT)
def test_sanitize_leaves_safe_text_alone(text: str) -> None:
    safe = "".join(ch for ch in text if not _unsafe(ch))
    assert sanitize(safe) == safe


@given(ANY_TEXT)
def test_sanitize_line_is_one_line_without_tabs(text: str) -> None:
    line = sanitize_line(text)
    assert "\n" not in line
    assert "\t" not in line
    assert not any(_unsafe(ch) for ch in line)


BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Unicode's Bidi_Control characters: they reorder what follows them."""


@given(st.text(st.sampled_from(sorted(BIDI_CONTROLS)) | st.characters(exclude_categories=())))
def test_sanitize_name_leaves_no_bidi_control(text: str) -> None:
    assert BIDI_CONTROLS.isdisjoint(sanitize_name(text))
