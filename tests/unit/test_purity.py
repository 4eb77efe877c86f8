"""The core (article, library, catalog, store, paths) must not pull in the UI toolkits, and the
layout (which measures text with rich) must not pull in Textual."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
CORE = (
    *("readtui.article", "readtui.library", "readtui.catalog", "readtui.titles", "readtui.store"),
    *("readtui.paths", "readtui.config", "readtui.notes", "readtui.quoting", "readtui.dates"),
    *("readtui.search_words", "readtui.watch_paths", "readtui.anchor", "readtui.walk"),
    "readtui.heap",
)
UI = ("textual", "rich")
LAYOUT = (
    *("readtui.layout", "readtui.layout.lines", "readtui.layout.wrapping"),
    *("readtui.layout.quote_index", "readtui.layout.builder", "readtui.layout.units"),
    "readtui.layout.lazy",
)
"""The layout package and each of its modules: pure but for rich's cell widths."""

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def loaded_after_importing(*modules: str) -> set[str]:
    """Every module in sys.modules of a fresh interpreter after importing `modules`."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *modules],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return set(json.loads(result.stdout))


def top_level(names: set[str]) -> set[str]:
    return {name.partition(".")[0] for name in names}


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui_toolkit(module: str) -> None:
    loaded = loaded_after_importing(module)
    assert module in loaded
    assert top_level(loaded) & set(UI) == set()


def test_whole_core_together_imports_no_ui_toolkit() -> None:
    loaded = loaded_after_importing(*CORE, "readtui.article.export", "readtui.article.decode")
    assert top_level(loaded) & set(UI) == set()


@pytest.mark.parametrize("module", LAYOUT)
def test_layout_module_imports_no_textual(module: str) -> None:
    loaded = loaded_after_importing(module)
    assert module in loaded
    assert "textual" not in top_level(loaded)


def test_the_probe_would_see_a_ui_import() -> None:
    """The check above can fail: importing the layout (which uses rich) is seen."""
    assert "rich" in top_level(loaded_after_importing("readtui.layout"))
