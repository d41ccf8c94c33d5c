"""Work in a worker thread that reports through plain attributes a GUI-thread timer polls.

Nothing is emitted from Python: PySide6 6.12's ``Signal.emit`` loses a reference to
``True`` on every call, so a thousand progress signals from a worker would add up, and a
timer reading ``progress``/``result`` is all a progress dialog needs anyway.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer


class PolledJob(QObject):
    """Subclasses implement ``work()`` (in the worker) and ``failure(err)`` (a result)."""

    POLL_MS = 40

    def __init__(self, parent: QObject, name: str, progress: tuple[Any, ...]) -> None:
        super().__init__(parent)
        self.cancel_requested = threading.Event()
        self.progress: tuple[Any, ...] = progress
        self.result: tuple[Any, ...] | None = None
        self.on_progress: Callable[..., None] | None = None
        self.on_done: Callable[..., None] | None = None
        self.worker = threading.Thread(target=self._run, name=name, daemon=True)
        self.timer = QTimer(self)
        self.timer.setInterval(self.POLL_MS)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.worker.start()
        self.timer.start()

    def cancel(self) -> None:
        self.cancel_requested.set()

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def poll(self) -> None:
        """On the GUI thread: show progress, and hand over the result once there is one."""
        if self.on_progress is not None:
            self.on_progress(*self.progress)
        if self.result is not None and not self.worker.is_alive():
            self.timer.stop()
            if self.on_done is not None:
                self.deliver(self.result)

    def deliver(self, result: tuple[Any, ...]) -> None:
        """Give the result to ``on_done`` (as one tuple; subclasses may unpack it)."""
        assert self.on_done is not None
        self.on_done(result)

    def report(self, *progress: Any) -> None:
        """Called from the worker: the latest progress, read by the next poll."""
        self.progress = progress

    def work(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def failure(self, err: Exception) -> tuple[Any, ...]:
        """The result for an exception ``work`` raised (a message in the user's words)."""
        raise NotImplementedError

    def _run(self) -> None:
        try:
            result = self.work()
        except Exception as err:  # every failure reaches the user as a result, in words
            result = self.failure(err)
        self.result = result
