"""From bytes to text: BOMs, UTF-8, guessed legacy encodings, newlines and binary files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readtui.article.decode import BINARY_PROBE, Decoded, decode
from readtui.article.load import load_article
from readtui.article.plain import parse_plain
from readtui.article.plausibility import plausibility
from readtui.errors import ArticleError, BinaryFileError

TEXT = "Café “quoted” — naïve 中文 ok\nsecond line\n"

FRENCH = (
    "Le café de la gare était déjà fermé à l'heure où nous sommes arrivés. Ça m'a étonné, "
    "car d'habitude le garçon reste jusqu'à minuit. Élodie a commandé une crème brûlée.\n"
) * 3
ENGLISH_CP1252 = "He said “we will all go home now” — and left; it cost €5 and £3… naïve.\n" * 3
SPANISH = "El niño comió piñas en la montaña; ¿dónde está la señora? ¡Qué día!\n" * 3
ENGLISH_CURLY = (
    "The mayor said “we will rebuild the bridge by spring” — and the council agreed. "
    "“It\u2019s about time,” said one resident — she has waited ten years for it.\n"
)
GERMAN = (
    "Die Straße vor dem Rathaus war nach dem Gewitter überflutet. Viele Bürger mussten ihre "
    "Keller auspumpen, und die Feuerwehr blieb bis spät in die Nacht. Größere Schäden gab es "
    "zum Glück nicht.\n"
)
RUSSIAN = (
    "Вчера вечером над городом прошёл сильный ливень, и к полуночи несколько улиц в центре "
    "оказались под водой. Жители соседних домов говорят, что коммунальные службы приехали "
    "только утром. Мэр пообещал, что ремонт ливнёвки начнётся уже на этой неделе, но её "
    "точную стоимость пока никто не назвал. Синоптики ждут новых дождей в пятницу.\n"
)
RUSSIAN_SHORT = "Завтра в Москве ожидается дождь и сильный ветер.\n"
RUSSIAN_HEADLINE = "ВНИМАНИЕ: ШТОРМОВОЕ ПРЕДУПРЕЖДЕНИЕ\n"
RUSSIAN_TYPOGRAPHY = "Мэр заявил: «Работы закончатся к осени» — подрядчик пока молчит.\n" + RUSSIAN
POLISH = (
    "Wczoraj wieczorem w Łodzi spadł gęsty śnieg, a kierowcy utknęli w korkach na kilka "
    "godzin. Służby drogowe zapowiadają, że ulice będą przejezdne dopiero jutro rano.\n"
)
JAPANESE = (
    "東京都は昨日、新しい防災計画を発表した。地震や台風に備えて、避難所の数を増やすという。\n"
) * 3
UTF8_TEXT = "Le café “Chez Anna” — Москва, 5 €.\nA second line, naïve and plain.\n" * 3


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
    ("text", "codec", "name"),
    [
        (FRENCH, "cp1252", "latin-1"),
        (FRENCH, "latin-1", "latin-1"),
        (GERMAN, "latin-1", "latin-1"),
        (SPANISH, "latin-1", "latin-1"),
        (ENGLISH_CP1252, "cp1252", "cp1252"),
        (ENGLISH_CURLY, "cp1252", "cp1252"),
    ],
)
def test_western_legacy_encoding_is_guessed(text: str, codec: str, name: str) -> None:
    decoded = decode(text.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.guessed) == (text, name, True)


def test_cp1252_without_its_own_bytes_is_named_latin_1() -> None:
    """Only bytes 0x80-0x9F tell cp1252 from latin-1; without them the reading is identical
    and the file is named by the narrower standard it matches."""
    data = FRENCH.encode("cp1252")
    assert data == FRENCH.encode("latin-1")
    assert decode(data).encoding == "latin-1"


def test_c1_controls_lose_to_cp1252_quotes() -> None:
    data = ENGLISH_CURLY.encode("cp1252")
    assert plausibility(data.decode("latin-1")) < 0 < plausibility(data.decode("cp1252"))


@pytest.mark.parametrize(
    "text", [RUSSIAN, RUSSIAN_SHORT, RUSSIAN_HEADLINE], ids=["paragraph", "one-line", "capitals"]
)
@pytest.mark.parametrize("codec", ["cp1251", "koi8-r"])
def test_russian_is_guessed_by_letter_statistics(text: str, codec: str) -> None:
    decoded = decode(text.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.guessed) == (text, codec, True)


def test_cp1251_typography_is_read_as_cp1251() -> None:
    decoded = decode(RUSSIAN_TYPOGRAPHY.encode("cp1251"))
    assert (decoded.text, decoded.encoding) == (RUSSIAN_TYPOGRAPHY, "cp1251")


@pytest.mark.parametrize(("codec", "wrong"), [("cp1251", "koi8-r"), ("koi8-r", "cp1251")])
def test_the_other_cyrillic_code_page_reads_as_implausible(codec: str, wrong: str) -> None:
    """Both decode without error; the wrong one swaps the cases and picks rare letters."""
    data = RUSSIAN.encode(codec)
    assert plausibility(data.decode(wrong)) < 0.5 < plausibility(data.decode(codec))


def test_koi8r_is_not_taken_for_utf8_by_a_chance_valid_pair() -> None:
    assert "её".encode("koi8-r").decode("utf-8") == "ţ"
    assert decode(RUSSIAN.encode("koi8-r")).encoding == "koi8-r"


def test_other_encodings_come_from_charset_normalizer() -> None:
    decoded = decode(POLISH.encode("cp1250"))
    assert (decoded.text, decoded.encoding, decoded.guessed) == (POLISH, "cp1250", True)


def test_double_byte_text_is_not_taken_for_cp1252_punctuation() -> None:
    """Shift-JIS lead bytes are cp1252's curly quotes and dashes, wedged between letters."""
    decoded = decode(JAPANESE.encode("shift_jis"))
    assert (decoded.text, decoded.guessed) == (JAPANESE, True)


