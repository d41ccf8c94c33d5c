"""The fonts the brief embeds (resources/fonts, installed in casefile.resources), their fallbacks."""

from __future__ import annotations

import importlib.resources
import struct
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from casefile.core.errors import CaseError


def _font_dir() -> Path:
    """The folder of the shipped fonts, a real folder in every install (reportlab opens paths)."""
    try:
        folder = importlib.resources.files("casefile.resources") / "fonts"
    except ModuleNotFoundError:  # an editable install made before resources/ moved out
        raise CaseError("casefile's resources are not installed; reinstall casefile.") from None
    return Path(str(folder))


FONT_DIR = _font_dir()

# Fallback fonts after the face's own font: scripts first, then emoji and symbols.
_SCRIPTS = {
    "regular": ("NotoSans-Regular", "NotoSansArabic-Regular", "NotoSansHebrew-Regular"),
    "bold": ("NotoSans-Bold", "NotoSansArabic-Bold", "NotoSansHebrew-Bold"),
    "italic": ("NotoSans-Italic", "NotoSansArabic-Regular", "NotoSansHebrew-Regular"),
    "bolditalic": ("NotoSans-BoldItalic", "NotoSansArabic-Bold", "NotoSansHebrew-Bold"),
    "mono": ("NotoSansMono-Regular", "NotoSans-Regular", "NotoSansArabic-Regular",
             "NotoSansHebrew-Regular"),
}  # fmt: skip
_COMMON = (
    "DroidSansFallbackFull",
    "NanumSquareR",
    "NotoEmoji-Regular",
    "NotoSansSymbols2-Regular",
    "NotoSansSymbols-Regular",
)
_LAST = {"regular": "DejaVuSans", "italic": "DejaVuSans", "mono": "DejaVuSans"}
_LAST_BOLD = "DejaVuSans-Bold"

_CONTROLS = frozenset(map(chr, [*range(0x20), *range(0x7F, 0xA0)]))
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
SPACES = "\t"


class UncoveredCharactersError(CaseError):
    """The case holds characters no shipped font can print; the brief is not written."""


@dataclass(frozen=True)
class Face:
    """One typeface weight: the ordered chain of fonts tried for each character."""

    name: str
    chain: tuple[str, ...]
    covers: tuple[frozenset[str], ...]

    @property
    def primary(self) -> str:
        return self.chain[0]

    def font_for(self, char: str) -> str | None:
        """The first font of the chain that has a glyph for ``char``."""
        for font, covered in zip(self.chain, self.covers, strict=True):
            if char in covered:
                return font
        return None


def chain_names(face: str) -> tuple[str, ...]:
    last = _LAST.get(face, _LAST_BOLD)
    return (*_SCRIPTS[face], *_COMMON, last)


@cache
def _load(name: str) -> frozenset[str]:
    path = FONT_DIR / f"{name}.ttf"
    if not path.exists():
        raise CaseError(
            f"The brief font {path.name} is missing from {FONT_DIR}; reinstall casefile."
        )
    if name not in pdfmetrics.getRegisteredFontNames():
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        # An explicit <font name=…> must not be turned into another face by <b>/<i>.
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
    font = pdfmetrics.getFont(name)
    return frozenset(map(chr, font.face.charToGlyph))


@cache
def face(name: str) -> Face:
    """The font chain of a face: ``regular``, ``bold``, ``italic``, ``bolditalic``, ``mono``."""
    install_tounicode_fix()
    names = chain_names(name)
    return Face(name, names, tuple(_load(n) for n in names))


def all_faces() -> tuple[Face, ...]:
    return tuple(face(n) for n in _SCRIPTS)


def printable(char: str) -> bool:
    """True when some font of the regular face prints ``char`` (or it is a line break)."""
    if char in LINE_BREAKS or char in SPACES or char == " ":
        return True
    if char in _CONTROLS or unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
        return False
    return face("regular").font_for(char) is not None


def check_printable(texts: Iterable[tuple[str, str]]) -> None:
    """Raise ``UncoveredCharactersError`` naming every character no font can print.

    ``texts`` pairs a user-visible label ("claim C3 statement") with the text.
    """
    seen: dict[str, str] = {}
    regular = face("regular")
    covered = set().union(*regular.covers)
    for where, text in texts:
        for char in set(text):
            if char in seen or (char in covered and char not in _CONTROLS):
                continue
            if not printable(char):
                seen[char] = where
    if not seen:
        return
    lines = [f"U+{ord(c):04X} {_char_name(c)} (in {seen[c]})" for c in sorted(seen)]
    shown = "; ".join(lines[:20]) + (f"; and {len(lines) - 20} more" if len(lines) > 20 else "")
    raise UncoveredCharactersError(
        f"The brief cannot print {len(lines)} character(s) that no shipped font covers: "
        f"{shown}. Edit these texts or leave those records out of the brief."
    )


def _char_name(char: str) -> str:
    return unicodedata.name(
        char, "control character" if unicodedata.category(char) == "Cc" else "unnamed character"
    )


# --- reportlab's ToUnicode map ---------------------------------------------------------
# reportlab writes "<%04X>" for each code point, which is wrong above U+FFFF (PDF wants
# UTF-16BE, i.e. a surrogate pair), so emoji extract as garbage. Arabic is printed with
# presentation forms (shaped by arabic-reshaper); mapping them back to their letters (NFKC)
# makes copied and extracted text equal the text in the case.

_ORIGINAL_CMAP = ttfonts.makeToUnicodeCMap


def _utf16_hex(code: int) -> str:
    text = chr(code)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFC:
        text = unicodedata.normalize("NFKC", text) or text
    data = text.encode("utf-16-be")
    return "".join(f"{unit:04X}" for unit in struct.unpack(f">{len(data) // 2}H", data))


def _tounicode_cmap(fontname: str, subset: list[int]) -> str:
    lines = _ORIGINAL_CMAP(fontname, subset).split("\n")
    start = lines.index(f"{len(subset)} beginbfchar") + 1
    body = [f"<{i:02X}> <{_utf16_hex(code)}>" for i, code in enumerate(subset)]
    return "\n".join(lines[:start] + body + lines[start + len(subset) :])


def install_tounicode_fix() -> None:
    """Patch reportlab's ToUnicode CMap writer (idempotent)."""
    ttfonts.makeToUnicodeCMap = _tounicode_cmap
