"""Synthetic news articles and libraries for the benchmarks: deterministic, fast, and ours.

Articles take readtui's plain-text shape (a headline, a standfirst, paragraphs with quoted speech
and attribution, short headings, photo captions ending in a credit below their alt line, and one
`WATCH |` video block), built from the invented word lists below: no real article's text. One
`random.Random(seed)` drives everything, so a seed always gives the same bytes. Sentences are
drawn from pools made once per generator and articles are joined as bytes, which is what lets
50,000 files be written in a few seconds.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MB = 1_000_000
SMALL_SIZES = (2_048, 8_192)
"""A library article's size in bytes lies in this range (a short news story)."""
PER_FOLDER = 100
POOL = 3_000
"""Sentences made once per generator; paragraphs are made from them."""
PARAGRAPHS = 20_000
"""Paragraphs made once per generator; articles pick from them (one `choices` call each)."""
AVERAGE_PARAGRAPH = 400
MAX_PARAGRAPH = 1_000
"""No paragraph is longer than this many bytes, so an article never overshoots its size by more."""

PLACES = (
    "Port Calder",
    "Ashby Vale",
    "Northmere",
    "Kestrel Bay",
    "Lindqvist Falls",
    "Oakhollow",
    "Saint Brannock",
    "Marrow Point",
    "Eastwick Downs",
    "Halden Cross",
    "Zoë Heights",
    "Quillon",
    "Brackenridge",
    "Ferrymead",
    "Tarnside",
    "Glenhaven",
    "Coldharbour",
    "Wexley",
)
FIRST = (
    "Mara",
    "Dennis",
    "Elena",
    "Samir",
    "Jane",
    "Tomás",
    "Ingrid",
    "Kwame",
    "Łucja",
    "Priya",
    "Oskar",
    "Nadia",
    "Hamish",
    "Yuki",
    "Renée",
    "Bartholomew",
    "Chidi",
    "Signe",
    "Ada",
    "Felix",
)
LAST = (
    "Kovacs",
    "Whitlow",
    "Marsh",
    "Okafor",
    "Doe",
    "Lindgren",
    "Brannagh",
    "Mensah",
    "Nowak",
    "Ferreira",
    "Halvorsen",
    "Ishikawa",
    "Delacroix",
    "Abernathy",
    "Quayle",
    "Srinivasan",
)
ROLES = (
    "the harbour master",
    "a spokesperson for the council",
    "the union's regional organiser",
    "a professor of economics at Glenhaven University",
    "the town's deputy mayor",
    "chief executive of the Calder Harbour Authority",
    "a nurse at the district hospital",
    "who has run a bakery on the high street for 20 years",
    "the provincial transport minister",
    "a lawyer representing the residents",
    "the fire service's incident commander",
)
AGENCIES = ("Calder Courier", "Northern Wire", "Vale Press", "Kestrel Pictures", "Tarn Daily")
SUBJECTS = (
    "The council",
    "Residents",
    "The ferry service",
    "Local officials",
    "The union",
    "Engineers",
    "The harbour authority",
    "Shop owners",
    "The district hospital",
    "Commuters",
    "Volunteers",
    "The school board",
    "Police",
    "Farmers in the valley",
    "The regional government",
    "The water utility",
    "Investigators",
    "Parents",
    "The rail operator",
    "Fishing crews",
)
VERBS = (
    "approved",
    "rejected",
    "delayed",
    "announced",
    "questioned",
    "defended",
    "reviewed",
    "postponed",
    "criticised",
    "welcomed",
    "funded",
    "reopened",
    "inspected",
    "cancelled",
    "extended",
    "doubled",
    "cut",
    "proposed",
    "warned about",
    "agreed to study",
)
OBJECTS = (
    "a plan to rebuild the seawall",
    "new fares for the morning sailings",
    "the budget for road repairs",
    "a report on flooding along the river",
    "the contract for the new library",
    "a ban on overnight parking near the quay",
    "changes to the bus timetable",
    "the cost of the bridge inspection",
    "a proposal to close two rural clinics",
    "wage talks with terminal staff",
    "an inquiry into the warehouse fire",
    "the schedule for winter gritting",
    "plans for a wind farm off the point",
    "a tax on short-term rentals",
    "the reopening of the old ferry slip",
    "an audit of the pension fund",
)
WHEN = (
    "on Monday",
    "on Tuesday",
    "late on Wednesday",
    "on Thursday morning",
    "this week",
    "after a long meeting",
    "earlier this month",
    "for the second time this year",
    "despite objections",
    "without a vote",
    "after months of talks",
    "on Friday",
)
REASONS = (
    "citing rising costs",
    "after complaints from neighbours",
    "as storms battered the coast",
    "amid concerns about safety",
    "while the inquiry continues",
    "to the surprise of many",
    "after an engineer's warning",
    "following a petition signed by 4,000 people",
    "as the deadline approached",
    "in a move critics called rushed",
)
DETAILS = (
    "The figures show a rise of 12 per cent over three years.",
    "Some 600 workers are affected.",
    "The nearest alternative route adds about 40 minutes to the trip.",
    "A final decision is expected before the end of the year.",
    "The previous plan was abandoned in 2019.",
    "Ticket sales fell by a third last winter.",
    "It is the largest project of its kind in the region.",
    "The work is scheduled to begin in the spring.",
    "Officials declined to give a figure for the total cost.",
    "Similar measures were tried in Ferrymead with mixed results.",
)
SAYINGS = (
    "Nobody wanted it to come to this",
    "We have asked for the same thing for three years",
    "The numbers simply do not add up",
    "People are tired of waiting for an answer",
    "This is the responsible thing to do",
    "We will keep talking for as long as it takes",
    "Every week we wait, the repairs cost more",
    "I have never seen the water this high",
    "It is a fair offer and it stays on the table",
    "The town deserves better than a temporary fix",
    "We were not told until the night before",
    "There is no quick way out of this",
)
HEADING_WORDS = (
    "Talks",
    "Costs",
    "Residents",
    "Council",
    "Storm",
    "Ferry",
    "Budget",
    "Repairs",
    "Union",
    "Hospital",
    "Plan",
    "Vote",
    "Warning",
    "Delay",
    "Bridge",
    "Harbour",
    "Inquiry",
    "Fares",
)
HEADING_TAILS = (
    "stall again",
    "rise sharply",
    "push back",
    "weighs options",
    "leaves damage behind",
    "faces questions",
    "under pressure",
    "seek answers",
    "divides the town",
    "on hold",
    "draws criticism",
    "comes under review",
    "split the room",
    "raise concerns",
)
SCENES = (
    "A line of people in rain jackets waits beside a closed gate.",
    "Two workers carry a sandbag along a flooded street.",
    "A ferry sits at the dock under a grey sky.",
    "A woman speaks at a lectern in front of a row of flags.",
    "Council members sit around a long table covered in papers.",
    "A crane lifts a concrete block onto the seawall.",
)
BIG_WORDS = ("Storm", "Strike", "Flood", "Fire", "Vote", "Deal", "Inquiry", "Budget", "Ferry")


