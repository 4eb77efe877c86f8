"""Markdown articles: front matter for metadata, markdown-it-py's syntax tree for the blocks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from readtui.article.model import (
    Article,
    ArticleMeta,
    Block,
    BlockQuote,
    CodeBlock,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    count_words,
    readable_text,
)
from readtui.article.quotes import collect_quotes
from readtui.article.speakers import attribute

FENCE = "---"
STANDFIRST_KEYS = ("standfirst", "description", "summary")
"""Front-matter keys that can carry the standfirst, most specific first."""

_PARSER = MarkdownIt("commonmark")
_IGNORED_INLINE = ("link", "softbreak", "hardbreak")
"""Inline nodes that may sit beside images in a paragraph still counted as a figure."""


@dataclass(frozen=True)
class FrontMatter:
    """The front matter fields (lower-cased keys) and the Markdown body that follows them."""

    fields: dict[str, str]
    body: str


def parse_markdown(text: str, *, quotes: bool = True) -> Article:
    """Turn a Markdown document into an Article; never raises on odd input, only degrades.

    `quotes=False` skips finding quotes and their speakers, as for `parse_plain`.
    """
    split = split_front_matter(text)
    fields = split.fields
    blocks = list(_blocks(SyntaxTreeNode(_PARSER.parse(split.body))))
    title, blocks = _pick_title(blocks, fields.get("title", ""))
    standfirst = next((fields[k] for k in STANDFIRST_KEYS if fields.get(k)), "")
    frozen = tuple(blocks)
    return Article(
        title=title,
        standfirst=standfirst,
        subhead=fields.get("subhead", ""),
        blocks=frozen,
        quotes=attribute(frozen, collect_quotes(frozen)) if quotes else (),
        meta=_meta(fields, title, standfirst, frozen),
    )


def _pick_title(blocks: list[Block], title: str) -> tuple[str, list[Block]]:
    """The title (front matter first, else the first h1) and the blocks without that h1.

    An h1 repeating the front-matter title is dropped too, so the title is not shown twice.
    """
    index = next((i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1), None)
    if index is None or (title and blocks[index].text != title):
        return title, blocks
    return title or blocks[index].text, blocks[:index] + blocks[index + 1 :]


def _meta(
    fields: dict[str, str], title: str, standfirst: str, blocks: tuple[Block, ...]
) -> ArticleMeta:
    """Metadata from the front matter; the word count covers everything the reader will see."""
    return ArticleMeta(
        word_count=count_words(title, standfirst, *map(readable_text, blocks)),
        source=fields.get("source", ""),
        author=fields.get("author", ""),
        date=fields.get("date", ""),
        url=fields.get("url", ""),
    )


# Front matter ------------------------------------------------------------------------------


def split_front_matter(text: str) -> FrontMatter:
    """Separate a leading `---` block of `key: value` lines from the body.

    Anything that does not look like front matter (no closing fence, a line that is not a
    pair) is left in the body, so no text is ever dropped.
    """
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return FrontMatter({}, text)
    for end in range(1, len(lines)):
        if lines[end].strip() == FENCE:
            fields = _pairs(lines[1:end])
            if fields is None:
                return FrontMatter({}, text)
            return FrontMatter(fields, "".join(lines[end + 1 :]))
    return FrontMatter({}, text)


def _pairs(lines: list[str]) -> dict[str, str] | None:
    """Parse flat `key: value` lines; None when any non-blank, non-comment line is not a pair."""
    fields: dict[str, str] = {}
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, colon, value = stripped.partition(":")
        key = key.strip().lower()
        if not colon or not key or " " in key:
            return None
        fields.setdefault(key, _unquote(value.strip()))
    return fields


def _unquote(value: str) -> str:
    """Strip one pair of matching single or double quotes around a value."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


# Blocks --------------------------------------------------------------------------------------


