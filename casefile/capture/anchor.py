"""Where in a source's text dropped words were taken, when they occur there more than once.

A quote keeps its offsets into the source's text, so it must be anchored at the occurrence
the user selected, never silently at the first. What a drop carries decides when it can:
the text around the fragment (a Windows "HTML Format" clipboard payload holds the page
around the selection) and a text-fragment address (``#:~:text=prefix-,words,-suffix``, as
browsers write for "copy link to highlight"). When nothing decides, the caller asks the
user to pick the occurrence (``OccurrenceNeeded``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from casefile.capture.limits import CaptureError

CONTEXT = 200  # characters of context compared on each side
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Context:
    """Words seen just before and just after the dropped ones (either may be empty)."""

    before: str = ""
    after: str = ""
    start_words: str = ""  # a text fragment's own first words, when it names them


class OccurrenceNeeded(CaptureError):
    """The words occur more than once in the source and nothing in the drop says which."""

    def __init__(self, source_id: str, title: str, starts: tuple[int, ...]) -> None:
        self.source_id = source_id
        self.starts = starts
        super().__init__(
            f"The words occur {len(starts)} times in '{title}'; choose the one you quoted."
        )


def occurrences(text: str, words: str, limit: int = 1000) -> tuple[int, ...]:
    """Every start of ``words`` in ``text`` (overlapping ones too), at most ``limit``."""
    starts: list[int] = []
    start = text.find(words)
    while start >= 0 and len(starts) < limit:
        starts.append(start)
        start = text.find(words, start + 1)
    return tuple(starts)


def choose(text: str, words: str, starts: tuple[int, ...], context: Context) -> int | None:
    """The one occurrence the context points at, or None when it does not single one out."""
    if len(starts) == 1:
        return starts[0]
    scores = {s: _score(text, s, s + len(words), context) for s in starts}
    best = max(scores.values(), default=0)
    winners = [s for s, score in scores.items() if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def _score(text: str, start: int, end: int, context: Context) -> int:
    """How many characters of context agree with the text around this occurrence."""
    before = _flat(text[max(0, start - CONTEXT) : start])
    after = _flat(text[end : end + CONTEXT])
    score = _common_suffix(before, _flat(context.before)[-CONTEXT:])
    score += _common_prefix(after, _flat(context.after)[:CONTEXT])
    if context.start_words and _flat(text[start:]).startswith(_flat(context.start_words)):
        score += 1
    return score


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def _common_suffix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def text_fragment(url: str | None) -> Context:
    """The context a text-fragment address gives: ``#:~:text=[prefix-,]start[,end][,-suffix]``."""
    if not url or ":~:" not in url:
        return Context()
    directive = urlsplit(url).fragment.partition(":~:")[2]
    for part in directive.split("&"):
        if not part.startswith("text="):
            continue
        pieces = part[len("text=") :].split(",")
        prefix = unquote(pieces.pop(0)[:-1]) if pieces and pieces[0].endswith("-") else ""
        suffix = unquote(pieces.pop()[1:]) if pieces and pieces[-1].startswith("-") else ""
        start_words = unquote(pieces[0]) if pieces else ""
        return Context(prefix, suffix, start_words)
    return Context()


def without_text_fragment(url: str | None) -> str | None:
    """The page address without its ``#:~:text=`` directive (the page the source is)."""
    if not url or ":~:" not in url:
        return url
    base, _, fragment = url.partition("#")
    kept = fragment.partition(":~:")[0]
    return f"{base}#{kept}" if kept else base


def merged(*contexts: Context) -> Context:
    """The first non-empty value of each part."""
    return Context(
        next((c.before for c in contexts if c.before), ""),
        next((c.after for c in contexts if c.after), ""),
        next((c.start_words for c in contexts if c.start_words), ""),
    )


__all__ = [
    "Context",
    "OccurrenceNeeded",
    "choose",
    "merged",
    "occurrences",
    "text_fragment",
    "without_text_fragment",
]
