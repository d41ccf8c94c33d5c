"""Capture errors in the user's words and the configurable limits (file size, file count)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from casefile.core.errors import CaseError

MB = 1024 * 1024


class CaptureError(CaseError):
    """Something dropped, pasted or added cannot be captured; nothing was added."""


class CaptureCancelled(CaptureError):
    """The user cancelled a capture; the case is as it was."""

    def __init__(self, message: str = "Cancelled: nothing was added to the case.") -> None:
        super().__init__(message)


class SourceNeeded(CaptureError):
    """Text arrived without a page address: the user must pick or create its source."""

    def __init__(self) -> None:
        super().__init__("Choose the source these words come from (or create one).")


@dataclass(frozen=True)
class Limits:
    """How much one capture may take in; the size limit is named in the refusal message."""

    max_file_bytes: int = 200 * MB
    max_files: int = 10_000


_watch = threading.local()


@contextmanager
def watching(stop: Callable[[], bool]) -> Iterator[None]:
    """Within this block, ``checkpoint()`` in this thread raises once ``stop()`` says so."""
    previous = getattr(_watch, "stop", None)
    _watch.stop = stop
    try:
        yield
    finally:
        _watch.stop = previous


def checkpoint() -> None:
    """Called by extractors between pieces of work: a cancelled capture stops here."""
    stop = getattr(_watch, "stop", None)
    if stop is not None and stop():
        raise CaptureCancelled()


def human_size(size: int) -> str:
    """A size as people say it: 512 bytes, 14 KB, 3.2 MB, 1.5 GB."""
    if size < 1024:
        return f"{size} byte" + ("" if size == 1 else "s")
    for unit, scale in (("KB", 1024), ("MB", MB), ("GB", 1024 * MB)):
        value = size / scale
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if value >= 10 else f"{value:.1f} {unit}"
    return f"{size} bytes"  # pragma: no cover


__all__ = [
    "MB",
    "CaptureCancelled",
    "CaptureError",
    "Limits",
    "SourceNeeded",
    "checkpoint",
    "human_size",
    "watching",
]
