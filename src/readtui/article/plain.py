"""The plain-text parser for articles scraped from news sites.

The text is split into chunks at blank lines; each chunk is read by its shape: a video or audio
block, a photo (alt line + caption ending in a credit), a short unpunctuated heading, or prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from readtui.article import furniture
from readtui.article.credits import find_credit, may_hold_credit
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
from readtui.article.quotes import DOUBLE_MARKS, collect_quotes
from readtui.article.speakers import attribute

Chunk = list[str]

MEDIA_LABEL = re.compile(r"^(WATCH|LISTEN)\s*\|\s*(?P<intro>.*?)\s*:?\s*$")
MEDIA_LINE = re.compile(
    r"^(?P<label>WATCH|LISTEN|VIDEO|AUDIO)\s*:\s*(?P<title>.+?)(?:\s+[\u2013\u2014-]+\s+"
    r"(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}))?$"
)
"""`WATCH: Title of the video - Mar 1, 2023` (with any dash), all on one line."""
BBC_MARKER = re.compile(
    r"^(?P<marker>Image source|Image caption|Media caption)\s*,?\s+(?P<text>\S.*)$"
)
"""BBC pages label a picture's credit and caption, and a video's caption, on lines of their own."""
MEDIA_AGE = re.compile(r"^\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago$", re.I)
MEDIA_DURATION = re.compile(r"^Duration\s+(?P<time>\d+(?::\d\d){1,2})$", re.I)
MEDIA_GLUE = re.compile(r"^Featured\s*(?:Video|Audio|Podcast)\s*", re.I)
BBC_OPENINGS = ("Image", "Media")
STRUCTURE_OPENINGS = ("WATCH", "LISTEN", "VIDEO", "AUDIO", *BBC_OPENINGS, *"_*=~-")
"""How a chunk opens when it may be a media block, a BBC marker or a rule: each of their
patterns needs one of these, so the chunks of the story skip the patterns."""
QUOTED_HEADING_MARKS = ("''", "\u2018\u2019", '""', "\u201c\u201d")
"""A heading that is a short quote in marks, as the BBC writes them: `'Once in a lifetime'`."""
TERMINAL_PUNCTUATION = tuple(".!?:;,\"\u201d\u2019')\u2026")
PROSE_ENDINGS = tuple(".!;,)\u2026")
"""Endings that rule a line out as a heading in every form (a question or a quoted heading
ends in `?`, `:` or a quote mark), so most paragraphs are ruled out before being split."""
STRUCTURE_MARKERS = re.compile(
    r"Featured\s*(?:Video|Audio|Podcast)|^(?:Duration(?=\s+\d)|(?:Image source|Image caption)"
    r"(?=,?\s)|By(?=\s)|(?:Published|Posted|Updated|Last\s+updated|First\s+published)(?=\W))"
    r"|(?:Photograph|Photo|Illustration|Composite)s?(?=\s*:)|Credit(?=\.|\u2026|:)"
    r"|Posted(?=:)|^(?:[_*=~-]\s*){3,}$",
    re.MULTILINE,
)
"""Words this parser turns into structure rather than keeps as text: media fields, BBC image
markers, the "By" of a byline, photo-credit prefixes, a `___` separator. Checks that no text is
lost take these out of the source first."""
HEADING_MAX_WORDS = 14
SUBHEAD_MAX_WORDS = 30
STANDFIRST_MIN_WORDS = 8
QUESTION_HEADING_MAX_WORDS = 8
LEDE_OPENING = 40
"""Characters of a chunk compared with the lede before the whole chunk is normalised."""


def split_chunks(text: str) -> list[Chunk]:
    """Groups of non-blank lines, trailing whitespace removed."""
    chunks: list[Chunk] = []
    current: Chunk = []
    for line in map(str.strip, text.split("\n")):
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
    """Short, starts with a capital or digit, and does not end like a sentence; or an ALL-CAPS
    question such as `WHAT HAPPENS NEXT?`."""
    if line.endswith(PROSE_ENDINGS):
        return False
    words = line.split()
    if not 0 < len(words) <= max_words or MEDIA_LABEL.match(line):
        return False
    if line.isupper() and line.endswith(("?", ":")):
        return True
    if line.endswith("?") and len(words) <= QUESTION_HEADING_MAX_WORDS and line[0].isupper():
        return not any(mark in line for mark in DOUBLE_MARKS)
    if len(line) > 2 and line[0] + line[-1] in QUOTED_HEADING_MARKS:
        inner = line[1:-1]
        return len(words) <= QUESTION_HEADING_MAX_WORDS and is_heading_line(inner)
    return (line[0].isupper() or line[0].isdigit()) and not line.endswith(TERMINAL_PUNCTUATION)


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


def _figure(lines: Chunk, blocks: list[Block]) -> list[Block] | None:
    """A chunk that ends in a captioned, credited photo, with the alt text above the caption.

    A credit on a line of its own (NYT) takes the line above as its caption, or the paragraph
    before when it stands alone.
    """
    found = find_credit(lines[-1])
    if found is None:
        return None
    before, caption = lines[:-1], found.caption
    if not caption and before:
        caption, before = before[-1], before[:-1]
    elif not caption and blocks and isinstance(blocks[-1], Paragraph):
        caption = blocks.pop().text
    alt = before[-1] if before and len(before[-1]) <= 400 else ""
    if alt:
        before = before[:-1]
    return [*_prose(before), Figure(caption=caption, alt=alt, credit=found.credit)]


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


def _one_line_media(line: str) -> Media | None:
    if (match := MEDIA_LINE.match(line)) is not None:
        return Media(label=match["label"], title=match["title"], age=match["date"] or "")
    return None


def _bbc_block(chunk: Chunk, rest: Iterator[Chunk], pending: list[Chunk]) -> Block | None:
    """`Image source, X` + `Image caption, Y` is a figure; `Media caption, Z` a video."""
    match = BBC_MARKER.match(chunk[0])
    if match is None or len(chunk) > 1:
        return None
    if match["marker"] == "Media caption":
        return Media(label="Media caption", title=match["text"])
    if match["marker"] == "Image caption":
        return Figure(caption=match["text"])
    following = next(rest, None)
    caption = BBC_MARKER.match(following[0]) if following else None
    if following and caption and caption["marker"] == "Image caption" and len(following) == 1:
        return Figure(caption=caption["text"], credit=match["text"])
    if following:
        pending.append(following)
    return Figure(caption="", credit=match["text"])


def parse_body(chunks: list[Chunk]) -> list[Block]:
    blocks: list[Block] = []
    pending: list[Chunk] = []
    source = iter(chunks)
    while True:
        chunk = pending.pop() if pending else next(source, None)
        if chunk is None:
            return blocks
        marked = chunk[0].startswith(STRUCTURE_OPENINGS)
        media = _media(chunk, source, pending) if marked else None
        if media is not None:
            blocks.append(media)
        elif marked and (bbc := _bbc_block(chunk, source, pending)) is not None:
            blocks.append(bbc)
        elif marked and len(chunk) == 1 and (one_line := _one_line_media(chunk[0])) is not None:
            blocks.append(one_line)
        elif may_hold_credit(chunk[-1]) and (figure := _figure(chunk, blocks)) is not None:
            blocks.extend(figure)
        elif marked and len(chunk) == 1 and furniture.RULE.match(chunk[0]):
            blocks.append(Heading(""))
        elif len(chunk) == 1:
            line = chunk[0]
            blocks.append(Heading(line) if is_heading_line(line) else Paragraph(line))
        else:
            blocks.extend(_prose(chunk))


def _is_plain_line(line: str) -> bool:
    """Neither furniture nor a BBC marker, as cheap tests tell: a chunk of such lines is kept
    whole, as `_Furniture.strip` would keep it line by line, but without the work."""
    return not (line.startswith(BBC_OPENINGS) or furniture.may_be_furniture(line))


class _Furniture:
    """What the page put around the story: removed junk lines and the metadata lines."""

    def __init__(self) -> None:
        self.removed: list[str] = []
        self.author = ""
        self.source = ""
        self.date = ""
        self.credits: list[str] = []
        self.place = ""
        self.furniture_after: set[int] = set()
        """Indices of the kept chunks that page furniture followed."""
        self._related = 0

    def strip(self, chunks: list[Chunk]) -> list[Chunk]:
        """The chunks without furniture lines; BBC marker lines become chunks of their own."""
        out: list[Chunk] = []
        for chunk in chunks:
            if not self._related and all(map(_is_plain_line, chunk)):
                out.append(chunk)
                continue
            kept: Chunk = []
            for line in chunk:
                dated = bool(self.date)
                if self._take(line):
                    if not dated and self.date and not self.author:
                        self._byline_above(out, kept)
                    self.furniture_after.add(len(out) if kept else len(out) - 1)
                    continue
                self._related = 0
                if line.startswith(BBC_OPENINGS) and BBC_MARKER.match(line):
                    if kept:
                        out.append(kept)
                    out.append([line])
                    kept = []
                else:
                    kept.append(line)
            if kept:
                out.append(kept)
            if len(chunk) > 1 and 0 < self._related < furniture.RELATED_RUN_MAX:
                self._related = 0  # links listed together end with their chunk
        return out

    def _byline_above(self, out: list[Chunk], kept: Chunk) -> None:
        """A bare name right above the date line is the byline (never the title, though).
        `Jane Doe in Kyiv` gives the place as the dateline."""
        if kept:
            if not out and len(kept) == 1:
                return
            lines = kept
        elif len(out) > 1 and len(out[-1]) == 1:
            lines = out[-1]
        else:
            return
        names = furniture.name_line(lines[-1])
        if names is None:
            return
        self.author = names
        self.place = lines.pop()[len(names) :].strip().removeprefix("in ").strip()
        if not lines and lines is not kept:
            out.pop()

    def _take(self, line: str) -> bool:
        """Record `line` if it is furniture."""
        if (
            self._related
            and furniture.looks_like_link(line)
            and not MEDIA_LABEL.match(line)
            and not MEDIA_LINE.match(line)
        ):
            self._related -= 1
            self.removed.append(line)
            return True
        if not furniture.may_be_furniture(line):
            return False
        if furniture.is_related_header(line):
            self._related = furniture.RELATED_RUN_MAX
            self.removed.append(line)
            return True
        if furniture.is_junk(line):
            self.removed.append(line)
            return True
        if (credits := furniture.credits(line)) is not None:
            self.credits.append(credits)
            return True
        if (byline := furniture.byline(line)) is not None and not self.author:
            self.author, self.source = byline.author, self.source or byline.outlet
            if byline.date and self.date:
                self.removed.append(byline.date)
            self.date = self.date or byline.date
            return True
        if not self.date and (date := furniture.date_line(line)) is not None:
            self.date = date
            return True
        return False


def _unpunctuated_standfirst(line: str) -> bool:
    """A long line under the title with no full stop: the Guardian's and the NYT's standfirst.
    The story's own paragraphs end in punctuation; a short unpunctuated line is a heading."""
    return len(line.split()) >= STANDFIRST_MIN_WORDS and not line.endswith(TERMINAL_PUNCTUATION)


