"""Letting go of a large brief model a slice at a time, so other threads keep running.

Freeing a whole-case model (a million views, quotes and records) happens in one step of the
interpreter when its last reference goes: about a second in which no other Python thread
runs, the GUI thread included (the window stalls although the work is in a worker). Here the
model's large sequences are first taken into lists, the model is dropped, and the lists are
emptied a slice at a time: between slices the interpreter may switch threads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from casefile.brief.model import BriefModel

SLICE = 2_000
"""Items freed at a time (each with what only it holds: a view, its quote, its record)."""


def pieces(model: BriefModel) -> list[list[Any]]:
    """The model's large sequences as lists; drop the model, then ``free`` these."""
    parts: list[Iterable[Any]] = [
        model.claims,
        model.chronology,
        model.cast,
        model.sources,
        *model.gaps.values(),
    ]
    if model.timeline is not None:
        parts.append(model.timeline.items)
    if model.matrix is not None:
        parts.append(model.matrix.rows)
    if model.narrative is not None:
        parts.append(model.narrative.evidence)
    return [list(part) for part in parts]


def free(parts: list[list[Any]]) -> None:
    """Empty each list a slice at a time (the last slice first: nothing moves)."""
    for part in parts:
        while part:
            del part[-SLICE:]
    parts.clear()


__all__ = ["SLICE", "free", "pieces"]
