"""The plain-text parser for articles scraped from news sites.

The text is split into chunks at blank lines; each chunk is read by its shape: a video or audio
block, a photo (alt line + caption ending in a credit), a short unpunctuated heading, or prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from readtui.article.model import (
    Article,
    ArticleMeta,
    Block,
    Figure,
    Heading,
    Media,
    Paragraph,
    count_words,
    readable_text,
)
from readtui.article.quotes import collect_quotes

Chunk = list[str]

MEDIA_LABEL = re.compile(r"^(WATCH|LISTEN)\s*\|\s*(?P<intro>.*?)\s*:?\s*$")
MEDIA_AGE = re.compile(r"^\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago$", re.I)
MEDIA_DURATION = re.compile(r"^Duration\s+(?P<time>\d+(?::\d\d){1,2})$", re.I)
MEDIA_GLUE = re.compile(r"^Featured\s*(?:Video|Audio|Podcast)\s*", re.I)
CREDIT = re.compile(r"^(?P<caption>.*\S)\s*\((?P<credit>[^()]*(?:/|Submitted by)[^()]*)\)\s*$")
TERMINAL_PUNCTUATION = tuple(".!?:;,\"\u201d\u2019')\u2026")
HEADING_MAX_WORDS = 14
SUBHEAD_MAX_WORDS = 30


def split_chunks(text: str) -> list[Chunk]:
    """Groups of non-blank lines, trailing whitespace removed."""
    chunks: list[Chunk] = []
    current: Chunk = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def single_spaced(text: str) -> str:
    """Runs of any whitespace (no-break spaces included) as one ordinary space."""
    return " ".join(text.split())


def normalised(text: str) -> str:
    return single_spaced(text).casefold()


def is_heading_line(line: str, max_words: int = HEADING_MAX_WORDS) -> bool:
    """Short, starts with a capital or digit, and does not end like a sentence."""
    words = line.split()
    return (
        0 < len(words) <= max_words
        and (line[0].isupper() or line[0].isdigit())
        and not line.endswith(TERMINAL_PUNCTUATION)
        and not MEDIA_LABEL.match(line)
    )


def _looks_hard_wrapped(lines: Chunk) -> bool:
    """Lines of one paragraph wrapped at a fixed width, rather than separate lines."""
    if len(lines) < 2:
        return False
    longest = max(len(line) for line in lines)
    return longest <= 80 and all(len(line) >= 0.6 * longest for line in lines[:-1])


def _prose(lines: Chunk) -> list[Block]:
    if _looks_hard_wrapped(lines):
        return [Paragraph(" ".join(lines))]
    return [Paragraph(line) for line in lines]


def _figure(lines: Chunk) -> list[Block] | None:
    match = CREDIT.match(lines[-1])
    if match is None:
        return None
    alt = lines[-2] if len(lines) >= 2 else ""
    figure = Figure(caption=match["caption"], alt=alt, credit=match["credit"].strip())
    return [*_prose(lines[:-2]), figure]


class _MediaReader:
    """Collects a media block's lines from the chunks that follow its `WATCH |` label.

    The short fields (intro, title, age) are single-spaced: scraped pages put no-break spaces
    in them that mean nothing to a reader. The description keeps its text as it is; it is the
    line glued to the "Featured Video" marker, or else the line after the age or duration in
    the same chunk (a paragraph after a blank line is the story again, not the description).
    """

    def __init__(self, label: str, intro: str) -> None:
        self.fields = {
            "label": label,
            "intro": single_spaced(intro),
            "title": "",
            "age": "",
            "duration": "",
        }
        self.description = ""
        self.info_in_chunk = False

    def next_chunk(self) -> None:
        self.info_in_chunk = False

    def take(self, line: str) -> bool:
        if self.description:
            return False
        if MEDIA_AGE.match(line) and not self.fields["age"]:
            self.fields["age"] = single_spaced(line)
            self.info_in_chunk = True
        elif (duration := MEDIA_DURATION.match(line)) and not self.fields["duration"]:
            self.fields["duration"] = duration["time"]
            self.info_in_chunk = True
        elif MEDIA_GLUE.match(line) or self.info_in_chunk:
            self.description = MEDIA_GLUE.sub("", line)
        elif not self.fields["title"]:
            self.fields["title"] = single_spaced(line)
        else:
            return False
        return True

    def block(self) -> Media:
        return Media(description=self.description, **self.fields)


def _media(first: Chunk, rest: Iterator[Chunk], pending: list[Chunk]) -> Media | None:
    match = MEDIA_LABEL.match(first[0])
    if match is None:
        return None
    reader = _MediaReader(match[1], match["intro"].rstrip(":").strip())
    for index, line in enumerate(first[1:], start=1):
        if not reader.take(line):
            pending.append(first[index:])
            return reader.block()
    for chunk in rest:
        reader.next_chunk()
        taken = 0
        while taken < len(chunk) and reader.take(chunk[taken]):
            taken += 1
        if taken < len(chunk):
            pending.append(chunk[taken:])
            break
    return reader.block()


def parse_body(chunks: list[Chunk]) -> list[Block]:
    blocks: list[Block] = []
    pending: list[Chunk] = []
    source = iter(chunks)
    while True:
        chunk = pending.pop() if pending else next(source, None)
        if chunk is None:
            return blocks
        media = _media(chunk, source, pending)
        if media is not None:
            blocks.append(media)
        elif (figure := _figure(chunk)) is not None:
            blocks.extend(figure)
        elif len(chunk) == 1 and is_heading_line(chunk[0]):
            blocks.append(Heading(chunk[0]))
        else:
            blocks.extend(_prose(chunk))


def _split_header(chunks: list[Chunk]) -> tuple[str, str, str, list[Chunk]]:
    """Title, standfirst, subhead and the remaining body chunks."""
    title, body = chunks[0][0], chunks[1:]
    if len(chunks[0]) > 1:
        body.insert(0, chunks[0][1:])
    if (
        not body
        or len(body[0]) != 1
        or is_heading_line(body[0][0])
        or MEDIA_LABEL.match(body[0][0])
    ):
        return title, "", "", body
    candidate = body[0][0]
    repeated = any(normalised(" ".join(c)) == normalised(candidate) for c in body[1:])
    has_subhead = (
        len(body) > 2 and len(body[1]) == 1 and is_heading_line(body[1][0], SUBHEAD_MAX_WORDS)
    )
    if not (repeated or has_subhead):
        return title, "", "", body
    subhead = body[1][0] if has_subhead else ""
    rest = body[2:] if has_subhead else body[1:]
    rest = [c for c in rest if normalised(" ".join(c)) != normalised(candidate)]
    return title, candidate, subhead, rest


def parse_plain(text: str) -> Article:
    """Parse scraped plain text; the first line is the title."""
    chunks = split_chunks(text)
    if not chunks:
        return Article(title="")
    title, standfirst, subhead, body = _split_header(chunks)
    blocks = tuple(parse_body(body))
    words = count_words(title, standfirst, subhead, *map(readable_text, blocks))
    return Article(
        title=title,
        standfirst=standfirst,
        subhead=subhead,
        blocks=blocks,
        quotes=collect_quotes(blocks),
        meta=ArticleMeta(word_count=words),
    )