def _blocks(node: SyntaxTreeNode) -> Iterator[Block]:
    """The article blocks for each top-level node, in document order."""
    for child in node.children:
        yield from _block(child)


def _block(node: SyntaxTreeNode) -> Iterator[Block]:
    """One syntax node as zero or more blocks; unknown containers are walked for their content."""
    kind = node.type
    if kind == "heading":
        yield from _heading(node)
    elif kind == "paragraph":
        yield from _paragraph(node)
    elif kind == "blockquote":
        yield from _nonempty(BlockQuote("\n\n".join(_inline_texts(node))))
    elif kind in ("bullet_list", "ordered_list"):
        yield _list(node)
    elif kind in ("fence", "code_block"):
        language = node.info.strip().split(" ", 1)[0] if node.info.strip() else ""
        yield CodeBlock(node.content.rstrip("\n"), language)
    elif kind == "html_block":
        yield from _nonempty(Paragraph(node.content.strip("\n")))
    elif kind != "hr":
        yield from _blocks(node)


def _nonempty(block: BlockQuote | Paragraph) -> Iterator[Block]:
    """Yield the block only if it has visible text."""
    if block.text.strip():
        yield block


def _heading(node: SyntaxTreeNode) -> Iterator[Block]:
    """A heading with its level taken from the tag (h1..h6); empty headings are skipped."""
    text = _inline_text(node.children[0]).strip() if node.children else ""
    if text:
        yield Heading(text, int(node.tag[1:]))


def _paragraph(node: SyntaxTreeNode) -> Iterator[Block]:
    """A paragraph, or one Figure per image when the paragraph holds nothing but images."""
    inline = node.children[0] if node.children else None
    if inline is None:
        return
    images = _only_images(inline)
    if images:
        yield from (_figure(image) for image in images)
        return
    yield from _nonempty(Paragraph(_inline_text(inline).strip()))


def _only_images(inline: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    """The images of a paragraph made only of images (possibly linked), else an empty list."""
    images: list[SyntaxTreeNode] = []
    for child in inline.children:
        if child.type == "image":
            images.append(child)
        elif child.type == "link" and child.children:
            nested = _only_images(child)
            if not nested:
                return []
            images.extend(nested)
        elif not _is_filler(child):
            return []
    return images


def _is_filler(node: SyntaxTreeNode) -> bool:
    """Line breaks, empty links and whitespace do not stop a paragraph being a figure."""
    if node.type == "text":
        return not node.content.strip()
    return node.type in _IGNORED_INLINE


def _figure(image: SyntaxTreeNode) -> Figure:
    """A Figure whose caption is the image title when given, otherwise its alt text."""
    alt = _inline_text(image).strip()
    title = str(image.attrs.get("title", "")).strip()
    return Figure(caption=title or alt, alt=alt)


def _list(node: SyntaxTreeNode) -> ListBlock:
    """A list with one plain-text entry per item; nested content joins its item's entry."""
    items = tuple("\n".join(_inline_texts(item)) for item in node.children)
    start = node.attrs.get("start", 1)
    return ListBlock(items, ordered=node.type == "ordered_list", start=int(start))


# Inline text ---------------------------------------------------------------------------------


def _inline_texts(node: SyntaxTreeNode) -> list[str]:
    """The non-empty plain text of every inline run under a container, in order."""
    if node.type == "inline":
        text = _inline_text(node).strip()
        return [text] if text else []
    if node.type in ("fence", "code_block", "html_block"):
        text = node.content.strip("\n")
        return [text] if text.strip() else []
    return [text for child in node.children for text in _inline_texts(child)]


def _inline_text(node: SyntaxTreeNode) -> str:
    """Plain text of an inline run: markers dropped, links and code reduced to their text."""
    kind = node.type
    if kind in ("text", "code_inline"):
        return node.content
    if kind == "softbreak":
        return " "
    if kind == "hardbreak":
        return "\n"
    if kind == "html_inline":
        return ""
    return "".join(_inline_text(child) for child in node.children)