@dataclass(frozen=True)
class Library:
    """A generated library: its folder, its files in the order readtui sorts them, and titles."""

    root: Path
    paths: list[Path]
    titles: list[str]

    @property
    def count(self) -> int:
        return len(self.paths)


class NewsWriter:
    """Writes news-like articles; the same seed gives the same articles in the same order."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.plain = [self._plain_sentence().encode("utf-8") for _ in range(POOL)]
        self.headings = [self._heading().encode("utf-8") for _ in range(POOL // 10)]
        self.photos = [self._photo().encode("utf-8") for _ in range(POOL // 10)]
        self.paragraphs = [self._paragraph() for _ in range(PARAGRAPHS)]

    def _name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def _plain_sentence(self) -> str:
        choice = self.rng.choice
        if self.rng.random() < 0.2:
            return choice(DETAILS)
        sentence = f"{choice(SUBJECTS)} {choice(VERBS)} {choice(OBJECTS)} {choice(WHEN)}"
        if self.rng.random() < 0.5:
            sentence += f", {choice(REASONS)}"
        if self.rng.random() < 0.2:
            sentence += f", according to {choice(AGENCIES)}"
        return sentence + "."

    def _quote(self) -> str:
        """Quoted speech with its attribution, in straight or curly marks."""
        choice = self.rng.choice
        name, role = self._name(), choice(ROLES)
        said = choice((f"said {name}, {role}", f"{name} said", f"said {name}"))
        if self.rng.random() < 0.5:
            first = f'"{choice(SAYINGS)}," {said}.'
            return first + (f' "{choice(SAYINGS)}."' if self.rng.random() < 0.5 else "")
        rest = f" {self._plain_sentence()}" if self.rng.random() < 0.5 else ""
        return f"\u201c{choice(SAYINGS)},\u201d {said}.{rest}"

    def _heading(self) -> str:
        return f"{self.rng.choice(HEADING_WORDS)} {self.rng.choice(HEADING_TAILS)}"

    def _photo(self) -> str:
        """An alt line, then the caption ending in a credit `(Name/Agency)`."""
        choice = self.rng.choice
        caption = f"{choice(SUBJECTS)} {choice(VERBS)} {choice(OBJECTS)} {choice(WHEN)}."
        return f"{choice(SCENES)}\n{caption} ({self._name()}/{choice(AGENCIES)})"

    def _reporting(self) -> bytes:
        return b" ".join(self.rng.choices(self.plain, k=self.rng.randrange(2, 5)))

    def _paragraph(self) -> bytes:
        """One body paragraph: mostly reporting, often a quote, sometimes a photo, or a heading
        with the paragraph under it (so two headings never meet)."""
        roll = self.rng.random()
        if roll < 0.3:
            return self._quote().encode("utf-8")
        if roll < 0.36:
            return self.rng.choice(self.headings) + b"\n\n" + self._reporting()
        if roll < 0.4:
            return self.rng.choice(self.photos)
        return self._reporting()

    def headline(self) -> str:
        choice = self.rng.choice
        return f"{choice(PLACES)} {choice(SUBJECTS).lower()} {choice(VERBS)} {choice(OBJECTS)}"

    def _watch(self) -> bytes:
        """The video block as scraped pages show it: label, title, age, duration, blurb."""
        choice = self.rng.choice
        minutes, seconds = self.rng.randrange(1, 9), self.rng.randrange(60)
        text = (
            f"WATCH | {choice(BIG_WORDS)} in {choice(PLACES)} leaves {choice(SUBJECTS).lower()}"
            f" counting the cost:\n\n{choice(SUBJECTS)} {choice(VERBS)} {choice(OBJECTS)}\n\n"
            f"{self.rng.randrange(1, 6)} years ago\nDuration {minutes}:{seconds:02d}\n"
            f"Featured Video{self._plain_sentence()} {self._plain_sentence()}"
        )
        return text.encode("utf-8")

    def article(self, size: int, title: str | None = None) -> bytes:
        """An article of at least `size` bytes and less than `size` + MAX_PARAGRAPH: headline,
        standfirst, subhead, photo, the lede (repeating the standfirst, as CBC pages do), then
        the body with one video block near the top."""
        standfirst = b" ".join(self.rng.choices(self.plain, k=2))
        parts = [
            (title or self.headline()).encode("utf-8"),
            standfirst,
            self.rng.choice(self.headings),
            self.rng.choice(self.photos),
            standfirst,
        ]
        length = sum(len(part) + 2 for part in parts)
        watch_at = len(parts) + self.rng.randrange(2, 6)
        while length < size:
            wanted = max(1, (size - length) // AVERAGE_PARAGRAPH)
            for part in self.rng.choices(self.paragraphs, k=wanted):
                if len(parts) == watch_at:
                    part = self._watch()
                parts.append(part)
                length += len(part) + 2
                if length >= size:
                    break
        return b"\n\n".join(parts) + b"\n\n"


def write_article(path: Path, size: int, seed: int = 0) -> Path:
    """A long article (e.g. 5 MB) in one file."""
    write_bytes(path, NewsWriter(seed).article(size))
    return path


def write_bytes(path: Path, data: bytes) -> None:
    """One open, one write, one close: pathlib's extra checks cost seconds over 50,000 files."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(descriptor, data)
    finally:
        os.close(descriptor)