def _is_structure(line: str) -> bool:
    """A line that opens a media block, a figure or a separator, never a standfirst or subhead."""
    return bool(
        MEDIA_LABEL.match(line)
        or MEDIA_LINE.match(line)
        or BBC_MARKER.match(line)
        or furniture.RULE.match(line)
        or find_credit(line) is not None
    )


def _split_header(chunks: list[Chunk], page: _Furniture) -> tuple[str, str, str, list[Chunk]]:
    """Title, standfirst, subhead and the remaining body chunks; a repeated lede is removed.

    The line under the title is a standfirst when the page repeats it as the lede (CBC), when a
    subhead follows it, when it is long but has no full stop (Guardian), or when page furniture
    (a share button, the byline) separates it from the story (NYT).
    """
    removed = page.removed
    title, body = chunks[0][0], chunks[1:]
    if len(chunks[0]) > 1:
        body.insert(0, chunks[0][1:])
    if not body or len(body[0]) != 1 or is_heading_line(body[0][0]) or _is_structure(body[0][0]):
        return title, "", "", body
    candidate = body[0][0]
    lede = normalised(candidate)
    repeated = any(_says_again(chunk, lede) for chunk in body[1:])
    separated = (0 if len(chunks[0]) > 1 else 1) in page.furniture_after
    lone = not repeated and len(body) > 1 and furniture.dateline(candidate) is None
    if lone and (_unpunctuated_standfirst(candidate) or separated):
        return title, candidate, "", body[1:]
    has_subhead = (
        len(body) > 2
        and len(body[1]) == 1
        and is_heading_line(body[1][0], SUBHEAD_MAX_WORDS)
        and not _is_structure(body[1][0])
    )
    if not (repeated or has_subhead):
        return title, "", "", body
    subhead = body[1][0] if has_subhead else ""
    rest = body[2:] if has_subhead else body[1:]
    kept = []
    for chunk in rest:
        if _says_again(chunk, lede):
            removed.append(" ".join(chunk))
        else:
            kept.append(chunk)
    return title, candidate, subhead, kept


