"""Capturing files off the GUI thread with a progress dialog whose Cancel undoes everything.

Files are read and parsed in a worker thread; the worker then stores the capture on the
case's connection, under ``case.lock``, in one transaction (``execute(notify=False)``), with
progress and Cancel checked between files: Cancel raises inside the transaction, so the case
is left exactly as it was. The GUI thread only sees queued signals, then tells the views and
puts the committed change on the undo stack.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from casefile.capture import Capture, CaptureCancelled, Limits
from casefile.capture.stream import FileStream
from casefile.core.commands import Change
from casefile.core.errors import CaseError


class FileCaptureJob(QObject):
    """One drop of files being captured in a worker thread.

    The worker only writes plain attributes (``progress``, ``result``); a timer on the GUI
    thread reads them (``poll``). Nothing is emitted from Python: PySide6 6.12's
    ``Signal.emit`` loses a reference to ``True`` on every call, so a thousand progress
    signals would crash the interpreter.
    """

    POLL_MS = 40

    def __init__(self, case: Any, paths: Sequence[Path], limits: Limits, parent: QObject):
        super().__init__(parent)
        self.case, self.paths, self.limits = case, list(paths), limits
        self.cancel_requested = threading.Event()
        self.progress: tuple[int, int, str] = (0, len(self.paths), "Starting…")
        self.result: tuple[Any, ...] | None = None
        self.on_progress: Callable[[int, int, str], None] | None = None
        self.on_done: Callable[[tuple[Any, ...]], None] | None = None
        self.worker = threading.Thread(target=self._run, name="casefile-capture", daemon=True)
        self.timer = QTimer(self)
        self.timer.setInterval(self.POLL_MS)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.worker.start()
        self.timer.start()

    def cancel(self) -> None:
        self.cancel_requested.set()

    def poll(self) -> None:
        """On the GUI thread: show progress, and hand over the result once there is one."""
        if self.on_progress is not None:
            self.on_progress(*self.progress)
        if self.result is not None and not self.worker.is_alive():
            self.timer.stop()
            if self.on_done is not None:
                self.on_done(self.result)

    def _report(self, done: int, total: int, label: str) -> None:
        self.progress = (done, total, label)

    def _run(self) -> None:
        collecting = gc.isenabled()
        gc.disable()  # a full collection holds the GIL for ~0.1 s: the window would stall
        try:
            result: tuple[Any, ...] = self._work()
        except CaptureCancelled as err:
            result = ("cancelled", str(err))
        except CaseError as err:
            result = ("error", str(err))
        except Exception as err:  # an unexpected failure must still reach the user in words
            result = ("error", f"The files could not be added ({err}). Nothing was added.")
        finally:
            if collecting:
                gc.enable()
        self.result = result

    def _work(self) -> tuple[str, Capture, Change | None]:
        stream = FileStream(self.paths, self.case, self.limits, self._report,
                            self.cancel_requested.is_set)  # fmt: skip
        try:
            change = self.case.execute(stream.command(), notify=False)
        finally:
            stream.close()
        capture = stream.capture()
        return "done", capture, (change if capture.parts else None)


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
