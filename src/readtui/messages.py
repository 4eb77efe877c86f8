"""App-wide requests, posted up by screens and widgets and handled by the App."""

from __future__ import annotations

from textual.message import Message


class CopyText(Message):
    """Put `text` on every clipboard route that works here."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
