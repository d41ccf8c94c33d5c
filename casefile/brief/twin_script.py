"""Text helpers of the DOCX and Markdown twins: runs by script (right-to-left, East Asian),
safe anchor names, XML-safe text and Markdown escaping of user text."""

from __future__ import annotations

import re
import unicodedata

from casefile.brief import markup as mk
from casefile.brief.bidi import base_rtl

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF))
_KANA = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))
_HAN = ((0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
        (0xFF00, 0xFF65), (0x20000, 0x3FFFF))  # fmt: skip
_ARABIC = ((0x0600, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def _class(ranges: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    return re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges) + "]")


_KANA_RE, _HANGUL_RE = _class(_KANA), _class(_HANGUL)
_MARKED_RE = _class(((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF), *_HANGUL, *_KANA, *_HAN))


def _within(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= code <= hi for lo, hi in ranges)


def text_lines(text: str) -> str:
    """The text with every kind of line break as ``\\n`` (and tabs as spaces, as the PDF)."""
    return "\n".join(mk.lines_of(text))


def xml_safe(text: str) -> str:
    """The text with characters XML cannot hold (controls, lone surrogates) shown as U+FFFD."""
    return _XML_BAD.sub("\ufffd", text_lines(text))


def _kind(char: str, east: str) -> str:
    """``arabic``, ``hebrew``, ``zh``/``ja``/``ko`` (``east``), ``latin`` or ``""`` (neutral)."""
    code = ord(char)
    if code < 0x0590:
        return "latin" if char.isalpha() else ""
    bidi = unicodedata.bidirectional(char)
    if bidi in ("R", "AL"):
        return "arabic" if _within(code, _ARABIC) else "hebrew"
    if _within(code, _HANGUL) or _within(code, _KANA) or _within(code, _HAN):
        return east
    return "latin" if bidi == "L" else ""


def runs_of(text: str) -> list[tuple[str, str]]:
    """The text cut into runs of one script: (text, "arabic" | "hebrew" | "zh" | "ja" | "ko" |
    ""). Spaces and punctuation join their neighbours when both are of one script, else the
    left-to-right side (the right-to-left side in a right-to-left paragraph)."""
    if not text:
        return []
    if max(text) < "\u0590" or not _MARKED_RE.search(text):  # no script to mark: one run
        return [(text, "")]
    east = "ja" if _KANA_RE.search(text) else "ko" if _HANGUL_RE.search(text) else "zh"
    kinds = [_kind(c, east) for c in text]
    if not any(k not in ("", "latin") for k in kinds):
        return [(text, "")]
    rtl = base_rtl(text)
    resolved = list(kinds)
    i = 0
    while i < len(kinds):
        if kinds[i]:
            i += 1
            continue
        j = i
        while j < len(kinds) and not kinds[j]:
            j += 1
        before = kinds[i - 1] if i else None
        after = kinds[j] if j < len(kinds) else None
        sides = [k for k in (before, after) if k]
        if before == after or len(sides) == 1:
            fill = sides[0] if sides else "latin"
        elif rtl:
            fill = next((k for k in sides if k in ("arabic", "hebrew")), sides[0])
        else:
            fill = next((k for k in sides if k not in ("arabic", "hebrew")), "latin")
        resolved[i:j] = [fill] * (j - i)
        i = j
    out: list[tuple[str, str]] = []
    for char, kind in zip(text, resolved, strict=True):
        script = "" if kind == "latin" else kind
        if out and out[-1][1] == script:
            out[-1] = (out[-1][0] + char, script)
        else:
            out.append((char, script))
    return out


class Anchors:
    """Names for the brief's anchors (``src-3``, ``claim-<id>``) that Word bookmarks and HTML
    ids accept: letters, digits and underscores, at most 40 characters, each used once."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.next_id = 0

    def name(self, anchor: str) -> str:
        if anchor not in self.names:
            base = "cf_" + re.sub(r"[^A-Za-z0-9]", "_", anchor)[:30]
            name, n = base, 1
            while name in self.names.values():
                n += 1
                name = f"{base[:34]}_{n}"
            self.names[anchor] = name
        return self.names[anchor]

    def bookmark(self, paragraph: object, anchor: str) -> None:
        """Bookmark the whole paragraph (a python-docx paragraph) under ``anchor``'s name."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        p = paragraph._p  # type: ignore[attr-defined]
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(self.next_id))
        start.set(qn("w:name"), self.name(anchor))
        end.set(qn("w:id"), str(self.next_id))
        self.next_id += 1
        ppr = p.find(qn("w:pPr"))
        (ppr.addnext if ppr is not None else lambda el: p.insert(0, el))(start)
        p.append(end)


# --- Markdown ---------------------------------------------------------------------------------

_MD_ALWAYS = re.compile(r"([\\`*_\[\]<>#|~&$!])")
_MD_LINE_START = re.compile(r"^(\s*)(\d{1,9})([.)])|^(\s*)([-+=:])")


def md_escape(text: str) -> str:
    """One line of user text as Markdown that shows exactly these characters: every character
    that could start markup is backslash-escaped (CommonMark and GitHub's extensions)."""
    line = _MD_ALWAYS.sub(r"\\\1", text)
    match = _MD_LINE_START.match(line)
    if match is not None:
        at = match.end(2) if match.group(2) is not None else match.end(4)
        line = line[:at] + "\\" + line[at:]
    return line


def md_lines(text: str) -> list[str]:
    """User text as escaped Markdown lines (leading and trailing spaces of a line dropped:
    Markdown would drop or misread them)."""
    return [
        md_escape(line.strip()) for line in _XML_BAD.sub("\ufffd", text_lines(text)).split("\n")
    ]
