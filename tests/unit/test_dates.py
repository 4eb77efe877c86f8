"""The date an article gives, read for the sidebar's newest-first order: front matter and news
date lines, else the file's modification time."""

from __future__ import annotations

import calendar
import os
from pathlib import Path

import pytest

from readtui.dates import date_seconds
from readtui.library import index_file


def utc(*parts: int) -> int:
    return calendar.timegm((*parts, *(0,) * (6 - len(parts))))


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2024-10-12", utc(2024, 10, 12)),
        ("2024-10-12T08:30:00Z", utc(2024, 10, 12, 8, 30)),
        ("2024-3-1 17:05", utc(2024, 3, 1, 17, 5)),
        ("March 3, 2023", utc(2023, 3, 3)),
        ("Updated March 3, 2023 4:12 PM EST", utc(2023, 3, 3, 16, 12)),
        ("Mar 1, 2023 4:00 AM ET", utc(2023, 3, 1, 4)),
        ("Mon 3 Mar 2023 10.00 GMT", utc(2023, 3, 3, 10)),
        ("Sept. 5th, 2021", utc(2021, 9, 5)),
        ("12:00 PM Jan 2, 2020", utc(2020, 1, 2, 12)),
        ("12:30 AM Jan 2, 2020", utc(2020, 1, 2, 0, 30)),
    ],
)
def test_dates_are_read_as_utc_seconds(text: str, seconds: int) -> None:
    assert date_seconds(text) == seconds


@pytest.mark.parametrize(
    "text", ["", "3 March", "Published: 3 March", "2 days ago", "2023-02-30", "Smarch 3, 2023"]
)
def test_no_date_or_no_such_day_is_none(text: str) -> None:
    assert date_seconds(text) is None


def test_the_index_keeps_the_article_date_else_the_file_time(tmp_path: Path) -> None:
    dated = tmp_path / "dated.md"
    dated.write_text("---\ntitle: Dated\ndate: 2024-10-12\n---\n\nSome text here.\n")
    plain = tmp_path / "plain.txt"
    plain.write_text("A title\n\nSome text without a date.\n")
    os.utime(plain, ns=(1_700_000_000_123_456_789, 1_700_000_000_123_456_789))
    assert index_file(dated).dated == utc(2024, 10, 12)
    assert index_file(plain).dated == 1_700_000_000
    missing = index_file(tmp_path / "gone.txt")
    assert missing.error and missing.dated == 0
