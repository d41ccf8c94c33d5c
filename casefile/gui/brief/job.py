"""Rendering a brief off the GUI thread, with progress and Cancel (polled, no signals)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from casefile.core.errors import CaseError
from casefile.gui.common.polled_job import PolledJob

Done = Callable[[str, Any], None]


class BriefJob(PolledJob):
    """One export: the worker renders into a temporary file and moves it into place.

    ``on_done(kind, value)`` gets ``("done", ExportResult)``, ``("cancelled", message)`` or
    ``("error", message)`` on the GUI thread.
    """

    def __init__(self, prepared: Any, out: Path, parent: QObject, sign: Any = None,
                 fmt: str = "pdf"):  # fmt: skip
        super().__init__(parent, "casefile-brief", (0, 1))
        self.prepared, self.out, self.sign, self.fmt = prepared, out, sign, fmt

    def deliver(self, result: tuple[Any, ...]) -> None:
        assert self.on_done is not None
        self.on_done(*result)

    def work(self) -> tuple[Any, ...]:
        from casefile.brief import service

        value = service.write(self.prepared, self.out, self.report, self.cancel_requested.is_set,
                              sign=self.sign, fmt=self.fmt)  # fmt: skip
        return ("done", value)

    def failure(self, err: Exception) -> tuple[Any, ...]:
        from casefile.brief.render import BriefCancelled

        if isinstance(err, BriefCancelled):
            return ("cancelled", str(err))
        if isinstance(err, CaseError):
            return ("error", str(err))
        if isinstance(err, OSError):
            return ("error", f"The brief could not be written: {err.strerror or err}.")
        return ("error", f"The brief could not be made ({err}). No file was written.")
