"""User text is never markup: plain labels, escaped tooltips and highlighted search fragments."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from casefile.core.searchtext import Fragment


def escaped(text: str) -> str:
    """User text made safe for a rich-text context (line breaks kept)."""
    return html.escape(text).replace("\n", "<br>")


def tooltip(text: str, limit: int = 600) -> str:
    """A tooltip showing ``text`` literally (tooltips are rich text when they look like it)."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"<qt>{escaped(text)}</qt>"


def plain_label(text: str = "", parent: QWidget | None = None, wrap: bool = False) -> QLabel:
    """A label that shows its text exactly, never as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    return label


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A plain-text form label whose mnemonic (``&Name``: Alt+N) moves the focus to ``buddy``;
    a screen reader reads it as the buddy's name."""
    label = plain_label(text)
    label.setBuddy(buddy)
    return label


def highlighted(fragment: Fragment) -> str:
    """A search fragment as HTML: the user text escaped, only our <b> around matches."""
    text = fragment.text
    out: list[str] = []
    cursor = 0
    for start, end in sorted(fragment.spans):
        if start < cursor:
            continue
        out.append(html.escape(text[cursor:start]))
        out.append(f"<b>{html.escape(text[start:end])}</b>")
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def one_line(text: str | None, limit: int = 120) -> str:
    """Whitespace folded to single spaces and cut to ``limit`` characters."""
    folded = " ".join((text or "").split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"
