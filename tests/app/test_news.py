"""News metadata and encodings as the reader shows them: header lines, hidden junk, guessed
encodings and replaced bytes."""

from __future__ import annotations

from pathlib import Path

from test_reader import SIZE, make_app, ready, view_text

AGENCY_STORY = """\
Dam breach floods valley towns as rescuers search for missing

By Jane Doe and John Roe

Advertisement

MARLOW, Ohio (AP) \u2014 A dam gave way early Friday, sending water into three towns.

Social Sharing

"We heard it before we saw it," said Rita Fenn, a retired teacher.

(Reporting by Ann Smith in Marlow; Editing by Tom Brown)
"""


async def test_header_shows_byline_dateline_and_credits_and_hides_junk(
    isolated_user: Path, tmp_path: Path
) -> None:
    story = tmp_path / "library" / "dam.txt"
    story.parent.mkdir()
    story.write_text(AGENCY_STORY, encoding="utf-8")
    app = make_app(isolated_user, story.parent)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        screen = view_text(view)
        assert "AP \u00b7 By Jane Doe and John Roe \u00b7 MARLOW, Ohio (AP)" in screen
        assert "Reporting by Ann Smith in Marlow; Editing by Tom Brown" in screen
        assert "Advertisement" not in screen and "Social Sharing" not in screen
        assert "A dam gave way early Friday" in screen
        assert "(AP) \u2014 A dam" not in screen


async def test_guessed_encoding_and_replaced_bytes_are_said(
    isolated_user: Path, tmp_path: Path
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    paragraph = "Этой осенью в городе открылась новая библиотека. " * 3
    russian = "\n\n".join(("Заголовок статьи", paragraph))
    (library / "a-koi8.txt").write_bytes(russian.encode("koi8-r"))
    broken = "Caf\u00e9 notes\n\nThe caf\u00e9 opened on Monday and the queue was long.\n"
    (library / "b-broken.txt").write_bytes(broken.encode("utf-8").replace(b"queue", b"qu\xffue"))
    app = make_app(isolated_user, library)
    async with app.run_test(size=SIZE) as pilot:
        view = await ready(pilot)
        assert "encoding guessed: koi8-r" in view_text(view)
        await pilot.press("n")
        await ready(pilot)
        screen = view_text(view)
        assert "qu\ufffdue" in screen
        assert "replaced" in screen
