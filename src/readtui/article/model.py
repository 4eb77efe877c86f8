"""The article model: typed blocks and quote spans, shared by parsers, exporters and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Union

WORDS_PER_MINUTE = 230


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2
    kind: ClassVar[str] = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class Figure:
    """A photo: alt text (what the picture shows), caption and credit."""

    caption: str
    alt: str = ""
    credit: str = ""
    kind: ClassVar[str] = "figure"

    @property
    def text(self) -> str:
        return self.caption


@dataclass(frozen=True)
class Media:
    """A video or audio block (CBC `WATCH |` / `LISTEN |`)."""

    label: str
    intro: str = ""
    title: str = ""
    age: str = ""
    duration: str = ""
    description: str = ""
    kind: ClassVar[str] = "media"

    @property
    def text(self) -> str:
        return self.description


@dataclass(frozen=True)
class BlockQuote:
    """A Markdown block quote; its whole text is one quote."""

    text: str
    kind: ClassVar[str] = "blockquote"


@dataclass(frozen=True)
class ListBlock:
    items: tuple[str, ...]
    ordered: bool = False
    start: int = 1
    kind: ClassVar[str] = "list"

    @property
    def text(self) -> str:
        return "\n".join(self.items)


@dataclass(frozen=True)
class CodeBlock:
    text: str
    language: str = ""
    kind: ClassVar[str] = "code"


Block = Union[Heading, Paragraph, Figure, Media, BlockQuote, ListBlock, CodeBlock]  # noqa: UP007


def readable_text(block: Block) -> str:
    """Everything a reader reads in a block (a figure's alt text too), for word counts."""
    if isinstance(block, Media):
        return " ".join((block.intro, block.title, block.description))
    if isinstance(block, Figure):
        return f"{block.alt} {block.caption}"
    return block.text


def count_words(*texts: str) -> int:
    return sum(len(text.split()) for text in texts)


@dataclass(frozen=True)
class Quote:
    """Direct speech: `text` is the source text without its marks.

    `block`/`start` locate the opening and `end_block`/`end` the close, as offsets into
    `blocks[i].text`; a quote that runs over several paragraphs has end_block > block.
    """

    text: str
    block: int
    start: int
    end: int
    speaker: str = ""
    end_block: int = -1
    role: str = ""
    kind: str = ""
    """`full` (a sentence or more), `partial` (words inside a sentence) or `scare` (a word or
    phrase held at arm's length, nobody's speech); empty until attribution has run."""

    def __post_init__(self) -> None:
        if self.end_block < 0:
            object.__setattr__(self, "end_block", self.block)

    def spans(self, blocks: tuple[Block, ...]) -> list[tuple[int, int, int]]:
        """(block, start, end) for each block the quote covers."""
        if self.end_block == self.block:
            return [(self.block, self.start, self.end)]
        out = [(self.block, self.start, len(blocks[self.block].text))]
        out += [(i, 0, len(blocks[i].text)) for i in range(self.block + 1, self.end_block)]
        out.append((self.end_block, 0, self.end))
        return out


@dataclass(frozen=True)
class ArticleMeta:
    path: str = ""
    fingerprint: str = ""
    word_count: int = 0
    source: str = ""
    author: str = ""
    date: str = ""
    url: str = ""
    encoding: str = "utf-8"
    encoding_guessed: bool = False
    dateline: str = ""
    """`KYIV, Ukraine (AP)`: where the story was filed and by whom."""
    credits: str = ""
    """`Reporting by ...; Editing by ...`: the agency's credit line, without its brackets."""
    notices: tuple[str, ...] = ()
    """Things the reader should know about how the file was read (bad bytes replaced, ...)."""

    @property
    def minutes(self) -> int:
        """Minutes to read, at least one."""
        return max(1, round(self.word_count / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class Article:
    title: str
    standfirst: str = ""
    subhead: str = ""
    blocks: tuple[Block, ...] = ()
    quotes: tuple[Quote, ...] = ()
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    removed: tuple[str, ...] = ()
    """Page furniture hidden from the body ("Advertisement", "Social Sharing", a repeated
    lede, ...), kept so that an export shows nothing was silently lost."""


def held_texts(article: Article) -> list[str]:
    """Every text the article holds: header, metadata, each field of each block and the page
    furniture it removed. "Nothing is lost" means every word of the file is in here."""
    meta = article.meta
    texts = [article.title, article.standfirst, article.subhead, *article.removed]
    texts += [meta.author, meta.source, meta.date, meta.dateline, meta.credits]
    for block in article.blocks:
        if isinstance(block, Figure):
            texts += [block.alt, block.caption, block.credit]
        elif isinstance(block, Media):
            texts += [block.label, block.intro, block.title, block.age, block.duration]
            texts.append(block.description)
        else:
            texts.append(block.text)
    return texts
