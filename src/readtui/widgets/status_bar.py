"""StatusBar: a line above the footer for conditions that last, such as "not saving: <reason>"."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from readtui.article.sanitize import sanitize_line


class StatusBar(Static):
    """Persistent warnings, one per topic (the store, the open file); hidden while there are none.

    Notifications fade; a reader who looked away must still see that nothing is being saved.
    """

    DEFAULT_CSS = """
    StatusBar { height: auto; max-height: 2; padding: 0 1; background: $warning-muted;
        color: $text-warning; display: none; }
    StatusBar.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.parts: dict[str, str] = {}

    def set_part(self, topic: str, text: str) -> None:
        """Show `text` for `topic`; an empty text clears that topic.

        Callers may repeat themselves on every save: an unchanged part costs no repaint.
        """
        line = sanitize_line(text) if text else ""
        if self.parts.get(topic, "") == line:
            return
        if line:
            self.parts[topic] = line
        else:
            self.parts.pop(topic, None)
        self.update(Content(self.text))
        self.set_class(bool(self.parts), "-shown")

    @property
    def text(self) -> str:
        """Everything the bar says now, one part per topic."""
        return " \u00b7 ".join(self.parts.values())
