"""The issue-5 benchmark: readtui with 10, 10,000 and 50,000 articles and with 1 MB and 5 MB
articles, each figure beside a bare Textual app measured in the same run, as one table.

Run: `python benchmarks/run.py [--quick] [--json FILE]` (figures only; nothing asserts on time).

How each figure is taken (every app measurement runs in a fresh child process of this script,
headless at 100x30 through `App.run_test`, killed if it overruns; medians over several children):

- First paint: from just before the child process is spawned (so interpreter start and every
  import count) to the first frame Textual renders in which the sidebar has rows and the view has
  lines of text. A frame is one call of `App._display`, which Textual makes right after the
  compositor has rendered the changed lines (headless, nothing is written to a terminal; that is
  the same for the bare app). The bare app (one Static) is timed to its first frame the same way.
  "Warm" starts from a copy of a state store that an earlier run indexed; "cold" from an empty
  one, and the cold child also times how long the whole first index takes. A cold start has
  nothing to list until its first files are indexed, so its first frame (the screen, saying it
  is indexing) is what must not wait for the index; the time to its first rows and article is
  given beside it.
- Open: from the call to `screen.open_path(path)` (what the open key does) to the first frame
  showing that article's text. Bare app: a key handler that reads and decodes the same file and
  puts its first screen into a Static, to that frame.
- Page-down: from posting the pagedown key to the first frame in which the view has scrolled,
  for each of N presses on the 5 MB article (once it is fully shown and nothing runs in the
  background). Presses are KEY_INTERVAL apart, a held key's repeat rate, so each starts from an
  idle app (back-to-back presses would instead measure Textual's 60 fps frame clock). Bare app: a
  Line API ScrollView holding the same text cut into 80-column lines.
- Filter: after the filter key, from posting a key typed into the filter to the first frame in
  which the sidebar's row count has changed; the query (from `synthetic.narrowing_query`) narrows
  the list at every keystroke, and is then deleted with backspace, a few rounds. Bare app: a key
  typed into an Input, to the frame showing it. The p95 line's note says where the slowest
  keystroke's time went: CPU on the UI thread (the rest was waiting for the GIL or a core) and
  the full garbage collections within it.
- RSS: resident memory (VmRSS, MB of 10^6 bytes) with 50k articles listed and the 5 MB article
  open, once nothing runs in the background. Bare app: at its first paint.
- Parse (no app, a child of its own): the 5 MB article through `parse_text(text, ".txt",
  quotes=False)` (the structural parse, when the parser offers it), in MB/s; baseline
  `str.split` over the same text. Quotes: the seed article parsed with quotes minus without, in
  ms per parse; baseline the structural parse of the seed.

A child that times out says what its app showed at that moment (on stderr and in --json), so a
slow app can be told from a stuck one or a renamed attribute.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()
"""A child's own start, before anything else is imported (first paint counts the imports)."""

import asyncio  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

# Only what a child needs is imported above: the parent's own modules (subprocess, argparse,
# tempfile, statistics...) are imported where they are used, so the bare app's first paint is
# not made slower by this script.

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
SEED = ROOT / "articles" / "russian-recruiter-shot-cbc.txt"
SIZE = (100, 30)
KEY_INTERVAL = 0.04
"""Seconds between two timed key presses (25 a second, a typical key repeat)."""
STEP_TIMEOUT = 30.0
"""Seconds a child waits for one frame or condition before it reports the step as timed out."""
POLL = 0.002
MB = 1_000_000


class StepTimedOut(Exception):
    """A condition the child waited for did not come: the row is reported as timed out."""


class AppStopped(Exception):
    """The app exited (or crashed) while the child waited on it."""


# == the child: one app, a few steps, one JSON line =============================================


class Probe:
    """A condition checked after every frame; `at` is the time of the first frame where it held."""

    def __init__(self, condition: Callable[[], bool], what: str) -> None:
        self.condition = condition
        self.what = what
        self.at: float | None = None
        self.cpu_at = 0.0
        """The UI thread's CPU time (time.thread_time) at that frame."""

    async def wait(self, timeout: float = STEP_TIMEOUT) -> float:
        """The frame's time; polled, but the time is the frame's own, not the poll's."""
        try:
            await until(lambda: self.at is not None, f"{self.what} (no such frame)", timeout)
        finally:
            if self in PROBES:
                PROBES.remove(self)
        assert self.at is not None
        return self.at


PROBES: list[Probe] = []

COLLECTIONS: list[tuple[float, float, int]] = []
"""Every cycle collection in the child once recording began: (start, seconds, generation)."""


