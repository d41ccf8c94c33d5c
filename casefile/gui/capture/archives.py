"""Before web archives in a drop are captured: list their pages off the GUI thread, and ask
which to keep when an archive holds more than a few (``PagePicker``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QWidget

from casefile.capture import Limits
from casefile.capture.archive_pages import PageListing, is_archive, list_pages
from casefile.capture.limits import CaptureError
from casefile.capture.parts import PageChoice
from casefile.gui.capture.page_picker import PICK_ABOVE, PagePicker
from casefile.gui.common.background import BackgroundOp, Outcome

Choices = dict[str, PageChoice]
Listings = list[PageListing | None]


def _listing(paths: Sequence[Path], limits: Limits) -> Callable[[BackgroundOp[Listings]], Listings]:
    """The work that lists the pages of each archive (None: the capture says what is wrong)."""

    def work(op: BackgroundOp[Listings]) -> Listings:
        listings: Listings = []
        for path in paths:
            try:
                listings.append(list_pages(path, limits, op.cancelled))
            except CaptureError:  # the capture itself says what is wrong with the file
                listings.append(None)
        return listings

    return work


class ArchivePages(QObject):
    """One drop's archives: listed in a worker, then a picker per archive with many pages."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.job: BackgroundOp[Listings] | None = None
        self.picker: PagePicker | None = None

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
        job = BackgroundOp(self.window, "Listing the pages of the web archive…",
                           _listing(archives, limits), title="Adding files",
                           thread_name="casefile-list-pages")  # fmt: skip
        self.job = job

        def done(outcome: Outcome[Listings]) -> None:
            self.job = None
            job.deleteLater()
            if outcome.cancelled or job.cancelled():
                self._status("Nothing was added: listing the archive's pages was cancelled.")
                return
            if outcome.error is not None:
                show_error = getattr(self.window, "show_error", None)
                if show_error is not None:
                    show_error(
                        f"The archive's pages could not be listed ({outcome.error}). "
                        "Nothing was added."
                    )
                return
            listings = [item for item in outcome.value or [] if item is not None]
            self._ask([x for x in listings if len(x.pages) > PICK_ABOVE], {}, then)

        job.start(done)

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

    def _status(self, message: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if bar is not None:
            bar().showMessage(message, 10_000)


__all__ = ["ArchivePages"]
