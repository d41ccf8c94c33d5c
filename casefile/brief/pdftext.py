"""Text written straight into the page's content stream, as reportlab's canvas writes it.

``canvas.drawString`` builds a text object per call, measures the string, and encodes it for
the font subset character by character in Python; a brief draws some 60,000 strings. These
helpers write the same operators (``BT … Tm … Tf … Tj … ET``) directly, and encode a string
whose characters already have subset codes with one ``str.translate``; anything new still
goes through reportlab's own ``splitString``, so the subsets are exactly reportlab's.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont


class Encoder:
    """One TrueType font in one document: characters to subset codes, reportlab's own."""

    def __init__(self, font_name: str, doc: Any) -> None:
        self.font = getFont(font_name)
        self.doc = doc
        self.known: set[str] = set()
        self.table: dict[int, int] = {}
        self.names: dict[int, str] = {}
        self._seen = 0

    def encode(self, text: str) -> list[tuple[int, bytes]]:
        """``(subset, bytes)`` pieces of ``text``, as ``TTFont.splitString`` returns them."""
        if self.known.issuperset(text):
            return [(0, text.translate(self.table).encode("latin-1"))] if text else []
        parts: list[tuple[int, bytes]] = self.font.splitString(text, self.doc)
        self._sync()
        return parts

    def _sync(self) -> None:
        """Take in the codes reportlab has given since last time (it only ever adds them)."""
        assignments = self.font.state[self.doc].assignments
        for code, n in islice(assignments.items(), self._seen, None):
            if n < 256:
                self.table[code] = n
                self.known.add(chr(code))
        self._seen = len(assignments)

    def name(self, subset: int) -> str:
        """The PDF name of a subset (registering the font with the document the first time)."""
        if subset not in self.names:
            self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return self.names[subset]


def usable(canv: Any, font_name: str) -> bool:
    """True when these helpers can write for this canvas and font (a TrueType font, y up)."""
    return bool(getattr(canv, "bottomup", 0)) and bool(getFont(font_name)._dynamicFont)


def encoder(canv: Any, font_name: str) -> Encoder:
    """The canvas's encoder for a font (one per document, kept on the canvas)."""
    encoders: dict[str, Encoder] | None = canv.__dict__.get("_casefile_encoders")
    if encoders is None:
        encoders = canv.__dict__["_casefile_encoders"] = {}
    enc = encoders.get(font_name)
    if enc is None:
        enc = encoders[font_name] = Encoder(font_name, canv._doc)
    return enc


_COLOURS: dict[tuple[float, float, float], str] = {}


def fill_op(colour: Any) -> str | None:
    """The ``rg`` operator for a plain RGB colour; None for anything else (CMYK, alpha)."""
    if type(colour) is not Color or colour.alpha not in (1, None):
        return None
    key = (colour.red, colour.green, colour.blue)
    op = _COLOURS.get(key)
    if op is None:
        op = _COLOURS[key] = f"{fp_str(key)} rg"
    return op


def shows(enc: Encoder, text: str, tf: str, current: int) -> tuple[str, int]:
    """``Tf``/``Tj`` operators for one string; returns them and the subset now current."""
    out = []
    for subset, data in enc.encode(text):
        if subset != current:
            out.append(f"{enc.name(subset)} {tf}")
            current = subset
        out.append(f"({escapePDF(data)}) Tj")
    return " ".join(out), current


def lines_code(
    canv: Any, font_name: str, size: float, leading: float, origin: tuple[float, float],
    lines: Iterable[str], colour: str | None = None,
) -> str:  # fmt: skip
    """One text object: the lines from ``origin`` down, each ``leading`` below the last."""
    enc = encoder(canv, font_name)
    tf = f"{fp_str(size)} Tf {fp_str(leading)} TL"
    code = ["BT", f"1 0 0 1 {fp_str(origin)} Tm"]
    if colour:
        code.append(colour)
    current = -1
    for line in lines:
        shown, current = shows(enc, line, tf, current)
        code.append(f"{shown} T*")
    code.append("ET")
    return " ".join(code)


Run = tuple[float, float, str, str, str]  # x, y, font, fill operator, text


def runs_code(canv: Any, size: float, runs: Iterable[Run]) -> str:
    """One text object of strings each placed at its own point, in its font and colour."""
    code = ["BT"]
    tf = f"{fp_str(size)} Tf {fp_str(size * 1.2)} TL"
    font, colour, current = "", "", -1
    enc: Encoder | None = None
    for x, y, name, fill, text in runs:
        code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        if fill != colour:
            code.append(fill)
            colour = fill
        if name != font or enc is None:
            enc, font, current = encoder(canv, name), name, -1
        shown, current = shows(enc, text, tf, current)
        code.append(shown)
    code.append("ET")
    return " ".join(code)


def string_code(canv: Any, font_name: str, size: float, x: float, y: float, text: str) -> str:
    """What ``canvas.drawString`` writes for one string (leading 1.2 × size)."""
    return lines_code(canv, font_name, size, size * 1.2, (x, y), (text,))


__all__ = ["Encoder", "Run", "fill_op", "lines_code", "runs_code", "shows", "string_code", "usable"]
