"""How fast the quotes panel opens on articles with many quotes, beside an OptionList panel.

Run: `python benchmarks/quotes_panel.py [--quick]` (figures only; nothing asserts on time).

Synthetic articles (benchmarks/synthetic.py) of about 500, 5,000 and 20,000 quotes are opened in
readtui, headless at 100x30. Each figure is the median over a few runs of the time from the `Q`
action (`ReaderScreen.action_quotes`) to the first frame Textual renders with the panel's list
drawn (a frame is one call of `App._display`). "entries" is the list model alone
(`quote_entries`, the best of three). The baseline, measured in the same run and the
same app, pushes a modal holding an OptionList with one Option per quote (its prompt the quote
and its speaker as Content, as BookmarksScreen does): what the panel would cost built the
obvious way.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import write_article  # noqa: E402
from textual.app import ComposeResult  # noqa: E402
from textual.content import Content  # noqa: E402
from textual.screen import ModalScreen  # noqa: E402
from textual.widgets import OptionList  # noqa: E402
from textual.widgets.option_list import Option  # noqa: E402

from readtui.app import ReadtuiApp  # noqa: E402
from readtui.article.load import load_article  # noqa: E402
from readtui.article.model import Article  # noqa: E402
from readtui.article.quote_list import quote_entries  # noqa: E402
from readtui.paths import state_db_path  # noqa: E402
from readtui.screens.quotes import QuotesScreen  # noqa: E402
from readtui.screens.reader import ReaderScreen  # noqa: E402
from readtui.store import Store  # noqa: E402
from readtui.widgets.quote_list import QuoteList  # noqa: E402

BYTES_PER_QUOTE = 560
"""About how many bytes of synthetic article hold one quote."""
TIMEOUT = 120.0


class OptionListPanel(ModalScreen[None]):
    """The baseline: the same entries as Options in an OptionList."""

    DEFAULT_CSS = "OptionListPanel { align: center middle; } OptionList { height: 85%; }"

    def __init__(self, reader: ReaderScreen) -> None:
        super().__init__()
        assert reader.view.article is not None
        self.entries = quote_entries(reader.view.article)

    def compose(self) -> ComposeResult:
        options = [
            Option(Content.assemble(entry.text, "\n", (entry.credit, "$text-muted")))
            for entry in self.entries
        ]
        yield OptionList(*options)


def panel_drawn(app: ReadtuiApp) -> bool:
    screen = app.screen
    if isinstance(screen, QuotesScreen):
        return screen.query_one(QuoteList).virtual_size.height > 0
    if isinstance(screen, OptionListPanel):
        return screen.query_one(OptionList).virtual_size.height > 0
    return False


async def time_open(path: Path, data: Path, open_panel: Callable[[ReaderScreen], None]) -> float:
    """Seconds from asking for the panel to the first frame that shows it."""
    app = ReadtuiApp([path], Store(state_db_path(data)))
    drawn: list[float] = []
    display = app._display

    def display_and_check(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None and not drawn and panel_drawn(app):
            drawn.append(time.perf_counter())

    app._display = display_and_check  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        deadline = time.monotonic() + TIMEOUT
        reader = app.screen
        while not (
            isinstance(reader, ReaderScreen)
            and reader.view.article is not None
            and len(reader.view.article.quotes) > 0
            and reader.view.lines_on_screen()
            and not app.workers._workers
        ):
            assert time.monotonic() < deadline, "the article never opened"
            await pilot.pause()
            reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await pilot.pause()
        start = time.perf_counter()
        open_panel(reader)
        while not drawn:
            assert time.monotonic() < deadline, "the panel never showed"
            await asyncio.sleep(0.001)
        return drawn[0] - start


def time_entries(article: Article) -> float:
    """The list model alone (`quote_entries`), after a collection so that none runs inside."""
    gc.collect()
    begun = time.perf_counter()
    quote_entries(article)
    return time.perf_counter() - begun


def readtui_panel(reader: ReaderScreen) -> None:
    reader.action_quotes()


def option_list_panel(reader: ReaderScreen) -> None:
    reader.app.push_screen(OptionListPanel(reader))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and runs")
    args = parser.parse_args()
    wanted = (500, 5_000) if args.quick else (500, 5_000, 20_000)
    runs = 3 if args.quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'quotes':>8}  {'readtui panel':>14}  {'OptionList':>12}  {'entries':>8}")
        for target in wanted:
            path = write_article(Path(tmp) / f"q{target}.txt", target * BYTES_PER_QUOTE, seed=3)
            article = load_article(path)
            count = len(article.quotes)
            entries = min(time_entries(article) for _ in range(3))
            ours, theirs = [], []
            for run in range(runs):
                ours.append(asyncio.run(time_open(path, Path(tmp) / f"a{run}", readtui_panel)))
                data = Path(tmp) / f"b{run}"
                theirs.append(asyncio.run(time_open(path, data, option_list_panel)))
            print(
                f"{count:>8,}  {1000 * statistics.median(ours):>11.1f} ms"
                f"  {1000 * statistics.median(theirs):>9.1f} ms  {1000 * entries:>5.1f} ms"
            )


if __name__ == "__main__":
    main()
