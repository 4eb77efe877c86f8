"""Where config.toml is looked for, and the command line's --config."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from readtui.__main__ import main, reader_parser
from readtui.paths import config_dir, config_path


def test_env_var_sets_the_config_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("READTUI_CONFIG_DIR", str(tmp_path / "from-env"))
    assert config_dir() == tmp_path / "from-env"
    assert config_path() == tmp_path / "from-env" / "config.toml"


def test_override_beats_the_env_var(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("READTUI_CONFIG_DIR", str(tmp_path / "from-env"))
    assert config_dir(tmp_path / "override") == tmp_path / "override"
    assert config_path(tmp_path / "folder") == tmp_path / "folder" / "config.toml"


def test_without_the_env_var_it_is_the_os_config_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READTUI_CONFIG_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/somewhere/config")
    folder = config_dir()
    assert folder.name == "readtui"
    if sys.platform.startswith("linux"):
        assert folder == Path("/somewhere/config/readtui")


def test_config_dir_is_not_created(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("READTUI_CONFIG_DIR", str(tmp_path / "later"))
    config_path()
    assert not (tmp_path / "later").exists()


def test_the_cli_takes_a_config_file() -> None:
    args = reader_parser().parse_args(["--config", "my.toml", "a.txt"])
    assert args.config == Path("my.toml")
    assert args.paths == [Path("a.txt")]


def test_a_missing_config_file_is_an_error_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--config", str(tmp_path / "typo.toml"), str(tmp_path)])
    assert code == 1
    assert f"readtui: no such config file: {tmp_path / 'typo.toml'}" in capsys.readouterr().err
