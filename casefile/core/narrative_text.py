"""The light markup of the assessment narrative, read into plain blocks every output renders.

The analyst writes CommonMark (``markdown-it-py``): paragraphs, ``#`` headings, lists,
block quotes, ``*emphasis*``, ``**strong**`` and ``code``. Raw HTML, images, links and link
definitions are switched off, so whatever else is typed is text and stays text: the window's
preview, the PDF and the other briefs each escape it by their own rules and add only their
own markup. Citation tokens (``[E12]``) are split out of the text as their own runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt

from casefile.core.citations import TOKEN

_OFF = ("image", "link", "autolink", "html_inline", "reference", "html_block")


@dataclass(frozen=True)
class Run:
    """A piece of inline text: its styles (``strong``, ``em``, ``code``), or a citation key."""

    text: str
    styles: frozenset[str] = frozenset()
    cite: str | None = None


@dataclass(frozen=True)
class Block:
    """A paragraph, heading (``level`` 1-6), list item (``level`` = depth, ``marker``),
    quoted paragraph or code block, with its runs."""

    kind: str  # "paragraph", "heading", "item", "quote", "code"
    runs: tuple[Run, ...]
    level: int = 0
    marker: str = ""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(list(_OFF), ignoreInvalid=True)
    return md


_MD = _parser()


def parse(body: str) -> list[Block]:
    """The blocks of a section's body, in order (an empty body has none)."""
    blocks: list[Block] = []
    lists: list[list[Any]] = []  # [ordered, next number] per open list
    quoted = 0
    pending: tuple[str, int, str] | None = None
    for token in _MD.parse(body):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 0
            lists.append([kind == "ordered_list_open", start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            marker = f"{number}." if ordered else "•"
            lists[-1][1] = number + 1
            pending = ("item", len(lists), marker)
        elif kind == "blockquote_open":
            quoted += 1
        elif kind == "blockquote_close":
            quoted -= 1
        elif kind == "heading_open":
            pending = ("heading", int(token.tag[1:]), "")
        elif kind == "inline":
            block_kind, level, marker = pending or (("quote" if quoted else "paragraph"), 0, "")
            pending = None
            blocks.append(Block(block_kind, tuple(_runs(token.children or [])), level, marker))
        elif kind in ("code_block", "fence"):
            text = token.content.rstrip("\n")
            blocks.append(Block("code", (Run(text, frozenset({"code"})),)))
        elif kind == "hr":
            blocks.append(Block("rule", ()))
    return blocks


def _runs(children: list[Any]) -> list[Run]:
    out: list[Run] = []
    styles: set[str] = set()
    for child in children:
        kind = child.type
        if kind in ("strong_open", "em_open"):
            styles.add(kind[:-5])
        elif kind in ("strong_close", "em_close"):
            styles.discard(kind[:-6])
        elif kind == "code_inline":
            out.append(Run(child.content, frozenset({*styles, "code"})))
        elif kind in ("softbreak", "hardbreak"):
            out.append(Run(" " if kind == "softbreak" else "\n", frozenset(styles)))
        elif kind == "text":
            out.extend(_cited(child.content, frozenset(styles)))
    return _joined(out)


def _cited(text: str, styles: frozenset[str]) -> list[Run]:
    """Text with each citation token as a run of its own."""
    out: list[Run] = []
    last = 0
    for match in TOKEN.finditer(text):
        if match.start() > last:
            out.append(Run(text[last : match.start()], styles))
        out.append(Run(match.group(0), styles, match.group(1) + match.group(2)))
        last = match.end()
    if last < len(text):
        out.append(Run(text[last:], styles))
    return out


def _joined(runs: list[Run]) -> list[Run]:
    """Neighbouring text runs of the same styles as one."""
    out: list[Run] = []
    for run in runs:
        if out and run.cite is None and out[-1].cite is None and out[-1].styles == run.styles:
            out[-1] = Run(out[-1].text + run.text, run.styles)
        else:
            out.append(run)
    return out


def plain(body: str) -> str:
    """The words of a body without markup, one block a line (what a reader sees)."""
    return "\n".join(block.text for block in parse(body))
