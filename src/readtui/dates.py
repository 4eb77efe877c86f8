"""The date an article gives, as seconds since 1970, so the sidebar can list the newest first.

Articles say their date in many ways: front matter (`2024-10-12`, `2024-10-12T08:30:00Z`) and
news date lines (`March 3, 2023`, `Mon 3 Mar 2023 10.00 GMT`, `Updated Mar 1, 2023 4:00 AM ET`).
Only the calendar date and the clock time are read, as UTC: time zones shift a story by hours
at most, and a sort by day needs no more. A date without a year is no date.
"""

from __future__ import annotations

import calendar
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_CLOCK = re.compile(
    r"(?<!\d)(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::\d{2})?\s*(?P<half>[ap]\.?m\.?)?",
    re.IGNORECASE,
)
_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")
_NAMED = (
    re.compile(rf"(?<![A-Za-z]){_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)"),  # March 3, 2023
    re.compile(rf"(?<!\d){_DAY}\s+{_MONTH},?\s+{_YEAR}(?!\d)"),  # 3 March 2023
)


def date_seconds(text: str) -> int | None:
    """The date (and time, when given) that text states, in seconds since 1970 (UTC), or None
    when it states none that can be read."""
    text = text.strip()[:200]
    found = _ISO.search(text)
    if found is not None:
        day = _day(int(found["year"]), int(found["month"]), int(found["day"]))
    else:
        day = next(filter(None, (_named(pattern.search(text)) for pattern in _NAMED)), None)
    if day is None:
        return None
    rest = text[found.end() :] if found is not None else text
    return day + _clock(rest)


def _named(found: re.Match[str] | None) -> int | None:
    if found is None:
        return None
    month = _MONTHS.get(found["month"].lower())
    return None if month is None else _day(int(found["year"]), month, int(found["day"]))


def _day(year: int, month: int, day: int) -> int | None:
    """Midnight UTC of that day, or None when there is no such day."""
    if not (1000 <= year <= 9999 and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return calendar.timegm((year, month, day, 0, 0, 0))


def _clock(text: str) -> int:
    """Seconds into the day of the first clock time in text (`4:12 PM`, `10.00`), else 0."""
    found = _CLOCK.search(text)
    if found is None:
        return 0
    hour, minute = int(found["hour"]), int(found["minute"])
    half = (found["half"] or "").lower()[:1]
    if half and 1 <= hour <= 12:
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return 0
    return hour * 3600 + minute * 60
