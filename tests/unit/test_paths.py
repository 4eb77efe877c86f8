"""Where readtui looks for its files: overrides win, and the sample library is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from readtui.paths import data_dir, sample_articles_dir, state_db_path


def test_env_var_sets_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("READTUI_DATA_DIR", str(tmp_path / "from-env"))
    assert data_dir() == tmp_path / "from-env"


def test_override_beats_the_env_var(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("READTUI_DATA_DIR", str(tmp_path / "from-env"))
    assert data_dir(tmp_path / "override") == tmp_path / "override"


def test_empty_env_var_falls_back_to_the_os_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READTUI_DATA_DIR", "")
    assert "readtui" in data_dir().parts


def test_data_dir_is_not_created(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("READTUI_DATA_DIR", str(tmp_path / "later"))
    data_dir()
    assert not (tmp_path / "later").exists()


def test_state_db_lives_in_the_data_dir(tmp_path: Path) -> None:
    assert state_db_path(tmp_path) == tmp_path / "state.db"


def test_sample_articles_dir_holds_the_bundled_article() -> None:
    folder = sample_articles_dir()
    assert folder.is_dir()
    assert (folder / "russian-recruiter-shot-cbc.txt").is_file()
