"""Long work runs off the GUI thread with a progress dialog; its errors come back in words."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from casefile.core.errors import CaseError
from casefile.gui.common.dialogs import run_with_progress


def test_long_work_shows_progress_and_keeps_events_flowing(qtbot) -> None:
    """While slow work runs, a progress dialog is shown and timers still fire."""
    parent = QWidget()
    qtbot.addWidget(parent)
    ticks: list[bool] = []

    def tick() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        ticks.append(any(w.isVisible() for w in shown))

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)

    def work() -> str:
        time.sleep(0.5)
        return "done"

    assert run_with_progress(parent, "Working…", work, meanwhile=lambda: None) == "done"
    timer.stop()
    assert len(ticks) >= 5 and any(ticks)
    assert not any(
        isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_errors_of_long_work_are_raised_again(qtbot) -> None:
    """A CaseError raised by the work reaches the caller, which shows it in words."""

    def work() -> None:
        time.sleep(0.3)
        raise CaseError("The case is locked by another program.")

    with pytest.raises(CaseError, match="locked"):
        run_with_progress(None, "Working…", work)
