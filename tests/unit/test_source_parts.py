"""The pure parts of the sources: an article piped in, the url to open, the editor's command,
and how the folder watch turns changes into batches and batches into paths to re-index."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import readtui.watch_paths
from readtui.article.load import MAX_BYTES
from readtui.article.piped import (
    BLANK_PIPED,
    NOTHING_PIPED,
    PIPED_NAME,
    looks_like_markdown,
    piped_article,
    read_piped,
)
from readtui.errors import ArticleError, ReadtuiError
from readtui.launch import (
    article_from_stdin,
    editor_command,
    has_browser,
    run_editor,
    use_terminal_for_keys,
    web_url,
)
from readtui.watch import Batcher, FolderWatch
from readtui.watch_paths import Shape, Target, changed_since, rescan_paths, watch_targets

SRC = Path(__file__).resolve().parents[2] / "src"
_pause = threading.Event()


# -- piped in ---------------------------------------------------------------------------------


def test_piped_plain_text_is_parsed_with_a_fingerprint_and_no_path() -> None:
    data = b"A piped headline\n\nThe first paragraph says something.\n"
    article = piped_article(data)
    assert article.title == "A piped headline"
    assert article.meta.path == ""
    assert len(article.meta.fingerprint) == 32
    assert article.meta.fingerprint == piped_article(data).meta.fingerprint
    assert "first paragraph" in article.blocks[0].text


def test_piped_markdown_keeps_its_front_matter_url() -> None:
    data = b"---\ntitle: Front\nurl: https://example.com/a\n---\n\nBody text here.\n"
    article = piped_article(data)
    assert article.title == "Front"
    assert article.meta.url == "https://example.com/a"


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("---\ntitle: x\n---\n", True),
        ("\ufeff# Heading\n\ntext", True),
        ("  \n## Sub heading\n", True),
        ("#hashtag is not a heading\n", False),
        ("Plain headline\n\n# not first\n", False),
    ],
)
def test_markdown_is_told_by_its_start(text: str, markdown: bool) -> None:
    assert looks_like_markdown(text) is markdown


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", NOTHING_PIPED), (b" \n\t\n", BLANK_PIPED), (b"\xef\xbb\xbf \n", BLANK_PIPED)],
)
def test_nothing_piped_is_said_plainly(data: bytes, message: str) -> None:
    with pytest.raises(ArticleError, match=r"cat article\.txt \| readtui -") as raised:
        piped_article(data)
    assert str(raised.value) == message


def test_binary_on_stdin_is_refused_naming_stdin() -> None:
    with pytest.raises(ArticleError, match=r"^stdin: .*binary"):
        piped_article(b"\x00\x01\x02binary")


def test_a_title_less_pipe_is_named_stdin() -> None:
    article = piped_article(b"---\nauthor: someone\n---\n\nJust a body paragraph.\n")
    assert article.title == PIPED_NAME


def test_hostile_bytes_stay_in_the_text_for_the_view_to_sanitise() -> None:
    article = piped_article(b"Title \x1b]0;owned\x07\n\nBody \x1b[31mred\x1b[0m.\n")
    assert "\x1b" in article.blocks[0].text  # the view shows it as ^[ (tests/app)


def test_read_piped_stops_at_the_limit_and_says_more_was_left() -> None:
    stream = io.BytesIO("\u00e9".encode() * 10)  # 20 bytes, a cut at 5 splits a character
    data, more = read_piped(stream.read, limit=5)
    assert more is True
    assert data == "\u00e9\u00e9".encode()


def test_read_piped_reads_all_of_a_short_pipe() -> None:
    data, more = read_piped(io.BytesIO(b"short").read)
    assert (data, more) == (b"short", False)
    assert MAX_BYTES > 5


def test_truncated_pipe_says_so() -> None:
    article = piped_article(b"Head\n\nBody.\n", truncated=True)
    assert any(n.startswith("Truncated") and "stdin" in n for n in article.meta.notices)


def test_the_keys_need_a_terminal(tmp_path: Path) -> None:
    with pytest.raises(ReadtuiError, match="is not a terminal"):
        use_terminal_for_keys(os.devnull)
    with pytest.raises(ReadtuiError, match="No terminal to read keys from"):
        use_terminal_for_keys(str(tmp_path / "no-tty"))


def test_a_terminal_on_stdin_is_not_read_as_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    with pytest.raises(ReadtuiError, match="from a pipe, not the terminal"):
        article_from_stdin()


# -- the url ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("https://example.com/a?b=1#c", "https://example.com/a?b=1#c"),
        ("  http://example.com/x  ", "http://example.com/x"),
        ("HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"),
        ("", None),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("-https://example.com", None),
        ("https://", None),
        ("https://exa mple.com", None),
        ("https://example.com/\x1b]0;x\x07", None),
        ("https://example.com/\x9b", None),
        ("https://example.com/" + "a" * 3000, None),
    ],
)
def test_only_web_addresses_are_opened(given: str, url: str | None) -> None:
    assert web_url(given) == url


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", False),
        ({"SSH_CONNECTION": "1 2 3 4"}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({"BROWSER": "w3m"}, "linux", True),
        ({"BROWSER": " "}, "linux", False),
        ({}, "darwin", True),
        ({}, "win32", True),
    ],
)
def test_a_browser_is_tried_only_where_one_can_show(
    env: dict[str, str], platform: str, expected: bool
) -> None:
    assert has_browser(env, platform) is expected


# -- the editor -------------------------------------------------------------------------------


def no_programs(name: str) -> str | None:
    return None


@pytest.mark.parametrize(
    ("env", "command"),
    [
        ({"EDITOR": "vim"}, ["vim", "/a b.txt"]),
        ({"EDITOR": "code -w"}, ["code", "-w", "/a b.txt"]),
        ({"EDITOR": "'/opt/my editor/ed' --wait"}, ["/opt/my editor/ed", "--wait", "/a b.txt"]),
        ({"VISUAL": "emacs -nw", "EDITOR": "ed"}, ["emacs", "-nw", "/a b.txt"]),
        ({"VISUAL": "  ", "EDITOR": "ed"}, ["ed", "/a b.txt"]),
    ],
)
def test_editor_command_from_the_environment(env: dict[str, str], command: list[str]) -> None:
    assert editor_command(env, "/a b.txt", no_programs) == command


def test_editor_falls_back_to_nano_then_vi() -> None:
    assert editor_command({}, "/f", lambda name: "/bin/x" if name == "nano" else None)[0] == "nano"
    assert editor_command({}, "/f", lambda name: "/bin/x" if name == "vi" else None)[0] == "vi"
    with pytest.raises(ReadtuiError, match=r"No editor found: set \$EDITOR"):
        editor_command({}, "/f", no_programs)


def test_an_editor_variable_that_is_not_a_command_is_said() -> None:
    with pytest.raises(ReadtuiError, match=r"\$EDITOR cannot be read as a command"):
        editor_command({"EDITOR": "vim 'unclosed"}, "/f", no_programs)


def test_run_editor_reports_missing_failing_and_fine(tmp_path: Path) -> None:
    missing = run_editor([str(tmp_path / "no-such-editor"), "/f"])
    assert "was not found" in missing.problem
    assert "exited with status 3" in run_editor(["sh", "-c", "exit 3"]).problem
    assert run_editor(["true"]).problem == ""


# -- the watch: where to watch and what to rescan ---------------------------------------------


def test_watch_targets_are_the_folders_and_the_folders_of_lone_files(tmp_path: Path) -> None:
    (tmp_path / "lib" / "sub").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    lone = tmp_path / "other" / "lone.txt"
    lone.write_text("x")
    inside = tmp_path / "lib" / "sub" / "in.txt"
    inside.write_text("x")
    roots = [tmp_path / "lib", tmp_path / "lib" / "sub", lone, inside, tmp_path / "gone"]
    assert watch_targets(roots) == [
        Target(str(tmp_path / "lib"), True),
        Target(str(tmp_path / "other"), False),
    ]


def make_shape(tmp_path: Path) -> Shape:
    (tmp_path / "lib" / "sub").mkdir(parents=True)
    (tmp_path / "solo").mkdir()
    (tmp_path / "solo" / "named.log").write_text("x")
    return Shape.of([tmp_path / "lib", tmp_path / "solo" / "named.log"])


def test_rescan_takes_articles_and_folders_of_the_library_only(tmp_path: Path) -> None:
    shape = make_shape(tmp_path)
    lib, solo = str(tmp_path / "lib"), str(tmp_path / "solo")
    changes = [
        (f"{lib}/a.txt", False),
        (f"{lib}/b.MD", False),
        (f"{lib}/notes.log", False),  # not an article
        (f"{lib}/.hidden.txt", False),
        (f"{lib}/.git/x.txt", False),
        (f"{lib}/new", True),
        (f"{lib}/new/c.txt", False),  # inside a folder that is rescanned anyway
        (f"{solo}/named.log", False),  # named on the command line: any suffix
        (f"{solo}/sibling.txt", False),  # beside it, but not the library's
        ("/elsewhere/x.txt", False),
    ]
    assert rescan_paths(changes, shape) == [
        f"{lib}/a.txt",
        f"{lib}/b.MD",
        f"{lib}/new",
        f"{solo}/named.log",
    ]


def test_rescan_skips_a_symlinked_folder_as_the_scan_does(tmp_path: Path) -> None:
    shape = make_shape(tmp_path)
    (tmp_path / "outside.txt").mkdir()
    link = tmp_path / "lib" / "link.txt"
    link.symlink_to(tmp_path / "outside.txt")
    assert rescan_paths([(str(link), False)], shape) == []


def test_many_files_become_their_folders_and_too_many_folders_everything(tmp_path: Path) -> None:
    shape = make_shape(tmp_path)
    lib = tmp_path / "lib"
    files = [(str(lib / "sub" / f"{n}.txt"), False) for n in range(1000)]
    assert rescan_paths(files, shape) == [str(lib / "sub")]
    folders = [(str(lib / f"d{n}" / "x.txt"), False) for n in range(1000)]
    assert rescan_paths(folders, shape) is None


def test_a_deleted_root_is_rescanned(tmp_path: Path) -> None:
    shape = make_shape(tmp_path)
    assert rescan_paths([(str(tmp_path / "lib"), True)], shape) == [str(tmp_path / "lib")]


# -- the watch: batching ----------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_batch_is_due_after_a_quiet_moment() -> None:
    clock = Clock()
    batcher = Batcher(quiet=0.3, longest=2.0, clock=clock)
    assert batcher.due() is None
    batcher.add(("/a.txt", False))
    clock.now += 0.1
    batcher.add(("/b.txt", False))
    assert batcher.due() == pytest.approx(100.4)
    batch = batcher.take()
    assert batch.changes == {("/a.txt", False), ("/b.txt", False)}
    assert not batch.everything
    assert batcher.due() is None


def test_a_storm_of_changes_is_handed_over_every_longest_seconds() -> None:
    """1,000 files written 10 ms apart (a git checkout): never quiet, so batches come only
    when the first change is `longest` old: five over ten seconds, not 1,000."""
    clock = Clock()
    batcher = Batcher(quiet=0.3, longest=2.0, clock=clock)
    batches = 0
    for n in range(1000):
        batcher.add((f"/f{n}.txt", False))
        clock.now += 0.01
        due = batcher.due()
        if due is not None and clock.now >= due:
            batcher.take()
            batches += 1
    batches += batcher.due() is not None
    assert batches == 5


def test_lost_events_ask_for_everything() -> None:
    batcher = Batcher(clock=Clock())
    batcher.add(None)
    assert batcher.take().everything


def test_next_batch_returns_none_once_stopped() -> None:
    batcher = Batcher(quiet=3600.0)
    batcher.add(("/a.txt", False))
    got: list[object] = []
    thread = threading.Thread(target=lambda: got.append(batcher.next_batch()))
    thread.start()
    batcher.stop()
    thread.join(10)
    assert not thread.is_alive()
    assert got == [None]


# -- the watch, for real ----------------------------------------------------------------------


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        _pause.wait(0.05)
    raise AssertionError(f"never happened: {what}")


def test_a_thousand_new_files_cause_a_few_reindexes(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    (library / "checkout").mkdir(parents=True)
    calls: list[list[str] | None] = []
    failures: list[str] = []
    watch = FolderWatch([library], lambda paths, stopped: calls.append(paths), failures.append)
    watch.start()
    try:
        wait_until(lambda: len(calls) >= 1, "the first whole-library pass")
        assert calls == [None]
        for n in range(1000):
            (library / "checkout" / f"{n:04}.txt").write_text(f"Title {n}\n\nBody.\n")
        (library / "zz-last.txt").write_text("Last\n\nBody.\n")

        def seen(path: Path) -> bool:
            rescanned = {p for paths in calls[1:] for p in (paths or [str(library)])}
            return str(path) in rescanned or str(library) in rescanned

        wait_until(lambda: seen(library / "zz-last.txt"), "the last file")
        assert seen(library / "checkout")
        assert len(calls) - 1 < 50  # one or two in practice; 1,000 without batching
        assert failures == []
    finally:
        watch.stop()
        assert watch.join(10)


def clock_past(folder: Path, probe: Path) -> float:
    """A time the file system's clock has passed since anything in `folder` last changed:
    whatever is written from now on is newer (its clock may tick in steps of milliseconds)."""
    mark = max(path.stat().st_ctime for path in [folder, *folder.rglob("*")])
    while True:
        probe.write_text("tick")
        if probe.stat().st_ctime > mark:
            return probe.stat().st_ctime


@pytest.fixture
def settled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, float]:
    """A library, and a time after everything in it was written (no slack for coarse file
    system clocks: the test's clock is exact)."""
    monkeypatch.setattr(readtui.watch_paths, "STAMP_SLACK", 0.0)
    library = tmp_path / "library"
    (library / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.md", "sub/c.txt", "notes.pdf", ".hidden.txt"):
        (library / name).write_text("Title\n\nBody.\n")
    return library, clock_past(library, tmp_path / "probe")


def test_nothing_changed_since_the_index_began_is_nothing_to_rescan(
    settled: tuple[Path, float],
) -> None:
    library, since = settled
    assert changed_since([library], since) == []


def test_what_changed_since_is_each_changed_file_and_each_folder_whose_listing_changed(
    settled: tuple[Path, float],
) -> None:
    library, since = settled
    (library / "b.md").write_text("Title\n\nA new body.\n")  # written in place
    (library / "sub" / "new.txt").write_text("New\n\nBody.\n")  # the folder's listing
    (library / ".hidden.txt").write_text("Not the library's.\n")
    (library / "notes.pdf").write_text("Not an article.\n")
    assert sorted(changed_since([library], since)) == [
        (str(library / "b.md"), False),
        (str(library / "sub"), True),
    ]


def test_a_root_gone_since_is_a_change(settled: tuple[Path, float]) -> None:
    library, since = settled
    lone = library / "a.txt"
    lone.unlink()
    assert changed_since([lone], since) == [(str(lone), False)]


def test_the_watch_begins_with_what_changed_since_the_index_began(
    settled: tuple[Path, float],
) -> None:
    library, since = settled
    (library / "a.txt").write_text("Title\n\nEdited before the watch began.\n")
    calls: list[list[str] | None] = []
    settled_during_pass: list[bool] = []

    def update(paths: list[str] | None, stopped: object) -> None:
        settled_during_pass.append(watch.settled.is_set())
        calls.append(paths)

    watch = FolderWatch([library], update, print, since=since)
    watch.start()
    try:
        wait_until(lambda: len(calls) >= 1, "the first pass")
        assert calls[0] == [str(library / "a.txt")]  # not None: no rescan of every file
        assert watch.settled.wait(10)  # set once the first pass is over, not before
        assert settled_during_pass[0] is False
    finally:
        watch.stop()
        assert watch.join(10)


def test_the_watch_stops_even_in_the_middle_of_its_wait(tmp_path: Path) -> None:
    watch = FolderWatch([tmp_path], lambda paths, stopped: None, lambda problem: None)
    watch.start()
    watch.stop()
    assert watch.join(10)


def refuse(*args: object, **kwargs: object) -> None:
    raise OSError(28, "inotify watch limit reached")


def test_a_watch_refused_by_the_system_falls_back_to_polling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import watchdog.observers

    import readtui.watch

    monkeypatch.setattr(watchdog.observers, "Observer", refuse)
    monkeypatch.setattr(readtui.watch, "POLL_SECONDS", 0.1)
    said: list[str] = []
    calls: list[list[str] | None] = []
    watch = FolderWatch([tmp_path], lambda paths, stopped: calls.append(paths), said.append)
    watch.start()
    try:
        wait_until(lambda: len(calls) >= 1, "the first whole-library pass")
        (tmp_path / "new.txt").write_text("New\n\nBody.\n")
        wait_until(lambda: [str(tmp_path / "new.txt")] in calls, "the new file, by polling")
    finally:
        watch.stop()
        assert watch.join(10)
    assert said == [
        "The library's folders are looked at every 0.1 s ([Errno 28] inotify watch limit reached)."
    ]


def test_a_watch_that_cannot_start_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import watchdog.observers
    import watchdog.observers.polling

    monkeypatch.setattr(watchdog.observers, "Observer", refuse)
    monkeypatch.setattr(watchdog.observers.polling, "PollingObserver", refuse)
    said: list[str] = []
    watch = FolderWatch([tmp_path], lambda paths, stopped: None, said.append)
    watch.start()
    assert watch.join(10)
    assert said == ["Not watching the library's folders: [Errno 28] inotify watch limit reached"]
    assert watch.settled.is_set()  # nothing more will happen in the background


def test_the_new_modules_leave_the_ui_and_watchdog_unloaded() -> None:
    probe = (
        "import json, sys, readtui.article.piped, readtui.watch, readtui.watch_paths\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        check=True,
    )
    loaded = {name.partition(".")[0] for name in json.loads(result.stdout)}
    assert not loaded & {"textual", "rich", "watchdog"}
