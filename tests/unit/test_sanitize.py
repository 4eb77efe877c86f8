"""Outside text is made safe for the terminal: controls are shown, never sent."""

from __future__ import annotations

import io
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from textual.content import Content
from textual.strip import Strip

from readtui.article.sanitize import (
    REPLACEMENT,
    is_invisible,
    sanitize,
    sanitize_line,
    sanitize_name,
)

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
        ("soft\u00adhyphen", "soft<U+00AD>hyphen"),
        ("word\u2060joiner", "word<U+2060>joiner"),
        ("line\u2028separator", "line<U+2028>separator"),
        ("hangul\u3164filler", "hangul<U+3164>filler"),
        ("variation\ufe0f", "variation<U+FE0F>"),
        ("tag\U000e0041", "tag<U+E0041>"),
        ("[@click=app.quit] \u202eevil\x1b[31m.txt", "[@click=app.quit] <U+202E>evil^[[31m.txt"),
        ("caf\u00e9 \u4e2d\u6587 \U0001f642.txt", "caf\u00e9 \u4e2d\u6587 \U0001f642.txt"),
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


@given(ANY_TEXT)
def test_sanitize_name_leaves_nothing_invisible(text: str) -> None:
    """No format character (bidi, zero-width, BOM, tags), line separator or filler is left."""
    name = sanitize_name(text)
    assert not any(
        is_invisible(ch) or unicodedata.category(ch) in ("Cf", "Zl", "Zp") for ch in name
    )
    assert not any(_unsafe(ch) for ch in name)
    assert "\n" not in name and "\t" not in name
    assert sanitize_name(name) == name


@given(ANY_TEXT)
def test_output_is_valid_utf8_and_bounded(text: str) -> None:
    """Whatever comes in, what goes out can be written to a UTF-8 terminal (no surrogates) and
    grows at most by the width of its notations (`^[` is 2, `<U+E0041>` is 9 characters)."""
    for sanitised, bound in (
        (sanitize(text), 2),
        (sanitize_line(text), 2),
        (sanitize_name(text), 9),
    ):
        sanitised.encode("utf-8")
        assert len(sanitised) <= bound * len(text)


def _terminal() -> Console:
    return Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=40)


@given(ANY_TEXT)
def test_rich_text_of_sanitised_text_writes_no_control(text: str) -> None:
    """Rich's Text keeps ESC and C1 as they are; once sanitised, nothing but text and the
    line breaks Rich makes itself reaches the terminal."""
    console = _terminal()
    segments = list(console.render(Text(sanitize(text))))
    assert all(segment.control is None for segment in segments)
    console.print(Text(sanitize(text)), end="")
    written = console.file.getvalue()  # type: ignore[attr-defined]
    assert not any(_unsafe(ch) or ch == "\t" for ch in written)


@given(ANY_TEXT)
def test_textual_content_of_sanitised_text_writes_no_control(text: str) -> None:
    """Textual's Content (what widgets draw) neither: its strips render to plain text."""
    content = Content(sanitize_line(text))
    segments = content.render_segments()
    assert all(segment.control is None for segment in segments)
    written = Strip(segments).render(_terminal())
    assert "\x1b" not in written
    assert not any(_unsafe(ch) for ch in written)
