"""Capturing files off the GUI thread with a progress dialog whose Cancel undoes everything.

Files are read and parsed in a worker thread; the worker then stores the capture on the
case's connection, under ``case.lock``, in one transaction (``execute(notify=False)``), with
progress and Cancel checked between files: Cancel raises inside the transaction, so the case
is left exactly as it was. The GUI thread only sees queued signals, then tells the views and
puts the committed change on the undo stack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from casefile.capture import Capture, CaptureCancelled, Limits
from casefile.capture.parts import PageChoice
from casefile.capture.stream import FileStream
from casefile.core.commands import Change
from casefile.core.errors import CaseError
from casefile.gui.common.polled_job import PolledJob


class FileCaptureJob(PolledJob):
    """One drop of files being captured in a worker thread (see ``PolledJob``).

    ``on_done(result)`` gets ``("done", Capture, Change | None)``, ``("cancelled", message)``
    or ``("error", message)`` on the GUI thread.
    """

    def __init__(self, case: Any, paths: Sequence[Path], limits: Limits, parent: QObject,
                 pages: Mapping[str, PageChoice] | None = None) -> None:  # fmt: skip
        super().__init__(parent, "casefile-capture", (0, len(paths), "Starting…"))
        self.case, self.paths, self.limits = case, list(paths), limits
        self.pages = dict(pages or {})

    def work(self) -> tuple[str, Capture, Change | None]:
        stream = FileStream(self.paths, self.case, self.limits, self.report,
                            self.cancel_requested.is_set, pages=self.pages)  # fmt: skip
        try:
            change = self.case.execute(stream.command(), notify=False)
        finally:
            stream.close()
        capture = stream.capture()
        stored = change if capture.parts else None
        # The planned commands hold every file's original bytes, which are in the case now
        # (and in nothing the undo stack needs): the result keeps only what to tell and show.
        return "done", replace(capture, parts=()), stored

    def failure(self, err: Exception) -> tuple[Any, ...]:
        if isinstance(err, CaptureCancelled):
            return ("cancelled", str(err))
        if isinstance(err, CaseError):
            return ("error", str(err))
        return ("error", f"The files could not be added ({err}). Nothing was added.")


class ProgressWindow:
    """The progress dialog of a job: window-modal, Cancel rolls the whole drop back."""

    def __init__(self, parent: QWidget, job: FileCaptureJob, count: int) -> None:
        noun = "file" if count == 1 else "files"
        self.dialog = QProgressDialog(f"Adding {count:,} {noun}…", "Cancel", 0, count, parent)
        self.dialog.setWindowTitle("Adding files")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(job.cancel)
        self._can_cancel = True
        job.on_progress = self.update

    def update(self, value: int, maximum: int, label: str) -> None:
        if self.dialog.wasCanceled():
            return
        if value >= maximum and self._can_cancel:
            self._can_cancel = False  # saving has begun: it completes (Undo removes it)
            self.dialog.setCancelButton(None)
        self.dialog.setMaximum(maximum)
        self.dialog.setLabelText(label)
        self.dialog.setValue(value)

    def close(self) -> None:
        self.dialog.canceled.disconnect()
        self.dialog.close()
        self.dialog.deleteLater()


__all__ = ["FileCaptureJob", "ProgressWindow"]
