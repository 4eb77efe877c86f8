"""The state store under real faults: damaged files, a disk that fills mid-session, files pulled
away under a running store, two processes writing at once, and 100 SIGKILLs during saves.

Every fault is real (a real SQLite file, a real file-size limit, real processes and signals);
nothing is mocked. Child processes import only readtui.store so they start fast.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

import readtui
from readtui.store import Position, Store

SRC = Path(readtui.__file__).resolve().parents[1]


# --- helpers --------------------------------------------------------------------------------------


def child(code: str, *args: object, stdin: int | None = None) -> subprocess.Popen[bytes]:
    """Start `python -c code args...` with readtui importable, its output unbuffered bytes."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )


@contextmanager
def reaped(*procs: subprocess.Popen[bytes]) -> Iterator[None]:
    """Kill (by pid, SIGKILL) whatever the test left running, and always wait for it."""
    try:
        yield
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=10)
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                if stream is not None:
                    stream.close()


class Lines:
    """Complete lines from a child's stdout, read with a deadline so nothing waits forever."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        self.fd = proc.stdout.fileno()
        self.buffer = b""
        self.lines: list[str] = []

    def _read(self, timeout: float) -> bool:
        """Read what is there within timeout; False at end of output."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return True
        chunk = os.read(self.fd, 65536)
        if not chunk:
            return False
        self.buffer += chunk
        *complete, self.buffer = self.buffer.split(b"\n")
        self.lines.extend(line.decode() for line in complete)
        return True

    def until(self, count: int, timeout: float = 30) -> list[str]:
        """Wait for at least count lines (or the end of output); fail after timeout seconds."""
        deadline = time.monotonic() + timeout
        while len(self.lines) < count:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"the child printed {len(self.lines)} of {count} lines"
            if not self._read(remaining):
                break
        return self.lines

    def rest(self, timeout: float = 10) -> list[str]:
        """All lines up to the end of output (once the child has ended); a torn line is none."""
        deadline = time.monotonic() + timeout
        while self._read(deadline - time.monotonic()):
            assert time.monotonic() < deadline, "the child's output never ended"
        return self.lines


def integrity(path: Path) -> list[tuple[str]]:
    """PRAGMA integrity_check through a read-only connection, which never checkpoints, so the
    next process still finds exactly what the killed one left behind."""
    uri = path.absolute().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        return [tuple(row) for row in db.execute("PRAGMA integrity_check")]


def bookmark_ids(path: Path) -> set[int]:
    uri = path.absolute().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        return {int(row[0]) for row in db.execute("SELECT id FROM bookmarks")}


def filled_store(path: Path, bookmarks: int = 300) -> None:
    """A real store several pages long, so damage can hit pages other than the header."""
    with Store(path) as store:
        store.save_position("fp", Position(4, 2, 9.0), title="An article")
        for i in range(bookmarks):
            store.add_bookmark(f"fp{i}", i, i, "snippet text " * 20)


# --- corrupt or truncated files -------------------------------------------------------------------


def garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database, just text " * 200)


def cut_in_half(path: Path) -> None:
    filled_store(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def zero_length(path: Path) -> None:
    filled_store(path)
    path.write_bytes(b"")


def damaged_pages(path: Path) -> None:
    """A valid header (page 1 intact) over pages of nonsense: only a check of the pages sees it."""
    filled_store(path)
    data = bytearray(path.read_bytes())
    page = 4096
    assert data.startswith(b"SQLite format 3\0") and len(data) > 8 * page
    data[3 * page : 6 * page] = b"\x55" * (3 * page)
    path.write_bytes(bytes(data))


WAL_AND_SHM = ("-wal", "-shm")
ALL_COMPANIONS = ("-wal", "-shm", "-journal")
# A junk journal beside a file SQLite can open is rolled back (deleted) by SQLite itself before
# the damage shows, so only the empty file, which SQLite is never asked to open, keeps one.
DAMAGE: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "garbage bytes": (garbage, WAL_AND_SHM),
    "a real database cut in half": (cut_in_half, WAL_AND_SHM),
    "a zero-length file": (zero_length, ALL_COMPANIONS),
    "a valid header with damaged pages": (damaged_pages, WAL_AND_SHM),
}


