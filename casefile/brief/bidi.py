"""One line of mixed-direction text as positioned pieces: shown in display order, copied in stored order.

A PDF viewer paints glyphs where they are placed; text extractors read the content stream
(pypdf) or sort glyphs by position (poppler). So each directional run is placed at its display
position but written to the stream in logical order, cut into pieces that an extractor which
reverses right-to-left runs (pypdf) turns back into exactly the stored text:

- a left-to-right piece starts with a letter or digit and holds no right-to-left letter;
- a right-to-left piece is written in display order, starts with a right-to-left letter and
  holds only right-to-left letters and neutrals, so reversing it gives the stored order;
- anything else (a leading space or quote, a lone digit of another script) is a piece of one
  character, which reads the same whichever way it is turned.

Every piece sets its font again, which ends the extractor's current run. Mirrored characters
(brackets) in right-to-left runs are drawn as their own glyph reflected, so they copy as the
character stored, not its mirror image. Spaces have no ink: a space piece sits right after the
piece written before it, so no extractor sees a gap there and adds a second space.

poppler (pdftotext, Evince, Okular) ignores the stream order: it sorts glyphs by position,
then reverses each right-to-left stretch up to the next Latin letter or digit, treating
digits (and + - , . / : # $ %) as left-to-right. Lines in one script copy out exactly; in a
mixed line a number inside an Arabic or Hebrew run comes out before the run, and a space or
bracket right after the run before it ("Contract 42 عقد رقم signed"). No placement that still
displays correctly avoids this. /ActualText would not either: poppler reorders it the same
way, and Acrobat, PDFium and MuPDF take it literally, so text tuned for poppler would copy
out reversed there.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from bidi import algorithm as uba
from reportlab.pdfbase.pdfmetrics import stringWidth

from casefile.brief import fonts
from casefile.brief import markup as mk
from casefile.brief.lines import LONG_WORD, cut_word, fill

# How pypdf's text extraction classifies characters (pypdf/_utils.py): right-to-left letters
# are reversed within a run, neutrals follow the run they are in, everything else is
# left-to-right. Poppler classifies by bidi type and sorts by position (unaffected here).
_RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))
_NEUTRAL_RANGES = (
    (0x00, 0x2F), (0x3A, 0x40), (0x0660, 0x066D), (0x06F0, 0x06F9),
    (0x2000, 0x206F), (0x20A0, 0x21FF),
)  # fmt: skip
_LIGATURES = (0xFB50, 0xFEFC)  # Arabic presentation forms: copied as their letters (fonts.py)


@lru_cache(maxsize=4096)
def kind(char: str) -> str:
    """``r`` (reversed in a run), ``n`` (neutral: follows its run) or ``l`` for one character."""
    code = ord(char)
    if _LIGATURES[0] <= code <= _LIGATURES[1] and len(unicodedata.normalize("NFKC", char)) > 1:
        return "n"  # a ligature copies as several letters, which pypdf treats as a neutral
    if any(lo <= code <= hi for lo, hi in _RTL_RANGES):
        return "r"
    if any(lo <= code <= hi for lo, hi in _NEUTRAL_RANGES):
        return "n"
    return "l"


@dataclass(frozen=True)
class Piece:
    """A string drawn left to right at ``x`` from the line start; ``flip`` mirrors its glyph."""

    x: float
    text: str
    font: str
    width: float
    flip: bool = False
    rtl: bool = False  # written in display order: an extractor reverses it
    tail: float = 0.0  # extra advance after the last glyph, up to the next piece (see _tails)


@dataclass(frozen=True)
class Line:
    """A laid-out line: its pieces in stream (logical) order, its width and its direction."""

    pieces: tuple[Piece, ...]
    width: float
    rtl: bool


def base_rtl(text: str) -> bool:
    """True when the first strong character is right-to-left (Unicode rules P2, P3)."""
    return bool(uba.get_base_level(text))


def _resolve(text: str, rtl: bool) -> list[tuple[int, int]]:
    """(logical index, level) of each displayed character, in display order (UBA X1-L2).

    Explicit embedding controls and boundary neutrals (rule X9) have no glyph and are left out.
    """
    storage = uba.get_empty_storage()
    storage["base_level"] = int(rtl)
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(text, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["i"] = i
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    return [(ch["i"], ch["level"]) for ch in storage["chars"]]


def char_fonts(text: str, face: str) -> list[str]:
    """The font of each character, as ``markup.runs`` chooses it."""
    out: list[str] = []
    for font, chunk in mk.runs(text, face):
        out += [font] * len(chunk)
    return out


@lru_cache(maxsize=65536)
def char_width(char: str, font: str, size: float) -> float:
    return float(stringWidth(char, font, size))


def text_width(text: str, face: str, size: float) -> float:
    """Width of a logical string with per-character font fallback."""
    return sum(char_width(c, f, size) for c, f in zip(text, char_fonts(text, face), strict=True))


def _mirrors(char: str, level: int) -> bool:
    return bool(level % 2 and unicodedata.mirrored(char))


def layout(text: str, face: str, size: float, rtl: bool | None = None) -> Line:
    """Lay out one line of shaped logical text (no line breaks) in display order."""
    rtl = base_rtl(text) if rtl is None else rtl
    order = _resolve(text, rtl)
    font_of = char_fonts(text, face)
    x_of: dict[int, float] = {}
    level_of: dict[int, int] = {}
    x = 0.0
    for i, level in order:
        x_of[i], level_of[i] = x, level
        x += char_width(text[i], font_of[i], size)
    runs: list[list[int]] = []
    for i in sorted(x_of):
        key = (level_of[i], font_of[i])
        if (
            runs
            and (level_of[runs[-1][-1]], font_of[runs[-1][-1]]) == key
            and runs[-1][-1] == i - 1
        ):
            runs[-1].append(i)
        else:
            runs.append([i])
    pieces: list[Piece] = []
    for run in runs:
        level, font = level_of[run[0]], font_of[run[0]]
        groups = _rtl_groups(text, run, level) if level % 2 else _ltr_groups(text, run)
        for group in groups:
            pieces.append(_piece(text, group, font, size, x_of, level, pieces))
    return Line(_tails(pieces), x, rtl)


def _tails(pieces: list[Piece]) -> tuple[Piece, ...]:
    """Close forward jumps between pieces written one after the other.

    pypdf adds a space when the next piece starts further right than the previous one ends
    (a word gap). A jump over another run's glyphs is no word gap: the previous piece's last
    glyph advances up to the next piece instead (character spacing, no ink).
    """
    out = list(pieces)
    for k in range(len(out) - 1):
        here, after = out[k], out[k + 1]
        gap = after.x - (here.x + here.width)
        last = here.text[0] if here.rtl else here.text[-1]
        if gap > 0.01 and not here.flip and last != " ":
            out[k] = replace(here, tail=gap)
    return tuple(out)


def _ltr_groups(text: str, run: list[int]) -> list[list[int]]:
    """Logical-order groups of a left-to-right run (see the module docstring)."""
    groups: list[list[int]] = []
    open_group = False
    for i in run:
        k = kind(text[i])
        if open_group and k != "r":
            groups[-1].append(i)
            continue
        groups.append([i])
        open_group = k == "l"
    return groups


def rtl_parts(shown: str, cuts: set[int]) -> list[tuple[int, int]]:
    """(start, end) slices of a right-to-left piece that must also be cut at ``cuts`` (where
    reportlab changes font subset, which ends the extractor's run), in stream order."""
    parts: list[list[int]] = []
    open_part = False
    for i, char in enumerate(shown):
        k = kind(char)
        if open_part and k != "l" and i not in cuts:
            parts[-1][1] = i + 1
            continue
        parts.append([i, i + 1])
        open_part = k == "r"
    return [(a, b) for a, b in reversed(parts)]


def _rtl_groups(text: str, run: list[int], level: int) -> list[list[int]]:
    """Groups of a right-to-left run, each in display order, listed in logical order."""
    groups: list[list[int]] = []
    open_group = False
    for i in reversed(run):  # display order
        char = text[i]
        k = kind(char)
        if open_group and k != "l" and not _mirrors(char, level):
            groups[-1].append(i)
            continue
        groups.append([i])
        open_group = k == "r"
    return groups[::-1]


def _piece(
    text: str, group: list[int], font: str, size: float,
    x_of: dict[int, float], level: int, before: list[Piece],
) -> Piece:  # fmt: skip
    chars = "".join(text[i] for i in group)
    width = sum(char_width(c, font, size) for c in chars)
    x = min(x_of[i] for i in group)
    if chars.isspace() and before:
        last = before[-1]
        x = last.x + last.width
    flip = len(chars) == 1 and _mirrors(chars, level)
    return Piece(x, chars, font, width, flip, bool(level % 2) and len(chars) > 1)


def wrap(text: str, face: str, size: float, width: float) -> list[tuple[str, bool]]:
    """Shaped logical lines of ``text`` that fit ``width`` (cut inside a too-long word), each
    with whether its paragraph (text between line breaks) has only right-to-left letters."""
    out: list[tuple[str, bool]] = []
    space = char_width(" ", fonts.face(face).primary, size)
    for logical in mk.lines_of(text):
        rtl = mk.all_rtl(logical)
        lines = fill(
            mk.shaped(logical).split(" "),
            width,
            space,
            lambda word: text_width(word, face, size) if len(word) <= LONG_WORD else -1.0,
            lambda word: cut_word(
                word,
                [char_width(c, f, size) for c, f in zip(word, char_fonts(word, face), strict=True)],
                width,
            ),
        )
        out += [(t, rtl) for t in lines]
    return out
