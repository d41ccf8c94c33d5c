"""HTML to clean plain text with BeautifulSoup and lxml: paragraphs kept, scripts dropped."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from bs4.element import (
    CData,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
    Tag,
)

_DROPPED = {"script", "style", "noscript", "template", "title", "meta", "link", "svg"}
_PARAGRAPH = {
    "p", "div", "section", "article", "header", "footer", "aside", "nav", "main", "figure",
    "figcaption", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul",
    "ol", "dl", "form", "fieldset", "address", "hr", "details", "summary",
}  # fmt: skip
_LINE = {"li", "tr", "dt", "dd", "caption", "option"}
_CELL = {"td", "th"}
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space only: a no-break space is a word
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, CData, ProcessingInstruction)
MAX_META = 500  # named <meta> tags kept from one page (a page has dozens)
MAX_META_VALUE = 10_000  # characters kept of one <meta> value before it is cleaned
MAX_DEPTH = 1_000  # deeper nesting adds no structure (its text is still read)


@dataclass(frozen=True)
class HtmlText:
    """The readable text of a page or fragment, with its title and canonical URL if any."""

    text: str
    title: str | None = None
    canonical: str | None = None
    meta: tuple[tuple[str, str], ...] = ()  # (name or property, content) of the <meta> tags


def parse(markup: str | bytes) -> BeautifulSoup:
    """The document tree (lxml parser; bytes are decoded from their BOM or meta charset)."""
    # A fragment such as ".HTM" or "http://x" is text someone dropped, not a file name or an
    # address for BeautifulSoup to open: its "resembles a locator" warning is silenced here only.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(markup, "lxml")


def html_to_text(markup: str | bytes) -> HtmlText:
    """Readable text of HTML: block elements become paragraphs, entities are decoded."""
    meta = _Meta()
    text = _render(parse(markup), meta)
    return HtmlText(
        text,
        meta.title or meta.og_title or None,
        meta.canonical or meta.og_url,
        tuple(meta.named.items()),
    )


class _Meta:
    """The page's title and canonical address, noted as the walk passes their tags."""

    def __init__(self) -> None:
        self.title: str | None = None
        self.og_title = self.canonical = self.og_url = ""
        self.named: dict[str, str] = {}  # the first value of each named <meta>, bounded

    def _named(self, tag: Tag) -> None:
        key = (_attr(tag, "property") or _attr(tag, "name") or _attr(tag, "itemprop")).lower()
        if key and key not in self.named and len(self.named) < MAX_META and len(key) <= 100:
            self.named[key] = _attr(tag, "content")[:MAX_META_VALUE]

    def note(self, tag: Tag) -> None:
        if tag.name == "title" and self.title is None:
            self.title = " ".join(tag.get_text().split())
        elif tag.name == "meta":
            self._named(tag)
            prop = _attr(tag, "property")
            if prop == "og:title" and not self.og_title:
                self.og_title = _attr(tag, "content")
            elif prop == "og:url" and not self.og_url:
                self.og_url = _attr(tag, "content")
        elif tag.name == "link" and not self.canonical and tag.get("href") is not None:
            rel: object = tag.get("rel") or []
            rels = rel if isinstance(rel, list) else str(rel).split()
            if "canonical" in [r.lower() for r in rels]:
                self.canonical = _attr(tag, "href")


def _attr(tag: object, name: str) -> str:
    if not isinstance(tag, Tag):
        return ""
    value = tag.get(name)
    return value.strip() if isinstance(value, str) else ""


_PRE, _HIDDEN = 1, 2  # walk modes: inside <pre>; inside <head> (read for its metadata only)
_METADATA = {"title", "meta", "link"}


def _render(root: Tag, meta: _Meta) -> str:
    """Walk the tree once, without recursion, in time linear in the size of the page.

    Each stack entry carries whether it lies inside ``<pre>`` (no walk up the parents per
    string), and white space is tidied as it is written (no regular expressions over the
    whole text afterwards). Nesting beyond ``MAX_DEPTH`` levels is read as running text.
    """
    out = _Writer()
    stack: list[tuple[object, bool, int, int]] = [(root, False, 0, 0)]
    while stack:
        node, leaving, mode, depth = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, _SKIPPED_STRINGS) and not mode & _HIDDEN:
                out.pre(str(node)) if mode & _PRE else out.text(str(node))
            continue
        if not isinstance(node, Tag):
            continue
        if node.name in _METADATA:
            meta.note(node)
        if node.name == "head":
            mode |= _HIDDEN
        elif node.name in _DROPPED:
            continue
        if mode & _HIDDEN or depth > MAX_DEPTH:
            stack.extend((child, False, mode, depth) for child in reversed(node.contents))
            continue
        if leaving:
            out.close(node.name)
            continue
        if node.name == "br":
            out.newline()
            continue
        if node.name not in _CELL:
            out.close(node.name)
        stack.append((node, True, mode, depth))
        inner = mode | _PRE if node.name == "pre" else mode
        stack.extend((child, False, inner, depth + 1) for child in reversed(node.contents))
    return out.result()


class _Writer:
    """Text written piece by piece; white space between words is settled as it comes.

    Between two pieces of text lie spaces, tabs (table cells) and line breaks: a run of them
    with no break is written as it is (spaces run together); a run with breaks becomes one
    or two line breaks (a paragraph wins); nothing is written at the start or the end.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.gap: list[str] = []  # pending " " and "\t"
        self.lines = 0  # pending line breaks (0, 1 or 2)
        self.block = 0  # strength of the block boundary being merged (0 = none open)

    def text(self, value: str) -> None:
        collapsed = _SPACE.sub(" ", value)
        core = collapsed.strip(" ")
        if collapsed[:1] == " ":
            self._space(" ")
        if core:
            self._write(core)
            if collapsed[-1:] == " ":
                self._space(" ")

    def pre(self, value: str) -> None:
        if value:
            self._write(value)

    def close(self, name: str) -> None:
        strength = 2 if name in _PARAGRAPH else 1 if name in _LINE else 0
        if strength:
            self.block = max(self.block, strength)
        elif name in _CELL:
            self._space("\t")

    def newline(self) -> None:
        self._settle_block()
        self.lines += 1

    def _space(self, char: str) -> None:
        if char == " " and self.gap and self.gap[-1] == " ":
            return
        self.gap.append(char)

    def _settle_block(self) -> None:
        self.lines += self.block
        self.block = 0

    def _write(self, value: str) -> None:
        self._settle_block()
        if self.parts:
            if self.lines:
                self.parts.append("\n" * min(self.lines, 2))
            else:
                self.parts.extend(self.gap)
        self.gap.clear()
        self.lines = 0
        self.parts.append(value)

    def result(self) -> str:
        return "".join(self.parts)


__all__ = ["HtmlText", "html_to_text", "parse"]