def record_collections() -> None:
    """Note each garbage collection from now on (the collector's own callbacks: a full
    collection stalls the thread that triggers it, a keystroke's frame included)."""
    import gc

    began = [0.0]

    def note(phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            began[0] = now
        else:
            COLLECTIONS.append((began[0], now - began[0], info["generation"]))

    gc.callbacks.append(note)


def full_collections(start: float, end: float) -> float:
    """Seconds of full (generation 2) collections that began between start and end."""
    return sum(took for began, took, generation in COLLECTIONS
               if generation == 2 and start <= began <= end)  # fmt: skip


def frame_rendered() -> None:
    """Called by the hooked app after each frame: resolve the probes whose condition holds."""
    now = time.perf_counter()
    for probe in list(PROBES):
        try:
            held = probe.condition()
        except Exception:  # the screen may not be mounted yet
            held = False
        if held:
            probe.at = now
            probe.cpu_at = time.thread_time()
            PROBES.remove(probe)


def changed(read: Callable[[], object], before: object) -> Callable[[], bool]:
    return lambda: read() != before


def watch(condition: Callable[[], bool], what: str) -> Probe:
    probe = Probe(condition, what)
    PROBES.append(probe)
    return probe


def hooked(app: Any) -> Any:
    """The app with a frame hook: `_display` is where every rendered frame ends up. Set on the
    instance, not in a subclass, so Textual still finds the app's stylesheet beside its class."""
    display = app._display

    def display_and_check(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            frame_rendered()

    app._display = display_and_check
    APPS.append(app)
    return app


APPS: list[Any] = []
"""The app being driven, for waits to notice when it has stopped (a crash at start-up)."""


def app_stopped() -> str:
    app = APPS[0] if APPS else None
    if app is None or app.is_running or app.return_code is None:
        return ""
    return f"the app stopped (return code {app.return_code})"


def rss_bytes() -> int:
    """Resident memory now (Linux), else the peak so far."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


async def until(condition: Callable[[], bool], what: str, timeout: float = STEP_TIMEOUT) -> float:
    """Poll (for conditions no frame marks, such as a background index finishing)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise StepTimedOut(f"{what} (not within {timeout:.0f} s)")
        if app_stopped():
            raise AppStopped(f"{app_stopped()} while waiting for {what}")
        await asyncio.sleep(POLL)
    return time.perf_counter()


class Readtui:
    """What the harness needs from readtui, one name per line: if the reader screen's names
    change, this is the only place to fix."""

    def __init__(self, spec: dict[str, Any]) -> None:
        from readtui.app import ReadtuiApp
        from readtui.paths import state_db_path
        from readtui.screens.reader import ReaderScreen
        from readtui.store import Store

        self.reader_class = ReaderScreen
        self.store = Store(state_db_path(Path(spec["data"])))
        self.app = hooked(ReadtuiApp([Path(p) for p in spec["paths"]], self.store))

    @property
    def screen(self) -> Any:
        screen = self.app.screen
        assert isinstance(screen, self.reader_class)
        return screen

    def sidebar_rows(self) -> int:
        return int(self.screen.sidebar.row_count)

    def view_has_text(self) -> bool:
        return bool(self.screen.view.lines_on_screen())

    def shown_path(self) -> str:
        article = self.screen.view.article
        return os.path.abspath(article.meta.path) if article is not None else ""

    def open(self, path: str) -> None:
        self.screen.open_path(path)

    def indexing(self) -> bool:
        return bool(self.screen.indexing)

    def progress(self) -> tuple[int, int] | None:
        progress = self.screen.index_progress
        return None if progress is None else (int(progress[0]), int(progress[1]))

    def pager(self) -> Any:
        return self.screen.view

    filter_key = "f"

    def filter_state(self) -> object:
        return self.sidebar_rows()

    # derived
    def painted(self) -> bool:
        return self.sidebar_rows() > 0 and self.view_has_text()

    def shows(self, path: str) -> bool:
        return self.shown_path() == path and self.view_has_text()

    def busy(self) -> bool:
        """Indexing, a worker running, or the folder watch still starting (its first pass
        walks the library a second after the index is done)."""
        workers = any(not w.is_finished for w in self.app.workers)
        return self.indexing() or workers or not self.screen.watch_settled

    def close(self) -> None:
        self.store.close()

    def describe(self) -> dict[str, Any]:
        """What the app showed when a wait timed out, to tell a slow app from a stuck one."""
        view = self.screen.view
        notes = [str(n.message) for n in getattr(self.app, "_notifications", [])]
        return {
            "rows": self.sidebar_rows(),
            "shown": self.shown_path(),
            "view message": str(getattr(view, "message", "")),
            "lines on screen": len(view.lines_on_screen()),
            "indexing": self.indexing(),
            "progress": self.progress(),
            "workers": [f"{w.name}: {w.state.name}" for w in self.app.workers],
            "notifications": notes[-5:],
        }


class Bare:
    """The bare Textual app, in one of four shapes: `bare` (a Static, for first paint and RSS),
    `bare-open` (a Static a key fills with a file's first screen), `bare-pager` (a Line API
    ScrollView of a file's lines) and `bare-input` (an Input)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        from rich.segment import Segment
        from rich.text import Text
        from textual.app import App, ComposeResult
        from textual.geometry import Size
        from textual.scroll_view import ScrollView
        from textual.strip import Strip
        from textual.widgets import Input, Static

        kind = spec["app"]
        pager_file = spec.get("pager_file")

        class Pager(ScrollView, can_focus=True):
            """The floor for scrolling: draws visible lines from a list, nothing else."""

            BINDINGS = [("pagedown", "page_down_now", "Page down")]  # noqa: RUF012

            def __init__(self, lines: list[str]) -> None:
                super().__init__()
                self.lines = lines
                self.virtual_size = Size(80, len(lines))

            def render_line(self, y: int) -> Strip:
                index = int(self.scroll_offset.y) + y
                text = self.lines[index] if index < len(self.lines) else ""
                return Strip([Segment(text)]).crop_extend(0, self.size.width, None)

            def action_page_down_now(self) -> None:
                self.scroll_relative(y=max(1, self.size.height - 1), animate=False)

        class BareApp(App[None]):
            def __init__(self) -> None:
                super().__init__()
                self.shown = ""

            def compose(self) -> ComposeResult:
                if kind == "bare-pager":
                    yield Pager(lines_of(Path(pager_file)) if pager_file else [])
                elif kind == "bare-input":
                    yield Input()
                else:
                    yield Static("hello" if kind == "bare" else "", id="text")

            def open_path(self, path: str) -> None:
                text = Path(path).read_bytes().decode("utf-8", errors="replace")
                first = "\n".join(text.split("\n", SIZE[1])[: SIZE[1]])
                self.query_one("#text", Static).update(Text(first))
                self.shown = path

        self.app = hooked(BareApp())

    def painted(self) -> bool:
        return any(widget.size.height > 0 for widget in self.app.screen.children)

    def open(self, path: str) -> None:
        self.app.open_path(path)

    def shows(self, path: str) -> bool:
        return bool(self.app.shown == path)

    def pager(self) -> Any:
        return self.app.screen.children[0]

    filter_key = ""

    def filter_state(self) -> object:
        return self.app.screen.children[0].value

    def progress(self) -> tuple[int, int] | None:
        return None

    def busy(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def describe(self) -> dict[str, Any]:
        return {"widgets": [str(widget) for widget in self.app.screen.children]}


def lines_of(path: Path) -> list[str]:
    """A file's text cut into 80-column lines: about as many lines as the article lays out."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    return [part[i : i + 80] for part in text.split("\n") for i in range(0, max(1, len(part)), 80)]


# -- steps: each takes the driven app, the pilot and the result dict ---------------------------


async def step_paint(
    subject: Any, pilot: Any, result: dict[str, Any], painted: Probe, first_frame: Probe
) -> None:
    """First paint, and the first frame of all (which may show no article yet)."""
    result["paint_at"] = await painted.wait(spec_timeout(result))
    result["first_frame_at"] = first_frame.at
    result["rss_at_paint"] = rss_bytes()


async def step_indexed(subject: Readtui, pilot: Any, result: dict[str, Any]) -> None:
    """The whole first index: until indexing stops after having run (or the progress is full)."""
    seen, expected = False, int(result["spec"]["expected"])

    def finished() -> bool:
        nonlocal seen
        if subject.indexing():
            seen = True
            return False
        progress = subject.progress()
        full = progress is not None and progress[1] > 0 and progress[0] >= progress[1]
        return seen or full or subject.sidebar_rows() >= expected

    result["indexed_at"] = await until(finished, "the first index to finish", spec_timeout(result))


async def step_settle(subject: Any, pilot: Any, result: dict[str, Any]) -> None:
    """Until nothing runs in the background (indexing, workers) for two polls in a row."""
    quiet = 0

    def settled() -> bool:
        nonlocal quiet
        quiet = 0 if subject.busy() else quiet + 1
        return quiet >= 2

    await until(settled, "the app to settle", spec_timeout(result))


async def step_open(
    subject: Any, pilot: Any, result: dict[str, Any], path: str, label: str
) -> None:
    path = os.path.abspath(path)
    if subject.shows(path):  # open something else first, so the timed open is a real one
        other = os.path.abspath(result["spec"]["other"])
        probe = watch(lambda: subject.shows(other), "the other article to show")
        subject.open(other)
        await probe.wait()
        await step_settle(subject, pilot, result)
    probe = watch(lambda: subject.shows(path), f"{label} to show")
    start = time.perf_counter()
    subject.open(path)
    result.setdefault("open", {})[label] = await probe.wait() - start
    await step_settle(subject, pilot, result)


async def step_pagedown(subject: Any, pilot: Any, result: dict[str, Any], presses: int) -> None:
    view = subject.pager()
    view.focus()
    await pilot.pause()
    times: list[float] = []
    for _ in range(presses):
        if view.scroll_offset.y >= view.max_scroll_y:  # the end: back to the top, untimed
            view.scroll_to(y=0, animate=False)
            await pilot.pause()
        before = view.scroll_offset.y
        probe = watch(changed(lambda: view.scroll_offset.y, before), "the view to scroll")
        start = time.perf_counter()
        await pilot.press("pagedown")
        times.append(await probe.wait() - start)
        await asyncio.sleep(max(0.0, start + KEY_INTERVAL - time.perf_counter()))
    result["pagedown"] = times


async def step_filter(
    subject: Any, pilot: Any, result: dict[str, Any], query: str, rounds: int
) -> None:
    if subject.filter_key:
        await pilot.press(subject.filter_key)
        await pilot.pause()
    keys = [*query, *["backspace"] * len(query)] * rounds
    times: list[float] = []
    states: list[object] = []
    cpu: list[float] = []
    collecting: list[float] = []
    record_collections()
    for key in keys:
        before = subject.filter_state()
        probe = watch(changed(subject.filter_state, before), f"the list to change on {key!r}")
        start, cpu_start = time.perf_counter(), time.thread_time()
        await pilot.press(key)
        end = await probe.wait()
        times.append(end - start)
        cpu.append(probe.cpu_at - cpu_start)
        collecting.append(full_collections(start, end))
        states.append(subject.filter_state())
        await asyncio.sleep(max(0.0, start + KEY_INTERVAL - time.perf_counter()))
    result["filter"] = times
    result["filter_states"] = states
    result["filter_cpu"] = cpu
    result["filter_full_gc"] = collecting


async def step_rss(subject: Any, pilot: Any, result: dict[str, Any]) -> None:
    result["rss"] = rss_bytes()


STEPS: dict[str, Callable[..., Any]] = {
    "indexed": step_indexed,
    "settle": step_settle,
    "open": step_open,
    "pagedown": step_pagedown,
    "filter": step_filter,
    "rss": step_rss,
}


def spec_timeout(result: dict[str, Any]) -> float:
    return float(result["spec"].get("step_timeout", STEP_TIMEOUT))


def emit(result: dict[str, Any]) -> None:
    """Straight to file descriptor 1: Textual captures sys.stdout while an app runs."""
    result.pop("spec", None)
    os.write(1, ("RESULT " + json.dumps(result) + "\n").encode())


async def drive(spec: dict[str, Any]) -> None:
    """Start the app, run the steps, print the result. Unless the run must end cleanly (the
    one that builds a warm store), the process ends at once after printing: tearing the app
    down is not measured and could wait on a thread still indexing."""
    result: dict[str, Any] = {"started": STARTED, "spec": spec}
    sys.path.insert(0, str(SRC))
    subject = Readtui(spec) if spec["app"] == "readtui" else Bare(spec)
    first_frame = watch(lambda: True, "a first frame")
    painted = watch(subject.painted, "first paint")
    if spec["app"] == "readtui":
        painted.condition = lambda: subject.painted() and note_progress(subject, result)
    try:
        async with subject.app.run_test(headless=True, size=SIZE) as pilot:
            try:
                await step_paint(subject, pilot, result, painted, first_frame)
                for name, *args in spec["steps"]:
                    await STEPS[name](subject, pilot, result, *args)
            except Exception as exc:
                failed(result, exc, subject)
            if not spec.get("clean_exit") or "error" in result or "timed_out" in result:
                emit(result)
                os._exit(0)
    except Exception as exc:
        failed(result, exc, subject)
    subject.close()
    result["exited_at"] = time.perf_counter()
    emit(result)


def failed(result: dict[str, Any], exc: Exception, subject: Any) -> None:
    if isinstance(exc, StepTimedOut):
        result["timed_out"] = str(exc)
        try:
            result["state"] = subject.describe()
        except Exception as error:  # the app may be gone, or a name may have changed
            result["state"] = f"unknown ({type(error).__name__}: {error})"
        return
    report = getattr(subject.app, "crash_report", lambda: "")()
    last = [line.strip() for line in report.splitlines() if line.strip()][-1:]
    result["error"] = f"{type(exc).__name__}: {exc}" + (f" ({last[0]})" if last else "")


def note_progress(subject: Any, result: dict[str, Any]) -> bool:
    """At first paint, how far the index had got (for the cold start)."""
    try:
        result["progress_at_paint"] = subject.progress()
        result["indexing_at_paint"] = subject.indexing()
    except Exception as exc:
        result["progress_at_paint"] = f"unknown ({type(exc).__name__})"
    return True


def child_parse(spec: dict[str, Any]) -> None:
    """Parser figures, in a process of their own (no app): MB/s and the cost of quotes."""
    import inspect

    sys.path.insert(0, str(SRC))
    from readtui.article.load import parse_text

    runs = int(spec["runs"])
    structural_only = "quotes" in inspect.signature(parse_text).parameters

    def structural(text: str) -> object:
        if structural_only:
            return parse_text(text, ".txt", quotes=False)
        return parse_text(text, ".txt")

    data = Path(spec["long"]).read_bytes()
    text = data.decode("utf-8")
    seed = SEED.read_text(encoding="utf-8")
    structural(seed)
    result = {
        "structural_only": structural_only,
        "parse_mbps": len(data) / MB / median_seconds(lambda: structural(text), runs),
        "split_mbps": len(data) / MB / median_seconds(text.split, runs),
        "seed_full_ms": 1000 * per_call(lambda: parse_text(seed, ".txt")),
        "seed_structural_ms": 1000 * per_call(lambda: structural(seed)),
    }
    emit(result)


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """The median of `runs` calls, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return median(times)


def per_call(work: Callable[[], object], calls: int = 20, runs: int = 7) -> float:
    """Median over `runs` batches of seconds per call."""
    return median_seconds(lambda: [work() for _ in range(calls)], runs) / calls


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: p95 of 200 presses is the 190th fastest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def child_main(spec: dict[str, Any]) -> None:
    if spec["app"] == "parse":
        child_parse(spec)
    else:
        asyncio.run(drive(spec))


# == the parent: generate, drive the children, print one table ================================


class Plan:
    """Sizes and repeat counts: the full run, or `--quick` for a run of a few minutes."""

    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.libraries = (10, 1_000, 5_000) if quick else (10, 10_000, 50_000)
        self.long = (MB // 2, 2 * MB) if quick else (MB, 5 * MB)
        self.small_runs = 3 if quick else 7
        self.big_runs = 1 if quick else 3
        self.open_runs = 2 if quick else 3
        self.presses = 50 if quick else 200
        self.filter_rounds = 1 if quick else 3
        self.parse_runs = 1 if quick else 3

    def child_timeout(self, articles: int, cold: bool = False) -> float:
        """Seconds before a child is killed: generous, growing with the library."""
        return 120 + articles * (0.02 if cold else 0.004)


CHILD = "import run, sys; run.child_main(run.json.loads(sys.argv[1]))"
"""A child imports this script as a module, so Python reuses its byte-compiled copy instead of
compiling 1,000 lines into every first paint (a script run as __main__ is never cached)."""


def same_clock() -> bool:
    """Whether a child's perf_counter can be compared with ours (a system-wide monotonic clock),
    so first paint can be timed from the spawn rather than from the child's first line."""
    info = time.get_clock_info("perf_counter")
    return sys.platform.startswith("linux") and "CLOCK_MONOTONIC" in info.implementation


class Children:
    """Runs child processes of this script, each with a timeout; a child that overruns is
    killed and its figure reported as timed out."""

    def __init__(self, state_root: Path) -> None:
        """Children write byte-compiled files (as an installed readtui has them) to a cache
        in `state_root`: without them every start would compile readtui from source."""
        self.state_root = state_root
        self.count = 0
        self.from_spawn = same_clock()

    def data_copy(self, warm: Path | None) -> Path:
        """A fresh state folder for one run: empty (cold) or a copy of an indexed one (warm)."""
        import shutil

        self.count += 1
        folder = self.state_root / f"run-{self.count:03d}"
        if warm is not None and warm.exists():
            shutil.copytree(warm, folder)
        else:
            folder.mkdir()
        return folder

    def run(self, spec: dict[str, Any], timeout: float) -> dict[str, Any]:
        import subprocess

        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.state_root / "pycache")
        paths = [str(Path(__file__).resolve().parent), str(SRC), env.get("PYTHONPATH")]
        env["PYTHONPATH"] = os.pathsep.join(filter(None, paths))
        if "data" in spec:
            env["READTUI_DATA_DIR"] = spec["data"]
        spec = {"step_timeout": max(STEP_TIMEOUT, timeout - 10), **spec}
        argv = [sys.executable, "-c", CHILD, json.dumps(spec)]
        pipe = subprocess.PIPE
        spawned = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=pipe, stderr=pipe, env=env, cwd=ROOT
        )
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            say(f"  ! {spec['app']}: killed after {timeout:.0f} s")
            return {"timed_out": f"killed after {timeout:.0f} s"}
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        said = [line for line in out.decode(errors="replace").splitlines() if line[:7] == "RESULT "]
        if not said:
            errors = err.decode(errors="replace").strip().splitlines()
            return {"error": f"exit {proc.returncode}: {errors[-1] if errors else 'no output'}"}
        result: dict[str, Any] = json.loads(said[-1][7:])
        result["spawned"] = spawned
        if problem(result):
            say(f"  ! {spec['app']}: {problem(result)} {json.dumps(result.get('state', ''))}")
        return result

    def since_start(self, result: dict[str, Any], key: str) -> float | None:
        """Seconds from the child's spawn (or its first line) to the moment under `key`."""
        if key not in result:
            return None
        start = result["spawned"] if self.from_spawn else result["started"]
        return float(result[key]) - float(start)


