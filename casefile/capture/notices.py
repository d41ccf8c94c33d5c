"""What pypdf logs about a damaged PDF, gathered per capture into one line of its note."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from casefile.core.inert import inert

_heard = threading.local()


class _Gather(logging.Handler):
    """Keeps each pypdf message for the capture running in this thread; prints nothing."""

    def emit(self, record: logging.LogRecord) -> None:
        sink = getattr(_heard, "sink", None)
        if sink is None:
            return
        try:
            message = " ".join(record.getMessage().split())
        except Exception:  # a malformed log call in the library must not fail a capture
            message = record.msg if isinstance(record.msg, str) else "unreadable notice"
        if message and message not in sink and len(sink) < 100:
            sink.append(message)


_HANDLER = _Gather(logging.WARNING)


def _install() -> None:
    logger = logging.getLogger("pypdf")
    if _HANDLER not in logger.handlers:
        logger.addHandler(_HANDLER)
    logger.propagate = False  # never as raw lines on stderr


@contextmanager
def pdf_notices() -> Iterator[list[str]]:
    """Within this block, pypdf's warnings in this thread are gathered into the list."""
    _install()
    previous = getattr(_heard, "sink", None)
    sink: list[str] = []
    _heard.sink = sink
    try:
        yield sink
    finally:
        _heard.sink = previous


def notice_line(notices: list[str]) -> str:
    """One line for the user: the PDF had flaws, the first of them, how many more."""
    first = notices[0] if len(notices[0]) <= 100 else notices[0][:99] + "…"
    more = len(notices) - 1
    extra = f" and {more} more" if more else ""
    return inert(f"The PDF has flaws that were worked around ({first}{extra}).")


__all__ = ["notice_line", "pdf_notices"]
