"""`readtui notes`: the exact Markdown and JSON, the bookmark orders, and the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from readtui.article.load import load_article
from readtui.messages import copy_quote
from readtui.notes import (
    gather,
    md_link,
    md_note,
    md_text,
    sort_bookmarks,
    to_json,
    to_markdown,
)
from readtui.paths import state_db_path
from readtui.quoting import copied_quote, quote_clip
from readtui.store import Bookmark, CopiedQuote, Store

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "articles" / "russian-recruiter-shot-cbc.txt"

NOON = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc).timestamp()


def bookmark(bid: int, fp: str, block: int, snippet: str, **more: object) -> Bookmark:
    fields: dict[str, object] = {"title": "", "path": "", "created_at": NOON + bid}
    fields.update(more)
    return Bookmark(bid, fp, block, 0, snippet, **fields)  # type: ignore[arg-type]


DAM = "Dam breaks *upstream* [live] #breaking"
BOOKMARKS = [
    bookmark(
        1,
        "fp-dam",
        5,
        "Water rose 3 m.",
        title=DAM,
        note="Check the **levee** report <script>",
        source="AP",
        url="https://apnews.com/article/dam (live)",
    ),
    bookmark(2, "fp-dam", 1, "- The dam held for 40 years", title=DAM),
]
QUOTES = [
    CopiedQuote(
        "fp-dam",
        "We will rebuild. It costs $5 and $10",
        3,
        4,
        speaker="Jane Doe",
        role="mayor",
        title=DAM,
        source="AP",
        copied_at=NOON,
        id=1,
    ),
    CopiedQuote("fp-dam", "Not again", 2, 0, copied_at=NOON + 5, id=2),
    CopiedQuote(
        "fp-apple",
        "first para\n\nsecond para",
        0,
        0,
        speaker="Sam",
        path="/news/apple.txt",
        copied_at=NOON,
        id=3,
    ),
]

MARKDOWN = """\
## apple.txt

### Quotes

> first para
>
> second para
>
> \u2014 Sam

## Dam breaks \\*upstream\\* \\[live\\] \\#breaking

