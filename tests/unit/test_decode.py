"""From bytes to text: BOMs, UTF-8, guessed legacy encodings, newlines and binary files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from readtui.article.decode import BINARY_PROBE, decode
from readtui.article.load import load_article
from readtui.article.plain import parse_plain
from readtui.errors import ArticleError, BinaryFileError

TEXT = "Café “quoted” — naïve 中文 ok\nsecond line\n"

FRENCH = (
    "Le café de la gare était déjà fermé à l'heure où nous sommes arrivés. Ça m'a étonné, "
    "car d'habitude le garçon reste jusqu'à minuit. Élodie a commandé une crème brûlée.\n"
) * 3
ENGLISH_CP1252 = "He said “we will all go home now” — and left; it cost €5 and £3… naïve.\n" * 3
SPANISH = "El niño comió piñas en la montaña; ¿dónde está la señora? ¡Qué día!\n" * 3


def test_utf8_without_bom() -> None:
    decoded = decode(TEXT.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.guessed) == (TEXT, "utf-8", False)


def test_utf8_bom_is_removed() -> None:
    decoded = decode(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.guessed) == (TEXT, "utf-8", False)


@pytest.mark.parametrize(
    ("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
)
def test_utf16_with_bom(bom: bytes, codec: str) -> None:
    decoded = decode(bom + TEXT.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.guessed) == (TEXT, "utf-16", False)


def test_bom_that_lies_is_an_article_error() -> None:
    with pytest.raises(ArticleError, match="utf-8"):
        decode(codecs.BOM_UTF8 + b"caf\xe9 au lait")


@pytest.mark.parametrize(
    ("text", "codec"),
    [(FRENCH, "cp1252"), (FRENCH, "latin-1"), (ENGLISH_CP1252, "cp1252"), (SPANISH, "latin-1")],
)
def test_legacy_encoding_is_guessed_correctly(text: str, codec: str) -> None:
    decoded = decode(text.encode(codec))
    assert decoded.text == text
    assert decoded.guessed


def test_load_article_records_a_guessed_encoding(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(FRENCH.encode("cp1252"))
    meta = load_article(path).meta
    assert meta.encoding_guessed
    assert meta.encoding == decode(path.read_bytes()).encoding


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"one\r\ntwo\r\n", "one\ntwo\n"),
        (b"one\rtwo\r", "one\ntwo\n"),
        (b"one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour"),
        (b"one\r\r\ntwo", "one\n\ntwo"),
    ],
)
def test_newlines_are_normalised(raw: bytes, expected: str) -> None:
    assert decode(raw).text == expected


def test_newlines_are_normalised_in_guessed_text() -> None:
    assert decode(FRENCH.replace("\n", "\r\n").encode("cp1252")).text == FRENCH


def test_newlines_are_normalised_in_utf16() -> None:
    assert decode(codecs.BOM_UTF16_LE + "a\r\nb\rc".encode("utf-16-le")).text == "a\nb\nc"


@pytest.mark.parametrize("position", [0, 100, BINARY_PROBE - 1])
def test_nul_near_the_start_means_binary(position: int) -> None:
    data = b"a" * position + b"\x00" + b"b" * 100
    with pytest.raises(BinaryFileError, match=r"binary file.*NUL"):
        decode(data)


@pytest.mark.parametrize("position", [BINARY_PROBE, BINARY_PROBE + 5000])
def test_nul_after_the_probe_is_kept_as_text(position: int) -> None:
    data = b"a" * position + b"\x00tail"
    assert decode(data).text.endswith("\x00tail")


def test_load_article_refuses_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BinaryFileError):
        load_article(path)


def test_empty_bytes_decode_to_empty_text() -> None:
    assert decode(b"").text == ""


def test_empty_text_parses_to_an_empty_article() -> None:
    article = parse_plain("")
    assert (article.title, article.blocks, article.quotes) == ("", (), ())


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", codecs.BOM_UTF8])
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_empty_file_gets_the_file_stem_as_title(
    tmp_path: Path, content: bytes, suffix: str
) -> None:
    path = tmp_path / f"nothing-here{suffix}"
    path.write_bytes(content)
    article = load_article(path)
    assert article.title == "nothing-here"
    assert article.blocks == ()
