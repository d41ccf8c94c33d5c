"""Small helpers shared by the analysis views: plain-text tooltips, one-line labels, reading."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, Protocol

from casefile.core.commands import Change, Command
from casefile.core.model import Kind, Record

Navigate = Callable[[str, str], Any]


class SessionLike(Protocol):
    """What an analysis view needs from the open case (``gui.session.Session`` fits)."""

    case: Any
    changed: Any  # a Qt signal carrying each committed Change

    def push(self, command: Command, merge_key: object = None) -> Change | None: ...


def tooltip(text: str, limit: int = 600) -> str:
    """A tooltip that shows user text literally (Qt treats tooltips as rich text)."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"<qt>{html.escape(text).replace(chr(10), '<br>')}</qt>"


def one_line(text: str | None, limit: int = 120) -> str:
    """Whitespace folded to single spaces and cut to ``limit`` characters."""
    folded = " ".join((text or "").split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


CHUNK = 2000


def read_all(case: Any, kind: Kind) -> list[Record]:
    """Every record of a kind, read in chunks, each under the case lock (so a background
    reader lets the window keep writing between chunks)."""
    with case.lock:
        ids = case.store.ids(kind)
    out: list[Record] = []
    for start in range(0, len(ids), CHUNK):
        with case.lock:
            found = case.store.get_many(kind, ids[start : start + CHUNK])
        out += [found[i] for i in ids[start : start + CHUNK] if i in found]
    return out


Runner = Callable[[str, Callable[[], Any]], Any]
"""Runs slow work with a label (the window's ``run_with_progress``)."""


def run_directly(_label: str, work: Callable[[], Any]) -> Any:
    """A ``Runner`` for panels shown without a window (tests, embedding): just run it."""
    return work()
