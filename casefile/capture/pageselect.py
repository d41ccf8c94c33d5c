"""Where words selected on a drawn PDF page lie in the source's stored text.

The page is drawn and selected by QtPdf (PDFium), whose own page text differs from the text
casefile stored for the page (pypdf's extraction: other line breaks and spacing). A selection
is therefore found again in the stored text of its page: the same words in the same order,
whatever whitespace lies between them, the occurrence nearest to where the selection sits on
the page. The quote is the stored slice, so its offsets are exact by construction.
"""

from __future__ import annotations

import re

MAX_SELECTED = 20_000  # characters of a page selection looked for (a whole dense page)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\ufffe\ufeff\x02\u200b"), None)


def page_range(text: str, starts: tuple[int, ...], page: int) -> tuple[int, int]:
    """``[start, end)`` of page ``page`` (1-based) in a paged text (``starts``: page starts)."""
    if not starts:
        return 0, len(text)
    first = starts[page - 1]
    last = starts[page] if page < len(starts) else len(text)
    return first, last


def find_selection(page_text: str, selected: str, near: float) -> tuple[int, int] | None:
    """``[start, end)`` in ``page_text`` of the words ``selected`` on the drawn page (None
    when they are not there); ``near`` (0–1) is where the selection starts in the drawn
    page's own text, so among several occurrences the one at that place is taken."""
    words = selected.translate(_INVISIBLE).split()
    if not words or len(selected) > MAX_SELECTED:
        return None
    spaced = r"\s+".join(map(re.escape, words))
    found = _nearest(re.compile(spaced), page_text, near)
    if found is None:  # one side split or joined words the other did not: ignore spacing
        letters = "".join(words)
        found = _nearest(re.compile(r"\s*".join(map(re.escape, letters))), page_text, near)
    return found


def _nearest(pattern: re.Pattern[str], text: str, near: float) -> tuple[int, int] | None:
    goal = near * len(text)
    best: tuple[int, int] | None = None
    for match in pattern.finditer(text):
        if best is None or abs(match.start() - goal) < abs(best[0] - goal):
            best = match.span()
    return best


__all__ = ["find_selection", "page_range"]
