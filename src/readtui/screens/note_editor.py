"""NoteEditor: a small modal to write or change a bookmark's note.

It returns the note typed (empty means "remove the note") or None when cancelled; saving it
is the caller's business, so the reader and the bookmarks screen share it.
"""

from __future__ import annotations

import re
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from readtui.article.sanitize import sanitize_line

NOTE_CHARS = 2000
"""Long enough for a paragraph of thought; a note is not an essay."""
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


class NoteInput(Input):
    """An Input that never holds control characters: a pasted escape sequence would reach the
    terminal as the Input draws it. Line breaks become spaces: a note is one line."""

    def validate_value(self, value: str) -> str:
        return _CONTROLS.sub(lambda found: " " if found.group() in "\t\n\r" else "", value)


def clean_note(text: str) -> str:
    """The note as kept: runs of blanks as one space, none at the ends."""
    return " ".join(text.split())


class NoteEditor(ModalScreen[str | None]):
    """Type the note; enter or ctrl+s keeps it, escape leaves it as it was."""

    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > Vertical { width: 80%; max-width: 90; height: auto; border: round $primary;
        background: $surface; padding: 0 1; }
    NoteEditor #note-about { color: $text-muted; height: auto; max-height: 3; }
    NoteEditor #note-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        Binding("ctrl+s", "save", "Save note", id="note.save"),
    ]

    def __init__(self, note: str = "", about: str = "") -> None:
        """`about` (the bookmark's snippet) reminds the reader which spot the note is on."""
        super().__init__()
        self.note = note
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Edit note" if self.note else "Add a note"
            if self.about:
                yield Static(Content(sanitize_line(self.about)), id="note-about")
            yield NoteInput(
                value=self.note,
                placeholder="Your note (leave empty to remove it)",
                max_length=NOTE_CHARS,
                id="note-input",
            )
            yield Static(Content("enter or ctrl+s: save \u00b7 escape: cancel"), id="note-hint")

    def on_mount(self) -> None:
        self.query_one(NoteInput).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(clean_note(self.query_one(NoteInput).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
