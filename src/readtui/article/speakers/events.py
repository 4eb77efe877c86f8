"""Reporting events (a verb or "according to" with its subject) and which of a sentence's
events gives a quote its speaker."""

from __future__ import annotations

from typing import NamedTuple

from readtui.article.speakers.names import _Speaker


class _Event(NamedTuple):
    """A reporting verb (or "according to") and who it says is speaking.

    A named tuple rather than a frozen dataclass: one is made for every verb read, and a
    tuple is built in a fraction of the time.
    """

    at: int
    start: int
    speaker: _Speaker | None
    verb: bool = True
    coordinated: bool = False
    trails: int = -1
    """The quote right before the subject (`"...," X said`), or -1."""


def _governing(events: list[_Event], p: int, short: bool) -> _Event | None:
    """The event that gives the quote at p its speaker.

    A verb right after the quote (`"...," X said`) first; else the main clause's verb before it
    (the first, or a later one joined by "and"/"but": `X said that Y had told ... "..."` is X's);
    else "according to" before it; else the first later event that closes no other quote,
    though a later verb does not claim a few words (`a "temporary" rink, which X said ...`).
    A verb before it whose subject is unknown still makes it speech, by nobody named.
    """
    for event in events:
        if event.verb and event.trails == p:
            return event
    chosen: _Event | None = None
    for event in events:
        switches = chosen is None or event.coordinated or event.trails >= 0
        if event.at < p and event.verb and event.speaker and switches:
            chosen = event
    if chosen is not None:
        return chosen
    for event in events:
        if event.at < p and not event.verb and event.speaker:
            return event
    for event in events:
        if event.at > p and event.trails < 0 and event.speaker and not (short and event.verb):
            return event
    return next((event for event in events if event.verb and event.at < p), None)
