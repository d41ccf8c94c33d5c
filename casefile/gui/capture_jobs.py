"""Capturing files off the GUI thread with a progress dialog whose Cancel undoes everything.

Files are read and parsed in a worker thread; the worker then stores the capture on the
case's connection, under ``case.lock``, in one transaction (``execute(notify=False)``), with
progress and Cancel checked between files: Cancel raises inside the transaction, so the case
is left exactly as it was. The GUI thread only sees queued signals, then tells the views and
puts the committed change on the undo stack.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from casefile.capture import Capture, CaptureCancelled, Limits, plan_files, read_files
from casefile.capture.steps import with_checks
from casefile.core.commands import Change
from casefile.core.errors import CaseError

Finished = Callable[[Capture, Change | None], None]


class FileCaptureJob(QObject):
    """One drop of files being captured; emits ``done`` with a result on the GUI thread."""

    progressed = Signal(int, int, str)
    done = Signal(object)

    def __init__(self, case: Any, paths: Sequence[Path], limits: Limits, parent: QObject):
        super().__init__(parent)
        self.case, self.paths, self.limits = case, list(paths), limits
        self.cancel_requested = threading.Event()
        self.worker = threading.Thread(target=self._run, name="casefile-capture", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def cancel(self) -> None:
        self.cancel_requested.set()

    def _run(self) -> None:
        try:
            self.done.emit(self._work())
        except CaptureCancelled as err:
            self.done.emit(("cancelled", str(err)))
        except CaseError as err:
            self.done.emit(("error", str(err)))
        except Exception as err:  # an unexpected failure must still reach the user in words
            self.done.emit(("error", f"The files could not be added ({err}). Nothing was added."))

    def _work(self) -> tuple[str, Capture, Change | None]:
        total = len(self.paths)
        cancelled = self.cancel_requested.is_set

        def reading(done: int, _total: int, name: str) -> None:
            self.progressed.emit(done, 2 * total, f"Reading {name}…" if name else "Checking…")

        items, _problems = read_files(self.paths, self.limits, reading, cancelled)
        capture = plan_files(items, self.case)
        command = capture.command
        if command is None:
            return "done", capture, None
        parts = len(command.parts)

        def storing(done: int, _parts: int) -> None:
            self.progressed.emit(total + (done * total) // parts, 2 * total,
                                 f"Storing {done + 1:,} of {parts:,}…")  # fmt: skip

        change = self.case.execute(with_checks(command, storing, cancelled), notify=False)
        return "done", capture, change


class ProgressWindow:
    """The progress dialog of a job: window-modal, Cancel rolls the whole drop back."""

    def __init__(self, parent: QWidget, job: FileCaptureJob, count: int) -> None:
        noun = "file" if count == 1 else "files"
        self.dialog = QProgressDialog(f"Adding {count:,} {noun}…", "Cancel", 0, 2 * count, parent)
        self.dialog.setWindowTitle("Adding files")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(job.cancel)
        job.progressed.connect(self.update)

    def update(self, value: int, maximum: int, label: str) -> None:
        if self.dialog.wasCanceled():
            return
        self.dialog.setMaximum(maximum)
        self.dialog.setLabelText(label)
        self.dialog.setValue(value)

    def close(self) -> None:
        self.dialog.canceled.disconnect()
        self.dialog.close()
        self.dialog.deleteLater()


__all__ = ["FileCaptureJob", "Finished", "ProgressWindow"]
