"""Capturing a drop of files off the GUI thread: the work a ``BackgroundOp`` runs.

Files are read and parsed in the op's worker, which then stores the capture on the case's
connection, under ``case.lock``, in one transaction (``execute(notify=False)``), with
progress and Cancel checked between files: Cancel raises inside the transaction, so the case
is left exactly as it was. Once every file is read, storing always completes (the dialog's
Cancel goes; Undo removes the drop). The GUI thread then tells the views and puts the
committed change on the undo stack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from casefile.capture import Capture, CaptureCancelled, Limits
from casefile.capture.parts import PageChoice
from casefile.capture.stream import FileStream
from casefile.core.commands import Change
from casefile.core.errors import CaseError
from casefile.gui.common.background import BackgroundOp, Outcome

Stored = tuple[Capture, Change | None]


def file_capture(
    window: QWidget,
    case: Any,
    paths: Sequence[Path],
    limits: Limits,
    pages: Mapping[str, PageChoice] | None = None,
) -> BackgroundOp[Stored]:
    """The op that captures one drop of files (``start`` it): its value is what was
    planned (without the files' bytes) and the committed change (None: nothing new)."""
    count = len(paths)
    noun = "file" if count == 1 else "files"

    def work(op: BackgroundOp[Stored]) -> Stored:
        def progress(done: int, total: int, label: str) -> None:
            op.report(done, total, label)
            if done >= total:
                op.completing()  # saving has begun: it completes (Undo removes it)

        stream = FileStream(list(paths), case, limits, progress, op.cancelled,
                            pages=dict(pages or {}))  # fmt: skip
        try:
            change = case.execute(stream.command(), notify=False)
        finally:
            stream.close()
        capture = stream.capture()
        stored = change if capture.parts else None
        # The planned commands hold every file's original bytes, which are in the case now
        # (and in nothing the undo stack needs): the value keeps only what to tell and show.
        return replace(capture, parts=()), stored

    return BackgroundOp(window, f"Adding {count:,} {noun}…", work, title="Adding files",
                        thread_name="casefile-capture")  # fmt: skip


def in_words(outcome: Outcome[Stored]) -> tuple[Any, ...]:
    """``("done", Capture, Change | None)``, ``("cancelled", message)`` or
    ``("error", message)``: how the drop ended, for the window to tell."""
    err = outcome.error
    if isinstance(err, CaptureCancelled):
        return ("cancelled", str(err))
    if outcome.cancelled:
        return ("cancelled", str(CaptureCancelled()))
    if err is not None:
        if isinstance(err, CaseError):
            return ("error", str(err))
        return ("error", f"The files could not be added ({err}). Nothing was added.")
    assert outcome.value is not None
    return ("done", *outcome.value)


__all__ = ["Stored", "file_capture", "in_words"]
