"""Where readtui's files live: the one module that knows, so tests and the CLI can redirect it."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "readtui"
DATA_DIR_ENV = "READTUI_DATA_DIR"
CONFIG_DIR_ENV = "READTUI_CONFIG_DIR"
CONFIG_NAME = "config.toml"
STATE_DB_NAME = "state.db"
SAMPLE_DIR_NAME = "articles"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Pick the data folder: override, then $READTUI_DATA_DIR, then the OS default.

    Creation is left to the first write so that merely reading never leaves files behind.
    """
    if override is not None and os.fspath(override) != "":
        return Path(override).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV, "")
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Pick the config folder: override, then $READTUI_CONFIG_DIR, then the OS default
    (~/.config/readtui on Linux). Never created: readtui only reads it."""
    if override is not None and os.fspath(override) != "":
        return Path(override).expanduser()
    from_env = os.environ.get(CONFIG_DIR_ENV, "")
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_path(folder: Path | None = None) -> Path:
    """config.toml inside the config folder (the default one when none is given)."""
    return (folder if folder is not None else config_dir()) / CONFIG_NAME


def state_db_path(data_dir: Path) -> Path:
    """The reading-state database inside a data folder; named here so nobody hard-codes it."""
    return data_dir / STATE_DB_NAME


def sample_articles_dir() -> Path:
    """The bundled sample library: inside the package when installed, else at the checkout's root.

    If neither exists the package location is returned, so the caller's error names the
    place an installed copy would have used.
    """
    packaged = Path(__file__).resolve().parent / SAMPLE_DIR_NAME
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / SAMPLE_DIR_NAME
    if checkout.is_dir():
        return checkout
    return packaged
