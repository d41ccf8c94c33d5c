"""The one way to run long work: a worker computes, the GUI thread applies the result.

``BackgroundOp`` runs ``work(op)`` in a worker thread (a ``PolledJob``: nothing is emitted
from Python, a GUI-thread timer polls). The work reports progress with ``op.report`` and
may call ``op.check()`` between steps; when a case connection is given, Cancel also
interrupts the SQL statement the worker is running, so a transaction in progress rolls
back and the case is exactly as before. The result is handed to ``on_done`` on the GUI
thread (``start``), or returned to the caller after a local event loop (``run``), so the
window keeps repainting either way. A window-modal progress dialog with Cancel appears
when the work takes longer than ``SHOW_AFTER_MS``: short work shows no dialog at all.

Closing a case or the window calls ``stop_all``: running work is cancelled and waited for.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from casefile.core.errors import CaseError
from casefile.gui.common.polled_job import PolledJob

T = TypeVar("T")
SHOW_AFTER_MS = 400
_RUNNING: set[BackgroundOp[Any]] = set()


class OperationCancelled(CaseError):
    """The user cancelled long work; nothing it would have changed was changed."""


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """How the work ended: ``value`` when it ran through, else a message in words."""

    value: T | None = None
    error: BaseException | None = None
    cancelled: bool = False

    def unwrap(self) -> T:
        """The value, or the error (``OperationCancelled`` for a cancel) raised again."""
        if self.cancelled:
            raise OperationCancelled(str(self.error or "Cancelled: nothing was changed."))
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


class BackgroundOp(PolledJob, Generic[T]):
    """One piece of long work with progress, Cancel and a GUI-thread ending."""

    def __init__(
        self,
        parent: QObject | None,
        label: str,
        work: Callable[[BackgroundOp[T]], T],
        *,
        conn: Any = None,
        cancellable: bool = True,
        title: str = "",
        show_after_ms: int | None = SHOW_AFTER_MS,
    ) -> None:
        super().__init__(parent, "casefile-background", (0, 0, label))  # type: ignore[arg-type]
        self.label, self.title, self._work, self._conn = label, title, work, conn
        self.cancellable = cancellable
        self.show_after = None if show_after_ms is None else show_after_ms / 1000
        self._progress: Callable[[int, int, str], None] | None = None
        self.worker_ident: int | None = None
        self.outcome: Outcome[T] | None = None
        self.dialog: QProgressDialog | None = None
        self._started = 0.0
        self._then: Callable[[Outcome[T]], None] | None = None
        self._loop: QEventLoop | None = None

    # --- on the GUI thread ----------------------------------------------------------

    def start(
        self,
        then: Callable[[Outcome[T]], None] | None = None,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> None:
        """Begin the work; ``then(outcome)`` runs on the GUI thread when it has ended, and
        ``progress(value, maximum, label)`` at each poll (for a window that shows its own)."""
        self._then, self._progress = then, progress
        self.on_progress = self._show_progress
        self.on_done = self._finish
        self._started = time.monotonic()
        _RUNNING.add(self)
        super().start()

    def run(self) -> T:
        """Do the work and return its value (or raise its error) — the window stays live."""
        self.start()
        return self.value()

    def value(self) -> T:
        """After ``start``: turn the event loop until the work has ended; its value or error."""
        if self.outcome is None:
            self._loop = QEventLoop()
            self._loop.exec()
            self._loop = None
        outcome = self.outcome
        assert outcome is not None
        self._let_go(outcome)
        return outcome.unwrap()

    def _let_go(self, outcome: Outcome[T]) -> None:
        """Hold nothing of the work once it is handed over: the op lives on as a child of its
        window, and a brief's model or a large change must not live on with it."""
        self.outcome = Outcome(error=outcome.error, cancelled=outcome.cancelled)
        self.result = None
        self._work = self._then = self._progress = None  # type: ignore[assignment]

    def cancel(self) -> None:
        """Ask the work to stop: its open transaction rolls back."""
        if self.cancellable:
            super().cancel()

    def abandon(self) -> None:
        """Cancel, and tell no one of the end (the window that asked has moved on)."""
        self._then = self._progress = None
        self.cancel_requested.set()

    def wait(self) -> None:
        """Cancel and block until the worker has ended (closing the case or the window)."""
        self.cancel_requested.set()
        if self.worker.is_alive():
            self.worker.join()
        self.poll()

    def _make_dialog(self) -> None:
        parent = self.parent()
        widget = parent if isinstance(parent, QWidget) else None
        cancel = "Cancel" if self.cancellable else ""
        dialog = QProgressDialog(self.label, cancel, 0, 0, widget)
        if not self.cancellable:
            dialog.setCancelButton(None)
        dialog.setWindowTitle(self.title or self.label.rstrip("…."))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        dialog.show()

    def _show_progress(self, value: int, maximum: int, label: str) -> None:
        if self._progress is not None:
            self._progress(value, maximum, label)
        late = self.show_after is not None and time.monotonic() - self._started >= self.show_after
        if self.dialog is None and late:
            self._make_dialog()
        dialog = self.dialog
        if dialog is None or dialog.wasCanceled():
            return
        if dialog.maximum() != maximum:
            dialog.setMaximum(maximum)
        if label != dialog.labelText():
            dialog.setLabelText(label)
        if maximum:
            dialog.setValue(min(value, maximum))

    def _finish(self, result: tuple[Any, ...]) -> None:
        _RUNNING.discard(self)
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.outcome = result[0]
        if self._loop is not None:
            self._loop.quit()  # ``run`` hands the value over, then lets go of it
            return
        if self._then is not None:
            self._then(result[0])
        self._let_go(result[0])

    # --- in the worker --------------------------------------------------------------

    def report(self, *progress: Any) -> None:
        """``report(value, maximum)`` or ``report(value, maximum, label)``."""
        value, maximum, *rest = progress
        self.progress = (value, maximum, rest[0] if rest else self.progress[2])

    def check(self) -> None:
        """Raise ``OperationCancelled`` once the user has asked to cancel."""
        if self.cancel_requested.is_set():
            raise OperationCancelled("Cancelled: nothing was changed.")

    def cancelled(self) -> bool:
        return self.cancel_requested.is_set()

    def work(self) -> tuple[Outcome[T]]:
        self.worker_ident = threading.get_ident()
        conn = self._conn
        if conn is not None:  # Cancel interrupts this worker's statements only
            conn.set_progress_handler(self._interrupt, 2_000)
        try:
            return (Outcome(value=self._work(self)),)
        finally:
            if conn is not None:
                conn.set_progress_handler(None, 0)

    def _interrupt(self) -> int:
        return int(self.cancel_requested.is_set() and threading.get_ident() == self.worker_ident)

    def failure(self, err: Exception) -> tuple[Outcome[T]]:
        if isinstance(err, OperationCancelled) or (
            self.cancel_requested.is_set() and "interrupted" in str(err)
        ):
            return (Outcome(error=err, cancelled=True),)
        return (Outcome(error=err),)


def run_in_background(
    parent: QWidget | None,
    label: str,
    work: Callable[[BackgroundOp[T]], T],
    *,
    conn: Any = None,
    cancellable: bool = True,
) -> T:
    """Run ``work`` in a worker while the window stays live; return its value or raise."""
    return BackgroundOp(parent, label, work, conn=conn, cancellable=cancellable).run()


def running() -> bool:
    """True while any long work is in progress (further edits wait for it)."""
    return bool(_RUNNING)


def stop_all(owner: QObject | None = None) -> None:
    """Cancel running operations (of ``owner``'s window, or all) and wait for them to end
    (before a case or a window closes)."""
    for op in list(_RUNNING):
        if owner is None or op.parent() is owner:
            op.wait()
