"""The small Markdown a narrative text of the labelling file may use, read into blocks that the
page and the PDF render alike: paragraphs (separated by a blank line), bulleted lists (lines
starting with "- " or "* "), numbered lists ("1. "), **bold**, *italics* (or _italics_) and
links [text](https://…) (http, https and mailto only). Anything else — headings, code, HTML,
images, tables — stays literal text, as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
_INLINE = re.compile(
    r"\*\*(?P<bold>[^*\n]+?)\*\*"
    r"|(?<![\w*])\*(?P<star>[^*\s][^*\n]*?)\*(?![\w*])"
    r"|(?<!\w)_(?P<under>[^_\s][^_\n]*?)_(?!\w)"
    r"|(?<!!)\[(?P<label>[^\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^\s()]+)\)"
)


@dataclass(frozen=True)
class Span:
    """A run of text with its style; `url` when it is a link."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


@dataclass(frozen=True)
class Block:
    """A paragraph (one item), or a list and its items."""

    kind: Literal["paragraph", "bullets", "numbers"]
    items: list[list[Span]] = field(default_factory=list)
    start: int = 1  # a numbered list's first number


def spans(text: str) -> list[Span]:
    """The inline runs of one line or paragraph."""
    found: list[Span] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            found.append(Span(text[position : match.start()]))
        if match["bold"]:
            found.append(Span(match["bold"], bold=True))
        elif match["star"] or match["under"]:
            found.append(Span(match["star"] or match["under"], italic=True))
        else:
            found.append(Span(match["label"], url=match["url"]))
        position = match.end()
    if position < len(text):
        found.append(Span(text[position:]))
    return found


def blocks(text: str) -> list[Block]:
    """The text's paragraphs and lists, in order."""
    found: list[Block] = []
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            found.append(Block("paragraph", [spans(" ".join(paragraph))]))
            paragraph.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if bullet or numbered:
            close_paragraph()
            kind: Literal["bullets", "numbers"] = "bullets" if bullet else "numbers"
            body = bullet[1] if bullet else numbered[2] if numbered else ""
            if not found or found[-1].kind != kind:
                start = int(numbered[1]) if numbered else 1
                found.append(Block(kind, [], start))
            found[-1].items.append(spans(body))
        elif line.strip():
            paragraph.append(line.strip())
        else:
            close_paragraph()
            found.append(Block("paragraph", []))  # a blank line: ends a list
    close_paragraph()
    return [block for block in found if block.items]


def has_markup(text: str) -> bool:
    """Whether the text uses anything of the subset (else it reads the same as typed)."""
    return any(block.kind != "paragraph" for block in blocks(text)) or any(
        span.bold or span.italic or span.url
        for block in blocks(text)
        for item in block.items
        for span in item
    )
