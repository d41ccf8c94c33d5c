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
RAW_MARGIN = 250  # raw text kept before the first match's word (white space folds)
RAW_TAIL = 500  # and after it


def of_raw_text(raw: str, terms: list[searchtext.Term]) -> searchtext.Fragment:
    """``fragment(" ".join(raw.split()), terms)``, without normalising all of a long text.

    The first word of any term is found in the raw text; only a window around it has its
    white space folded. When the window cannot prove it gives the same result (no match in
    it, the fragment reaches an edge of the window), the whole text is used.
    """
    if len(raw) > LONG:
        needles = [n for n in (_fold(t.text.split()[0]) for t in terms if not t.exclude) if n]
        overlap = max((len(n) for n in needles), default=0) * 3 + 16
        at = _first_match(raw, needles, overlap)
        if at is not None:
            reach = RAW_TAIL if raw.isascii() else RAW_TAIL + CHUNK + overlap
            piece = _raw_window(raw, max(0, at - RAW_MARGIN), min(len(raw), at + reach), terms)
            if piece is not None:
                return piece
    return fragment(_spaced(raw), terms)


def _raw_window(
    raw: str, begin: int, end: int, terms: list[searchtext.Term]
) -> searchtext.Fragment | None:
    piece = searchtext.fragment(_spaced(raw[begin:end]), terms)
    if not piece.spans:
        return None  # e.g. a phrase whose first word came earlier alone
    if (begin > 0 and not piece.text.startswith("…")) or (
        end < len(raw) and not piece.text.endswith("…")
    ):
        return None  # the fragment reached an edge of the window: not provably the same
    return piece


def _spaced(text: str) -> str:
    return " ".join(text.split())


def fragment(text: str, terms: list[searchtext.Term]) -> searchtext.Fragment:
    """The same fragment ``searchtext.fragment(text, terms)`` gives, in bounded time."""
    if len(text) <= LONG:
        return searchtext.fragment(text, terms)
    # As in searchtext.fragment: a term of several words is looked for as a phrase.
    needles = [n for n in (_fold(t.text) for t in terms if not t.exclude) if n]
    overlap = max((len(n) for n in needles), default=0) * 3 + 16
    found = _first_match(text, needles, overlap)
    if found is None:
        return searchtext.fragment(text[:LONG], terms)  # the start, as for the whole text
    begin = max(0, found - MARGIN)
    end = min(len(text), found + CHUNK + overlap + TAIL)
    return _rewrap(searchtext.fragment(text[begin:end], terms), begin > 0, end < len(text))


def _first_match(text: str, needles: list[str], overlap: int) -> int | None:
    """Where the first match is (ASCII text) or the chunk that holds it; None: no match."""
    if not needles:
        return None
    if text.isascii():  # lower() keeps every position: find the match itself
        folded = text.lower()
        places = [at for at in (folded.find(n) for n in needles) if at >= 0]
        return min(places) if places else None
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