def write_library(
    root: Path, count: int, seed: int = 0, sizes: tuple[int, int] = SMALL_SIZES
) -> Library:
    """`count` small articles in nested folders of PER_FOLDER files (`0000/00/0000042.txt`)."""
    writer = NewsWriter(seed)
    low, high = sizes[0], sizes[1] - MAX_PARAGRAPH
    paths: list[Path] = []
    titles: list[str] = []
    for number in range(count):
        folder = root / f"{number // (PER_FOLDER * PER_FOLDER):04d}" / f"{number // PER_FOLDER:04d}"
        if number % PER_FOLDER == 0:
            os.makedirs(folder, exist_ok=True)
        title = writer.headline()
        path = folder / f"{number:07d}.txt"
        write_bytes(path, writer.article(writer.rng.randrange(low, high), title))
        paths.append(path)
        titles.append(title)
    return Library(root, paths, titles)


def matching(titles: Sequence[str], query: str) -> int:
    """How many titles hold `query`, ignoring case (what a plain title filter shows)."""
    folded = query.casefold()
    return sum(folded in title.casefold() for title in titles)


def narrowing_query(titles: Sequence[str], length: int = 5) -> str:
    """A query of `length` letters (or the longest found) whose every keystroke leaves fewer
    titles than the one before and never none, so each keystroke visibly changes the list.
    Depth-first, trying first the letters that keep about a third of the titles."""
    best = ""

    def extend(query: str, subset: list[str]) -> bool:
        nonlocal best
        if len(query) > len(best):
            best = query
        if len(query) == length:
            return True
        steps = []
        for char in "abcdefghijklmnopqrstuvwxyz":
            kept = [title for title in subset if query + char in title]
            if 0 < len(kept) < len(subset):
                steps.append((abs(len(kept) - len(subset) / 3), char, kept))
        steps.sort(key=lambda step: (step[0], step[1]))
        return any(extend(query + char, kept) for _score, char, kept in steps[:6])

    extend("", [title.casefold() for title in titles])
    return best
