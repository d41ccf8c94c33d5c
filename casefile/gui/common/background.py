"""The one way to run long work: a worker computes, the GUI thread applies the result.

``BackgroundOp`` runs ``work(op)`` in a worker thread. Nothing is emitted from the worker:
PySide6 6.12's ``Signal.emit`` loses a reference to ``True`` on every call, so a thousand
progress signals would add up; the worker writes plain attributes (``progress``, and its
outcome once it ends) and a GUI-thread timer polls them. The work reports progress with
``op.report`` and may call ``op.check()`` between steps; when a case connection is given,
Cancel also interrupts the SQL statement the worker is running, so a transaction in progress
rolls back and the case is exactly as before. The result is handed to ``then`` on the GUI
thread (``start``), or returned to the caller after a local event loop (``run``), so the
window keeps repainting either way. A window-modal progress dialog with Cancel (made at the
start, hidden) appears when the work takes longer than ``SHOW_AFTER_MS``: short work shows
no dialog at all; a window that shows progress in its own place passes ``progress`` instead.

Closing a case or the window calls ``stop_all``: running work is cancelled and waited for,
except work that touches no case (``abandon_on_cancel``), which is let go at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from casefile.core.errors import CaseError

T = TypeVar("T")
SHOW_AFTER_MS = 400
POLL_MS = 40
CANCELLED = "Cancelled: nothing was changed."
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
            raise OperationCancelled(str(self.error or CANCELLED))
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


class BackgroundOp(QObject, Generic[T]):
    """One piece of long work with progress, Cancel and a GUI-thread ending.

    ``abandon_on_cancel`` is for work on plain values that touches no case (reading a
    dropped payload): Cancel hands a cancelled outcome over at once and the worker ends
    unseen, its result dropped; closing the case or the window does not wait for it.
    ``thread_name`` names the worker thread (seen in profiles and crash reports).
    """

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
        abandon_on_cancel: bool = False,
        thread_name: str = "casefile-background",
    ) -> None:
        super().__init__(parent)
        self.label, self.title, self._conn = label, title, conn
        self.cancellable = cancellable
        self.abandon_on_cancel = abandon_on_cancel
        self.show_after = None if show_after_ms is None else show_after_ms / 1000
        self.cancel_requested = threading.Event()
        self.progress: tuple[int, int, str] = (0, 0, label)  # written by the worker
        self.result: Outcome[T] | None = None  # written by the worker as it ends
        self.outcome: Outcome[T] | None = None  # handed over on the GUI thread
        self.worker = threading.Thread(target=self._run, args=(work,), name=thread_name,
                                       daemon=True)  # fmt: skip
        self.worker_ident: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.dialog: QProgressDialog | None = None
        self._offers_cancel = cancellable
        self._started = 0.0
        self._then: Callable[[Outcome[T]], None] | None = None
        self._progress: Callable[[int, int, str], None] | None = None
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
        self._started = time.monotonic()
        if self.show_after is not None:
            self._make_dialog()
        _RUNNING.add(self)
        self.worker.start()
        self.timer.start()

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

    @property
    def running(self) -> bool:
        """True until the worker has ended and its outcome was handed over."""
        return self.timer.isActive()

    def poll(self) -> None:
        """Show the latest progress, and hand over the outcome once the worker has ended."""
        result = self.result
        ended = result is not None and not self.worker.is_alive()
        self._show_progress(*self.progress, show=not ended)
        if ended:
            assert result is not None
            self.timer.stop()
            _RUNNING.discard(self)
            self._end(result)

    def _end(self, outcome: Outcome[T]) -> None:
        self._close_dialog()
        self.outcome = outcome
        if self._loop is not None:
            self._loop.quit()  # ``run`` hands the value over, then lets go of it
            return
        if self._then is not None:
            self._then(outcome)
        self._let_go(outcome)

    def _let_go(self, outcome: Outcome[T]) -> None:
        """Hold nothing of the work once it is handed over: the op lives on as a child of its
        window, and a brief's model or a large change must not live on with it."""
        self.outcome = Outcome(error=outcome.error, cancelled=outcome.cancelled)
        self.result = None
        self._then = self._progress = None

    def cancel(self) -> None:
        """Ask the work to stop: its open transaction rolls back (``abandon_on_cancel``:
        the caller is handed a cancelled outcome now)."""
        if not self.cancellable:
            return
        self.cancel_requested.set()
        if self.abandon_on_cancel:
            self._let_worker_go()

    def abandon(self) -> None:
        """Cancel, and tell no one of the end (the window that asked has moved on)."""
        self._then = self._progress = None
        self.cancel_requested.set()

    def wait(self) -> None:
        """Cancel and block until the worker has ended (closing the case or the window);
        work that touches no case (``abandon_on_cancel``) is let go instead."""
        self.cancel_requested.set()
        if self.abandon_on_cancel:
            self._let_worker_go()
            return
        if self.worker.is_alive():
            self.worker.join()
        self.poll()

    def _let_worker_go(self) -> None:
        """Work that touches no case, cancelled: the caller is told now, and the worker ends
        unseen (nothing polls it; its result goes with it)."""
        if self.outcome is not None or not self.running:
            return
        self.timer.stop()
        _RUNNING.discard(self)
        self._end(Outcome(error=OperationCancelled(CANCELLED), cancelled=True))
        self.deleteLater()

    def _make_dialog(self) -> None:
        parent = self.parent()
        widget = parent if isinstance(parent, QWidget) else None
        dialog = QProgressDialog(self.label, "Cancel" if self.cancellable else "", 0, 0, widget)
        if not self.cancellable:
            dialog.setCancelButton(None)
        dialog.setWindowTitle(self.title or self.label.rstrip("…."))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog  # hidden: ``poll`` shows it once the work has taken ``show_after``

    def _close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            dialog.close()
            dialog.deleteLater()

    def _show_progress(self, value: int, maximum: int, label: str, show: bool) -> None:
        if self._progress is not None:
            self._progress(value, maximum, label)
        dialog = self.dialog
        if dialog is None or dialog.wasCanceled():
            return
        if self._offers_cancel and not self.cancellable:  # the work is past the point of return
            self._offers_cancel = False
            dialog.setCancelButton(None)
        if dialog.maximum() != maximum:
            dialog.setMaximum(maximum)
        if label != dialog.labelText():
            dialog.setLabelText(label)
        if maximum:
            dialog.setValue(min(value, maximum))
        late = self.show_after is not None and time.monotonic() - self._started >= self.show_after
        if show and late and not dialog.isVisible():
            dialog.show()

    # --- in the worker --------------------------------------------------------------

    def report(self, *progress: Any) -> None:
        """``report(value, maximum)`` or ``report(value, maximum, label)``."""
        value, maximum, *rest = progress
        self.progress = (value, maximum, rest[0] if rest else self.progress[2])

    def completing(self) -> None:
        """The work has reached its last step, which always completes (storing what was
        read): Cancel is no longer offered (Undo takes it back)."""
        self.cancellable = False

    def check(self) -> None:
        """Raise ``OperationCancelled`` once the user has asked to cancel."""
        if self.cancel_requested.is_set():
            raise OperationCancelled(CANCELLED)

    def cancelled(self) -> bool:
        return self.cancel_requested.is_set()

    def _run(self, work: Callable[[BackgroundOp[T]], T]) -> None:
        self.worker_ident = threading.get_ident()
        conn = self._conn
        if conn is not None:  # Cancel interrupts this worker's statements only
            conn.set_progress_handler(self._interrupt, 2_000)
        try:
            result: Outcome[T] = Outcome(value=work(self))
        except Exception as err:  # every failure reaches the user as an outcome, in words
            result = self._failure(err)
        finally:
            if conn is not None:
                conn.set_progress_handler(None, 0)
        self.result = result

    def _interrupt(self) -> int:
        return int(self.cancel_requested.is_set() and threading.get_ident() == self.worker_ident)

    def _failure(self, err: Exception) -> Outcome[T]:
        if isinstance(err, OperationCancelled) or (
            self.cancel_requested.is_set() and "interrupted" in str(err)
        ):
            return Outcome(error=err, cancelled=True)
        return Outcome(error=err)


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
