"""Undoing a 1,000-file drop runs in a worker: the window stays live; Cancel changes nothing."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from capture_gui_helpers import capture_window_with_case, drop_on
from gui_helpers import close, every_row
from PySide6.QtCore import QMimeData, QTimer, QUrl

from casefile.storage import connection

FILES = 1000


def _drop_many(qtbot: Any, tmp_path: Path) -> tuple[Any, Any]:
    window, controller = capture_window_with_case(qtbot, tmp_path)
    folder = tmp_path / "many"
    folder.mkdir()
    paths = []
    for i in range(FILES):
        path = folder / f"note-{i:04d}.txt"
        path.write_text(f"note number {i}", encoding="utf-8")
        paths.append(path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    drop_on(window.centralWidget(), mime)
    qtbot.waitUntil(
        lambda: controller.idle and window.case.count("source") == FILES, timeout=120_000
    )
    assert window.session.stack.count() == 1
    return window, controller


def _watch_revert(window: Any, each: Any) -> list[str]:
    """Record the thread every revert runs in; ``each`` runs inside it."""
    case, threads = window.case, []
    revert = case.revert

    def watched(change: Any, notify: bool = True) -> Any:
        threads.append(threading.current_thread().name)
        each()
        return revert(change, notify)

    case.revert = watched
    return threads


def test_undo_of_a_large_drop_keeps_the_window_responsive(qtbot, tmp_path: Path) -> None:
    """Undoing a 1,000-file drop runs off the GUI thread while the window keeps handling events."""
    window, _controller = _drop_many(qtbot, tmp_path)
    ticks: list[bool] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(window.session.busy))
    started = []

    def until_ticks() -> None:  # the undo waits for the GUI timer: on the GUI thread it never
        started.append(len(ticks))  # fires, so the wait would time out with no new ticks
        deadline = time.monotonic() + 10
        while len(ticks) < started[0] + 5 and time.monotonic() < deadline:
            time.sleep(0.005)

    threads = _watch_revert(window, until_ticks)
    timer.start(10)
    window.undo_action.trigger()
    assert window.session.busy  # the undo is under way, yet trigger() has returned
    qtbot.waitUntil(lambda: not window.session.busy, timeout=60_000)
    timer.stop()
    assert threads and threads[0] != threading.main_thread().name
    assert sum(ticks[started[0] :]) >= 5  # the event loop kept turning while the undo ran
    assert window.case.count("source") == 0
    assert window.session.stack.index() == 0
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: not window.session.busy, timeout=60_000)
    assert window.case.count("source") == FILES
    close(window)


def test_cancelled_undo_leaves_the_case_exactly_as_before(qtbot, tmp_path: Path) -> None:
    """Cancel during a large undo leaves every record, the history and the undo step as they were."""
    window, _controller = _drop_many(qtbot, tmp_path)
    case = window.case
    with case.lock:
        before = every_row(case.conn)
    history = case.history(limit=100_000)
    store, deleted = case.store, []
    delete = store.delete

    def delete_then_cancel(kind: str, ident: str) -> None:
        delete(kind, ident)
        deleted.append(ident)
        if len(deleted) == 300:  # the user clicks Cancel part-way through the undo
            window.session.step.cancel()

    store.delete = delete_then_cancel
    _watch_revert(window, lambda: None)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: not window.session.busy, timeout=60_000)
    assert 300 <= len(deleted) < 2 * FILES  # Cancel came while records were being removed
    assert case.count("source") == FILES
    assert case.history(limit=100_000) == history
    assert window.session.stack.index() == 1 and window.session.stack.canUndo()
    path = case.path
    close(window)
    fresh = connection.connect(path, read_only=True)
    try:
        assert every_row(fresh) == before
    finally:
        fresh.close()