Source: [AP](https://apnews.com/article/dam%20%28live%29)

### Bookmarks

- \\- The dam held for 40 years
- Water rose 3 m.
  - Note: Check the **levee** report \\<script>

### Quotes

> Not again

> We will rebuild. It costs \\$5 and \\$10
>
> \u2014 Jane Doe, mayor
"""


def test_markdown_is_grouped_by_article_in_title_order() -> None:
    assert to_markdown(gather(BOOKMARKS, QUOTES)) == MARKDOWN


def test_json_is_the_documented_structure() -> None:
    data = json.loads(to_json(gather(BOOKMARKS[1:], QUOTES[2:])))
    assert data == {
        "version": 1,
        "articles": [
            {
                "fingerprint": "fp-apple",
                "title": "",
                "source": "",
                "url": "",
                "path": "/news/apple.txt",
                "bookmarks": [],
                "quotes": [
                    {
                        "text": "first para\n\nsecond para",
                        "speaker": "Sam",
                        "role": "",
                        "block": 0,
                        "offset": 0,
                        "copied_at": "2025-05-01T12:00:00+00:00",
                    }
                ],
            },
            {
                "fingerprint": "fp-dam",
                "title": DAM,
                "source": "",
                "url": "",
                "path": "",
                "bookmarks": [
                    {
                        "block": 1,
                        "offset": 0,
                        "snippet": "- The dam held for 40 years",
                        "note": "",
                        "created_at": "2025-05-01T12:00:02+00:00",
                    }
                ],
                "quotes": [],
            },
        ],
    }


def test_json_text_is_stable_and_pretty() -> None:
    assert to_json([]) == '{\n  "version": 1,\n  "articles": []\n}\n'
    assert to_markdown([]) == ""


def test_the_newest_title_source_and_url_win() -> None:
    older = bookmark(1, "fp", 0, "a", title="Old title", source="AP")
    newer = bookmark(2, "fp", 1, "b", title="New title", url="https://x.example/a")
    (notes,) = gather([older, newer], [])
    assert (notes.title, notes.source, notes.url) == ("New title", "AP", "https://x.example/a")


def test_outside_text_never_carries_control_characters() -> None:
    hostile = bookmark(1, "fp", 0, "snip\x1b]0;x\x07", title="T\x1b[31m", note="n\x9b1m")
    quoted = CopiedQuote("fp", "q\x1b[2J", 0, 0, speaker="S\x07")
    for text in (to_markdown(gather([hostile], [quoted])), to_json(gather([hostile], [quoted]))):
        assert not any((ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F for ch in text)
        assert "snip^" in text and "S^G" in text  # shown in caret notation, as on screen


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Plain title", "Plain title"),
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("[[Wiki link]] and [x](y)", "\\[\\[Wiki link\\]\\] and \\[x\\](y)"),
        ("#tag and # heading", "\\#tag and \\# heading"),
        ("<b>raw</b> &amp; AT&T", "\\<b\\>raw\\</b\\> \\&amp; AT&T"),
        (
            "==mark== %%hidden%% ((ref)) {{macro}}",
            "\\=\\=mark\\=\\= \\%\\%hidden\\%\\% \\(\\(ref\\)\\) \\{\\{macro\\}\\}",
        ),
        ("1. Not a list", "1\\. Not a list"),
        ("- not a list", "\\- not a list"),
        ("> not a quote", "\\> not a quote"),
        ("a | b ~~c~~ $x$", "a \\| b \\~\\~c\\~\\~ \\$x\\$"),
        ("two\nlines\ttabbed", "two lines tabbed"),
    ],
)
def test_outside_text_is_shown_literally(text: str, shown: str) -> None:
    assert md_text(text) == shown


@pytest.mark.parametrize(
    ("note", "shown"),
    [
        ("**my** [[Link]] #idea", "**my** [[Link]] #idea"),
        ("<img src=x>", "\\<img src=x>"),
        ("# not a heading", "\\# not a heading"),
        ("- dash", "\\- dash"),
    ],
)
def test_a_note_keeps_the_readers_markdown_but_no_html_or_structure(note: str, shown: str) -> None:
    assert md_note(note) == shown


@pytest.mark.parametrize(
    ("label", "url", "shown"),
    [
        ("AP", "https://ap.example/a_b?x=1&y=2", "[AP](https://ap.example/a_b?x=1&y=2)"),
        ("", "https://ap.example/a", "[ap.example](https://ap.example/a)"),
        ("AP", "javascript:alert(1)", "AP \u00b7 javascript:alert(1)"),
        ("AP", "https://ap.example/<x> y", "[AP](https://ap.example/%3Cx%3E%20y)"),
    ],
)
def test_only_web_addresses_become_links(label: str, url: str, shown: str) -> None:
    assert md_link(label, url) == shown


# --- the bookmarks screen's orders ---------------------------------------------------------------


ORDERED = [
    bookmark(1, "fp-b", 7, "b late", title="Bravo"),
    bookmark(2, "fp-a", 3, "a middle", title="alpha"),
    bookmark(3, "fp-b", 2, "b early", title="Bravo"),
    bookmark(4, "fp-a", 1, "a early", title="alpha"),
]


@pytest.mark.parametrize(
    ("sort", "snippets"),
    [
        ("added", ["a early", "b early", "a middle", "b late"]),
        ("title", ["a early", "a middle", "b early", "b late"]),
        ("position", ["a early", "a middle", "b early", "b late"]),
    ],
)
def test_bookmark_orders(sort: str, snippets: list[str]) -> None:
    assert [b.snippet for b in sort_bookmarks(ORDERED, sort)] == snippets


def test_position_order_puts_the_most_recently_bookmarked_article_first() -> None:
    latest_in_b = [*ORDERED, bookmark(5, "fp-b", 9, "b last", title="Bravo")]
    snippets = [b.snippet for b in sort_bookmarks(latest_in_b, "position")]
    assert snippets == ["b early", "b late", "b last", "a early", "a middle"]


# --- copying a quote records it ----------------------------------------------------------------


def test_a_copy_message_carries_the_quote_and_its_article() -> None:
    article = load_article(SEED)
    quote = article.quotes[0]
    message = copy_quote(article, quote, credit=True)
    assert message.text.startswith(quote_clip(quote) + " \u2014 ")
    assert message.quote == copied_quote(article, quote)
    assert message.quote.fingerprint == article.meta.fingerprint
    assert (message.quote.block, message.quote.offset) == (quote.block, quote.start)
    assert message.quote.speaker == quote.speaker and message.quote.title == article.title


def test_the_exporter_and_quoting_import_no_ui() -> None:
    code = (
        "import sys, readtui.notes, readtui.quoting\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "[]"


# --- the command line --------------------------------------------------------------------------


def run_notes(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m readtui notes ...` with READTUI_DATA_DIR from the isolated_user fixture."""
    return subprocess.run(
        [sys.executable, "-m", "readtui", "notes", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=60,
        check=False,
    )


def seed_store(data: Path) -> None:
    with Store(state_db_path(data)) as store:
        for b in BOOKMARKS:
            store.restore_bookmark(b)
        for q in QUOTES:
            store.record_quote(q)


def test_cli_prints_the_markdown(isolated_user: Path) -> None:
    seed_store(isolated_user)
    result = run_notes()
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == MARKDOWN


def test_cli_prints_the_json(isolated_user: Path) -> None:
    seed_store(isolated_user)
    result = run_notes("--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert [a["fingerprint"] for a in data["articles"]] == ["fp-apple", "fp-dam"]
    assert [b["note"] for b in data["articles"][1]["bookmarks"]] == [
        "",
        "Check the **levee** report <script>",
    ]


def test_cli_reads_the_data_dir_given(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    seed_store(elsewhere)
    assert run_notes("--data-dir", elsewhere).stdout == MARKDOWN
    assert run_notes().stdout == ""


def test_cli_with_no_notes_says_so_and_creates_nothing(isolated_user: Path) -> None:
    result = run_notes()
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "No notes yet: bookmark with b, copy quotes with y.\n"
    empty = run_notes("--format", "json")
    assert (empty.returncode, empty.stderr) == (0, "")
    assert json.loads(empty.stdout) == {"version": 1, "articles": []}
    assert not isolated_user.exists()


def test_cli_article_limits_to_that_article_and_cites_it(isolated_user: Path) -> None:
    seed_store(isolated_user)
    article = load_article(SEED)
    with Store(state_db_path(isolated_user)) as store:
        store.add_bookmark(article.meta.fingerprint, 2, 0, "A spot", note="why it matters")
        store.record_quote(copied_quote(article, article.quotes[0]))
    result = run_notes("--article", SEED)
    assert (result.returncode, result.stderr) == (0, "")
    quote = article.quotes[0]
    assert result.stdout == (
        f"## {md_text(article.title)}\n\n"
        "### Bookmarks\n\n"
        "- A spot\n"
        "  - Note: why it matters\n\n"
        "### Quotes\n\n"
        f"> {md_text(quote.text)}\n>\n> \u2014 {quote.speaker}, {quote.role}\n"
    )


def test_cli_article_without_notes_says_so(tmp_path: Path) -> None:
    seed_store(tmp_path / "data")
    result = run_notes("--article", SEED, "--data-dir", tmp_path / "data")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.startswith("No notes yet for ")


@pytest.mark.parametrize("name", ["no-such-article.txt", "."])
def test_cli_article_that_cannot_be_read_is_one_line_and_exit_1(tmp_path: Path, name: str) -> None:
    result = run_notes("--article", tmp_path / name)
    assert (result.returncode, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("readtui: ")
    assert "Traceback" not in result.stderr


def test_cli_refuses_an_unknown_format() -> None:
    result = run_notes("--format", "html")
    assert result.returncode == 2 and "invalid choice" in result.stderr
