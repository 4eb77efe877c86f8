"""What watching a library's folders costs, each figure beside a baseline from the same run.

Run: `python benchmarks/watch.py [--count 50000]` (figures only; nothing here asserts on time).

- Setting up the watch (watchdog walking every folder and adding its inotify watches), beside
  one stat walk of the same library (`library.scan`, what every incremental index starts with).
- From a new article written into the library to its row in the index, through the real watch
  and `update_index`, beside the quiet period the batching waits for (QUIET).
- A `git checkout`-like storm of 1,000 new files: how many re-indexes it caused, and the time
  from the last file written to all 1,000 in the index, beside a scoped `update_index` of those
  1,000 files run directly.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import write_library  # noqa: E402

from readtui.library import scan, update_index  # noqa: E402
from readtui.store import Roots, Store  # noqa: E402
from readtui.watch import QUIET, FolderWatch  # noqa: E402

STORM = 1_000
RUNS = 3
_pause = threading.Event()


def wait_until(condition: Callable[[], bool], timeout: float = 120.0) -> float:
    """Seconds until `condition` held, polling every millisecond."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the condition never held")
        _pause.wait(0.001)
    return time.perf_counter() - start


class Watched:
    """A FolderWatch over the library, counting its re-indexes."""

    def __init__(self, store: Store, root: Path) -> None:
        self.store, self.root = store, root
        self.calls: list[list[str] | None] = []
        self.watch = FolderWatch([root], self.update, print)

    def update(self, paths: list[str] | None, stopped: Callable[[], bool]) -> None:
        update_index(self.store, paths or [self.root], cancelled=stopped)
        self.calls.append(paths)


def indexed(store: Store, root: Path) -> int:
    return store.count_index(Roots.of([root]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50_000)
    count = parser.parse_args().count
    with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as tmp:
        root = Path(tmp) / "library"
        started = time.perf_counter()
        write_library(root, count)
        print(f"{count:,} articles written in {time.perf_counter() - started:.1f} s")
        store = Store(Path(tmp) / "state.db")
        started = time.perf_counter()
        update_index(store, [root])
        print(f"first index in {time.perf_counter() - started:.1f} s")

        walks = []
        for _ in range(RUNS):
            started = time.perf_counter()
            scan([root])
            walks.append(time.perf_counter() - started)
        walk = statistics.median(walks)

        watched = Watched(store, root)
        started = time.perf_counter()
        watched.watch.start()
        wait_until(lambda: len(watched.calls) >= 1)  # set up, and its first whole pass done
        setup = time.perf_counter() - started

        latencies = []
        for run in range(RUNS):
            before = indexed(store, root)
            started = time.perf_counter()
            (root / f"new-{run}.txt").write_text(f"New story {run}\n\nIts body.\n")
            wait_until(lambda before=before: indexed(store, root) > before)  # type: ignore[misc]
            latencies.append(time.perf_counter() - started)

        storm = root / "storm"
        storm.mkdir()
        calls_before, total_before = len(watched.calls), indexed(store, root)
        for number in range(STORM):
            (storm / f"{number:04d}.txt").write_text(f"Storm story {number}\n\nBody.\n")
        written = time.perf_counter()
        wait_until(lambda: indexed(store, root) >= total_before + STORM)
        storm_wait = time.perf_counter() - written
        reindexes = len(watched.calls) - calls_before
        watched.watch.stop()
        watched.watch.join(10)

        shutil.rmtree(storm)
        update_index(store, [root])
        storm.mkdir()
        for number in range(STORM):
            (storm / f"{number:04d}.txt").write_text(f"Storm story {number}\n\nBody.\n")
        started = time.perf_counter()
        update_index(store, [storm])
        direct = time.perf_counter() - started
        store.close()

    print()
    print(f"{'figure':<52}{'readtui':>12}   baseline")
    print("-" * 100)
    print(
        f"{'watch set up + first pass, ' + f'{count:,} articles':<52}{setup:>10.2f} s"
        f"   one stat walk of the library {walk:.2f} s"
    )
    print(
        f"{'new file -> in the index (median of 3)':<52}"
        f"{statistics.median(latencies) * 1000:>9.0f} ms   quiet period {QUIET * 1000:.0f} ms"
    )
    print(f"{'1,000-file storm: re-indexes':<52}{reindexes:>12}   1,000 without batching")
    print(
        f"{'1,000-file storm: last file -> all indexed':<52}{storm_wait:>10.2f} s"
        f"   update_index of those files run directly {direct:.2f} s"
    )


if __name__ == "__main__":
    main()
