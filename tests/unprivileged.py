"""Run Python code in a child process that is not root, so permission checks really bite.

CI runs as root, and root reads a mode-000 file and writes into a read-only folder. The child
imports readtui first (the virtual environment may sit in a folder only root can enter), then
drops to the `nobody` user before running the test's code.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NOBODY = 65534
_PROLOGUE = """\
import os, sys
import readtui.article.load, readtui.catalog, readtui.library, readtui.store
import readtui.article.search, readtui.article.markdown, readtui.search_words, readtui.dates
import charset_normalizer, zlib
if os.getuid() == 0:
    os.setgroups([])
    os.setgid({uid})
    os.setuid({uid})
"""


def run_unprivileged(code: str, *, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run `code` (which sees `os` and `sys`) as an unprivileged user; its output is returned."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-c", _PROLOGUE.format(uid=NOBODY) + code],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A fresh folder the unprivileged child owns (pytest's tmp_path is closed to other users)."""
    with tempfile.TemporaryDirectory(prefix="readtui-unpriv-") as name:
        folder = Path(name)
        if os.getuid() == 0:
            os.chown(folder, NOBODY, NOBODY)
        yield folder
