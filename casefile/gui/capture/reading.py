"""Reading a large dropped or pasted payload (HTML to text) in a worker, not the GUI thread.

A 180 KB page fragment took the window away for seconds when it was converted where it was
dropped. A payload with more than ``HEAVY_BYTES`` of HTML is read by a ``BackgroundOp``; its
busy dialog offers Cancel (nothing is added, at once), and the drop carries on when the
text is ready. A pasted screenshot's words are read (OCR) the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QProgressDialog, QWidget

from casefile.capture import Dropped, read_image, read_payload
from casefile.capture.filetext import FileText, short_error
from casefile.capture.limits import watching
from casefile.core.errors import CaseError
from casefile.gui.common.background import BackgroundOp, Outcome

HEAVY_BYTES = 32 * 1024  # HTML below this converts in milliseconds (the walk is linear)


def is_heavy(data: dict[str, bytes]) -> bool:
    """True when a payload carries enough HTML to be read off the GUI thread."""
    return sum(len(value) for key, value in data.items() if "html" in key.lower()) > HEAVY_BYTES


def _in_words(what: str) -> Callable[[BaseException], str]:
    """How a failed read is told: the case's own words, else what broke, briefly."""

    def words(err: BaseException) -> str:
        if isinstance(err, CaseError):
            return str(err)
        broke = f"{type(err).__name__}: {short_error(err)}"
        return f"{what} could not be read ({broke}). Nothing was added."

    return words


class PayloadReader:
    """At most one payload read at a time, with a busy dialog whose Cancel drops the result."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.job: BackgroundOp[Any] | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    @property
    def dialog(self) -> QProgressDialog | None:
        """The running read's busy dialog (shown once the read takes a moment)."""
        return self.job.dialog if self.job is not None else None

    def start(self, data: dict[str, bytes], then: Callable[[Dropped], None],
              failed: Callable[[str], None]) -> None:  # fmt: skip
        """Read ``data`` in a worker; ``then(dropped)`` or ``failed(message)`` on the GUI."""

        def work(_op: BackgroundOp[Dropped]) -> Dropped:
            return read_payload(data)

        self.run(work, "Reading the dropped text…", "casefile-read-drop", then,
                 failed, _in_words("The dropped text"))  # fmt: skip

    def read_image(self, data: bytes, media_type: str, then: Callable[[FileText], None],
                   failed: Callable[[str], None]) -> None:  # fmt: skip
        """Read the words of an image with OCR in a worker; ``then(content)`` on the GUI."""

        def work(op: BackgroundOp[FileText]) -> FileText:
            with watching(op.cancelled):  # Cancel stops between pages
                return read_image(data, media_type)

        self.run(work, "Reading the words in the image (OCR)…", "casefile-read-image", then,
                 failed, _in_words("The image's words"))  # fmt: skip

    def run(self, work: Callable[[BackgroundOp[Any]], Any], label: str, name: str,
            then: Callable[[Any], None], failed: Callable[[str], None],
            words: Callable[[BaseException], str]) -> None:  # fmt: skip
        """Run ``work`` with a busy dialog whose Cancel drops its result at once."""
        job: BackgroundOp[Any] = BackgroundOp(self.window, label, work, title="Adding a drop",
                                              abandon_on_cancel=True, thread_name=name)  # fmt: skip
        self.job = job

        def done(outcome: Outcome[Any]) -> None:
            self.job = None
            if outcome.cancelled:
                return  # nothing is added; the read finishes unseen in its thread
            job.deleteLater()
            if outcome.error is not None:
                failed(words(outcome.error))
            else:
                then(outcome.value)

        job.start(done)

    def cancel(self) -> None:
        """Stop waiting for the running read (its result is thrown away)."""
        if self.job is not None:
            self.job.cancel()
