"""Turning a file's bytes into text: BOMs, UTF-8 (repaired when only a few bytes are bad), then
legacy 8-bit encodings chosen by how plausible their letters look, not by decoding without error."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from itertools import islice

from readtui.article.plausibility import plausibility
from readtui.errors import ArticleError, BinaryFileError

BINARY_PROBE = 8192
LEGACY_CANDIDATES = ("cp1252", "latin-1", "cp1251", "koi8-r")
"""Each of these decodes almost any byte string, so every reading is scored instead. On a tie
the earlier wins: cp1251 shares cp1252's curly quotes and dashes, and in a file with nothing
else the Western reading is the likelier name."""
SAMPLE_BYTES = 64 * 1024
CONTEXT_BYTES = 64
OTHER_GUESSES = 3
OTHER_MARGIN = 0.1
"""charset-normalizer's guess must score this much better than ours to win, so a near-twin
code page (cp1257 for cp1252, mac_cyrillic for cp1251) cannot turn "à" into "ą"."""
UNREADABLE = -0.5
"""Below this mean score every reading is mostly control characters and box drawing."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ASCII_BYTES = bytes(range(0x80))
_ENCODED_REPLACEMENT = "\ufffd".encode()
_CP1252_ONLY = re.compile(rb"[\x80-\x9f]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_SAFE_CUT = re.compile(rb"[\x00-\x7f]{2}")
"""After two ASCII bytes no multi-byte character is open, in any ASCII-based encoding."""


@dataclass(frozen=True)
class Decoded:
    """The text and how it was got, so the reader can be told about guesses and repairs."""

    text: str
    encoding: str
    guessed: bool = False
    replaced: int = 0
    """How many invalid UTF-8 byte sequences became U+FFFD in an otherwise good UTF-8 file."""
    notices: tuple[str, ...] = ()
    """What the reader should be told about how the bytes were read, in plain words."""


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode(data: bytes) -> Decoded:
    """Decode article bytes; a NUL near the start (without a UTF-16/32 BOM) means binary."""
    bom = _bom_encoding(data)
    if bom is not None:
        return _decode_with_bom(data, bom)
    if b"\x00" in data[:BINARY_PROBE]:
        raise BinaryFileError("This is a binary file, not text (it contains NUL bytes).")
    return _utf8(data) or _guess_legacy(data)


def _decode_with_bom(data: bytes, bom: str) -> Decoded:
    """A BOM names the encoding; UTF-8 after one may still have a few bad bytes repaired."""
    if bom == "utf-8-sig":
        decoded = _utf8(data[len(codecs.BOM_UTF8) :])
    else:
        text = _read(data, bom)
        decoded = None if text is None else Decoded(normalise_newlines(text), bom)
    if decoded is None:
        name = bom.removesuffix("-sig")
        raise ArticleError(f"The file starts with a {name} marker but is not valid {name}.")
    return decoded


def _utf8(data: bytes) -> Decoded | None:
    """The file as UTF-8, strictly or with its few bad bytes replaced; None if it is not UTF-8."""
    try:
        return Decoded(normalise_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        return _damaged_utf8(data)


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with bad bytes, if well-formed multi-byte characters are at least as many as the
    bad spots: a legacy 8-bit file almost never forms one by chance, so even a single good one
    per bad spot is evidence. Without any (ASCII plus a stray 0xE9) it is left to the guess."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count(_ENCODED_REPLACEMENT)
    ascii_count = len(data) - len(data.translate(None, _ASCII_BYTES))
    multibyte = len(text) - ascii_count - replaced
    if multibyte < max(1, replaced):
        return None
    bad_bytes = len(data) - len(text.encode("utf-8")) + 3 * replaced
    notice = _replacement_notice(bad_bytes, replaced)
    return Decoded(normalise_newlines(text), "utf-8", replaced=replaced, notices=(notice,))


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _replacement_notice(bad_bytes: int, places: int) -> str:
    verb = "was" if bad_bytes == 1 else "were"
    notice = f"{_counted(bad_bytes, 'invalid UTF-8 byte')} {verb} replaced with \ufffd"
    return notice if places == bad_bytes else f"{notice} in {_counted(places, 'place')}"


# --- legacy 8-bit encodings --------------------------------------------------------------


def _guess_legacy(data: bytes) -> Decoded:
    """The first of the readings, most plausible first, that decodes the whole file."""
    scores = _scores(_sample(data), _candidates(data))
    for name in sorted(scores, key=scores.__getitem__, reverse=True):
        text = _read(data, name)
        if text is not None:
            return Decoded(normalise_newlines(text), name, guessed=True)
    raise ArticleError("The text encoding of this file could not be recognised.")


def _candidates(data: bytes) -> tuple[str, ...]:
    """Without a byte in 0x80-0x9F, cp1252 reads exactly as latin-1; the file then contains
    nothing of cp1252's own, so it is named by the standard it matches: latin-1."""
    if _CP1252_ONLY.search(data):
        return LEGACY_CANDIDATES
    return tuple(name for name in LEGACY_CANDIDATES if name != "cp1252")


def _sample(data: bytes) -> bytes:
    """Up to SAMPLE_BYTES of the file around its non-ASCII bytes, which are all that tells the
    readings apart: a long English file with three accents gives three short excerpts."""
    parts: list[bytes] = []
    size = end = 0
    while size < SAMPLE_BYTES and (high := _HIGH_BYTE.search(data, end)) is not None:
        start = max(end, high.start() - CONTEXT_BYTES)
        cut = _SAFE_CUT.search(data, high.end() + CONTEXT_BYTES)
        if parts and start > end:
            parts.append(b"\n")
        end = cut.start() + 1 if cut else len(data)
        parts.append(data[start:end])
        size += end - start
    return b"".join(parts)


def _scores(sample: bytes, candidates: tuple[str, ...]) -> dict[str, float]:
    """Each reading's plausibility. charset-normalizer's first guesses join in, handicapped;
    with no guess from it, a file that no reading makes readable gets no readings at all."""
    from charset_normalizer import from_bytes  # only text that is not UTF-8 needs it: not at start

    scores = {name: plausibility(sample.decode(name, errors="replace")) for name in candidates}
    others = list(islice(from_bytes(sample), OTHER_GUESSES))
    if not others:
        return {} if max(scores.values()) < UNREADABLE else scores
    ours = {codecs.lookup(name).name for name in candidates}
    for other in others:
        if codecs.lookup(other.encoding).name not in ours:
            reading = sample.decode(other.encoding, errors="replace")
            scores[other.encoding] = _per_byte(reading, sample) - OTHER_MARGIN
    return scores


def _per_byte(reading: str, sample: bytes) -> float:
    """Plausibility per non-ASCII byte rather than per character, as it is for the 8-bit
    readings: two plausible-looking ideographs made of four bytes explain only half as much."""
    characters = len(reading) - len(reading.encode("ascii", errors="ignore"))
    high_bytes = len(sample.translate(None, _ASCII_BYTES))
    return plausibility(reading) * characters / max(1, high_bytes)


def _read(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None
