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


_WARM = "华鑫稀土贸易 廖春生 Лиао Ч. عربي Ελληνικά ÄÖÜ ß 🚢"
_warmed: list[bool] = []


def warm_up_fonts() -> None:
    """Resolve fallback fonts for common scripts once, while the user waits anyway.

    The first CJK or Cyrillic glyph a process draws makes fontconfig search for fallback
    fonts (about 0.2 s here); doing it during the start page or while a case opens keeps
    it out of the first screen of a register.
    """
    if _warmed:
        return
    _warmed.append(True)
    from PySide6.QtGui import QImage, QPainter

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.drawText(0, 8, _WARM)
    painter.end()


def one_line(text: str | None, limit: int = 120) -> str:
    """Whitespace folded to single spaces and cut to ``limit`` characters."""
    folded = " ".join((text or "").split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"
