"""Garbage is collected on the GUI thread only, so worker threads never destroy Qt objects."""

from __future__ import annotations

import gc
import threading

from casefile.gui.common import gc_policy


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collection_happens_on_the_gui_thread_not_in_workers(qapp, qtbot) -> None:
    """A worker allocating heavily never triggers a collection; the GUI timer does it."""
    collector = gc_policy.install(qapp)
    assert gc_policy.install(qapp) is collector and not gc.isenabled()
    threads: list[str] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        worker = threading.Thread(
            target=lambda: [_Cycle() for _ in range(50_000)], name="worker", daemon=True
        )
        worker.start()
        worker.join()
        assert "worker" not in threads
        qtbot.waitUntil(lambda: bool(threads), timeout=3000)
        assert set(threads) == {threading.current_thread().name}
    finally:
        gc.callbacks.remove(note)


def test_no_full_collection_while_long_work_runs(qapp, qtbot, monkeypatch) -> None:
    """While long work runs the window never pauses for a full collection; it comes after."""
    from casefile.gui.common.background import BackgroundOp

    collector = gc_policy.install(qapp)
    done: list[int] = []
    monkeypatch.setattr(gc, "get_count", lambda: (100_000, 1_000, 1_000))
    monkeypatch.setattr(gc, "collect", lambda generation=2: done.append(generation) or 0)
    release = threading.Event()
    at_end: list[list[int]] = []
    op = BackgroundOp(None, "Working…", lambda _op: release.wait(10), show_after_ms=None)
    op.start(then=lambda _outcome: at_end.append(list(done)))
    assert collector.collect_if_due() == 1 and done == [1]
    qtbot.wait(2 * gc_policy.INTERVAL_MS)  # the collector's own timer fires during the work
    release.set()
    qtbot.waitUntil(lambda: bool(at_end))
    assert len(at_end[0]) > 1 and set(at_end[0]) == {1}
    assert collector.collect_if_due() == 2 and done[-1] == 2