def test_a_stray_byte_in_ascii_is_read_as_latin_1() -> None:
    """Without a single well-formed multi-byte character nothing says UTF-8, and 0xE9 is
    latin-1's "é"."""
    decoded = decode(b"Meet me at the caf\xe9 at noon.\n")
    assert decoded == Decoded("Meet me at the café at noon.\n", "latin-1", guessed=True)


def _corrupted(text: str, positions: set[int]) -> tuple[bytes, str]:
    """UTF-8 of `text` with the ASCII characters at `positions` turned into a 0xFF byte,
    and the text a reader should then see."""
    assert all(text[i].isascii() for i in positions)
    data = b"".join(b"\xff" if i in positions else c.encode() for i, c in enumerate(text))
    return data, "".join("\ufffd" if i in positions else c for i, c in enumerate(text))


@pytest.mark.parametrize(
    ("positions", "notice"),
    [
        ({1}, "1 invalid UTF-8 byte was replaced with \ufffd"),
        ({0, 40}, "2 invalid UTF-8 bytes were replaced with \ufffd"),
        ({3, 50, len(UTF8_TEXT) - 2}, "3 invalid UTF-8 bytes were replaced with \ufffd"),
    ],
)
def test_utf8_with_bad_bytes_stays_utf8(positions: set[int], notice: str) -> None:
    data, expected = _corrupted(UTF8_TEXT, positions)
    decoded = decode(data)
    assert decoded == Decoded(expected, "utf-8", replaced=len(positions), notices=(notice,))


def test_a_cut_utf8_character_is_one_replacement() -> None:
    data = UTF8_TEXT.encode().replace("“".encode(), "“".encode()[:2], 1)
    decoded = decode(data)
    assert decoded.text == UTF8_TEXT.replace("“", "\ufffd", 1)
    assert decoded.replaced == 1
    assert decoded.notices == ("2 invalid UTF-8 bytes were replaced with \ufffd in 1 place",)


def test_a_file_cut_short_inside_a_character_stays_utf8() -> None:
    decoded = decode(UTF8_TEXT.encode() + "€".encode()[:2])
    assert (decoded.text, decoded.encoding, decoded.replaced) == (UTF8_TEXT + "\ufffd", "utf-8", 1)


def test_a_genuine_replacement_character_is_not_counted() -> None:
    data, expected = _corrupted("Already \ufffd here; " + UTF8_TEXT, {0})
    decoded = decode(data)
    assert (decoded.text, decoded.replaced) == (expected, 1)


def test_one_good_character_outweighs_one_bad_byte() -> None:
    """A UTF-8 file with a pasted latin-1 word: one \ufffd beats mojibake everywhere else."""
    decoded = decode("It\u2019s a caf".encode() + b"\xe9 day.\n")
    assert decoded == Decoded(
        "It\u2019s a caf\ufffd day.\n",
        "utf-8",
        replaced=1,
        notices=("1 invalid UTF-8 byte was replaced with \ufffd",),
    )


def test_utf8_after_a_bom_is_repaired_too() -> None:
    data, expected = _corrupted(UTF8_TEXT, {5})
    decoded = decode(codecs.BOM_UTF8 + data)
    assert (decoded.text, decoded.encoding, decoded.replaced) == (expected, "utf-8", 1)


def test_load_article_reports_replaced_bytes(tmp_path: Path) -> None:
    path = tmp_path / "damaged.txt"
    path.write_bytes(_corrupted(UTF8_TEXT, {2})[0])
    meta = load_article(path).meta
    assert (meta.encoding, meta.encoding_guessed) == ("utf-8", False)
    assert meta.notices == ("1 invalid UTF-8 byte was replaced with \ufffd",)


def test_clean_utf8_has_no_notices(tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_bytes(UTF8_TEXT.encode())
    assert load_article(path).meta.notices == ()


_FRAGMENTS = st.sampled_from(
    [b"a", b" ", b"\n", b"\r", b"\xe9", b"\xc3\xa9", b"\xe2\x80", b"\x93", b"\xff", b"\xd0\xbf"]
)


@settings(deadline=None)
@given(st.one_of(st.binary(max_size=2048), st.lists(_FRAGMENTS, max_size=200).map(b"".join)))
def test_decode_raises_only_article_errors(data: bytes) -> None:
    try:
        decoded = decode(data)
    except ArticleError:
        return
    assert "\r" not in decoded.text
    assert decoded.guessed or decoded.encoding.startswith("utf-")


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