def _says_again(chunk: Chunk, lede: str) -> bool:
    """Whether the chunk repeats the lede (given normalised), spacing and case aside.

    Every chunk of the body is asked, so the cheap tests come first. Both are exact: casefold
    works character by character and `single_spaced` of a prefix is a prefix of the whole, so
    a chunk whose opening normalises to something the lede does not start with cannot equal it.
    """
    first = chunk[0]
    if not lede.startswith(first[:1].casefold()):
        return False
    if not lede.startswith(normalised(first[:LEDE_OPENING])):
        return False
    return normalised(" ".join(chunk)) == lede


def _take_dateline(standfirst: str, blocks: list[Block]) -> tuple[str, str]:
    """(dateline, standfirst) after lifting an agency dateline off the first paragraph."""
    found = furniture.dateline(standfirst) if standfirst else None
    if found is not None:
        return found
    for index, block in enumerate(blocks[:6]):
        if isinstance(block, Paragraph):
            found = furniture.dateline(block.text)
            if found is not None:
                blocks[index] = Paragraph(found[1])
                return found[0], standfirst
            break
    return "", standfirst


def _agency(dateline: str) -> str:
    """`KYIV (AP)` -> `AP`: the agency that filed the story."""
    return dateline[dateline.rfind("(") + 1 : -1] if dateline.endswith(")") else ""


def parse_plain(text: str, *, quotes: bool = True) -> Article:
    """Parse scraped plain text; the first line that is not page furniture is the title.

    `quotes=False` skips finding quotes and their speakers (the article has none), for
    callers such as the library index that need only the title, source and word count.
    """
    page = _Furniture()
    chunks = page.strip(split_chunks(text))
    title, standfirst, subhead, body = "", "", "", list[Chunk]()
    if chunks:
        title, standfirst, subhead, body = _split_header(chunks, page)
    blocks = parse_body(body)
    dateline, standfirst = _take_dateline(standfirst, blocks)
    dateline = dateline or page.place
    frozen = tuple(blocks)
    words = count_words(title, standfirst, subhead, *map(readable_text, frozen))
    meta = ArticleMeta(
        word_count=words,
        author=page.author,
        source=page.source or _agency(dateline),
        date=page.date,
        dateline=dateline,
        credits="; ".join(page.credits),
    )
    return Article(
        title=title,
        standfirst=standfirst,
        subhead=subhead,
        blocks=frozen,
        quotes=attribute(frozen, collect_quotes(frozen)) if quotes else (),
        meta=meta,
        removed=tuple(page.removed),
    )