@pytest.mark.parametrize("damage, companions", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_file_is_moved_aside_with_its_companions_and_said_once(
    tmp_path: Path, damage: Callable[[Path], None], companions: tuple[str, ...]
) -> None:
    path = tmp_path / "state.db"
    damage(path)
    damaged = path.read_bytes()
    for suffix in companions:
        path.with_name(path.name + suffix).write_bytes(f"junk {suffix}".encode())

    with Store(path) as store:
        store.save_position("fresh", Position(2, 3))
        assert store.position("fresh") == Position(2, 3)
        assert store.saving_error is None
        notices = list(store.notices)

    [moved] = tmp_path.glob("state.db.corrupt-*[0-9]")
    assert moved.read_bytes() == damaged
    for suffix in companions:
        kept = moved.with_name(moved.name + suffix).read_bytes()
        # The -shm file is SQLite's scratch index of the WAL, rebuilt by whoever opens the file.
        assert kept == f"junk {suffix}".encode() or suffix == "-shm"
    assert not path.with_name("state.db-journal").exists()
    assert len(notices) == 1
    assert str(moved) in notices[0] and "damaged" in notices[0]
    assert integrity(path) == [("ok",)]
    with Store(path) as again:
        assert again.position("fresh") == Position(2, 3)
        assert again.notices == []
    assert len(list(tmp_path.glob("state.db.corrupt-*[0-9]"))) == 1


HALF_DONE = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = DELETE")
db.execute("PRAGMA cache_size = 2")  # spill: changed pages reach the file before the kill
db.execute("BEGIN")
db.execute("UPDATE bookmarks SET snippet = 'half-done ' || snippet")
os.kill(os.getpid(), 9)
"""


def test_a_hot_journal_left_by_a_crash_is_rolled_back_not_taken_for_damage(
    tmp_path: Path,
) -> None:
    """A read-only check cannot roll a hot journal back; SQLite's own recovery must run."""
    path = tmp_path / "state.db"
    filled_store(path, bookmarks=200)
    proc = child(HALF_DONE, path)
    with reaped(proc):
        proc.wait(timeout=30)
    assert path.with_name("state.db-journal").stat().st_size > 0

    with Store(path) as store:
        snippets = {b.snippet for b in store.bookmarks()}
        assert store.notices == [] and store.saving_error is None
        assert store.position("fp") == Position(4, 2, 9.0)
    assert snippets == {"snippet text " * 20}
    assert list(tmp_path.glob("state.db.corrupt-*")) == []


def test_a_healthy_file_with_an_unfinished_wal_is_not_taken_for_damage(tmp_path: Path) -> None:
    """What a crash leaves behind (a WAL not yet checkpointed) is recovered, not set aside."""
    path = tmp_path / "state.db"
    proc = child(
        "import os, sys\n"
        "from pathlib import Path\n"
        "from readtui.store import Position, Store\n"
        "s = Store(Path(sys.argv[1]))\n"
        "s.save_position('fp', Position(5, 6))\n"
        "os._exit(0)\n",
        path,
    )
    with reaped(proc):
        assert proc.wait(timeout=30) == 0
    assert path.with_name("state.db-wal").stat().st_size > 0
    with Store(path) as store:
        assert store.position("fp") == Position(5, 6)
        assert store.notices == [] and store.saving_error is None


# --- the disk fills up mid-session ----------------------------------------------------------------

FILLS_UP = """
import json, resource, signal, sys
from pathlib import Path
from readtui.store import Position, Store

path = Path(sys.argv[1])
store = Store(path)
store.save_position("fp", Position(3, 4, 10.0))
store.add_bookmark("fp", 1, 0, "saved before the disk filled")

# From here no file may grow: writes past the current sizes fail with EFBIG, as on a full disk.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = max(p.stat().st_size for p in path.parent.iterdir())
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
tries = 0
while store.not_saving is None and tries < 1000:
    store.add_bookmark("fp", 2, tries, "filler " * 1000)
    tries += 1

store.add_bookmark("fp", 9, 0, "made after the disk filled")
store.save_position("fp", Position(7, 7, 70.0))
position = store.position("fp")
print(json.dumps({
    "not_saving": store.not_saving,
    "saving_error": store.saving_error,
    "snippets": [b.snippet for b in store.bookmarks() if not b.snippet.startswith("filler")],
    "position": None if position is None else [position.block, position.offset],
}))
store.close()
"""


def test_a_disk_that_fills_mid_session_switches_to_memory_and_keeps_the_session(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.db"
    proc = child(FILLS_UP, path)
    with reaped(proc):
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    report = json.loads(out)

    assert report["not_saving"] is not None and "disk" in report["not_saving"]
    assert "SQLITE" not in report["not_saving"]
    assert str(path) in report["saving_error"]
    assert sorted(report["snippets"]) == [
        "made after the disk filled",
        "saved before the disk filled",
    ]
    assert report["position"] == [7, 7]

    assert integrity(path) == [("ok",)]
    with closing(sqlite3.connect(path)) as db:
        snippets = {row[0] for row in db.execute("SELECT snippet FROM bookmarks")}
        position = db.execute("SELECT block, char_offset FROM articles").fetchall()
    assert "saved before the disk filled" in snippets
    assert "made after the disk filled" not in snippets
    assert position == [(3, 4)]


# --- the file pulled away under a running store ---------------------------------------------------


def delete_file(path: Path) -> None:
    for name in ("state.db", "state.db-wal", "state.db-shm"):
        path.with_name(name).unlink(missing_ok=True)


def delete_folder(path: Path) -> None:
    shutil.rmtree(path.parent)


def replace_file(path: Path) -> None:
    """What a sync tool restoring an old copy, or another program, would do."""
    spare = path.with_name("spare.db")
    with closing(sqlite3.connect(spare)) as db:
        db.execute("CREATE TABLE unrelated (x)")
        db.commit()
    os.replace(spare, path)


def empty_file(path: Path) -> None:
    path.write_bytes(b"")


PULLED_AWAY: dict[str, tuple[Callable[[Path], None], str]] = {
    "deleted": (delete_file, "deleted"),
    "folder deleted": (delete_folder, "deleted"),
    "replaced": (replace_file, "replaced"),
    "emptied": (empty_file, "emptied"),
}


@pytest.mark.parametrize("fault, said", PULLED_AWAY.values(), ids=PULLED_AWAY.keys())
def test_a_file_pulled_away_mid_session_is_said_and_the_session_goes_on_in_memory(
    tmp_path: Path, fault: Callable[[Path], None], said: str
) -> None:
    path = tmp_path / "data" / "state.db"
    with Store(path) as store:
        first = store.add_bookmark("fp", 1, 0, "before")
        store.save_position("fp", Position(3, 0))
        fault(path)
        second = store.add_bookmark("fp", 2, 0, "after")
        store.save_position("fp", Position(8, 0))

        assert store.not_saving is not None and said in store.not_saving
        assert store.saving_error is not None and said in store.saving_error
        if said != "emptied":  # an emptied file leaves nothing to carry over
            assert [b.snippet for b in store.bookmarks()] == ["after", "before"]
            assert second.id != first.id
        assert store.position("fp") == Position(8, 0)
        store.add_bookmark("fp", 3, 0, "later still")  # no error, no second switch
    if said == "replaced":
        with closing(sqlite3.connect(path)) as db:
            tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master")]
        assert tables == ["unrelated"], "the replacement must not be written to"


# --- two instances at once ------------------------------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from readtui.store import Store

path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = Store(path)
print("ready", flush=True)
sys.stdin.readline()  # the barrier: both start writing when the test says go
ids = [store.add_bookmark(name, i, 0, f"{name} {i}").id for i in range(count)]
store.close()
print(" ".join(map(str, ids)), flush=True)
"""


@pytest.mark.parametrize("fresh", [True, False], ids=["new file", "existing file"])
def test_two_processes_adding_200_bookmarks_each_lose_none(tmp_path: Path, fresh: bool) -> None:
    path = tmp_path / "data" / "state.db"
    if not fresh:
        with Store(path) as store:
            store.mark_read("warm-up")
    procs = [child(WRITER, path, name, 200, stdin=subprocess.PIPE) for name in ("one", "two")]
    with reaped(*procs):
        readers = [Lines(proc) for proc in procs]
        for reader in readers:
            assert reader.until(1) == ["ready"]
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write(b"go\n")
            proc.stdin.flush()
        results = [proc.communicate(timeout=90) for proc in procs]

    reported: list[set[int]] = []
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0 and err == b"", err.decode()
        reported.append({int(i) for i in out.decode().split()})
    assert len(reported[0]) == len(reported[1]) == 200
    assert not reported[0] & reported[1]
    assert bookmark_ids(path) == reported[0] | reported[1]
    assert integrity(path) == [("ok",)]
    assert list(path.parent.glob("state.db.corrupt-*")) == []
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


# --- 100 SIGKILLs during saves --------------------------------------------------------------------

KILLS = 100
SAVER = """
import sys
from pathlib import Path
from readtui.store import Position, Store

store = Store(Path(sys.argv[1]))
out = sys.stdout
i = 0
while True:
    fp = f"fp{i % 7}"
    store.save_position(fp, Position(i, i % 50, float(i % 100)))
    if i % 5 == 0:
        store.set_last_opened(fp)
    if i % 11 == 0:
        store.mark_read(fp)
    mark = store.add_bookmark(fp, i, 0, "snippet %d" % i)
    out.write(f"{mark.id}\\n")  # said only once committed
    out.flush()
    i += 1
"""


def test_100_sigkills_during_saves_leave_a_sound_store_with_every_committed_bookmark(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data" / "state.db"
    committed: set[int] = set()
    started = time.monotonic()
    for round_ in range(KILLS):
        proc = child(SAVER, path)
        with reaped(proc):
            lines = Lines(proc)
            lines.until(1 + (round_ * 37) % 60)  # a different moment in every round
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
            ids = lines.rest()
            assert proc.stderr is not None
            assert proc.stderr.read() == b""
        assert proc.returncode == -signal.SIGKILL
        committed |= {int(i) for i in ids}
        assert integrity(path) == [("ok",)], f"round {round_}"
        missing = committed - bookmark_ids(path)
        assert not missing, f"round {round_}: committed bookmarks lost: {sorted(missing)[:10]}"
    seconds = time.monotonic() - started

    with Store(path) as store:
        assert store.notices == [] and store.saving_error is None
        assert {b.id for b in store.bookmarks()} >= committed
    assert list(path.parent.glob("state.db.corrupt-*")) == []
    print(f"\n{KILLS} SIGKILLs: {len(committed)} bookmarks, 0 lost, 0 corrupt, {seconds:.1f} s")


# --- the store is safe to share between threads ---------------------------------------------------


def test_threads_writing_at_once_through_one_store_lose_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "state.db") as store:
        workers = [
            threading.Thread(
                target=lambda n=n: [store.add_bookmark(f"t{n}", i, 0, "x") for i in range(50)]
            )
            for n in range(4)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        assert len(store.bookmarks()) == 200