def slowest_keystroke(result: dict[str, Any]) -> str:
    """Where the slowest keystroke's time went: the UI thread's own CPU (the rest is waiting,
    for the GIL or the CPU), and how much of that CPU was full garbage collections."""
    times, cpu = result.get("filter", []), result.get("filter_cpu", [])
    collecting = result.get("filter_full_gc", [])
    if not times or len(cpu) != len(times) or len(collecting) != len(times):
        return ""
    worst = max(range(len(times)), key=times.__getitem__)
    return (f"slowest {1000 * times[worst]:.1f} ms: UI thread CPU {1000 * cpu[worst]:.1f} ms, "
            f"full GC {1000 * collecting[worst]:.1f} ms")  # fmt: skip


def problem(*results: dict[str, Any]) -> str:
    """Why the first of these runs that went wrong did ("" when none did)."""
    for result in results:
        if "timed_out" in result:
            return f"timed out: {result['timed_out']}"
        if "error" in result:
            return f"failed: {result['error']}"
    return ""


def ms_median(values: list[float | None]) -> float | None:
    """The median in ms of the seconds that were measured."""
    got = [1000 * value for value in values if value is not None]
    return median(got) if got else None


def ms_percentile(result: dict[str, Any], key: str, share: float) -> float | None:
    times = result.get(key)
    return 1000 * percentile(times, share) if times else None


