"""Searching the text of the library: the full-text index kept in step with the files (new,
changed, deleted, indexed by an older readtui), queries made only of words whatever is typed,
results limited to the library's roots, and sessions that cannot write. Real files, real
SQLite, nothing mocked."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from test_purity import loaded_after_importing, top_level

import readtui.library as library
from readtui.article.load import load_article, load_file
from readtui.article.search import fields
from readtui.library import INDEXER_VERSION, index_file, search_text, update_index
from readtui.search_words import Words, find_words, fold, locate, snippet
from readtui.store import Position, Roots, Store
from readtui.store.files import UNCHECKED_TABLES
from readtui.store.fulltext import FULLTEXT_TABLES, match_expression


def write(path: Path, title: str, *paragraphs: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join((title, *paragraphs)) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as s:
        yield s


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    write(
        root / "harbour.txt",
        "Ferry crews strike at Port Calder",
        "The union said the ferry crews walked out on Monday after talks failed.",
        "\u201cWe were not told until the night before,\u201d said Zo\u00eb Marsh.",
    )
    write(
        root / "budget.txt",
        "Council delays the budget vote",
        "The council delayed the vote on the road repair budget for the third time.",
    )
    write(
        root / "cafe.txt",
        "A caf\u00e9 reopens on the quay",
        "The caf\u00e9 by the na\u00efve mural opened again; Stra\u00dfe signs went up.",
    )
    return root


def found(store: Store, roots: list[Path], text: str) -> list[str]:
    """The file names the search lists for typed text, best first."""
    words = Words.of(text)
    answer = store.search_library(Roots.of(roots), words.words, prefix=words.prefix)
    assert answer is not None and answer.complete
    return [os.path.basename(hit.path) for hit in answer.hits]


# --- kept in step with the files ------------------------------------------------------------


def test_the_first_index_makes_every_article_searchable(store: Store, folder: Path) -> None:
    assert update_index(store, [folder]) == []
    assert found(store, [folder], "ferry crews") == ["harbour.txt"]
    assert found(store, [folder], "budget") == ["budget.txt"]
    assert set(found(store, [folder], "the")) == {"harbour.txt", "budget.txt", "cafe.txt"}
    assert found(store, [folder], "walrus") == []


def test_a_changed_file_is_found_by_its_new_words_only(store: Store, folder: Path) -> None:
    update_index(store, [folder])
    path = write(folder / "budget.txt", "Council adopts a walrus policy", "Nothing else.")
    os.utime(path, ns=(10**18, 10**18))
    update_index(store, [folder])
    assert found(store, [folder], "walrus") == ["budget.txt"]
    assert found(store, [folder], "repair") == []
    assert found(store, [folder], "delays") == []


def test_a_deleted_file_leaves_the_search_and_a_new_one_joins_it(
    store: Store, folder: Path, db_path: Path
) -> None:
    update_index(store, [folder])
    (folder / "harbour.txt").unlink()
    write(folder / "later" / "new.txt", "Lighthouse keeper retires", "The ferry still runs.")
    update_index(store, [folder])
    assert found(store, [folder], "ferry") == ["new.txt"]
    assert found(store, [folder], "crews") == []
    with closing(sqlite3.connect(db_path)) as conn:
        docs = conn.execute("SELECT count(*) FROM library_docs").fetchone()[0]
        texts = conn.execute("SELECT count(*) FROM library_text").fetchone()[0]
        assert docs == texts == 3
        conn.execute("INSERT INTO library_fts (library_fts) VALUES ('integrity-check')")


def test_an_unreadable_file_leaves_the_search(store: Store, folder: Path) -> None:
    update_index(store, [folder])
    path = folder / "budget.txt"
    path.write_bytes(b"\x00" * 5000)  # binary: indexed as a file that cannot be shown
    os.utime(path, ns=(10**18, 10**18))
    update_index(store, [folder])
    assert found(store, [folder], "budget") == []


def test_rows_an_older_indexer_wrote_are_read_again_with_their_text(
    store: Store, folder: Path
) -> None:
    """Rows from before full-text search (older indexer, no texts) become searchable."""
    old = [index_file(path) for path in sorted(folder.iterdir())]
    store.save_index_entries(old, indexer=INDEXER_VERSION - 1)
    assert found(store, [folder], "ferry") == []
    update_index(store, [folder])
    assert found(store, [folder], "ferry") == ["harbour.txt"]


def test_an_index_made_before_the_full_text_tables_is_read_again(
    db_path: Path, folder: Path
) -> None:
    """Current rows but no full-text tables (an SQLite without FTS5 wrote them, or they were
    lost): making the tables marks every row to be read again."""
    with Store(db_path) as s:
        update_index(s, [folder])
    with closing(sqlite3.connect(db_path)) as conn:
        for table in ("library_fts", "library_text", "library_docs"):
            conn.execute(f"DROP TABLE {table}")
        conn.commit()
    with Store(db_path) as s:
        update_index(s, [folder])
        assert found(s, [folder], "ferry") == ["harbour.txt"]


def test_a_file_the_reader_reopens_after_a_change_updates_its_text(
    store: Store, folder: Path
) -> None:
    """What ReaderScreen does when an opened file differs from its index entry."""
    update_index(store, [folder])
    path = write(folder / "cafe.txt", "A bakery reopens", "Croissants at dawn.")
    fresh = load_file(path)
    entry = library.entry_from(str(path), fresh)
    store.save_index_entries([entry], indexer=INDEXER_VERSION, texts=[search_text(fresh.article)])
    assert found(store, [folder], "croissants") == ["cafe.txt"]
    assert found(store, [folder], "mural") == []


def test_the_text_indexed_is_the_text_search_in_the_article_reads(folder: Path) -> None:
    article = load_article(folder / "harbour.txt")
    lines = search_text(article).split("\n")
    assert lines == [field.text for field in list(fields(article))[1:]]


def test_without_fts5_the_library_is_indexed_and_search_finds_nothing(
    store: Store, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readtui.store import fulltext

    monkeypatch.setattr(fulltext, "create_tables", lambda conn, schema: False)
    assert update_index(store, [folder]) == []
    assert store.count_index(Roots.of([folder])) == 3
    assert store.fulltext_missing
    assert found(store, [folder], "ferry") == []


def test_the_open_time_check_skips_the_full_text_tables() -> None:
    """They grow with the library, like the library table: damage in them is repaired when a
    query meets it, never by setting the reading state aside."""
    assert set(FULLTEXT_TABLES) <= set(UNCHECKED_TABLES)


def test_a_damaged_full_text_index_is_rebuilt_and_the_reading_state_is_kept(
    db_path: Path, tmp_path: Path
) -> None:
    root = tmp_path / "many"
    for number in range(400):
        write(root / f"{number:03d}.txt", f"Report {number}", f"zqxmarker{number} " * 60)
    with Store(db_path) as s:
        s.save_position("fp", Position(5, 1))
        update_index(s, [root])
    data = bytearray(db_path.read_bytes())
    size = 4096
    hits = [
        n for n in range(1, len(data) // size) if b"zqxmarker" in data[n * size : (n + 1) * size]
    ]
    assert len(hits) > 4
    for page in hits[len(hits) // 2 : len(hits) // 2 + 3]:
        data[page * size : (page + 1) * size] = b"\x55" * size
    db_path.write_bytes(bytes(data))

    with Store(db_path) as s:
        assert s.position("fp") == Position(5, 1)
        words = Words.of("zqxmarker")
        s.search_library(Roots.of([root]), words.words, prefix=True)
        assert s.index_resets == 1
        assert any("damaged" in notice for notice in s.notices)
        update_index(s, [root])
        assert found(s, [root], "zqxmarker7 ") == ["007.txt"]
        assert s.saving_error is None
    assert not list(db_path.parent.glob("*.corrupt-*"))


# --- queries are words, never FTS5 syntax ---------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '""',
        "*",
        "ferry*",
        "AND",
        "ferry AND",
        "OR crews",
        "NOT",
        "NEAR(",
        "NEAR(ferry crews, 2)",
        "(ferry",
        "ferry)",
        "title:ferry",
        "{title}: ferry",
        "^ferry",
        "-ferry",
        "+ferry",
        "ferry'",
        "'; DROP TABLE library; --",
        "\x1b[31mferry\x1b[0m",
        "\u4e2d\u6587",
        "\U0001f600",
        "\u0000",
        "ferry " * 100,
        "a" * 10_000,
    ],
)
def test_nothing_typed_is_an_fts5_error(store: Store, folder: Path, typed: str) -> None:
    update_index(store, [folder])
    found(store, [folder], typed)  # no exception, and the store keeps working
    assert store.saving_error is None
    assert found(store, [folder], "ferry crews") == ["harbour.txt"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("NEAR(ferry", []),  # the words "near" and "ferry": no article holds "near"
        ("ferry AND crews", []),  # "and" is a word to find, and that article has none
        ('"ferry" "crews"', ["harbour.txt"]),
        ("ferry*", ["harbour.txt"]),
        ("(council)", ["budget.txt"]),
    ],
)
def test_operators_are_words_and_punctuation_only_separates(
    store: Store, folder: Path, typed: str, expected: list[str]
) -> None:
    update_index(store, [folder])
    assert found(store, [folder], typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("cafe", ["cafe.txt"]),
        ("CAF\u00c9", ["cafe.txt"]),
        ("cafe\u0301", ["cafe.txt"]),
        ("naive", ["cafe.txt"]),
        ("zoe", ["harbour.txt"]),
        ("Zo\u00eb", ["harbour.txt"]),
        ("stra\u00dfe", ["cafe.txt"]),
    ],
)
def test_case_and_accents_are_ignored(
    store: Store, folder: Path, typed: str, expected: list[str]
) -> None:
    update_index(store, [folder])
    assert found(store, [folder], typed) == expected


def test_the_last_word_is_a_prefix_while_it_is_typed(store: Store, folder: Path) -> None:
    update_index(store, [folder])
    assert found(store, [folder], "counc") == ["budget.txt"]
    assert found(store, [folder], "counc ") == []  # a space ends the word
    assert found(store, [folder], "ferry cr") == ["harbour.txt"]  # too short: left out


def test_match_expression_quotes_every_word() -> None:
    assert match_expression(["a", 'b"c', "AND"], prefix=True) == '"a" "b""c" "AND"*'
    assert match_expression(["NEAR"], prefix=False) == '"NEAR"'


@pytest.mark.parametrize(
    ("typed", "words", "prefix"),
    [
        ("", (), False),
        ("   ", (), False),
        ('"*()', (), False),
        ("ferry", ("ferry",), True),
        ("ferry ", ("ferry",), False),
        ("fe", ("fe",), False),
        ("ferry cr", ("ferry",), False),
        ("ferry cre", ("ferry", "cre"), True),
        ("Ferry ferry FERRY", ("Ferry",), True),
        ("e-mail", ("e", "mail"), True),
        ("snake_case", ("snake", "case"), True),
    ],
)
def test_words_of_typed_text(typed: str, words: tuple[str, ...], prefix: bool) -> None:
    assert Words.of(typed) == Words(words, prefix)


def test_fold_drops_case_and_accents_as_the_index_does() -> None:
    assert fold("Zo\u00eb CAF\u00c9 cafe\u0301") == "zoe cafe cafe"
    assert fold("\u0141ucja") == "\u0142ucja"  # a letter of its own, kept as the index keeps it


# --- limited to the library -----------------------------------------------------------------


def test_only_articles_under_the_roots_are_found(store: Store, tmp_path: Path) -> None:
    """One store serves several libraries (readtui opened on other folders)."""
    first = tmp_path / "first"
    second = tmp_path / "second"
    write(first / "a.txt", "Ferry news", "The ferry sails.")
    write(second / "b.txt", "More ferry news", "The ferry sails again.")
    write(tmp_path / "alone.txt", "A ferry alone", "A ferry named on the command line.")
    update_index(store, [first])
    update_index(store, [second, tmp_path / "alone.txt"])
    assert found(store, [first], "ferry") == ["a.txt"]
    assert sorted(found(store, [second, tmp_path / "alone.txt"], "ferry")) == [
        "alone.txt",
        "b.txt",
    ]
    assert len(found(store, [tmp_path], "ferry")) == 3


def test_at_most_the_limit_best_first(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "many"
    for number in range(30):
        write(root / f"{number:02d}.txt", f"Report {number}", "ferry " * (number + 1) + "end.")
    update_index(store, [root])
    answer = store.search_library(Roots.of([root]), ("ferry",), limit=5)
    assert answer is not None and answer.complete
    hits = answer.hits
    assert len(hits) == 5
    assert [h.score for h in hits] == sorted(h.score for h in hits)
    assert os.path.basename(hits[0].path) == "29.txt"  # says "ferry" most often


def test_a_title_match_ranks_above_the_same_word_in_the_text(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write(root / "a.txt", "Budget news", "The lighthouse is closed today for repairs.")
    write(root / "b.txt", "Lighthouse closed", "The budget news is that nothing changes today.")
    update_index(store, [root])
    assert found(store, [root], "lighthouse") == ["b.txt", "a.txt"]


# --- stopping and waiting -------------------------------------------------------------------


def test_a_cancelled_search_gives_none(store: Store, folder: Path) -> None:
    update_index(store, [folder])
    roots = Roots.of([folder])
    assert store.search_library(roots, ("the",), cancelled=lambda: True) is None
    assert store.search_library(roots, ("the",), cancelled=lambda: False) is not None


def test_the_ui_thread_does_not_wait_for_a_writing_indexer(store: Store, folder: Path) -> None:
    update_index(store, [folder])
    roots = Roots.of([folder])
    with store._lock:  # what a batch being written holds
        assert store.search_library(roots, ("ferry",), wait=False) is None
    assert store.search_library(roots, ("ferry",), wait=False) is not None


# --- sessions that cannot write ---------------------------------------------------------------


def test_a_file_from_a_newer_readtui_is_searched_in_a_session_index_and_left_unchanged(
    db_path: Path, folder: Path
) -> None:
    with Store(db_path) as s:
        s.save_position("fp", Position(2, 0))
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
    before = db_path.read_bytes()
    with Store(db_path) as s:
        assert update_index(s, [folder]) == []
        assert s.read_only is not None
        assert found(s, [folder], "ferry") == ["harbour.txt"]
        (folder / "harbour.txt").unlink()
        update_index(s, [folder])
        assert found(s, [folder], "ferry") == []
        assert found(s, [folder], "council") == ["budget.txt"]
    assert db_path.read_bytes() == before


def test_a_store_in_memory_searches_too(tmp_path: Path, folder: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("in the way")
    with Store(blocker / "state.db") as s:
        update_index(s, [folder])
        assert s.not_saving is not None
        assert found(s, [folder], "council budget") == ["budget.txt"]


# --- snippets and the place to open at --------------------------------------------------------


def test_the_snippet_is_the_line_holding_most_words_with_the_words_marked() -> None:
    body = "\n".join(
        [
            "The ferry was late again.",
            "Nothing about boats here.",
            "Crews said the ferry crews would strike if the ferry stayed late.",
        ]
    )
    words = Words.of("ferry crews")
    cut = snippet(body, words)
    assert cut.text.startswith("Crews said")
    assert [cut.text[a:b] for a, b in cut.spans] == ["Crews", "ferry", "crews", "ferry"]


def test_a_snippet_starts_a_little_before_a_late_match_and_marks_whole_words() -> None:
    body = "word " * 60 + "and then the Caf\u00e9s were busy"
    cut = snippet(body, Words.of("cafe"))
    assert cut.text.startswith("\u2026")
    assert [cut.text[a:b] for a, b in cut.spans] == ["Caf\u00e9s"]
    assert len(cut.text) <= 161


def test_a_snippet_of_a_title_only_match_is_the_first_line() -> None:
    cut = snippet("\nFirst line of text.\nSecond.", Words.of("headline"))
    assert cut == type(cut)("First line of text.", ())


def test_locate_finds_the_block_the_snippet_comes_from(folder: Path) -> None:
    article = load_article(folder / "harbour.txt")
    position = locate(article, Words.of("night before"))
    assert position is not None
    text = article.blocks[position.block].text
    assert text[position.offset :].startswith("night before")
    assert locate(article, Words.of("Calder")) is None  # only in the title: open at the top


def test_find_words_gives_every_place_the_words_are_as_the_search_matched_them(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "cafe.txt",
        "Ferry news",
        "The ferry to the Caf\u00e9 left. Ferrymen said: ferry fares rise.",
        "Nothing here.",
        "CAFE opening, ferry late.",
    )
    article = load_article(path)
    found = find_words(article, Words.of("ferry cafe"))
    assert found is not None
    texts = {field.block: field.text for field in fields(article)}
    marked = [
        (block, texts[block][start:end])
        for block, start, end in (found[i] for i in range(len(found)))
    ]
    # whole words only ("Ferrymen" is not marked), case and accents folded, the title too
    assert [text for _, text in marked] == ["Ferry", "ferry", "Caf\u00e9", "ferry", "CAFE", "ferry"]
    blocks = [block for block, _ in marked]
    assert blocks == sorted(blocks) and len(set(blocks)) == 3  # title, first and third paragraph
    typing = find_words(article, Words.of("ferrym"))  # the last word while typed: a prefix
    assert typing is not None and len(typing) == 1
    assert [texts[b][s:e] for b, s, e in (typing[0],)] == ["Ferrymen"]
    assert find_words(article, Words.of("ferry"), cancelled=lambda: True) is None


def test_ranking_the_newest_few_says_when_more_hold_the_words(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "many"
    for number in range(30):
        write(root / f"{number:02d}.txt", f"Report {number}", "ferry " * (number + 1) + "end.")
    update_index(store, [root])
    roots = Roots.of([root])
    part = store.search_library(roots, ("ferry",), limit=5, ranked=10)
    assert part is not None and not part.complete and len(part.hits) == 5
    whole = store.search_library(roots, ("ferry",), limit=5, ranked=30)
    assert whole is not None and whole.complete
    assert whole == store.search_library(roots, ("ferry",), limit=5)


def test_an_article_with_a_title_only_is_found_by_its_title(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write(root / "bare.txt", "Lighthouse keeper retires")
    update_index(store, [root])
    assert found(store, [root], "lighthouse") == ["bare.txt"]


def test_the_search_core_imports_no_ui_toolkit() -> None:
    """Words, snippets and the full-text queries are pure, like the rest of the core."""
    loaded = loaded_after_importing("readtui.search_words", "readtui.store.text_search")
    assert "readtui.search_words" in loaded
    assert top_level(loaded) & {"textual", "rich"} == set()
