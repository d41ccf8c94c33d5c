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

_DROPPED = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg"}
_PARAGRAPH = {
    "p", "div", "section", "article", "header", "footer", "aside", "nav", "main", "figure",
    "figcaption", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul",
    "ol", "dl", "form", "fieldset", "address", "hr", "details", "summary",
}  # fmt: skip
_LINE = {"li", "tr", "dt", "dd", "caption", "option"}
_CELL = {"td", "th"}
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space only: a no-break space is a word
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, CData, ProcessingInstruction)
_BREAK, _PARA = "\x00L", "\x00P"
_PRE_KEEP = {" ": "\x00S", "\n": "\x00N", "\t": "\x00T", "\r": "\x00R"}


@dataclass(frozen=True)
class HtmlText:
    """The readable text of a page or fragment, with its title and canonical URL if any."""

    text: str
    title: str | None = None
    canonical: str | None = None


def parse(markup: str | bytes) -> BeautifulSoup:
    """The document tree (lxml parser; bytes are decoded from their BOM or meta charset)."""
    # A fragment such as ".HTM" or "http://x" is text someone dropped, not a file name or an
    # address for BeautifulSoup to open: its "resembles a locator" warning is silenced here only.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(markup, "lxml")


def html_to_text(markup: str | bytes) -> HtmlText:
    """Readable text of HTML: block elements become paragraphs, entities are decoded."""
    soup = parse(markup)
    return HtmlText(_render(soup), _title(soup), _canonical(soup))


def _title(soup: BeautifulSoup) -> str | None:
    tag = soup.find("title")
    title = " ".join(tag.get_text().split()) if isinstance(tag, Tag) else ""
    if not title:
        meta = soup.find("meta", attrs={"property": "og:title"})
        title = _attr(meta, "content")
    return title or None


def _canonical(soup: BeautifulSoup) -> str | None:
    for link in soup.find_all("link", href=True):
        rel: object = link.get("rel") or []
        rels = rel if isinstance(rel, list) else str(rel).split()
        if "canonical" in [r.lower() for r in rels]:
            return _attr(link, "href") or None
    meta = soup.find("meta", attrs={"property": "og:url"})
    return _attr(meta, "content") or None


def _attr(tag: object, name: str) -> str:
    if not isinstance(tag, Tag):
        return ""
    value = tag.get(name)
    return value.strip() if isinstance(value, str) else ""


def _render(root: Tag) -> str:
    """Walk the tree without recursion (deeply nested pages must not overflow the stack)."""
    pieces: list[str] = []
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, _SKIPPED_STRINGS):
                in_pre = any(p.name == "pre" for p in node.parents)
                pieces.append(_protect(str(node)) if in_pre else _SPACE.sub(" ", str(node)))
            continue
        if not isinstance(node, Tag) or node.name in _DROPPED:
            continue
        if leaving:
            pieces.append(_closing(node.name))
            continue
        if node.name == "br":
            pieces.append("\n")
            continue
        pieces.append("" if node.name in _CELL else _closing(node.name))
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    return _tidy("".join(pieces))


def _closing(name: str) -> str:
    if name in _PARAGRAPH:
        return _PARA
    if name in _LINE:
        return _BREAK
    return "\t" if name in _CELL else ""


def _protect(text: str) -> str:
    """Pre-formatted white space survives tidying as placeholders."""
    return "".join(_PRE_KEEP.get(ch, ch) for ch in text)


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]*(\x00[LP][ \t]*)+", _merge_breaks, text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip(" \t\n")
    for ch, placeholder in _PRE_KEEP.items():
        text = text.replace(placeholder, ch)
    return text


def _merge_breaks(match: re.Match[str]) -> str:
    return "\n\n" if _PARA in match.group(0) else "\n"


__all__ = ["HtmlText", "html_to_text", "parse"]