@dataclass
class Figure:
    """One row of the table: readtui's figure, the baseline beside it, and the target."""

    name: str
    unit: str
    value: float | None
    baseline: float | None = None
    baseline_is: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}


def within(value: float | None, limit: float, higher: bool = False) -> bool | None:
    if value is None:
        return None
    return value >= limit if higher else value <= limit


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms" and value >= 10_000:
        return f"{value / 1000:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    precision = {"s": 1, "MB/s": 1, "MB": 0}.get(unit, 2)
    return f"{value:.{precision}f} {unit}"


def table(figures: list[Figure]) -> list[str]:
    width = max([len(f.name) for f in figures] + [10])
    head = f"{'figure':{width}} {'readtui':>10}  {'bare app / baseline':>34} {'ratio':>7}  target"
    out = [head, "-" * (len(head) + 34)]
    for f in figures:
        base = f"{shown(f.baseline, f.unit)} {f.baseline_is}" if f.baseline else "-"
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
        verdict = {True: "  met", False: "  MISSED", None: ""}[f.met]
        value = shown(f.value, f.unit)
        line = f"{f.name:{width}} {value:>10}  {base:>34} {ratio:>7}  {f.target}{verdict}"
        out.append((line + (f"  ({f.note})" if f.note else "")).rstrip())
    return out


