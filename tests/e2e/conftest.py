"""Fixtures shared by the end-to-end files: one private tmux server per module, and the seed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_kit import Tmux

SEED = Path(__file__).resolve().parents[2] / "articles" / "russian-recruiter-shot-cbc.txt"


@pytest.fixture(scope="module")
def tmux(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tmux]:
    server = Tmux(tmp_path_factory.mktemp("tmux") / "tmux.conf")
    try:
        yield server
    finally:
        server.kill_server()


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Only the seed article, copied so the app opens one file and nothing else."""
    copy = tmp_path_factory.mktemp("library") / SEED.name
    shutil.copyfile(SEED, copy)
    return copy
