"""User text to reportlab paragraph markup: escaped, per-character font runs, RTL shaped."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi.algorithm import get_display

from casefile.brief.fonts import LINE_BREAKS, face

_BREAKS = re.compile("\r\n|[" + re.escape(LINE_BREAKS) + "]")
_NEUTRAL = frozenset(("WS", "ON", "CS", "ES", "ET", "BN", "NSM", "S", "B"))
_RTL_CLASSES = frozenset(("R", "AL"))
_RESHAPER = arabic_reshaper.ArabicReshaper({"delete_harakat": False, "support_ligatures": True})


def lines_of(text: str) -> list[str]:
    """The text split at every kind of line break (CR LF, LS, PS, VT, FF…); tabs as spaces."""
    return _BREAKS.split(text.replace("\t", " "))


@lru_cache(maxsize=4096)
def has_rtl(text: str) -> bool:
    """True when the text holds right-to-left letters (Hebrew, Arabic…)."""
    return any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text if ord(c) >= 0x590)


def all_rtl(text: str) -> bool:
    """True when every strong character of the text is right-to-left (set it flush right)."""
    return has_rtl(text) and not any(unicodedata.bidirectional(c) == "L" for c in text)


def visual(line: str) -> str:
    """One line of logical text in display order, with Arabic letters joined (shaped).

    The brief is an English document, so lines run left to right: an Arabic or Hebrew run
    is reversed within itself. Text drawn as one such string copies out in display order;
    user paragraphs are drawn by ``rtl.RtlParagraph`` instead, which copies in stored order.
    """
    if not has_rtl(line):
        return line
    return str(get_display(_RESHAPER.reshape(line), base_dir="L"))


def shaped(line: str) -> str:
    """Arabic letters joined (presentation forms), still in logical order."""
    return str(_RESHAPER.reshape(line)) if has_rtl(line) else line


def runs(text: str, face_name: str = "regular") -> list[tuple[str, str]]:
    """Split display-order text into (font, text) runs; spaces and punctuation stay in a run."""
    chain = face(face_name)
    if chain.covers[0].issuperset(text):
        return [(chain.primary, text)] if text else []
    out: list[tuple[str, str]] = []
    current = chain.primary
    start = 0
    covers = dict(zip(chain.chain, chain.covers, strict=True))
    for i, char in enumerate(text):
        if char in covers[current] and (
            current == chain.primary or unicodedata.bidirectional(char) in _NEUTRAL
        ):
            continue
        font = chain.font_for(char) or chain.primary
        if font != current:
            if i > start:
                out.append((current, text[start:i]))
            current, start = font, i
    if start < len(text):
        out.append((current, text[start:]))
    return out


@lru_cache(maxsize=65536)
def line_markup(line: str, face_name: str = "regular") -> str:
    """Markup for one display-order line: every run escaped and wrapped in its font."""
    primary = face(face_name).primary
    parts = []
    for font, chunk in runs(line, face_name):
        if font == primary:
            parts.append(escape(chunk))
        else:
            parts.append(f'<font name="{font}">{escape(chunk)}</font>')
    return "".join(parts)


def markup(text: str | None, face_name: str = "regular") -> str:
    """Paragraph markup for user text in a paragraph whose style font is the face's primary.

    Line breaks become ``<br/>``; right-to-left lines are shaped and put in display order.
    """
    if not text:
        return ""
    return "<br/>".join(line_markup(visual(line), face_name) for line in lines_of(text))


def styled(text: str | None, face_name: str) -> str:
    """Markup for text in another face than the paragraph's (a bold label in a plain line)."""
    if not text:
        return ""
    primary = face(face_name).primary
    return f'<font name="{primary}">{markup(text, face_name)}</font>'
