"""Page furniture in scraped text: junk lines, bylines, datelines, date lines and credit lines.

A scraper copies everything on the page, so an article file also holds the site's buttons
("Social Sharing", "Advertisement"), links to other stories and the metadata a page shows around
the story (the byline, the date, an agency's dateline). Everything here is about recognising such a
line by its whole shape, so that the same words inside a sentence are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

JUNK = frozenset(
    line.casefold()
    for line in (
        "Advertisement",
        "Advertisement:",
        "Skip Advertisement",
        "Story continues below advertisement",
        "Article continues below advertisement",
        "Article continues below",
        "Continue reading the main story",
        "Continue reading",
        "Social Sharing",
        "Share",
        "Share this",
        "Share this article",
        "Share full article",
        "Share this page",
        "Save article",
        "Gift this article",
        "Listen to article",
        "Read in app",
        "Open in app",
        "Share this story",
        "Share on Facebook",
        "Share on Twitter",
        "Share on X",
        "Share via Email",
        "Copy link",
        "Link copied",
        "Save",
        "Print",
        "Email",
        "Comments",
        "View comments",
        "Show caption",
        "Hide caption",
        "Toggle caption",
        "Enlarge",
        "Enlarge this image",
        "View full size image",
        "View image in fullscreen",
        "Image",
        "Watch",
        "Listen",
        "Supported by",
        "Sign up",
        "Subscribe",
        "Read more",
        "Read More",
        "Explore more on these topics",
        "Want to discuss? Please read our first.",
        "Want to discuss? Please read our Commenting Policy first.",
    )
)
"""Lines that are page buttons or labels, matched whole and without regard to case."""

JUNK_PATTERNS = re.compile(
    r"""^(?:
        \d+\s+min(?:ute)?s?\s+read
      | listen\s+to\s+this\s+article.*
      | \d[\d,]*\s+comments?
      | image\s+\d+\s+of\s+\d+
      | (?:related|read\s+more|more|see\s+also|also\s+read)\s*:\s*\S.*
      | want\s+to\s+discuss\?.*
      | story\s+continues\s+below.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
"""Junk with a variable part: reading-time labels, "RELATED: <headline>" links and the like."""

RELATED_HEADERS = frozenset(
    line.casefold()
    for line in (
        "Related",
        "Related:",
        "Related Stories",
        "Related stories",
        "Related Articles",
        "Related Coverage",
        "Related Content",
        "Related Links",
        "Related Topics",
        "More on this story",
        "More from this author",
        "You may also like",
        "Top Stories",
        "Most Read",
        "Most read",
        "More stories",
    )
)
"""A header that introduces a run of links to other stories; the links are junk too."""

RELATED_LINK_MAX_WORDS = 16
RELATED_RUN_MAX = 8

_NAME_WORD = r"(?:[A-Z][\w'\u2019.-]*|(?:de|da|del|der|van|von|bin|al|la|le|du|dos|di)(?=\s))"
_NAMES = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}"
BYLINE = re.compile(
    rf"""^By\s+
    (?P<names>{_NAMES}(?:\s*(?:,|\band\b|&)\s*{_NAMES}){{0,4}})
    (?:\s*(?:,|\||·|\u2014|-)\s*(?P<outlet>[A-Z][\w.&'\u2019 -]{{1,40}}))?
    $""",
    re.VERBOSE,
)
"""`By Jane Doe`, `By JANE DOE and JOHN ROE`, `By Jane Doe, BBC News`: every word a name word,
so "By the time..." and "By Monday, the river..." stay prose."""

NAME_LINE = re.compile(rf"^(?P<names>{_NAMES}(?:\s+and\s+{_NAMES})?)(?:\s+in\s+{_NAMES})?$")
"""`Jane Doe` or `Jane Doe in Kyiv` on its own line: the Guardian's byline, known as one only by
the date line under it."""

POSTED_BYLINE = re.compile(
    r"^(?:(?P<names>[^·|]{2,80}?)\s*·\s*)?(?P<outlet>[^·|]{2,60}?)\s*·\s*Posted:\s*(?P<date>.+)$"
)
"""CBC's `Jane Doe · CBC News · Posted: Mar 01, 2023 4:00 AM ET | Last Updated: ...`."""

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE_LINE = re.compile(
    rf"""^(?:(?:Published|Posted|Updated|Last\s+updated|First\s+published)\s*:?\s*)?
    (?P<date>
        (?=[^\n]*\d)
        (?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?
        (?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s*(?:\d{{4}})?
          | \d{{1,2}}\s+{_MONTH},?\s*(?:\d{{4}})?)
        [\w\s.:,/|+-]{{0,40}}?
    )$""",
    re.VERBOSE,
)
"""A line that is only a date (and maybe a time): `March 3, 2023`, `Mon 3 Mar 2023 10.00 GMT`,
`Updated March 3, 2023 4:12 PM EST`. A bare `2 days ago` is not one: CBC's media blocks use it."""

