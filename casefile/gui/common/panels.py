"""What the analysis and drawing panels share: the session protocol, navigation, chunked reads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from casefile.core.commands import Change, Command
from casefile.core.model import Kind, Record

Navigate = Callable[[str, str], Any]


class SessionLike(Protocol):
    """What an analysis view needs from the open case (``gui.session.Session`` fits)."""

    case: Any
    changed: Any  # a Qt signal carrying each committed Change

    def push(self, command: Command, merge_key: object = None) -> Change | None: ...


CHUNK = 2000


def read_all(case: Any, kind: Kind) -> list[Record]:
    """Every record of a kind, read in chunks, each under the case lock (so a background
    reader lets the window keep writing between chunks)."""
    return [record for chunk in read_chunks(case, kind) for record in chunk]


def read_chunks(case: Any, kind: Kind, size: int = CHUNK) -> Iterator[list[Record]]:
    """The records of a kind ``size`` at a time, each chunk read under the case lock (a
    background pass over a large case holds no more than a chunk, and can stop between)."""
    with case.lock:
        ids = case.store.ids(kind)
    for start in range(0, len(ids), size):
        with case.lock:
            found = case.store.get_many(kind, ids[start : start + size])
        yield [found[i] for i in ids[start : start + size] if i in found]


Runner = Callable[[str, Callable[[], Any]], Any]
"""Runs slow work with a label (the window's ``run_with_progress``)."""


def run_directly(_label: str, work: Callable[[], Any]) -> Any:
    """A ``Runner`` for panels shown without a window (tests, embedding): just run it."""
    return work()