def machine() -> dict[str, str]:
    import platform
    import subprocess
    from importlib.metadata import version

    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model n")]
        model = names[0] if names else model
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=ROOT, capture_output=True, text=True, timeout=10, check=False,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "textual": version("textual"),
        "system": platform.platform(),
        "readtui": commit or "unknown",
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


Steps = list[list[Any]]


class Bench:
    """Generates the synthetic articles, prepares the warm state stores, runs every child and
    turns their results into figures."""

    def __init__(self, plan: Plan, articles: Path, state: Path) -> None:
        self.plan = plan
        self.articles = articles
        self.children = Children(state)
        self.libraries: dict[int, Any] = {}
        self.warm: dict[str, Path] = {}
        self.raw: dict[str, Any] = {}
        self.figures: list[Figure] = []
        self.small_paint: float | None = None
        self.bare_paint: float | None = None
        self.bare_rss: float | None = None
        self.query = ""

    # -- inputs and runs -------------------------------------------------------------------
    def generate(self) -> None:
        import synthetic

        for seed, count in enumerate(self.plan.libraries, start=1):
            started = time.perf_counter()
            library = synthetic.write_library(self.articles / f"library-{count}", count, seed)
            self.libraries[count] = library
            say(f"  {count:,} articles generated in {time.perf_counter() - started:.1f} s")
        self.long = [
            synthetic.write_article(self.articles / f"long-{size // 1000}k.txt", size, 100 + i)
            for i, size in enumerate(self.plan.long)
        ]
        self.other = synthetic.write_article(self.articles / "other.txt", 4_000, 99)
        self.open_set = [SEED, *self.long, self.other]
        self.query = synthetic.narrowing_query(self.libraries[self.plan.libraries[-1]].titles)
        say(f"  long articles: {', '.join(self.label(p) for p in self.long)}")

    def label(self, path: Path) -> str:
        return f"{path.stat().st_size / MB:.1f} MB"

    def prepare(self, name: str, paths: list[Path], articles: int) -> None:
        """A cold run that indexes `paths` into a fresh store, kept as the warm store `name`."""
        data = self.children.data_copy(None)
        spec = {
            "app": "readtui", "paths": [str(p) for p in paths], "data": str(data),
            "steps": [["indexed"], ["settle"]], "clean_exit": True, "expected": articles,
        }  # fmt: skip
        started = time.perf_counter()
        result = self.children.run(spec, self.plan.child_timeout(articles, cold=True))
        took = time.perf_counter() - started
        bad = problem(result)
        say(f"  {name} ({articles:,} articles) indexed in {took:.1f} s{': ' + bad if bad else ''}")
        self.warm[name] = data
        self.raw[f"cold {name}"] = result

    def readtui(self, warm: str, paths: list[Path], steps: Steps, articles: int) -> dict[str, Any]:
        """One child driving readtui from a copy of the warm store `warm`."""
        data = self.children.data_copy(self.warm.get(warm))
        spec = {
            "app": "readtui", "paths": [str(p) for p in paths], "data": str(data),
            "steps": steps, "other": str(self.other),
        }  # fmt: skip
        return self.children.run(spec, self.plan.child_timeout(articles))

    def bare(self, kind: str, steps: Steps, **extra: Any) -> dict[str, Any]:
        return self.children.run({"app": kind, "steps": steps, **extra}, 60)

    def add(self, name: str, unit: str, value: float | None, **fields: Any) -> None:
        self.figures.append(Figure(name, unit, value, **fields))

    def paint(self, results: list[dict[str, Any]]) -> tuple[float | None, str]:
        """Median first paint in ms over the runs that worked, and why any did not."""
        times = [self.children.since_start(r, "paint_at") for r in results]
        return ms_median(times), problem(*results)

    # -- figures ---------------------------------------------------------------------------
    def bare_baseline(self) -> None:
        """The bare app's first paint and RSS, in turns with readtui's 10-article start."""
        plan, small = self.plan, self.plan.libraries[0]
        say(f"first paint: the bare app and {small} articles, in turns")
        self.bare("bare", [])  # warm-up: byte-compiled files and the disk cache
        bare: list[dict[str, Any]] = []
        runs: list[dict[str, Any]] = []
        for _ in range(plan.small_runs):
            bare.append(self.bare("bare", [["rss"]]))
            if "paint" in self.only:
                runs.append(self.readtui(f"lib{small}", [self.libraries[small].root], [], small))
        self.bare_paint, _bad = self.paint(bare)
        rss = [r["rss"] / MB for r in bare if "rss" in r]
        self.bare_rss = median(rss) if rss else None
        self.raw["paint bare"], self.raw[f"paint {small}"] = bare, runs
        if runs:
            self.small_paint, bad = self.paint(runs)
            self.paint_figure(
                f"first paint, {small:,} articles (warm index)", self.small_paint, bad
            )

    def first_paint(self) -> None:
        _small, middle, large = self.plan.libraries
        for count in (middle, large):
            say(f"first paint: {count:,} articles, warm")
            root = self.libraries[count].root
            runs = [
                self.readtui(f"lib{count}", [root], [], count) for _ in range(self.plan.big_runs)
            ]
            self.raw[f"paint {count}"] = runs
            value, bad = self.paint(runs)
            self.paint_figure(f"first paint, {count:,} articles (warm index)", value, bad, True)
        cold = self.raw.get(f"cold lib{large}", {})
        value, bad = self.paint([cold])
        first = self.children.since_start(cold, "first_frame_at")
        name = f"first frame, {large:,} articles (cold, indexing)"
        self.paint_figure(name, None if first is None else 1000 * first, bad, True)
        progress = cold.get("progress_at_paint")
        note = f"{progress[0]:,} indexed by then" if isinstance(progress, list) else ""
        self.add(f"first rows and article, {large:,} (cold)", "ms", value, note=bad or note,
                 baseline=self.bare_paint, baseline_is="first paint")  # fmt: skip
        indexed = self.children.since_start(cold, "indexed_at")
        self.add(f"whole first index, {large:,} articles", "s", indexed, target="in background",
                 note=problem(cold))  # fmt: skip

    def paint_figure(
        self, name: str, value: float | None, note: str, relative: bool = False
    ) -> None:
        """First paint beside the bare app's; beyond 10 articles the target is 1.2 x 10's."""
        target, met = "", None
        if relative and self.small_paint is not None:
            limit = 1.2 * self.small_paint
            target = f"<= 1.2 x {self.plan.libraries[0]} articles = {limit:.0f} ms"
            met = within(value, limit)
        self.add(name, "ms", value, baseline=self.bare_paint, baseline_is="first paint",
                 target=target, met=met, note=note)  # fmt: skip

    def open_latency(self) -> None:
        say("open: the seed article, then the long ones")
        labels = ["seed article", *(f"{self.label(p)} article" for p in self.long)]
        steps: Steps = [["settle"]]
        steps += [
            ["open", str(p), name] for p, name in zip([SEED, *self.long], labels, strict=True)
        ]
        rounds = range(self.plan.open_runs)
        runs = [self.readtui("open", self.open_set, steps, len(self.open_set)) for _ in rounds]
        bare = [self.bare("bare-open", steps) for _ in rounds]
        self.raw["open"], self.raw["open bare"] = runs, bare
        for name in labels:
            value = ms_median([r.get("open", {}).get(name) for r in runs])
            base = ms_median([r.get("open", {}).get(name) for r in bare])
            last = name == labels[-1]
            self.add(f"open {name} (to first screen)", "ms", value, baseline=base,
                     baseline_is="Static of the file", target="<= 150 ms" if last else "",
                     met=within(value, 150) if last else None, note=problem(*runs))  # fmt: skip

    def pagedown(self) -> None:
        long, presses = self.long[-1], self.plan.presses
        say(f"page-down: {presses} presses on the {self.label(long)} article")
        steps: Steps = [["settle"], ["open", str(long), "long"], ["pagedown", presses]]
        result = self.readtui("open", self.open_set, steps, len(self.open_set))
        bare = self.bare("bare-pager", [["pagedown", presses]], pager_file=str(long))
        self.raw["pagedown"], self.raw["pagedown bare"] = result, bare
        for share, limit in ((0.5, None), (0.95, 16.0)):
            value = ms_percentile(result, "pagedown", share)
            self.add(f"page-down p{share * 100:.0f}, {self.label(long)} article", "ms", value,
                     baseline=ms_percentile(bare, "pagedown", share),
                     baseline_is="Line API ScrollView",
                     target=f"<= {limit:.0f} ms" if limit else "",
                     met=within(value, limit) if limit else None, note=problem(result))  # fmt: skip

    def filter_latency(self) -> None:
        import synthetic

        count, query = self.plan.libraries[-1], self.query
        say(f"filter: {query!r} typed and deleted over {count:,} titles")
        steps: Steps = [["settle"], ["filter", query, self.plan.filter_rounds]]
        result = self.readtui(f"lib{count}", [self.libraries[count].root], steps, count)
        bare = self.bare("bare-input", [["filter", query, self.plan.filter_rounds]])
        self.raw["filter"], self.raw["filter bare"] = result, bare
        titles = self.libraries[count].titles
        expected = [synthetic.matching(titles, query[:end]) for end in range(1, len(query) + 1)]
        rows = result.get("filter_states", [])[: len(query)]
        differs = f"rows {rows}; a substring match gives {expected}" if rows != expected else ""
        for share in (0.5, 0.95):
            value = ms_percentile(result, "filter", share)
            slowest = slowest_keystroke(result) if share > 0.5 else ""
            self.add(f"filter p{share * 100:.0f} per keystroke, {count:,} titles", "ms", value,
                     baseline=ms_percentile(bare, "filter", share), baseline_is="key in an Input",
                     target="<= 33 ms (2 frames)", met=within(value, 33),
                     note=problem(result) or (differs if rows else "") or slowest)  # fmt: skip

    def memory(self) -> None:
        count, long = self.plan.libraries[-1], self.long[-1]
        say(f"RSS: {count:,} articles and the {self.label(long)} article open")
        paths = [self.libraries[count].root, long]
        steps: Steps = [["settle"], ["open", str(long), "long"], ["settle"], ["rss"]]
        result = self.readtui(f"lib{count}", paths, steps, count + 1)
        self.raw["rss"] = result
        value = result["rss"] / MB if "rss" in result else None
        self.add(f"RSS, {count:,} indexed + {self.label(long)} open", "MB", value,
                 baseline=self.bare_rss, baseline_is="at first paint", target="<= 120 MB",
                 met=within(value, 120), note=problem(result))  # fmt: skip

    def parsing(self) -> None:
        say("parser: MB/s and the cost of quotes")
        spec = {"app": "parse", "long": str(self.long[-1]), "runs": self.plan.parse_runs}
        result = self.children.run(spec, 300)
        self.raw["parse"] = result
        structural = result.get("structural_only")
        value = result.get("parse_mbps")
        self.add(f"parse plain text ({'structural' if structural else 'with quotes'})", "MB/s",
                 value, baseline=result.get("split_mbps"), baseline_is="str.split",
                 target=">= 20 MB/s", met=within(value, 20, higher=True),
                 note=problem(result) or ("" if structural else "no quotes=False yet"))  # fmt: skip
        quotes = None
        if structural:
            quotes = result["seed_full_ms"] - result["seed_structural_ms"]
        self.add("quotes added to the seed article", "ms", quotes,
                 baseline=result.get("seed_structural_ms"),
                 baseline_is="structural parse of it", target="<= 2 ms", met=within(quotes, 2),
                 note=problem(result))  # fmt: skip

    # -- the whole run -----------------------------------------------------------------------
    def run(self, only: set[str]) -> None:
        self.only = only
        say("generating")
        self.generate()
        small, middle, large = self.plan.libraries
        say("cold runs: the first index of each library, kept as its warm state store")
        if "paint" in only:
            for count in (small, middle, large):
                self.prepare(f"lib{count}", [self.libraries[count].root], count)
        elif only & {"filter", "rss"}:
            self.prepare(f"lib{large}", [self.libraries[large].root], large)
        if only & {"open", "pagedown"}:
            self.prepare("open", self.open_set, len(self.open_set))
        self.bare_baseline()
        parts = {
            "paint": self.first_paint, "open": self.open_latency, "pagedown": self.pagedown,
            "filter": self.filter_latency, "rss": self.memory, "parse": self.parsing,
        }  # fmt: skip
        for name, part in parts.items():
            if name in only:
                part()