DATE_LINE_MAX = 80
"""A longer line is a sentence that mentions a date, not a date line."""
_DATE_OPENINGS = (
    *("Published", "Posted", "Updated", "Last", "First"),
    *("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    *("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)
"""How a line matched by DATE_LINE or PUBLISHED begins, when it does not begin with a digit."""
_DATE_HEADS = frozenset(opening[:3] for opening in _DATE_OPENINGS)
"""Their first three characters: one set lookup tells most lines from all the openings."""

PUBLISHED = re.compile(
    r"^(?:Published|Posted|Updated|Last\s+updated|First\s+published)\s*:?\s*(?P<date>.{3,60})$"
)

DATELINE = re.compile(
    r"""^(?P<dateline>
        (?:[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+)*(?:,[\s\w.'\u2019-]{1,30}){0,2}\s*)?
        \((?P<agency>[A-Z][\w.&'\u2019]*(?:\s[A-Z][\w.&'\u2019]*){0,3})\)
    )\s*(?:--|[-\u2014\u2013])\s*(?=\S)""",
    re.VERBOSE,
)
"""`KYIV, Ukraine (AP) —`, `LONDON, March 3 (Reuters) -`, `(CNN) --` opening a paragraph; the
dash after the bracket is what tells it from a bracket in a sentence."""

CREDITS = re.compile(
    r"^\((?P<credits>(?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled|Research|Produced)"
    r"\b[^()]*\bby\b.*)\)$",
    re.IGNORECASE,
)
"""Reuters' closing `(Reporting by ...; Editing by ...)`."""

RULE = re.compile(r"^(?:[_*=~-]\s*){3,}$")
"""`___`, `***`, `* * *`: a separator between sections."""


_LISTED = JUNK | RELATED_HEADERS
_LONGEST_JUNK = max(map(len, JUNK))
_LONGEST_RELATED_HEADER = max(map(len, RELATED_HEADERS))
_LONGEST_LISTED = max(map(len, _LISTED))
"""Casefolding never shortens a text, so a line longer than these cannot be a listed one: the
length tests spare every paragraph of the story a casefolded copy."""


def may_be_furniture(line: str) -> bool:
    """False for a line that none of `is_related_header`, `is_junk`, `credits`, `byline` and
    `date_line` takes, told by a few `str` tests: a story's long paragraphs skip them all."""
    if len(line) <= _LONGEST_LISTED and line.casefold() in _LISTED:
        return True
    if line.startswith(("(", "By")) or "Posted:" in line:
        return True
    if len(line) <= DATE_LINE_MAX and (line[:1].isdecimal() or line[:3] in _DATE_HEADS):
        return True
    return JUNK_PATTERNS.match(line) is not None


def is_junk(line: str) -> bool:
    listed = len(line) <= _LONGEST_JUNK and line.casefold() in JUNK
    return listed or JUNK_PATTERNS.match(line) is not None


def is_related_header(line: str) -> bool:
    return len(line) <= _LONGEST_RELATED_HEADER and line.casefold() in RELATED_HEADERS


def looks_like_link(line: str) -> bool:
    """A headline linked from a "Related" box: short, one sentence at most, and not one of the
    story's sentences (those end in a full stop)."""
    words = line.split()
    return (
        0 < len(words) <= RELATED_LINK_MAX_WORDS
        and not line.endswith((".", ":", ","))
        and ". " not in line
        and "/" not in line
    )


@dataclass(frozen=True)
class Byline:
    author: str
    outlet: str = ""
    date: str = ""


def byline(line: str) -> Byline | None:
    """The byline a line gives, or None. The `str` tests before each pattern are what every
    match shows; most lines fail them, and POSTED_BYLINE alone would cost microseconds a line."""
    if line.startswith("By") and (match := BYLINE.match(line)) is not None:
        names, outlet = match["names"].strip(), (match["outlet"] or "").strip()
        if names.split()[0].casefold() in _NOT_NAMES:
            return None
        head, comma, last = names.rpartition(",")
        if comma and not outlet and _OUTLET_WORDS.search(last):
            names, outlet = head.strip(), last.strip()
        return Byline(names, outlet)
    if "Posted:" in line and (match := POSTED_BYLINE.match(line)) is not None:
        names = (match["names"] or "").strip()
        return Byline(names, match["outlet"].strip(), match["date"].strip())
    return None


_NOT_NAMES = frozenset(
    word.casefold()
    for word in (
        "The",
        "This",
        "That",
        "Then",
        "Now",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Noon",
        "Midnight",
        "Law",
        "Car",
        "Train",
        "Air",
        "Phone",
    )
)
"""First words after "By" that start a prepositional phrase, not a name."""


_OUTLET_WORDS = re.compile(
    r"\b(?:News|Press|Times|Post|Journal|Guardian|Reuters|Associated|BBC|CBC|CNN|NPR|AP|AFP|"
    r"Bloomberg|Correspondent|Editor|Reporter|Writer|Staff)\b",
    re.IGNORECASE,
)
"""Words that make the last part of `By Jane Doe, BBC News` an outlet or a job, not a name."""


def name_line(line: str) -> str | None:
    """The names of a bare byline line (see NAME_LINE), or None."""
    match = NAME_LINE.match(line)
    if match is None or len(line.split()) > 8 or line.split()[0].casefold() in _NOT_NAMES:
        return None
    return match["names"]


def date_line(line: str) -> str | None:
    """The date a standalone date line gives, or None.

    The opening is tested first: DATE_LINE looks ahead for a digit over the whole line, which
    costs a microsecond or two on every short line of a story that shows no date."""
    if len(line) > DATE_LINE_MAX or not (line[:1].isdecimal() or line[:3] in _DATE_HEADS):
        return None
    if (match := DATE_LINE.match(line)) is not None:
        return match["date"].strip()
    if (match := PUBLISHED.match(line)) is not None and any(ch.isdigit() for ch in line):
        return match["date"].strip()
    return None


def dateline(text: str) -> tuple[str, str] | None:
    """(dateline, the paragraph without it) when `text` opens with an agency dateline."""
    match = DATELINE.match(text)
    if match is None or len(match["dateline"]) > 80:
        return None
    return match["dateline"].strip(), text[match.end() :]


def credits(line: str) -> str | None:
    match = CREDITS.match(line) if line.startswith("(") else None
    return match["credits"].strip() if match else None
