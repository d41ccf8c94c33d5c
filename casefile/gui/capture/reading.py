"""Reading a large dropped or pasted payload (HTML to text) in a worker, not the GUI thread.

A 180 KB page fragment took the window away for seconds when it was converted where it was
dropped. A payload with more than ``HEAVY_BYTES`` of HTML is read by a ``PolledJob``; a busy
dialog offers Cancel (nothing is added), and the drop carries on when the text is ready.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from casefile.capture import Dropped, read_image, read_payload
from casefile.capture.filetext import FileText, short_error
from casefile.capture.limits import watching
from casefile.core.errors import CaseError
from casefile.gui.common.polled_job import PolledJob

HEAVY_BYTES = 32 * 1024  # HTML below this converts in milliseconds (the walk is linear)


def is_heavy(data: dict[str, bytes]) -> bool:
    """True when a payload carries enough HTML to be read off the GUI thread."""
    return sum(len(value) for key, value in data.items() if "html" in key.lower()) > HEAVY_BYTES


class PayloadJob(PolledJob):
    """``read_payload`` in a worker; ``on_done`` gets ("done", Dropped) or ("error", words)."""

    def __init__(self, data: dict[str, bytes], parent: QObject) -> None:
        super().__init__(parent, "casefile-read-drop", ())
        self.data = data

    def work(self) -> tuple[str, Dropped]:
        return "done", read_payload(self.data)

    def failure(self, err: Exception) -> tuple[str, str]:
        if isinstance(err, CaseError):
            return "error", str(err)
        return "error", (
            f"The dropped text could not be read ({type(err).__name__}: {short_error(err)}). "
            "Nothing was added."
        )


class ImageJob(PolledJob):
    """OCR of an image carried as bytes (a pasted screenshot) in a worker; ``on_done`` gets
    ("done", FileText) or ("error", words)."""

    def __init__(self, data: bytes, media_type: str, parent: QObject) -> None:
        super().__init__(parent, "casefile-read-image", ())
        self.data, self.media_type = data, media_type

    def work(self) -> tuple[str, FileText]:
        with watching(self.cancel_requested.is_set):  # Cancel stops between pages
            return "done", read_image(self.data, self.media_type)

    def failure(self, err: Exception) -> tuple[str, str]:
        if isinstance(err, CaseError):
            return "error", str(err)
        return "error", (
            f"The image's words could not be read ({type(err).__name__}: {short_error(err)}). "
            "Nothing was added."
        )


class PayloadReader:
    """At most one payload read at a time, with a busy dialog whose Cancel drops the result."""

    def __init__(self, window: QWidget, parent: QObject) -> None:
        self.window, self.parent = window, parent
        self.job: PolledJob | None = None
        self.dialog: QProgressDialog | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self, data: dict[str, bytes], then: Callable[[Dropped], None],
              failed: Callable[[str], None]) -> None:  # fmt: skip
        """Read ``data`` in a worker; ``then(dropped)`` or ``failed(message)`` on the GUI."""
        self.run(PayloadJob(data, self.parent), "Reading the dropped text…", then, failed)

    def read_image(self, data: bytes, media_type: str, then: Callable[[FileText], None],
                   failed: Callable[[str], None]) -> None:  # fmt: skip
        """Read the words of an image with OCR in a worker; ``then(content)`` on the GUI."""
        job = ImageJob(data, media_type, self.parent)
        self.run(job, "Reading the words in the image (OCR)…", then, failed)

    def run(self, job: PolledJob, label: str, then: Callable[[Any], None],
            failed: Callable[[str], None]) -> None:  # fmt: skip
        """Run ``job`` with a busy dialog whose Cancel drops its result."""
        self.job = job
        dialog = QProgressDialog(label, "Cancel", 0, 0, self.window)
        dialog.setWindowTitle("Adding a drop")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog

        def done(result: tuple[Any, ...]) -> None:
            self._close()
            if job.cancel_requested.is_set():
                return  # cancelled: nothing is added
            if result[0] == "done":
                then(result[1])
            else:
                failed(result[1])

        job.on_done = done
        job.start()

    def cancel(self) -> None:
        """Stop waiting for the running read (its result is thrown away)."""
        if self.job is not None:
            self.job.cancel()
            self._close()

    def _close(self) -> None:
        job, self.job = self.job, None
        if self.dialog is not None:
            self.dialog.canceled.disconnect()
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if job is not None:
            job.timer.stop()  # a cancelled read finishes unseen in its thread
            job.deleteLater()
