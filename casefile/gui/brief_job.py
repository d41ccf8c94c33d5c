"""Rendering a brief off the GUI thread, with progress and Cancel (polled, no signals)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from casefile.core.errors import CaseError

Done = Callable[[str, Any], None]


class BriefJob(QObject):
    """One export: the worker renders into a temporary file and moves it into place.

    The worker only writes plain attributes; a timer on the GUI thread reads them (the same
    pattern as the capture jobs, which avoids emitting Python signals from a thread).
    ``on_done(kind, value)`` gets ``("done", ExportResult)``, ``("cancelled", message)`` or
    ``("error", message)`` on the GUI thread.
    """

    POLL_MS = 40

    def __init__(self, content: Any, options: Any, out: Path, custody: Any, parent: QObject):
        super().__init__(parent)
        self.content, self.options, self.out, self.custody = content, options, out, custody
        self.cancel_requested = threading.Event()
        self.progress: tuple[int, int] = (0, 1)
        self.result: tuple[str, Any] | None = None
        self.on_progress: Callable[[int, int], None] | None = None
        self.on_done: Done | None = None
        self.worker = threading.Thread(target=self._run, name="casefile-brief", daemon=True)
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
        if self.on_progress is not None:
            self.on_progress(*self.progress)
        if self.result is not None and not self.worker.is_alive():
            self.timer.stop()
            if self.on_done is not None:
                self.on_done(*self.result)

    def _report(self, done: int, total: int) -> None:
        self.progress = (done, total)

    def _run(self) -> None:
        from casefile.brief.export import export_brief
        from casefile.brief.render import BriefCancelled

        try:
            value = export_brief(self.content, self.options, self.out, self.custody,
                                 self._report, self.cancel_requested.is_set)  # fmt: skip
            result: tuple[str, Any] = ("done", value)
        except BriefCancelled as err:
            result = ("cancelled", str(err))
        except CaseError as err:
            result = ("error", str(err))
        except OSError as err:
            result = ("error", f"The brief could not be written: {err.strerror or err}.")
        except Exception as err:  # an unexpected failure still reaches the user in words
            result = ("error", f"The brief could not be made ({err}). No file was written.")
        self.result = result
