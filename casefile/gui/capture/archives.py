"""Before web archives in a drop are captured: list their pages off the GUI thread, and ask
which to keep when an archive holds more than a few (``PagePicker``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from casefile.capture import Limits
from casefile.capture.archive_pages import PageListing, is_archive, list_pages
from casefile.capture.limits import CaptureError
from casefile.capture.parts import PageChoice
from casefile.gui.capture.page_picker import PICK_ABOVE, PagePicker
from casefile.gui.common.polled_job import PolledJob

Choices = dict[str, PageChoice]


class ListingJob(PolledJob):
    """Lists the pages of each archive in a worker; ("done", [PageListing | None, ...])."""

    def __init__(self, paths: Sequence[Path], limits: Limits, parent: QObject) -> None:
        super().__init__(parent, "casefile-list-pages", ())
        self.paths, self.limits = list(paths), limits

    def work(self) -> tuple[str, list[PageListing | None]]:
        listings: list[PageListing | None] = []
        for path in self.paths:
            try:
                listings.append(list_pages(path, self.limits, self.cancel_requested.is_set))
            except CaptureError:  # the capture itself says what is wrong with the file
                listings.append(None)
        return "done", listings

    def failure(self, err: Exception) -> tuple[str, str]:
        return "error", f"The archive's pages could not be listed ({err}). Nothing was added."


class ArchivePages(QObject):
    """One drop's archives: listed in a worker, then a picker per archive with many pages."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.job: ListingJob | None = None
        self.picker: PagePicker | None = None
        self._dialog: QProgressDialog | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None or self.picker is not None

    @staticmethod
    def needed(paths: Sequence[Path]) -> bool:
        """True when the drop holds a web archive whose pages may need picking."""
        return any(is_archive(path) for path in paths)

    def start(self, paths: Sequence[Path], limits: Limits,
              then: Callable[[Choices], None]) -> None:  # fmt: skip
        """List the archives among ``paths``; ``then(choices)`` unless the user cancels."""
        archives = [path for path in paths if is_archive(path)]
        job = ListingJob(archives, limits, self)
        self.job = job
        dialog = QProgressDialog("Listing the pages of the web archive…", "Cancel", 0, 0,
                                 self.window)  # fmt: skip
        dialog.setWindowTitle("Adding files")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.canceled.connect(job.cancel)
        self._dialog = dialog

        def done(result: tuple[Any, ...]) -> None:
            self._close_listing()
            if job.cancel_requested.is_set():
                self._status("Nothing was added: listing the archive's pages was cancelled.")
                return
            if result[0] != "done":
                show_error = getattr(self.window, "show_error", None)
                if show_error is not None:
                    show_error(result[1])
                return
            listings = [item for item in result[1] if item is not None]
            self._ask([x for x in listings if len(x.pages) > PICK_ABOVE], {}, then)

        job.on_done = done
        job.start()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
        if self.picker is not None:
            self.picker.reject()

    def _ask(self, listings: list[PageListing], choices: Choices,
             then: Callable[[Choices], None]) -> None:  # fmt: skip
        """One picker after the other (window-modal); then the capture, unless cancelled."""
        if not listings:
            then(choices)
            return
        listing, rest = listings[0], listings[1:]
        picker = PagePicker(self.window, listing)
        picker.setWindowModality(Qt.WindowModality.WindowModal)
        self.picker = picker

        def finished(code: int) -> None:
            self.picker = None
            picker.deleteLater()
            if code != QDialog.DialogCode.Accepted:
                self._status(f"Nothing was added: no pages of {listing.name} were chosen.")
                return
            self._ask(rest, {**choices, listing.path: picker.choice()}, then)

        picker.finished.connect(finished)
        picker.open()

    def _close_listing(self) -> None:
        job, self.job = self.job, None
        if self._dialog is not None:
            self._dialog.canceled.disconnect()
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        if job is not None:
            job.timer.stop()
            job.deleteLater()

    def _status(self, message: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if bar is not None:
            bar().showMessage(message, 10_000)


__all__ = ["ArchivePages", "ListingJob"]
