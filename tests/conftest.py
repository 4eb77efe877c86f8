"""Every test runs with its own data dir and without the user's clipboard or tmux session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "articles"
SEED = ARTICLES / "russian-recruiter-shot-cbc.txt"


@pytest.fixture(autouse=True)
def isolated_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "readtui-data"
    monkeypatch.setenv("READTUI_DATA_DIR", str(data))
    monkeypatch.setenv("READTUI_CONFIG_DIR", str(tmp_path / "readtui-config"))
    for name in ("TMUX", "DISPLAY", "WAYLAND_DISPLAY", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    return data
