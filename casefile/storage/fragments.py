"""Search fragments of very long texts, computed only from a bounded window around the hit.

``searchtext.fragment`` folds every character of the text it is given, which costs about a
second for a book-length source. Here the first chunk that can hold a match is found with
whole-chunk folding (C speed), and the exact fragment is computed from a window around it;
the window is wide enough that the result is the same as for the whole text.
"""

from __future__ import annotations

import functools
import unicodedata

from casefile.core import searchtext

LONG = 1_500  # texts longer than this are windowed
CHUNK = 500  # characters scanned per step
MARGIN = 200  # kept before a chunk: more than the fragment's lead-in (a third of 160)
TAIL = 400  # kept after a chunk: more than a fragment's width


def fragment(text: str, terms: list[searchtext.Term]) -> searchtext.Fragment:
    """The same fragment ``searchtext.fragment(text, terms)`` gives, in bounded time."""
    if len(text) <= LONG:
        return searchtext.fragment(text, terms)
    needles = _needles(terms)
    overlap = max((len(n) for n in needles), default=0) * 3 + 16
    found = _first_chunk(text, needles, overlap)
    if found is None:
        return searchtext.fragment(text[:LONG], terms)  # the start, as for the whole text
    begin = max(0, found - MARGIN)
    end = min(len(text), found + CHUNK + overlap + TAIL)
    return _rewrap(searchtext.fragment(text[begin:end], terms), begin > 0, end < len(text))


def _needles(terms: list[searchtext.Term]) -> list[str]:
    out: list[str] = []
    for term in terms:
        if not term.exclude:
            out.extend(_fold(word) for word in term.text.split())
    return [n for n in out if n]


def _first_chunk(text: str, needles: list[str], overlap: int) -> int | None:
    """The start of the first chunk whose folded text contains a needle (None: no match)."""
    if not needles:
        return None
    for start in range(0, len(text), CHUNK):
        folded = _fold(text[start : start + CHUNK + overlap])
        if any(needle in folded for needle in needles):
            return start
    return None


def _fold(text: str) -> str:
    """Case-folded, accents removed, for the whole string at once (C speed)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_combining()).casefold()


@functools.cache
def _combining() -> dict[int, None]:
    """A ``str.translate`` table that deletes the combining marks of the BMP (built in ~10 ms)."""
    return {c: None for c in range(0x10000) if unicodedata.combining(chr(c))}


def _rewrap(piece: searchtext.Fragment, cut_before: bool, cut_after: bool) -> searchtext.Fragment:
    """Add the ellipses the window hid: the text went on before or after it."""
    text, spans = piece.text, piece.spans
    if cut_before and not text.startswith("…"):
        text = "…" + text
        spans = tuple((s + 1, e + 1) for s, e in spans)
    if cut_after and not text.endswith("…"):
        text += "…"
    return searchtext.Fragment(text, spans)
