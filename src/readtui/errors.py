"""The core's exceptions: the UI turns them into notifications, the CLI into one line on stderr."""

from __future__ import annotations


class ReadtuiError(Exception):
    """Base of every error readtui reports to the user in plain words."""


class ArticleError(ReadtuiError):
    """An article file could not be read or understood."""


class BinaryFileError(ArticleError):
    """The file holds binary data (a NUL byte near the start), not text."""


class StoreError(ReadtuiError):
    """The state store could not be opened or written."""