PARTS = ("paint", "open", "pagedown", "filter", "rss", "parse")


def arguments() -> Any:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"parts to run, of {','.join(PARTS)} (default: all)"
    )
    parser.add_argument(
        "--tmp", type=Path, help="where to generate the articles (default: /dev/shm when there is "
        "one: writing 50,000 files to a disk can take ten times longer)",
    )  # fmt: skip
    args = parser.parse_args()
    args.parts = {part.strip() for part in args.only.split(",") if part.strip()}
    if args.parts - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(args.parts - set(PARTS)))}")
    return args


def main() -> None:
    import shutil
    import signal
    import tempfile

    args = arguments()
    plan = Plan(args.quick)
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    about, load = machine(), load_average()
    shm = Path("/dev/shm")
    article_tmp = args.tmp or (shm if shm.is_dir() and os.access(shm, os.W_OK) else None)
    articles = Path(tempfile.mkdtemp(prefix="readtui-bench-articles-", dir=article_tmp))
    state = Path(tempfile.mkdtemp(prefix="readtui-bench-state-"))
    bench = Bench(plan, articles, state)
    started = time.perf_counter()
    try:
        bench.run(args.parts)
    finally:
        shutil.rmtree(articles, ignore_errors=True)
        shutil.rmtree(state, ignore_errors=True)
    start = "process spawn" if bench.children.from_spawn else "the child's first line"
    loads = f"{load:.1f} -> {load_average():.1f}" if load is not None else "unknown"
    header = [
        f"readtui issue-5 benchmark{' (--quick)' if plan.quick else ''}, {about['date']},"
        f" readtui {about['readtui']}",
        f"machine: {about['cpu']}, {about['cores']} cores, Python {about['python']},"
        f" Textual {about['textual']}, {about['system']}",
        f"load average {loads} (other work on the machine skews every figure);"
        f" took {time.perf_counter() - started:.0f} s",
        f"articles in {article_tmp or tempfile.gettempdir()}, state stores in"
        f" {tempfile.gettempdir()}; first paint timed from {start}; app size {SIZE[0]}x{SIZE[1]}",
        "",
    ]
    print("\n".join(header + table(bench.figures)))
    if args.json:
        payload = {
            "machine": about, "plan": vars(plan), "query": bench.query,
            "figures": [figure.as_json() for figure in bench.figures], "raw": bench.raw,
        }  # fmt: skip
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
