"""Turning a file's bytes into text: BOMs, UTF-8, then charset-normalizer for the rest."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from readtui.errors import ArticleError, BinaryFileError

BINARY_PROBE = 8192
WESTERN = "cp1252"
WESTERN_MARGIN = 0.1
"""cp1252 (a superset of latin-1 in practice) is by far the likeliest legacy encoding of a saved
article, and charset-normalizer often ranks a near-identical code page (cp1257, cp775, ...) just
above it, turning "à" into "ą" or curly quotes into letters. So cp1252 wins whenever its reading
is within this much "chaos" of the best guess."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    guessed: bool = False


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
        try:
            return Decoded(normalise_newlines(data.decode(bom)), bom.removesuffix("-sig"))
        except UnicodeDecodeError as exc:
            raise ArticleError(
                f"The file starts with a {bom} marker but is not valid {bom}."
            ) from exc
    if b"\x00" in data[:BINARY_PROBE]:
        raise BinaryFileError("This is a binary file, not text (it contains NUL bytes).")
    try:
        return Decoded(normalise_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise ArticleError("The text encoding of this file could not be recognised.")
    for match in results:
        if WESTERN in match.could_be_from_charset and match.chaos <= best.chaos + WESTERN_MARGIN:
            return Decoded(normalise_newlines(str(match)), WESTERN, guessed=True)
    return Decoded(normalise_newlines(str(best)), best.encoding, guessed=True)
